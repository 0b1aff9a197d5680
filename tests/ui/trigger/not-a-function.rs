use schemata::Table;

struct Touch;

#[derive(Table)]
#[trigger(name = "touch", before, events(update), function = Touch)]
struct Post {
    id: i64,
}

fn main() {}
