use schemata::Table;

#[derive(Table)]
struct Invoice {
    id: i64,
    #[column(identity)]
    number: Option<i64>,
}

fn main() {}
