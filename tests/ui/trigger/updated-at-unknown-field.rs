use schemata::Table;

#[derive(Table)]
#[table(updated_at = modifed_at)]
struct Post {
    id: i64,
    modified_at: chrono::DateTime<chrono::Utc>,
}

fn main() {}
