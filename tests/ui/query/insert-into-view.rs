use schemata::query::Record;
use schemata::View;

// A view is read, never written: it has no `Record`.
#[derive(View)]
#[view(name = "open_counts", sql = "SELECT count(*) AS open FROM tickets")]
struct OpenCount {
    open: i64,
}

fn main() {
    let _ = OpenCount { open: 3 }.insert();
}
