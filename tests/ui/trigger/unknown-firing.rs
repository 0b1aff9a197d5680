use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NEW; END")]
struct Touch;

// `firing` takes "disabled", "replica" or "always".
#[derive(Table)]
#[trigger(name = "touched", before, events(update), function = Touch, firing = "off")]
struct Post {
    id: i64,
}

fn main() {}
