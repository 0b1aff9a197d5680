use schemata::{PgEnum, Table};

#[derive(Debug, Clone, Copy, PartialEq, PgEnum)]
enum Status {
    Draft,
    Active,
}

#[derive(Table)]
struct Project {
    id: i64,
    // A misspelt label: the check runs at compile time, not at `build()`.
    #[column(default_value = "drafts")]
    status: Status,
    // Nullable enum columns are checked too; labels that exist pass.
    #[column(default_value = "active")]
    previous: Option<Status>,
    // Text columns take any text.
    #[column(default_value = "drafts")]
    note: String,
}

fn main() {}
