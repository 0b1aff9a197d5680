use schemata::Table;

#[derive(Table)]
#[table(unique(email, email))]
struct User {
    id: i64,
    email: String,
}

fn main() {}
