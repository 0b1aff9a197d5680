use schemata::Function;

#[derive(Function)]
#[function(returns = "boolean", language = "sql", body = "SELECT true", security = "definer")]
struct IsAdmin;

fn main() {}
