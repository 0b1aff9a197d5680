use schemata::Table;

#[derive(Table)]
struct Document {
    id: i64,
    #[column(n_distinct = "all")]
    kind: i32,
}

fn main() {}
