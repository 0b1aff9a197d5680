use schemata::View;

#[derive(View)]
#[view(materialized, security_invoker, sql = "SELECT id FROM users")]
struct ActiveUser {
    id: i64,
}

fn main() {}
