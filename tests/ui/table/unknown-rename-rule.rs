use schemata::Table;

#[derive(Table)]
#[table(rename_all = "camelcase")]
struct Profile {
    #[column(primary_key)]
    profile_id: i64,
}

fn main() {}
