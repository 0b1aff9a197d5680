use schemata::Table;

#[derive(Table)]
#[table(partition_by(range(at)))]
struct Event {
    #[column(primary_key)]
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
}

fn main() {}
