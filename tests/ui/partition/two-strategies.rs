use schemata::Table;

#[derive(Table)]
#[table(partition_by(range(at), hash(id)))]
struct Event {
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
}

fn main() {}
