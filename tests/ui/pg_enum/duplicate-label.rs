use schemata::PgEnum;

#[derive(PgEnum)]
enum Status {
    Active,
    #[pg_enum(label = "active")]
    Enabled,
}

fn main() {}
