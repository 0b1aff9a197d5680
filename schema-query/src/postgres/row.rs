//! Rows into structs, by position: a `#[derive(Table)]` or `#[derive(View)]` struct reads
//! as many columns as it has, in declared order, which is what
//! [`Selectable::select`](crate::Selectable::select) and
//! [`Selectable::columns`](crate::Selectable::columns) list.

use crate::Error;
use postgres_types::{FromSql, Type};
use std::error::Error as StdError;
use tokio_postgres::Row;

/// A value read from consecutive columns of a row. `#[derive(Table)]` implements it for
/// the struct; tuples read one struct after the other (a join), and `Option<T>` reads
/// `None` when all of `T`'s columns are NULL (a left join that found nothing).
pub trait FromRow: Sized {
    /// How many columns it reads.
    const WIDTH: usize;

    /// Reads it from the columns starting at `start`.
    fn from_row_at(row: &Row, start: usize) -> Result<Self, Error>;

    /// Reads it from the first columns.
    fn from_row(row: &Row) -> Result<Self, Error> {
        Self::from_row_at(row, 0)
    }
}

/// Any column value, read only to see whether it is NULL.
struct AnyValue;

impl<'a> FromSql<'a> for AnyValue {
    fn from_sql(_: &Type, _: &'a [u8]) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(AnyValue)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl<T: FromRow> FromRow for Option<T> {
    const WIDTH: usize = T::WIDTH;

    fn from_row_at(row: &Row, start: usize) -> Result<Self, Error> {
        for index in start..start + T::WIDTH {
            if row.try_get::<_, Option<AnyValue>>(index)?.is_some() {
                return T::from_row_at(row, start).map(Some);
            }
        }
        Ok(None)
    }
}

macro_rules! tuples {
    ($(($($t:ident),*))*) => {
        $(impl<$($t: FromRow),*> FromRow for ($($t,)*) {
            const WIDTH: usize = 0 $(+ $t::WIDTH)*;

            #[allow(unused_assignments)]
            fn from_row_at(row: &Row, start: usize) -> Result<Self, Error> {
                let mut at = start;
                Ok(($({
                    let value = $t::from_row_at(row, at)?;
                    at += $t::WIDTH;
                    value
                },)*))
            }
        })*
    };
}

tuples! {
    (A, B)
    (A, B, C)
    (A, B, C, D)
}

/// Consecutive columns read into a tuple of field types: what the derive's `FromRow`
/// calls, so that the per-field work is generic code here rather than code in every
/// table.
#[doc(hidden)]
pub trait FromColumns: Sized {
    /// Reads the columns starting at `start`.
    fn from_columns(row: &Row, start: usize) -> Result<Self, Error>;
}

macro_rules! from_columns {
    ($($t:ident)*) => {
        impl<$($t: for<'a> FromSql<'a>),*> FromColumns for ($($t,)*) {
            #[allow(unused_assignments)]
            fn from_columns(row: &Row, start: usize) -> Result<Self, Error> {
                let mut at = start;
                Ok(($({
                    let value = super::execute::column::<$t>(row, at)?;
                    at += 1;
                    value
                },)*))
            }
        }
    };
}

crate::value::arities!(from_columns; A B C D E F G H I J K L M N O P Q R S T U V W X Y Z A1 B1 C1 D1 E1 F1);
