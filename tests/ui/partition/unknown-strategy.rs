use schemata::Table;

#[derive(Table)]
#[table(partition_by(interval(at)))]
struct Event {
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
}

fn main() {}
