use schemata::Table;

#[derive(Table)]
#[table(foreign_key(columns(org_id), references = "app.orgs(id"))]
struct Session {
    id: i64,
    org_id: i64,
}

fn main() {}
