use schemata::Function;

#[derive(Function)]
#[function(args(variadic xs: "integer"), returns = "integer", language = "sql", body = "SELECT 1")]
struct CountAll;

fn main() {}
