use schemata::Function;

#[derive(Function)]
#[function(returns = "table(day date, total)", language = "sql", body = "SELECT now()::date, 1")]
struct Totals;

fn main() {}
