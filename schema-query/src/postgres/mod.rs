//! Running the statements with the `postgres` and `tokio-postgres` crates: parameters
//! ([`BuildPostgres`]), rows decoded into structs ([`FromRow`]), and the `ToSql`/`FromSql`
//! implementations `#[derive(PgEnum)]` adds to enums.
//!
//! ```ignore
//! use schemata::query::prelude::*;
//!
//! let (sql, params) = Session::select()
//!     .and_where(Session::COACH_ID.eq(coach_id))
//!     .build_postgres();
//! let sessions = client
//!     .query(&sql, &params.as_params())?
//!     .iter()
//!     .map(Session::from_row)
//!     .collect::<Result<Vec<_>, _>>()?;
//! ```

mod bind;
mod execute;
mod row;

pub use crate::Error;
pub use bind::{BuildPostgres, Param, Params};
pub use row::FromRow;
pub use tokio_postgres::Row;

/// What the code `#[derive(PgEnum)]` and `#[derive(Table)]` generate calls. Not a public
/// API.
#[doc(hidden)]
pub mod __private {
    pub use super::row::FromColumns;
    use crate::EnumLabel;
    pub use bytes::BytesMut;
    use postgres_types::Kind;
    pub use postgres_types::{to_sql_checked, FromSql, IsNull, ToSql, Type};

    /// The error type of `ToSql` and `FromSql`.
    pub type BoxError = Box<dyn std::error::Error + Sync + Send>;

    /// `FromSql`, with a message naming what is missing when a field's type lacks it.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be read from a Postgres column",
        label = "no `FromSql` implementation",
        note = "implement the driver's `postgres::types::FromSql` for it, or derive `PgEnum` if it is an enum"
    )]
    pub trait FromColumn<'a>: FromSql<'a> {}

    impl<'a, T: FromSql<'a>> FromColumn<'a> for T {}

    /// One field of a struct being read from a row.
    pub fn column<T: for<'a> FromColumn<'a>>(
        row: &tokio_postgres::Row,
        index: usize,
    ) -> Result<T, crate::Error> {
        super::execute::column(row, index)
    }

    /// An enum's own Postgres type (by schema and name), or text.
    pub fn enum_accepts<E: EnumLabel>(ty: &Type) -> bool {
        let own =
            matches!(ty.kind(), Kind::Enum(_)) && ty.name() == E::NAME && ty.schema() == E::SCHEMA;
        own || <&str as ToSql>::accepts(ty)
    }

    /// An enum value goes over the wire as its label, in the binary format as in text.
    pub fn enum_to_sql<E: EnumLabel>(value: &E, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.extend_from_slice(value.label().as_bytes());
        Ok(IsNull::No)
    }

    /// The variant with the label Postgres sent.
    pub fn enum_from_sql<E: EnumLabel>(raw: &[u8]) -> Result<E, BoxError> {
        let label = std::str::from_utf8(raw)?;
        E::from_label(label).ok_or_else(|| {
            format!(
                "`{label}` is not a value of enum type `{}.{}` as the Rust enum declares it",
                E::SCHEMA,
                E::NAME
            )
            .into()
        })
    }
}
