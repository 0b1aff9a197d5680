//! The traits `#[derive(Table)]` and `#[derive(PgEnum)]` implement.

use crate::enums::EnumDef;
use crate::name::QualifiedName;
use crate::table::TableDef;

/// A Rust type that is a database table. Derive it with `#[derive(Table)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table",
    label = "not a `#[derive(Table)]` type",
    note = "derive `Table` on it, or reference a table the app does not own with `references = \"schema.table(column)\"`"
)]
pub trait Table {
    /// The table's schema-qualified name.
    fn qualified_name() -> QualifiedName;
    /// The full table definition.
    fn table_def() -> TableDef;
}

/// A Rust enum that is a Postgres enum type. Derive it with `#[derive(PgEnum)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Postgres enum",
    label = "not a `#[derive(PgEnum)]` type",
    note = "derive `PgEnum` on a fieldless enum"
)]
pub trait PgEnum {
    /// The enum type definition.
    fn enum_def() -> EnumDef;
}
