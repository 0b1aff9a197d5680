use schemata::PgEnum;

#[derive(PgEnum)]
struct Status {
    name: String,
}

fn main() {}
