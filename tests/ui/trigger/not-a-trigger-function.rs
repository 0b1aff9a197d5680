use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "boolean", language = "sql", body = "SELECT true")]
struct IsAdmin;

#[derive(Table)]
#[trigger(name = "check_admin", before, events(insert), function = IsAdmin)]
struct Post {
    id: i64,
}

fn main() {}
