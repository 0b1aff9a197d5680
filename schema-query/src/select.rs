//! Reading rows: what tables and views share. `#[derive(Table)]` and `#[derive(View)]`
//! both implement [`Selectable`]; writing rows ([`Record`](crate::Record)) is for tables
//! only.

use crate::column::TypedTable;
use schema_core::DEFAULT_SCHEMA;
use sea_query::{ColumnName, ColumnRef, IntoIden, Query, SchemaName, SelectStatement, TableName};

/// The names a select needs, written by the derive as a literal.
#[doc(hidden)]
#[derive(Debug)]
pub struct SelectSpec {
    /// The table's or view's schema.
    pub schema: &'static str,
    /// The table's or view's name.
    pub name: &'static str,
    /// The columns, in declared order.
    pub columns: &'static [&'static str],
}

/// A `#[derive(Table)]` or `#[derive(View)]` struct as rows to read: its table or view
/// in `FROM`, and every column in declared order. Implemented by the derives.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a table nor a view",
    label = "not a `#[derive(Table)]` or `#[derive(View)]` type",
    note = "derive `Table` or `View` on it, with the `query` feature of `schemata` on"
)]
pub trait Selectable: Sized {
    #[doc(hidden)]
    /// The names the statements use.
    const SELECT: &'static SelectSpec;

    /// The table or view, for `FROM` and `JOIN` (schema-qualified outside `public`).
    fn table() -> TypedTable<Self> {
        TypedTable::new()
    }

    /// Every column, qualified with the table or view, in declared order: the columns
    /// [`FromRow`](crate::postgres::FromRow) decodes.
    fn columns() -> Vec<ColumnRef> {
        columns(Self::SELECT, None)
    }

    /// Every column, qualified with `alias`, in declared order.
    fn columns_of(alias: &'static str) -> Vec<ColumnRef> {
        columns(Self::SELECT, Some(alias))
    }

    /// `SELECT` every column `FROM` the table or view; add filters, joins and order to it.
    fn select() -> SelectStatement {
        Query::select()
            .columns(columns(Self::SELECT, None))
            .from(table_name(Self::SELECT.schema, Self::SELECT.name))
            .to_owned()
    }
}

/// `"schema"."table"`, or `"table"` in `public` (found through the search path, as
/// sea-query users expect).
pub(crate) fn table_name(schema: &'static str, name: &'static str) -> TableName {
    let schema = (schema != DEFAULT_SCHEMA).then(|| SchemaName(None, schema.into_iden()));
    TableName(schema, name.into_iden())
}

fn columns(spec: &SelectSpec, alias: Option<&'static str>) -> Vec<ColumnRef> {
    let table = match alias {
        Some(alias) => TableName(None, alias.into_iden()),
        None => table_name(spec.schema, spec.name),
    };
    spec.columns
        .iter()
        .map(|column| ColumnRef::Column(ColumnName(Some(table.clone()), column.into_iden())))
        .collect()
}
