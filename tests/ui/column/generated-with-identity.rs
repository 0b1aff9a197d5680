use schemata::Table;

#[derive(Table)]
struct Line {
    price: i64,
    #[column(identity, generated = "price * 2")]
    total: i64,
}

fn main() {}
