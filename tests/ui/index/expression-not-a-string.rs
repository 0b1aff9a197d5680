use schemata::Table;

#[derive(Table)]
#[index(on(expr(lower(email))))]
struct User {
    id: i64,
    email: String,
}

fn main() {}
