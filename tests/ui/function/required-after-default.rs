use schemata::Function;

#[derive(Function)]
#[function(returns = "bigint", language = "sql", args(days: i32 = "30", dry_run: bool),
           body = "SELECT 0::bigint")]
struct Cleanup;

fn main() {}
