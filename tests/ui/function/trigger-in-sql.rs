use schemata::Function;

#[derive(Function)]
#[function(returns = "trigger", language = "sql", body = "SELECT 1")]
struct Touch;

fn main() {}
