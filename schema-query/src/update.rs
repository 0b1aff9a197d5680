//! Typed `UPDATE`s of many rows: assignments that take the column's Rust type, a
//! `WHERE` on the table's own columns, `RETURNING` decoded.

use crate::column::TypedColumn;
use crate::execute::Statement;
use crate::filter::Filter;
use crate::insert::returning;
use crate::projection::Projection;
use crate::record::Record;
use crate::scope::Covers;
use crate::select::table_name;
use crate::value::ValueOf;
use sea_query::{PostgresQueryBuilder, Query, UpdateStatement, Value, Values};
use std::fmt;
use std::marker::PhantomData;

/// `column = value` in an `UPDATE` of table `T`: `Task::DONE.to(true)`.
#[must_use = "an assignment does nothing until an update sets it"]
pub struct Assignment<T> {
    column: &'static str,
    value: Value,
    table: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Assignment<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {:?}", self.column, self.value)
    }
}

impl<T, V, C> TypedColumn<T, V, C> {
    /// `column = value`, for [`Update::set`]: the value has the column's Rust type.
    pub fn to<A: ValueOf<V, C>>(self, value: A) -> Assignment<T> {
        Assignment {
            column: self.name(),
            value: value.into_value(),
            table: PhantomData,
        }
    }
}

/// One assignment or a tuple of them, all to columns of table `T`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not set columns of table `{T}`",
    label = "expected assignments to columns of `{T}`, such as `{T}::COLUMN.to(value)`",
    note = "an `UPDATE` sets the columns of its own table only"
)]
pub trait Assignments<T> {
    #[doc(hidden)]
    fn assign(self, statement: &mut UpdateStatement);
}

impl<T> Assignments<T> for Assignment<T> {
    fn assign(self, statement: &mut UpdateStatement) {
        statement.value(self.column, self.value);
    }
}

macro_rules! tuples {
    ($(($($a:ident $i:tt),*))*) => {
        $(impl<T, $($a: Assignments<T>),*> Assignments<T> for ($($a,)*) {
            fn assign(self, statement: &mut UpdateStatement) {
                $(self.$i.assign(statement);)*
            }
        })*
    };
}

tuples! {
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}

/// A typed `UPDATE` of table `T`, returning `P` (a [`Projection`], or `()`: the count of
/// rows changed). From [`Record::update_many`].
///
/// It needs at least one [`set`](Self::set): `SET` cannot be empty, and the server refuses
/// the statement without one.
#[must_use = "a statement does nothing until it is run"]
pub struct Update<T, P> {
    statement: UpdateStatement,
    returning: P,
    table: PhantomData<fn() -> T>,
}

impl<T, P> fmt::Debug for Update<T, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.statement.to_string(PostgresQueryBuilder))
    }
}

impl<T: Record> Update<T, ()> {
    pub(crate) fn new() -> Self {
        let mut statement = Query::update();
        statement.table(table_name(T::SPEC.schema, T::SPEC.name));
        Update {
            statement,
            returning: (),
            table: PhantomData,
        }
    }
}

impl<T: Record, P> Update<T, P> {
    /// `SET column = value, ...`: one assignment (`Task::DONE.to(true)`) or a tuple.
    pub fn set(mut self, assignments: impl Assignments<T>) -> Self {
        assignments.assign(&mut self.statement);
        self
    }

    /// `WHERE condition` (added with `AND`), on the table's columns.
    pub fn filter<U, I>(mut self, condition: Filter<U>) -> Self
    where
        (T, ()): Covers<U, I>,
    {
        self.statement.cond_where(condition);
        self
    }

    /// `RETURNING` these columns of each changed row (`T::table()` for all of them).
    pub fn returning<Q: Projection, I>(mut self, columns: Q) -> Update<T, Q>
    where
        (T, ()): Covers<Q::Tables, I>,
    {
        self.statement.returning(returning(&columns));
        Update {
            statement: self.statement,
            returning: columns,
            table: PhantomData,
        }
    }

    /// The sea-query statement, to print or to extend by hand.
    pub fn statement(&self) -> &UpdateStatement {
        &self.statement
    }
}

impl<T, P> Statement for Update<T, P> {
    type Returning = P;

    fn build(&self) -> (String, Values) {
        self.statement.build(PostgresQueryBuilder)
    }

    fn into_returning(self) -> P {
        self.returning
    }
}
