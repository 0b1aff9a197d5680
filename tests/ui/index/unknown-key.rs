use schemata::Table;

#[derive(Table)]
#[index(on(email), kind = "gin")]
struct User {
    id: i64,
    email: String,
}

fn main() {}
