use schemata::Table;

#[derive(Table)]
#[table(name = 5)]
struct User {
    id: i64,
}

fn main() {}
