use schemata::Table;

#[derive(Table)]
#[table(distributed_by = tenant)]
struct Member {
    tenant_id: i64,
    id: i64,
}

fn main() {}
