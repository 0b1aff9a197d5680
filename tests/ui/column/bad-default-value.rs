use schemata::Table;

#[derive(Table)]
struct Post {
    id: i64,
    #[column(default_value = now())]
    created_at: String,
}

fn main() {}
