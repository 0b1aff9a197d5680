//! Typed queries on sea-query from the same definitions as the schema. Use it through
//! `schemata::query`: `#[derive(Table)]` implements the traits and declares the handles.
//!
//! For `#[derive(Table)] struct Session { id: Uuid, coach_id: Uuid, ... }` the derive adds:
//!
//! - `Session::ID`, `Session::COACH_ID`...: a [`TypedColumn`] per column, whose
//!   comparisons (`eq`, `lt`, `is_in`, `is_null`...) accept only the field's Rust type
//!   and return a [`Filter`] that knows its table (a sea-query expression underneath),
//!   and whose `to(value)` is an [`Assignment`];
//! - `NewSession`: the row to insert ([`NewRow`]), a [`DbDefault`] for each column with a
//!   database default; `Session::PRIMARY_KEY`, `Session::TITLE_KEY`...: [`UniqueKey`]s;
//! - `SessionIden::{Table, Id, CoachId, ...}`: bare sea-query identifiers ([`Iden`]);
//! - `Session::COACH_ID_FKEY`: a [`Relation`] per foreign key to another
//!   `#[derive(Table)]` type, to join along ([`JoinAlong`]);
//! - [`Selectable`] (`find()`: a typed [`Select`]), [`Record`] (`update_many()`,
//!   `delete_many()`) and, with a primary key, [`Keyed`] (plain sea-query by key);
//! - [`ReadRow`] to decode rows with any driver, and with the `postgres` feature
//!   [`postgres::FromRow`] for plain sea-query rows.
//!
//! The typed statements ([`Select`], [`Insert`], [`Update`], [`Delete`]) know the tables
//! they read (a column of another table is a compile error) and what their rows decode
//! into; [`Statement`] runs them on a driver's connection ([`Executor`]): `postgres`,
//! `tokio-postgres` (feature `postgres`) or `sqlx` (feature `sqlx`).
//!
//! `#[derive(View)]` adds the reading part: the typed columns, the `{Struct}Iden` enum,
//! [`Selectable`] and [`postgres::FromRow`]; a view has no keys and is not written to.
//!
//! `#[derive(PgEnum)]` adds [`EnumLabel`] and [`ToValue`] (and the driver's `ToSql` and
//! `FromSql`).
//!
//! [`Iden`]: sea_query::Iden
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod column;
mod delete;
mod error;
mod execute;
mod filter;
mod insert;
mod join;
#[cfg(feature = "postgres")]
pub mod postgres;
mod projection;
mod record;
mod scope;
mod select;
#[cfg(feature = "sqlx")]
pub mod sqlx;
mod update;
mod value;

pub use column::{TypedColumn, TypedTable};
pub use delete::Delete;
pub use error::{Error, Kind as ErrorKind};
pub use execute::{BoxFuture, Executor, Row, Statement};
pub use filter::Filter;
#[doc(hidden)]
pub use insert::InsertValue;
pub use insert::{Conflict, DbDefault, Insert, NewRow, UniqueKey};
pub use join::{JoinAlong, Relation};
#[doc(hidden)]
pub use projection::ReadColumns;
pub use projection::{DecodeRow, Projection, ReadRow};
pub use record::{KeyValues, Keyed, Record};
#[doc(hidden)]
pub use scope::{Both, Covers, Here, Includes, NoTable, One, There};
/// The sea-query version the handles convert into.
pub use sea_query;
#[doc(hidden)]
pub use select::SelectSpec;
pub use select::{Select, Selectable};
pub use update::{Assignment, Assignments, Update};
#[doc(hidden)]
pub use value::ToValues;
pub use value::{ComparableWith, Nullable, Text, ToValue, ValueOf};

use schema_core::PgEnum;

/// The labels of a `#[derive(PgEnum)]` enum. Implemented by the derive.
pub trait EnumLabel: PgEnum + Sized {
    /// The enum type's schema.
    const SCHEMA: &'static str;
    /// The enum type's name.
    const NAME: &'static str;

    /// The variant's label.
    fn label(&self) -> &'static str;

    /// The variant with this label.
    fn from_label(label: &str) -> Option<Self>;
}

/// An enum value is sent as its label; Postgres reads it as the column's enum type.
#[doc(hidden)]
pub fn enum_value<E: EnumLabel>(value: &E) -> sea_query::Value {
    sea_query::Value::String(Some(value.label().to_string()))
}

// The derives cannot see which features of this crate are on: the sqlx part of
// `#[derive(PgEnum)]` goes through this macro, which keeps it or drops it.

#[cfg(feature = "sqlx")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_sqlx {
    ($($item:tt)*) => { $($item)* };
}

#[cfg(not(feature = "sqlx"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_sqlx {
    ($($item:tt)*) => {};
}

/// Everything a query module needs: the traits whose methods the handles and statements
/// use.
pub mod prelude {
    #[cfg(feature = "postgres")]
    pub use crate::postgres::{BuildPostgres, FromRow};
    pub use crate::{DbDefault, JoinAlong, Keyed, NewRow, Record, Selectable, Statement};
}
