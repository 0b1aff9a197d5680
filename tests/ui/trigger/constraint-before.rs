use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NULL; END")]
struct Check;

// A constraint trigger is an `after` row trigger; `deferrable` needs `constraint`.
#[derive(Table)]
#[trigger(name = "checked", before, events(insert), function = Check, constraint)]
#[trigger(name = "loose", after, events(insert), function = Check, deferrable)]
struct Post {
    id: i64,
}

fn main() {}
