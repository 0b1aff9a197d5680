use schemata::Table;

#[derive(Table)]
#[table(nme = "users")]
struct User {
    id: i64,
}

fn main() {}
