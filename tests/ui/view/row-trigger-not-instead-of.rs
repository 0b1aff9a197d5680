use schemata::{Function, View};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NEW; END")]
struct Touch;

#[derive(View)]
#[view(sql = "SELECT id FROM users")]
#[trigger(name = "touch", before, events(insert), function = Touch)]
struct ActiveUser {
    id: i64,
}

fn main() {}
