use schemata::PgEnum;

#[derive(PgEnum)]
#[pg_enum(table = "status")]
enum Status {
    Active,
}

fn main() {}
