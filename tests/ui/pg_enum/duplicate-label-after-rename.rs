use schemata::PgEnum;

#[derive(PgEnum)]
#[pg_enum(rename_all = "lowercase")]
enum Status {
    InProgress,
    Inprogress,
}

fn main() {}
