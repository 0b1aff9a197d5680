use schemata::Function;

#[derive(Function)]
#[function(language = "sql", body = "SELECT 1")]
struct Cleanup;

fn main() {}
