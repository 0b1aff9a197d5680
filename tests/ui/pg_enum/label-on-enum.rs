use schemata::PgEnum;

#[derive(PgEnum)]
#[pg_enum(label = "status")]
enum Status {
    Active,
}

fn main() {}
