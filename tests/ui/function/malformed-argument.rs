use schemata::Function;

#[derive(Function)]
#[function(returns = "boolean", language = "sql", args(email), body = "SELECT true")]
struct IsKnown;

fn main() {}
