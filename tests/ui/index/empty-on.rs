use schemata::Table;

#[derive(Table)]
#[index(on())]
struct User {
    id: i64,
    email: String,
}

fn main() {}
