use schemata::Table;

#[derive(Table)]
struct User {
    #[column(nullable)]
    id: i64,
}

fn main() {}
