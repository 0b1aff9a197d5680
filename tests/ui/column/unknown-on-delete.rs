use schemata::Table;

#[derive(Table)]
struct Session {
    id: i64,
    #[column(references = "users", on_delete = "delete")]
    user_id: i64,
}

fn main() {}
