use schemata::Table;

#[derive(Table)]
#[trigger(name = "touch", before, events(update))]
struct Post {
    id: i64,
}

fn main() {}
