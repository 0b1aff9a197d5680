use schemata::Table;

#[derive(Table)]
#[table(primary_key(org_id, user_id))]
struct Member {
    #[column(primary_key)]
    org_id: i64,
    user_id: i64,
}

fn main() {}
