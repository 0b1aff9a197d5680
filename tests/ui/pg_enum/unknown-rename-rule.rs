use schemata::PgEnum;

#[derive(PgEnum)]
#[pg_enum(rename_all = "snake")]
enum Status {
    Active,
}

fn main() {}
