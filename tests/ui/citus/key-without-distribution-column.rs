use schemata::Table;

#[derive(Table)]
#[table(distributed_by = tenant_id, unique(email))]
struct Member {
    #[column(primary_key)]
    id: i64,
    tenant_id: i64,
    email: String,
}

fn main() {}
