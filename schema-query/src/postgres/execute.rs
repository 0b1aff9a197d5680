//! Typed statements on the `postgres` crate (blocking: `&mut Client`, `&mut Transaction`)
//! and on `tokio-postgres` (async: `&Client`, `&Transaction`), and their rows decoded.

use super::bind::Param;
use crate::error::{Error, Kind};
use crate::execute::{BoxFuture, Executor};
use crate::projection::{DecodeRow, ReadColumns};
use crate::select::Selectable;
use crate::TypedColumn;
use postgres_types::{FromSql, ToSql};
use sea_query::Values;
use tokio_postgres::Row;

fn params(values: Values) -> Vec<Param> {
    values.0.into_iter().map(Param).collect()
}

fn as_params(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// The blocking driver's connections: the statement runs, then its rows are read.
macro_rules! blocking {
    ($($client:ty),*) => {
        $(impl<'c, 't> Executor<'c> for &'c mut $client {
            type Row = Row;
            type Output<T: Send + 'c> = Result<T, Error>;

            fn fetch<T, F>(self, sql: String, values: Values, read: F) -> Result<T, Error>
            where
                T: Send + 'c,
                F: FnOnce(Vec<Row>) -> Result<T, Error> + Send + 'c,
            {
                let params = params(values);
                let rows = self
                    .query(sql.as_str(), &as_params(&params))
                    .map_err(|error| Error::from(error).with_sql(&sql))?;
                read(rows).map_err(|error| error.with_sql(&sql))
            }

            fn execute(self, sql: String, values: Values) -> Result<u64, Error> {
                let params = params(values);
                self.execute(sql.as_str(), &as_params(&params))
                    .map_err(|error| Error::from(error).with_sql(&sql))
            }
        })*
    };
}

blocking!(::postgres::Client, ::postgres::Transaction<'t>);

/// The async driver's connections.
macro_rules! asynchronous {
    ($($client:ty),*) => {
        $(impl<'c, 't> Executor<'c> for &'c $client {
            type Row = Row;
            type Output<T: Send + 'c> = BoxFuture<'c, T>;

            fn fetch<T, F>(self, sql: String, values: Values, read: F) -> BoxFuture<'c, T>
            where
                T: Send + 'c,
                F: FnOnce(Vec<Row>) -> Result<T, Error> + Send + 'c,
            {
                Box::pin(async move {
                    let params = params(values);
                    let rows = self
                        .query(sql.as_str(), &as_params(&params))
                        .await
                        .map_err(|error| Error::from(error).with_sql(&sql))?;
                    read(rows).map_err(|error| error.with_sql(&sql))
                })
            }

            fn execute(self, sql: String, values: Values) -> BoxFuture<'c, u64> {
                Box::pin(async move {
                    let params = params(values);
                    self.execute(sql.as_str(), &as_params(&params))
                        .await
                        .map_err(|error| Error::from(error).with_sql(&sql))
                })
            }
        })*
    };
}

asynchronous!(tokio_postgres::Client, tokio_postgres::Transaction<'t>);

impl<T: Selectable, V, C> DecodeRow<Row> for TypedColumn<T, V, C>
where
    V: for<'a> FromSql<'a>,
{
    fn decode(&self, row: &Row, at: &mut usize) -> Result<V, Error> {
        let index = *at;
        *at += 1;
        column::<V>(row, index).map_err(|error| error.in_table(T::SELECT.name))
    }
}

macro_rules! read_columns {
    ($($t:ident)*) => {
        impl<$($t: for<'a> FromSql<'a>),*> ReadColumns<Row> for ($($t,)*) {
            fn read_columns(row: &Row, at: &mut usize) -> Result<Self, Error> {
                Ok(($({
                    let value = column::<$t>(row, *at)?;
                    *at += 1;
                    value
                },)*))
            }
        }
    };
}

crate::value::arities!(read_columns; A B C D E F G H I J K L M N O P Q R S T U V W X Y Z A1 B1 C1 D1 E1 F1);

/// One column's value, or an error naming the column, the Rust type and the Postgres
/// type.
pub(crate) fn column<V: for<'a> FromSql<'a>>(row: &Row, index: usize) -> Result<V, Error> {
    row.try_get::<_, V>(index).map_err(|error| {
        let (name, pg_type) = match row.columns().get(index) {
            Some(column) => (column.name().to_string(), column.type_().to_string()),
            None => (format!("#{index}"), "none: the row is shorter".to_string()),
        };
        // The driver's message is "error deserializing column N"; its source says why.
        let source = error
            .into_source()
            .unwrap_or_else(|| "no value".to_string().into());
        Error::decode(name, std::any::type_name::<V>(), pg_type, source)
    })
}

impl From<tokio_postgres::Error> for Error {
    fn from(error: tokio_postgres::Error) -> Self {
        if let Some(db) = error.as_db_error() {
            return Error::new(
                Kind::Server {
                    message: db.message().to_string(),
                    detail: db.detail().map(str::to_string),
                    code: db.code().code().to_string(),
                    table: db.table().map(str::to_string),
                    column: db.column().map(str::to_string),
                    constraint: db.constraint().map(str::to_string),
                },
                Some(Box::new(error)),
            );
        }
        // The driver's error kinds are private; its message tells a parameter that could
        // not be sent ("error serializing parameter N") from the rest.
        let kind = if error.to_string().starts_with("error serializing") {
            Kind::Encode
        } else {
            Kind::Driver
        };
        Error::new(kind, Some(Box::new(error)))
    }
}
