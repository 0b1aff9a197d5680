use schemata::Table;

#[derive(Table)]
#[index(on(email), method = "gin trgm")]
struct User {
    id: i64,
    email: String,
}

fn main() {}
