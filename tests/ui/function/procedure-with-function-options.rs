use schemata::Function;

#[derive(Function)]
#[function(procedure, language = "sql", volatility = "stable", strict, cost = 5, body = "SELECT 1")]
struct Settle;

fn main() {}
