use schemata::Table;

#[derive(Table)]
struct Member {
    #[column(primary_key)]
    org_id: i64,
    #[column(primary_key)]
    user_id: i64,
}

fn main() {}
