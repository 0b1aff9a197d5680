use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "read", command = "select", roles(authenticated))]
struct Post {
    id: i64,
}

fn main() {}
