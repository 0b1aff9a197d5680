use schemata::View;

#[derive(View)]
#[view(query = "SELECT id FROM users")]
struct ActiveUser {
    id: i64,
}

fn main() {}
