use schemata::Table;

#[derive(Table)]
struct Document {
    id: i64,
    #[column(storage = "toasted")]
    body: String,
}

fn main() {}
