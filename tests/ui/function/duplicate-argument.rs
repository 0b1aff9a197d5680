use schemata::Function;

#[derive(Function)]
#[function(returns = "boolean", language = "sql", args(id: i64, id: i64), body = "SELECT true")]
struct Same;

fn main() {}
