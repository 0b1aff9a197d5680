use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "read", command = "select", with_check = "true")]
struct Post {
    id: i64,
}

fn main() {}
