use schemata::Table;

#[derive(Table)]
#[index(on(created_at(descending)))]
struct User {
    id: i64,
    created_at: i64,
}

fn main() {}
