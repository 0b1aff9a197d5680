//! What a statement returns: a whole table's row, one column, or a tuple of them, with
//! the Rust type each row decodes into known from the statement's type.

use crate::column::{TypedColumn, TypedTable};
use crate::scope::{Both, One};
use crate::select::{table_name, Selectable};
use sea_query::{ColumnName, ColumnRef, IntoIden};

/// The columns a statement returns and the Rust type of its rows: `Task::TITLE` (a
/// `String` per row), `Task::table()` (a `Task`), or a tuple of those (`(Task::TITLE,
/// Project::NAME)`: a `(String, String)`), which the statements' `fetch_*` decode into.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of columns to return",
    label = "expected a typed column (`Task::TITLE`), a table (`Task::table()`) or a tuple of them",
    note = "tuples of up to 8 columns or tables are returned as tuples"
)]
pub trait Projection {
    /// What one row decodes into.
    type Row;
    #[doc(hidden)]
    /// The tables the columns belong to (see `scope`).
    type Tables;

    #[doc(hidden)]
    /// The columns, qualified by their table, for a `SELECT` list.
    fn qualified(&self, out: &mut Vec<ColumnRef>);

    #[doc(hidden)]
    /// The bare column names, for a `RETURNING` list of a one-table statement.
    fn bare(&self, out: &mut Vec<&'static str>);
}

impl<T: Selectable, V, C> Projection for TypedColumn<T, V, C> {
    type Row = V;
    type Tables = One<T>;

    fn qualified(&self, out: &mut Vec<ColumnRef>) {
        out.push(ColumnRef::Column(ColumnName::from(*self)));
    }

    fn bare(&self, out: &mut Vec<&'static str>) {
        out.push(self.name());
    }
}

/// Every column of the table, in declared order, decoded into its struct.
impl<T: Selectable> Projection for TypedTable<T> {
    type Row = T;
    type Tables = One<T>;

    fn qualified(&self, out: &mut Vec<ColumnRef>) {
        let table = table_name(T::SELECT.schema, T::SELECT.name);
        out.extend(
            T::SELECT.columns.iter().map(|column| {
                ColumnRef::Column(ColumnName(Some(table.clone()), column.into_iden()))
            }),
        );
    }

    fn bare(&self, out: &mut Vec<&'static str>) {
        out.extend(T::SELECT.columns.iter().copied());
    }
}

/// `Both<A::Tables, Both<B::Tables, ...>>` for a tuple's members.
macro_rules! both {
    ($last:ident) => { $last::Tables };
    ($first:ident $($rest:ident)+) => { Both<$first::Tables, both!($($rest)+)> };
}

macro_rules! tuples {
    ($(($($t:ident $i:tt),*))*) => {
        $(impl<$($t: Projection),*> Projection for ($($t,)*) {
            type Row = ($($t::Row,)*);
            type Tables = both!($($t)*);

            fn qualified(&self, out: &mut Vec<ColumnRef>) {
                $(self.$i.qualified(out);)*
            }

            fn bare(&self, out: &mut Vec<&'static str>) {
                $(self.$i.bare(out);)*
            }
        })*
    };
}

tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}

/// A projection whose rows a driver's row type `R` decodes: implemented for columns of
/// types the driver reads, tables and tuples of those, in the driver modules.
#[diagnostic::on_unimplemented(
    message = "the rows of `{Self}` cannot be read with this driver",
    label = "a column's Rust type has no decoding for this driver",
    note = "with `postgres`/`tokio-postgres`, each column's type needs `FromSql`; with `sqlx`, `sqlx::Decode` and `sqlx::Type`"
)]
pub trait DecodeRow<R>: Projection {
    #[doc(hidden)]
    /// Reads one row from the column `*at` on, moving `at` past what it read.
    fn decode(&self, row: &R, at: &mut usize) -> Result<Self::Row, crate::Error>;
}

macro_rules! decode_tuples {
    ($(($($t:ident $i:tt),*))*) => {
        $(impl<R, $($t: DecodeRow<R>),*> DecodeRow<R> for ($($t,)*) {
            fn decode(&self, row: &R, at: &mut usize) -> Result<Self::Row, crate::Error> {
                Ok(($(self.$i.decode(row, at)?,)*))
            }
        })*
    };
}

decode_tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}

/// A `#[derive(Table)]` or `#[derive(View)]` struct read from a driver's row `R`, its
/// columns in declared order: what a statement returning `T::table()` decodes with.
/// Implemented by the derives, for every driver whose [`ReadColumns`] the field types
/// meet.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from this driver's rows",
    label = "a field's Rust type has no decoding for this driver",
    note = "with `postgres`/`tokio-postgres`, each field's type needs `FromSql`; with `sqlx`, `sqlx::Decode` and `sqlx::Type`"
)]
pub trait ReadRow<R>: Sized {
    #[doc(hidden)]
    /// Reads the struct from the column `*at` on, moving `at` past its columns.
    fn read_row(row: &R, at: &mut usize) -> Result<Self, crate::Error>;
}

/// Consecutive columns of a driver's row `R` read into a tuple of field types: the
/// derives' [`ReadRow`] calls it, so that the per-field work is generic code in the
/// driver modules rather than code in every table.
#[doc(hidden)]
pub trait ReadColumns<R>: Sized {
    /// Reads the columns from `*at` on, moving `at` past them.
    fn read_columns(row: &R, at: &mut usize) -> Result<Self, crate::Error>;
}

impl<R, T: Selectable + ReadRow<R>> DecodeRow<R> for TypedTable<T> {
    fn decode(&self, row: &R, at: &mut usize) -> Result<T, crate::Error> {
        T::read_row(row, at).map_err(|error| error.in_table(T::SELECT.name))
    }
}
