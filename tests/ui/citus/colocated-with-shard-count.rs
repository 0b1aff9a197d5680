use schemata::Table;

#[derive(Table)]
#[table(distributed_by = tenant_id)]
struct Tenant {
    #[column(primary_key)]
    tenant_id: i64,
}

#[derive(Table)]
#[table(distributed_by = tenant_id, colocate_with = Tenant, shard_count = 8)]
struct Order {
    tenant_id: i64,
}

fn main() {}
