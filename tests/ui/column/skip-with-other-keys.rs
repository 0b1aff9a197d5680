use schemata::Table;

#[derive(Table)]
struct User {
    id: i64,
    #[column(skip, name = "cache", unique)]
    cache: String,
}

fn main() {}
