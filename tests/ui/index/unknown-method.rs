use schemata::Table;

#[derive(Table)]
#[index(on(email), method = "trigram")]
struct User {
    id: i64,
    email: String,
}

fn main() {}
