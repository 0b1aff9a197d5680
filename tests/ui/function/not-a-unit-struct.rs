use schemata::Function;

#[derive(Function)]
#[function(returns = "void", language = "sql", body = "SELECT 1")]
struct Cleanup {
    days: i32,
}

fn main() {}
