use schemata::Table;

#[derive(Table)]
struct Booking {
    id: i64,
    table: i32,
}

fn main() {}
