use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "read", command = "read", using = "true")]
struct Post {
    id: i64,
}

fn main() {}
