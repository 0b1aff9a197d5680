use schemata::Table;

#[derive(Table)]
struct Marker;

fn main() {}
