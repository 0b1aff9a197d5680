use schemata::Table;

#[derive(Table)]
struct User {
    id: i64,
    #[index(on(email))]
    email: String,
}

fn main() {}
