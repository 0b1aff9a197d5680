use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NULL; END")]
struct Audit;

#[derive(Table)]
#[trigger(name = "audit", after, events(delete, truncate), function = Audit)]
struct Post {
    id: i64,
}

fn main() {}
