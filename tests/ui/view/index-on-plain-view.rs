use schemata::View;

#[derive(View)]
#[view(sql = "SELECT id FROM users")]
#[index(on(id))]
struct ActiveUser {
    id: i64,
}

fn main() {}
