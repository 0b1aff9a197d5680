use schemata::Function;

#[derive(Function)]
#[function(returns = "void", language = "plpgsql")]
struct Cleanup;

fn main() {}
