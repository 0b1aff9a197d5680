use schemata::Table;

#[derive(Table)]
#[table(primary_key(org_id, user_id))]
struct Member {
    org_id: i64,
    user_id: Option<i64>,
}

fn main() {}
