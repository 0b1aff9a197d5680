use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NEW; END")]
struct Touch;

#[derive(Table)]
#[trigger(name = "touch", before, after, events(update), function = Touch)]
struct Post {
    id: i64,
}

fn main() {}
