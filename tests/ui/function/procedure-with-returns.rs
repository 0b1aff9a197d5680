use schemata::Function;

#[derive(Function)]
#[function(procedure, returns = "integer", language = "sql", body = "SELECT 1")]
struct Settle;

fn main() {}
