use schemata::Table;

#[derive(Table)]
#[index(on(org_id), include(name))]
struct User {
    id: i64,
    org_id: i64,
    email: String,
}

fn main() {}
