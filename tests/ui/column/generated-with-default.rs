use schemata::Table;

#[derive(Table)]
struct Line {
    price: i64,
    quantity: i64,
    #[column(default = "0", generated = "price * quantity")]
    total: i64,
}

fn main() {}
