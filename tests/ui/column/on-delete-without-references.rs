use schemata::Table;

#[derive(Table)]
struct Session {
    id: i64,
    #[column(on_delete = "cascade")]
    user_id: i64,
}

fn main() {}
