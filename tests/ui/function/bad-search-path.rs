use schemata::Function;

#[derive(Function)]
#[function(returns = "boolean", language = "sql", search_path = "public,,pg_temp",
           body = "SELECT true")]
struct IsAdmin;

fn main() {}
