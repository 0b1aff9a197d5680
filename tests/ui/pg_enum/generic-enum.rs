use schemata::PgEnum;

#[derive(PgEnum)]
enum Status<const N: usize> {
    Active,
}

fn main() {}
