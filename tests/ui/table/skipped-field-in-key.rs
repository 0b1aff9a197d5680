use schemata::Table;

#[derive(Table)]
#[table(unique(email, cache))]
struct User {
    id: i64,
    email: String,
    #[column(skip)]
    cache: Vec<String>,
}

fn main() {}
