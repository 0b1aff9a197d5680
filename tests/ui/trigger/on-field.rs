use schemata::Table;

#[derive(Table)]
struct Post {
    id: i64,
    #[trigger(name = "touch", before, events(update), function = "touch")]
    title: String,
}

fn main() {}
