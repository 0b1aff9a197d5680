use schemata::Table;

#[derive(Table)]
#[table(name = "users")]
#[table(schema = "app", name = "people")]
struct User {
    id: i64,
}

fn main() {}
