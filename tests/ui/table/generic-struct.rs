use schemata::Table;

#[derive(Table)]
struct Row<T> {
    id: i64,
    value: T,
}

fn main() {}
