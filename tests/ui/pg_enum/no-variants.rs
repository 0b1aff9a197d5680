use schemata::PgEnum;

#[derive(PgEnum)]
enum Never {}

fn main() {}
