//! Running a typed statement on a driver's connection, transaction or pool: the same
//! `fetch_all`, `fetch_one`, `fetch_optional` and `execute` for each driver, blocking for
//! `postgres`, a future for `tokio-postgres` and `sqlx`.

use crate::error::Error;
use crate::projection::DecodeRow;
use sea_query::Values;

/// Where a statement runs: `&mut postgres::Client` (or a `Transaction`),
/// `&tokio_postgres::Client` (or a `Transaction`), `&sqlx::PgPool` or
/// `&mut sqlx::PgConnection`, each behind its feature.
///
/// [`Output`](Self::Output) is what running gives: a `Result` for the blocking driver,
/// a future of one for the async ones.
#[diagnostic::on_unimplemented(
    message = "a statement cannot run on `{Self}`",
    label = "not a connection, transaction or pool of a driver schemata supports",
    note = "pass `&mut postgres::Client`/`Transaction`, `&tokio_postgres::Client`/`Transaction`, `&sqlx::PgPool` or `&mut sqlx::PgConnection`, with that driver's feature of `schemata` on"
)]
pub trait Executor<'c>: Sized {
    /// The driver's row type.
    type Row;
    /// `Result<T, Error>`, or a future of it.
    type Output<T: Send + 'c>;

    #[doc(hidden)]
    /// Runs a statement that returns rows and reads them with `read`.
    fn fetch<T, F>(self, sql: String, values: Values, read: F) -> Self::Output<T>
    where
        T: Send + 'c,
        F: FnOnce(Vec<Self::Row>) -> Result<T, Error> + Send + 'c;

    #[doc(hidden)]
    /// Runs a statement and counts the rows it affected.
    fn execute(self, sql: String, values: Values) -> Self::Output<u64>;
}

/// A typed statement: its SQL and what its rows decode into. Implemented by
/// [`Select`](crate::Select), [`Insert`](crate::Insert), [`Update`](crate::Update) and
/// [`Delete`](crate::Delete).
pub trait Statement: Sized {
    /// What each returned row is read with: a [`Projection`](crate::Projection), or
    /// `()` for a write without `RETURNING`.
    type Returning;

    /// The SQL, with `$1, $2...` placeholders, and the values of the parameters.
    fn build(&self) -> (String, Values);

    /// The SQL with the values written in, for reading (never run it: the values go as
    /// parameters when the statement runs).
    fn to_sql_string(&self) -> String {
        let (sql, values) = self.build();
        inline(&sql, &values)
    }

    /// Every row, decoded.
    fn fetch_all<'c, E>(self, executor: E) -> E::Output<Vec<Row<Self>>>
    where
        E: Executor<'c>,
        Self::Returning: DecodeRow<E::Row> + Send + 'c,
        Row<Self>: Send + 'c,
    {
        let (sql, values) = self.build();
        let returning = self.into_returning();
        executor.fetch(sql, values, move |rows| {
            rows.iter().map(|row| decode(&returning, row)).collect()
        })
    }

    /// The one row: an error if there is none or more than one.
    fn fetch_one<'c, E>(self, executor: E) -> E::Output<Row<Self>>
    where
        E: Executor<'c>,
        Self::Returning: DecodeRow<E::Row> + Send + 'c,
        Row<Self>: Send + 'c,
    {
        let (sql, values) = self.build();
        let returning = self.into_returning();
        executor.fetch(sql, values, move |rows| match rows.as_slice() {
            [row] => decode(&returning, row),
            rows => Err(Error::row_count(rows.len())),
        })
    }

    /// The row if there is one: an error if there are more.
    fn fetch_optional<'c, E>(self, executor: E) -> E::Output<Option<Row<Self>>>
    where
        E: Executor<'c>,
        Self::Returning: DecodeRow<E::Row> + Send + 'c,
        Row<Self>: Send + 'c,
    {
        let (sql, values) = self.build();
        let returning = self.into_returning();
        executor.fetch(sql, values, move |rows| match rows.as_slice() {
            [] => Ok(None),
            [row] => decode(&returning, row).map(Some),
            rows => Err(Error::row_count(rows.len())),
        })
    }

    /// Runs it: how many rows it returned or affected.
    fn execute<'c, E: Executor<'c>>(self, executor: E) -> E::Output<u64> {
        let (sql, values) = self.build();
        executor.execute(sql, values)
    }

    #[doc(hidden)]
    fn into_returning(self) -> Self::Returning;
}

/// What a statement's rows decode into.
pub type Row<S> = <<S as Statement>::Returning as crate::Projection>::Row;

fn decode<P: DecodeRow<R>, R>(returning: &P, row: &R) -> Result<P::Row, Error> {
    returning.decode(row, &mut 0)
}

/// The values in place of `$n`, as sea-query prints them inline.
fn inline(sql: &str, values: &Values) -> String {
    sea_query::inject_parameters(sql, &values.0, &sea_query::PostgresQueryBuilder)
}

/// What the async drivers' [`Executor::Output`] is: a boxed future of the result, so that
/// one trait covers every driver.
pub type BoxFuture<'c, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send + 'c>>;
