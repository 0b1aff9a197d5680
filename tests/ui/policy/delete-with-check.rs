use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "own_deletes", command = "delete", using = "true", with_check = "true")]
struct Post {
    id: i64,
}

fn main() {}
