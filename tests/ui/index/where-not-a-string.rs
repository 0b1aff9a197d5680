use schemata::Table;

#[derive(Table)]
#[index(on(email), where = deleted_at)]
struct User {
    id: i64,
    email: String,
    deleted_at: Option<i64>,
}

fn main() {}
