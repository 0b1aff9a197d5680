use schemata::query::Keyed;
use schemata::Table;

#[derive(Table)]
struct LogLine {
    message: String,
}

fn main() {
    let _ = LogLine::delete_by_key("hello".to_string());
}
