use schemata::Function;

#[derive(Function)]
#[function(returns = "void", language = "python", body = "pass")]
struct Cleanup;

fn main() {}
