use schemata::Table;

#[derive(Table)]
#[table(unique(orgId, email))]
struct Member {
    #[column(name = "orgId")]
    org_id: i64,
    email: String,
}

fn main() {}
