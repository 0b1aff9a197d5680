use schemata::PgEnum;

#[derive(PgEnum)]
enum Status {
    Active,
    Banned { reason: String },
}

fn main() {}
