use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(name = "own_inserts", command = "insert", using = "author_id = auth.uid()")]
struct Post {
    id: i64,
    author_id: i64,
}

fn main() {}
