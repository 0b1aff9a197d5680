use schemata::Table;

#[derive(Table)]
#[table(shard_count = 0, colocate_with = "none")]
struct Log {
    id: i64,
}

fn main() {}
