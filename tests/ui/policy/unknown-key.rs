use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "read", to = "authenticated", using = "true")]
struct Post {
    id: i64,
}

fn main() {}
