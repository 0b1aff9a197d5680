use schemata::Table;

struct Email(String);

#[derive(Table)]
struct User {
    id: i64,
    email: Email,
}

fn main() {}
