use schemata::View;

#[derive(View)]
#[view(materialized, sql = "SELECT id, count(*) FROM users GROUP BY id")]
#[index(unique, on(user_id))]
struct Counts {
    id: i64,
    total: i64,
}

fn main() {}
