use schemata::Table;

#[derive(Table)]
struct Invoice {
    #[column(identity = "sometimes")]
    number: i64,
}

fn main() {}
