use schemata::query::Record;
use schemata::Table;

/// Only ever written as DDL: no `ToValue`, so the table has no query helpers.
struct Email(String);

#[derive(Table)]
struct Account {
    #[column(primary_key)]
    id: i64,
    #[column(sql_type = "citext")]
    email: Email,
}

fn main() {
    let _ = Account::select();
}
