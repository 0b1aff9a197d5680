use schemata::Function;

#[derive(Function)]
#[function(args(a: "integer", out total: "integer" = "0"), returns = "integer", language = "sql",
           body = "SELECT a")]
struct Twice;

fn main() {}
