use schemata::Table;

#[derive(Table)]
struct User {
    id: i64,
    #[column(name = "id")]
    legacy_id: i64,
}

fn main() {}
