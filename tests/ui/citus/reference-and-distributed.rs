use schemata::Table;

#[derive(Table)]
#[table(reference, distributed_by = code)]
struct Country {
    #[column(primary_key)]
    code: String,
}

fn main() {}
