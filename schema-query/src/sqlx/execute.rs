//! Typed statements on `&PgPool` and `&mut PgConnection`, and their rows decoded.

use super::bind::arguments;
use crate::error::{Error, Kind};
use crate::execute::{BoxFuture, Executor};
use crate::projection::{DecodeRow, ReadColumns};
use crate::select::Selectable;
use crate::TypedColumn;
use sea_query::Values;
use sqlx::postgres::{PgConnection, PgPool, PgRow, Postgres};
use sqlx::{Column, Decode, Row, Type, TypeInfo};

/// Describes the statement, binds the values as the types it expects, runs it.
macro_rules! executor {
    ($($executor:ty => |$this:ident| $reborrow:expr),*) => {
        $(impl<'c> Executor<'c> for $executor {
            type Row = PgRow;
            type Output<T: Send + 'c> = BoxFuture<'c, T>;

            fn fetch<T, F>(self, sql: String, values: Values, read: F) -> BoxFuture<'c, T>
            where
                T: Send + 'c,
                F: FnOnce(Vec<PgRow>) -> Result<T, Error> + Send + 'c,
            {
                let $this = self;
                Box::pin(async move {
                    let arguments = arguments(&sql, values, $reborrow).await?;
                    let rows = sqlx::query_with(&sql, arguments)
                        .fetch_all($reborrow)
                        .await
                        .map_err(|error| Error::from(error).with_sql(&sql))?;
                    read(rows).map_err(|error| error.with_sql(&sql))
                })
            }

            fn execute(self, sql: String, values: Values) -> BoxFuture<'c, u64> {
                let $this = self;
                Box::pin(async move {
                    let arguments = arguments(&sql, values, $reborrow).await?;
                    let done = sqlx::query_with(&sql, arguments)
                        .execute($reborrow)
                        .await
                        .map_err(|error| Error::from(error).with_sql(&sql))?;
                    Ok(done.rows_affected())
                })
            }
        })*
    };
}

executor!(
    &'c PgPool => |pool| pool,
    &'c mut PgConnection => |connection| &mut *connection
);

impl<T: Selectable, V, C> DecodeRow<PgRow> for TypedColumn<T, V, C>
where
    V: for<'r> Decode<'r, Postgres> + Type<Postgres>,
{
    fn decode(&self, row: &PgRow, at: &mut usize) -> Result<V, Error> {
        let index = *at;
        *at += 1;
        column::<V>(row, index).map_err(|error| error.in_table(T::SELECT.name))
    }
}

macro_rules! read_columns {
    ($($t:ident)*) => {
        impl<$($t: for<'r> Decode<'r, Postgres> + Type<Postgres>),*> ReadColumns<PgRow> for ($($t,)*) {
            fn read_columns(row: &PgRow, at: &mut usize) -> Result<Self, Error> {
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
fn column<V>(row: &PgRow, index: usize) -> Result<V, Error>
where
    V: for<'r> Decode<'r, Postgres> + Type<Postgres>,
{
    row.try_get::<V, _>(index).map_err(|error| {
        let (name, pg_type) = match row.columns().get(index) {
            Some(column) => (
                column.name().to_string(),
                column.type_info().name().to_string(),
            ),
            None => (format!("#{index}"), "none: the row is shorter".to_string()),
        };
        let source: Box<dyn std::error::Error + Send + Sync> = match error {
            sqlx::Error::ColumnDecode { source, .. } => source,
            other => Box::new(other),
        };
        Error::decode(name, std::any::type_name::<V>(), pg_type, source)
    })
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
            return Error::new(
                Kind::Server {
                    message: db.message().to_string(),
                    detail: pg.and_then(|pg| pg.detail()).map(str::to_string),
                    code: db.code().map(|code| code.to_string()).unwrap_or_default(),
                    table: db.table().map(str::to_string),
                    column: pg.and_then(|pg| pg.column()).map(str::to_string),
                    constraint: db.constraint().map(str::to_string),
                },
                Some(Box::new(error)),
            );
        }
        let kind = match error {
            sqlx::Error::Encode(_) => Kind::Encode,
            _ => Kind::Driver,
        };
        Error::new(kind, Some(Box::new(error)))
    }
}
