use schemata::Table;

#[derive(Table)]
struct User {
    #[column(name = "user_id", default = "1", name = "userId")]
    id: i64,
}

fn main() {}
