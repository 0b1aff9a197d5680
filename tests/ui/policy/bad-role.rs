use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "read", roles(authenticated, 42), using = "true")]
struct Post {
    id: i64,
}

fn main() {}
