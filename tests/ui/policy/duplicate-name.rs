use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "read", command = "select", using = "true")]
#[policy(name = "read", command = "update", using = "true")]
struct Post {
    id: i64,
}

fn main() {}
