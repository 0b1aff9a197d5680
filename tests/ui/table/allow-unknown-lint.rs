use schemata::Table;

#[derive(Table)]
#[table(allow(no_primary_keys, reason = "append-only"))]
struct Event {
    payload: String,
}

fn main() {}
