use schemata::Table;

#[derive(Table)]
#[table(name = "posts")]
#[policy(name = "read", command = "select", using = "true")]
struct Post {
    id: i64,
}

fn main() {}
