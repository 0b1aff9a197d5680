use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(command = "select", using = "true")]
struct Post {
    id: i64,
}

fn main() {}
