use schemata::Table;

#[derive(Table)]
struct Session {
    id: i64,
    #[column(references = "app.members(org_id, user_id)")]
    member_id: i64,
}

fn main() {}
