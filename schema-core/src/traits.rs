//! The traits the derives implement: `Table`, `PgEnum`, `Function`, `View`.

use crate::name::QualifiedName;
use crate::EnumDef;
use crate::FunctionDef;
use crate::TableDef;
use crate::ViewDef;

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

/// A Rust type standing for a database function. Derive it with `#[derive(Function)]`
/// on a unit struct.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a database function",
    label = "not a `#[derive(Function)]` type",
    note = "derive `Function` on a unit struct with `#[function(returns = \"...\", body = \"...\")]`"
)]
pub trait Function {
    /// The function's schema-qualified name.
    fn qualified_name() -> QualifiedName;
    /// The full function definition.
    fn function_def() -> FunctionDef;
}

/// A function that returns `trigger`, which triggers may call. `#[derive(Function)]`
/// implements it when `returns = "trigger"`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a trigger function",
    label = "a trigger must call a function declared with `returns = \"trigger\"`",
    note = "declare the function with `#[function(returns = \"trigger\", ...)]`"
)]
pub trait TriggerFunction: Function {}

/// A Rust struct that is a database view or materialized view. Derive it with
/// `#[derive(View)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a view",
    label = "not a `#[derive(View)]` type",
    note = "derive `View` on a struct with named fields"
)]
pub trait View {
    /// The view's schema-qualified name.
    fn qualified_name() -> QualifiedName;
    /// The full view definition.
    fn view_def() -> ViewDef;
}
