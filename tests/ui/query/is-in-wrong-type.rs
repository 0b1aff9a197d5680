use schemata::{PgEnum, Table};
use uuid::Uuid;

#[derive(Debug, PgEnum)]
enum Status {
    Open,
    Closed,
}

#[derive(Table)]
struct Ticket {
    #[column(primary_key)]
    id: Uuid,
    assignee_id: Uuid,
    title: String,
    status: Status,
    priority: Option<i16>,
}

fn main() {
    let _ = Ticket::STATUS.is_in(["open", "closed"]);
}
