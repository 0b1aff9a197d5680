use schemata::Table;

#[derive(Table)]
struct Invoice {
    #[column(identity = "always", default_value = 1)]
    number: i64,
}

fn main() {}
