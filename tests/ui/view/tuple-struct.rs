use schemata::View;

#[derive(View)]
#[view(sql = "SELECT id FROM users")]
struct ActiveUser(i64);

fn main() {}
