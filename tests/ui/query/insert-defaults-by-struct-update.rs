use schemata::query::prelude::*;
use schemata::{PgEnum, Table};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PgEnum)]
enum ProjectStatus {
    Active,
    Archived,
}

#[derive(Table)]
#[table(name = "users")]
struct User {
    #[column(primary_key, default = "gen_random_uuid()")]
    id: Uuid,
    #[column(unique)]
    email: String,
}

#[derive(Table)]
#[table(name = "projects")]
struct Project {
    #[column(primary_key, default = "gen_random_uuid()")]
    id: Uuid,
    #[column(references = User)]
    owner_id: Uuid,
    #[column(unique)]
    name: String,
    #[column(default_value = "active")]
    status: ProjectStatus,
}

#[derive(Table)]
#[table(name = "tasks")]
struct Task {
    #[column(primary_key, default = "gen_random_uuid()")]
    id: Uuid,
    #[column(references = Project)]
    project_id: Uuid,
    title: String,
    #[column(default_value = false)]
    done: bool,
}

fn main() {
    let _ = NewProject {
        owner_id: Uuid::nil(),
        name: "schemata".into(),
        ..Default::default()
    };
}
