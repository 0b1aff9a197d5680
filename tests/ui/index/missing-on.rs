use schemata::Table;

#[derive(Table)]
#[index(name = "users_email_idx", unique)]
struct User {
    id: i64,
    email: String,
}

fn main() {}
