use schemata::Function;

struct Email(String);

#[derive(Function)]
#[function(returns = "boolean", language = "sql", args(email: Email), body = "SELECT true")]
struct IsKnown;

fn main() {}
