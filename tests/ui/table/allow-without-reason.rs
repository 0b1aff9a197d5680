use schemata::Table;

#[derive(Table)]
#[table(allow(no_primary_key))]
struct Event {
    payload: String,
}

fn main() {}
