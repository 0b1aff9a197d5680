//! Typed `DELETE`s of many rows: a `WHERE` on the table's own columns, `RETURNING`
//! decoded.

use crate::execute::Statement;
use crate::filter::Filter;
use crate::insert::returning;
use crate::projection::Projection;
use crate::record::Record;
use crate::scope::Covers;
use crate::select::table_name;
use sea_query::{DeleteStatement, PostgresQueryBuilder, Query, Values};
use std::fmt;
use std::marker::PhantomData;

/// A typed `DELETE` from table `T`, returning `P` (a [`Projection`], or `()`: the count
/// of rows deleted). From [`Record::delete_many`]; without a
/// [`filter`](Self::filter) it deletes every row.
#[must_use = "a statement does nothing until it is run"]
pub struct Delete<T, P> {
    statement: DeleteStatement,
    returning: P,
    table: PhantomData<fn() -> T>,
}

impl<T, P> fmt::Debug for Delete<T, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.statement.to_string(PostgresQueryBuilder))
    }
}

impl<T: Record> Delete<T, ()> {
    pub(crate) fn new() -> Self {
        let mut statement = Query::delete();
        statement.from_table(table_name(T::SPEC.schema, T::SPEC.name));
        Delete {
            statement,
            returning: (),
            table: PhantomData,
        }
    }
}

impl<T: Record, P> Delete<T, P> {
    /// `WHERE condition` (added with `AND`), on the table's columns.
    pub fn filter<U, I>(mut self, condition: Filter<U>) -> Self
    where
        (T, ()): Covers<U, I>,
    {
        self.statement.cond_where(condition);
        self
    }

    /// `RETURNING` these columns of each deleted row (`T::table()` for all of them).
    pub fn returning<Q: Projection, I>(mut self, columns: Q) -> Delete<T, Q>
    where
        (T, ()): Covers<Q::Tables, I>,
    {
        self.statement.returning(returning(&columns));
        Delete {
            statement: self.statement,
            returning: columns,
            table: PhantomData,
        }
    }

    /// The sea-query statement, to print or to extend by hand.
    pub fn statement(&self) -> &DeleteStatement {
        &self.statement
    }
}

impl<T, P> Statement for Delete<T, P> {
    type Returning = P;

    fn build(&self) -> (String, Values) {
        self.statement.build(PostgresQueryBuilder)
    }

    fn into_returning(self) -> P {
        self.returning
    }
}
