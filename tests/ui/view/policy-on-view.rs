use schemata::View;

#[derive(View)]
#[view(sql = "SELECT id FROM users")]
#[policy(name = "read", using = "true")]
struct ActiveUser {
    id: i64,
}

fn main() {}
