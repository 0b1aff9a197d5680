use schemata::Table;

#[derive(Table)]
#[index(on(org_id, created_at(desc)))]
struct User {
    id: i64,
    org_id: i64,
    created: i64,
}

fn main() {}
