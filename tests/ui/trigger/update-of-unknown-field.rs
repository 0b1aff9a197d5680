use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NEW; END")]
struct Touch;

#[derive(Table)]
#[trigger(name = "touch", before, events(update(titel)), function = Touch)]
struct Post {
    id: i64,
    title: String,
}

fn main() {}
