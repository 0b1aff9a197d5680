use schemata::Table;

struct User {
    id: i64,
}

#[derive(Table)]
struct Session {
    id: i64,
    #[column(references = User)]
    user_id: i64,
}

fn main() {}
