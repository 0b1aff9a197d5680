use schemata::query::Record;
use schemata::Table;

/// Only ever written as DDL: no `ToValue`, so the table has no helpers that write it
/// (selecting needs none).
struct Email(String);

#[derive(Table)]
struct Account {
    #[column(primary_key)]
    id: i64,
    #[column(sql_type = "citext")]
    email: Email,
}

fn main() {
    let account = Account {
        id: 1,
        email: Email("ada@example.com".into()),
    };
    let _ = account.insert();
}
