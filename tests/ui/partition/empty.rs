use schemata::Table;

#[derive(Table)]
#[table(partition_by(list()))]
struct Event {
    id: i64,
    region: String,
}

fn main() {}
