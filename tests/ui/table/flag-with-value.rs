use schemata::Table;

#[derive(Table)]
#[table(rls = "yes")]
struct User {
    id: i64,
}

fn main() {}
