use schemata::query::Selectable;
use schemata::Table;

// One typo in an attribute is one error: the queries below add none of their own.
#[derive(Table)]
struct Ticket {
    #[column(primary_kee)]
    id: i64,
    title: String,
}

fn main() {
    let _ = Ticket::select().cond_where(Ticket::TITLE.eq("hello")).to_owned();
    let _ = TicketIden::Title;
}
