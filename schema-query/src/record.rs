//! Row helpers: the statements that move one struct value in and out of its table.
//!
//! The traits' provided methods are one line each; the work happens in the plain
//! functions below, which read the table's spec (the literal `#[derive(Table)]` writes)
//! and the row's values. So a table costs no monomorphised statement builders.

use crate::delete::Delete;
use crate::select::{table_name, Selectable};
use crate::update::Update;
use crate::value::ToValue;
use schema_core::__private::{ColumnSpec, TableSpec};
use schema_core::{Identity, Table};
use sea_query::{
    ColumnName, Cond, Condition, DeleteStatement, Expr, ExprTrait, InsertStatement, IntoIden,
    Query, ReturningClause, SelectStatement, UpdateStatement, Value,
};

/// A `#[derive(Table)]` struct as rows of its table: inserting a value (reading rows is
/// [`Selectable`], which views share). Implemented by the derive.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table",
    label = "not a `#[derive(Table)]` type",
    note = "derive `Table` on it, with the `query` feature of `schemata` on"
)]
pub trait Record: Selectable + Table {
    #[doc(hidden)]
    /// What the derive knows about the table: names, defaults, identity, keys.
    const SPEC: &'static TableSpec<'static>;

    #[doc(hidden)]
    /// One value per column, in declared order.
    fn values(&self) -> Vec<Value>;

    /// `RETURNING` every column, in declared order.
    fn returning() -> ReturningClause {
        returning(Self::SPEC)
    }

    /// `INSERT` this value, as a plain sea-query statement: every column the database
    /// accepts a value for (generated and `GENERATED ALWAYS` identity columns are left
    /// out). To leave columns to their database defaults, insert the generated
    /// `New{Struct}` instead ([`NewRow`](crate::NewRow)), which says which.
    fn insert(&self) -> InsertStatement {
        insert(Self::SPEC, self.values())
    }

    /// A typed `UPDATE` of the rows [`filter`](Update::filter) picks:
    /// `Task::update_many().set(Task::DONE.to(true)).filter(Task::PROJECT_ID.eq(id))`.
    fn update_many() -> Update<Self, ()> {
        Update::new()
    }

    /// A typed `DELETE` of the rows [`filter`](Delete::filter) picks.
    fn delete_many() -> Delete<Self, ()> {
        Delete::new()
    }
}

/// A [`Record`] whose table has a primary key: statements that find a row by its key.
/// Implemented by the derive for tables with a primary key.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no primary key, so its rows cannot be found by key",
    label = "no primary key",
    note = "declare one with `#[column(primary_key)]` or `#[table(primary_key(a, b))]`"
)]
pub trait Keyed: Record {
    /// The key's Rust type: the key field's type, or a tuple for a composite key.
    type Key: KeyValues;

    /// `UPDATE` every column but the key (and generated or `GENERATED ALWAYS` ones) to
    /// this value's, in the row with this value's key.
    fn update(&self) -> UpdateStatement {
        update(Self::SPEC, self.values())
    }

    /// `DELETE` the row with this value's key.
    fn delete(&self) -> DeleteStatement {
        let key = key_of(Self::SPEC, &self.values());
        delete(Self::SPEC, key)
    }

    /// `SELECT` every column of the row with this key.
    fn select_by_key(key: Self::Key) -> SelectStatement {
        let mut select = Self::select();
        select.cond_where(key_condition(Self::SPEC, key.key_values()));
        select
    }

    /// `DELETE` the row with this key.
    fn delete_by_key(key: Self::Key) -> DeleteStatement {
        delete(Self::SPEC, key.key_values())
    }
}

/// A primary key's value: one column's value, or a tuple for a composite key.
pub trait KeyValues {
    /// The values, in key order.
    fn key_values(self) -> Vec<Value>;
}

impl<T: ToValue> KeyValues for T {
    fn key_values(self) -> Vec<Value> {
        vec![self.to_value()]
    }
}

macro_rules! tuple_keys {
    ($(($($t:ident $v:ident),*))*) => {
        $(impl<$($t: ToValue),*> KeyValues for ($($t,)*) {
            fn key_values(self) -> Vec<Value> {
                let ($($v,)*) = self;
                vec![$($v.to_value()),*]
            }
        })*
    };
}

tuple_keys! {
    (A a, B b)
    (A a, B b, C c)
    (A a, B b, C c, D d)
}

fn returning(spec: &TableSpec<'static>) -> ReturningClause {
    Query::returning().columns(spec.columns.iter().map(|column| column.name))
}

/// Postgres refuses values for generated columns and `GENERATED ALWAYS` identities.
pub(crate) fn writable(column: &ColumnSpec<'_>) -> bool {
    column.generated.is_none() && column.identity != Some(Identity::Always)
}

fn insert(spec: &TableSpec<'static>, values: Vec<Value>) -> InsertStatement {
    let (names, values): (Vec<&'static str>, Vec<Expr>) = spec
        .columns
        .iter()
        .zip(values)
        .filter(|(column, _)| writable(column))
        .map(|(column, value)| (column.name, Expr::from(value)))
        .unzip();
    let mut insert = Query::insert();
    insert.into_table(table_name(spec.schema, spec.name));
    if names.is_empty() {
        insert.or_default_values();
    } else {
        insert.columns(names).values_panic(values);
    }
    insert
}

/// The values of the key columns, in key order.
fn key_of(spec: &TableSpec<'static>, values: &[Value]) -> Vec<Value> {
    key_columns(spec)
        .iter()
        .map(|name| {
            let at = spec
                .columns
                .iter()
                .position(|column| column.name == *name)
                .expect("the derive checks that key columns exist");
            values[at].clone()
        })
        .collect()
}

fn key_columns(spec: &TableSpec<'static>) -> &'static [&'static str] {
    spec.primary_key.as_ref().map_or(&[], |key| key.columns)
}

/// `key1 = $1 AND key2 = $2`, the key columns qualified like [`Record::columns`].
fn key_condition(spec: &TableSpec<'static>, key: Vec<Value>) -> Condition {
    let table = table_name(spec.schema, spec.name);
    key_columns(spec)
        .iter()
        .zip(key)
        .fold(Cond::all(), |condition, (name, value)| {
            let column = ColumnName(Some(table.clone()), name.into_iden());
            condition.add(Expr::col(column).eq(value))
        })
}

fn update(spec: &TableSpec<'static>, values: Vec<Value>) -> UpdateStatement {
    let key = key_of(spec, &values);
    let mut update = Query::update();
    update.table(table_name(spec.schema, spec.name));
    let mut set = false;
    for (column, value) in spec.columns.iter().zip(values) {
        if writable(column) && !key_columns(spec).contains(&column.name) {
            update.value(column.name, value);
            set = true;
        }
    }
    // A table of key columns only has nothing else to set; `SET` cannot be empty, and
    // setting the key to itself keeps the statement's meaning (did the row exist?).
    if !set {
        for (name, value) in key_columns(spec).iter().zip(&key) {
            update.value(*name, value.clone());
        }
    }
    update.cond_where(key_condition(spec, key));
    update
}

fn delete(spec: &TableSpec<'static>, key: Vec<Value>) -> DeleteStatement {
    Query::delete()
        .from_table(table_name(spec.schema, spec.name))
        .cond_where(key_condition(spec, key))
        .to_owned()
}
