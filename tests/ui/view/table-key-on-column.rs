use schemata::View;

#[derive(View)]
#[view(sql = "SELECT id FROM users")]
struct ActiveUser {
    #[column(primary_key)]
    id: i64,
}

fn main() {}
