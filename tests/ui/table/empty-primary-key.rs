use schemata::Table;

#[derive(Table)]
#[table(primary_key())]
struct User {
    id: i64,
}

fn main() {}
