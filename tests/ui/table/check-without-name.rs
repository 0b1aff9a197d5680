use schemata::Table;

#[derive(Table)]
#[table(check(expr = "price > 0"))]
struct Product {
    id: i64,
    price: i64,
}

fn main() {}
