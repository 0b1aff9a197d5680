use schemata::Table;

#[derive(Table)]
#[table(foreign_key(columns(org_id, member), references = "members(org_id, user_id)"))]
struct Session {
    id: i64,
    org_id: i64,
    member_id: i64,
}

fn main() {}
