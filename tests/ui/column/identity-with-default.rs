use schemata::Table;

#[derive(Table)]
struct Invoice {
    #[column(identity, default = "nextval('invoice_numbers')")]
    number: i64,
}

fn main() {}
