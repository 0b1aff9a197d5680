use schemata::View;

#[derive(View)]
#[view(name = "active_users")]
struct ActiveUser {
    id: i64,
}

fn main() {}
