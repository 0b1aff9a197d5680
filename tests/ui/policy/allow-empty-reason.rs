use schemata::Table;

#[derive(Table)]
#[table(rls)]
#[policy(
    name = "owners read",
    command = "select",
    using = "owner_id = auth.uid()",
    allow(auth_rls_initplan, reason = "")
)]
struct Note {
    #[column(primary_key)]
    id: i64,
    owner_id: uuid::Uuid,
}

fn main() {}
