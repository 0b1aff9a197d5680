use schemata::Table;

#[derive(Table)]
struct User {
    id: i64,
    #[column(unique = "yes")]
    email: String,
}

fn main() {}
