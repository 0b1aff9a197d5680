use schemata::View;

#[derive(View)]
#[view(sql = "SELECT FROM users")]
struct Nothing {}

fn main() {}
