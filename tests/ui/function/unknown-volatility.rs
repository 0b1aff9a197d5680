use schemata::Function;

#[derive(Function)]
#[function(returns = "integer", language = "sql", volatility = "pure", body = "SELECT 1")]
struct One;

fn main() {}
