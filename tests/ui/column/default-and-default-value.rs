use schemata::Table;

#[derive(Table)]
struct Post {
    id: i64,
    #[column(default = "'draft'", default_value = "draft")]
    state: String,
}

fn main() {}
