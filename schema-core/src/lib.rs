//! The schemata model: plain data describing a Postgres schema, the traits the derives
//! implement, and the builder that validates a whole schema. No SQL statements are written
//! here; `schema-postgres` renders them.
//!
//! Layout: `kinds/` holds one module per object kind (its model, its checks, its diff);
//! `validate.rs` and `diff/` are the engines that loop over the kinds; `schema.rs` and
//! `builder.rs` hold the whole schema and put it together.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(hidden)]
pub mod __private;
mod builder;
pub mod diff;
mod error;
mod kinds;
pub mod lint;
mod name;
pub mod naming;
mod schema;
pub mod snapshot;
pub mod sql;
mod traits;
mod types;
pub mod updated_at;
mod validate;

pub use builder::SchemaBuilder;
pub use error::{SchemaError, SchemaErrors, Severity};
pub use kinds::public::*;
pub use lint::{lint, lint_with};
pub use name::{quote_ident, QualifiedName, DEFAULT_SCHEMA, MAX_IDENTIFIER_BYTES};
pub use schema::Schema;
pub use traits::{Function, PgEnum, Table, TriggerFunction, View};
pub use types::{PgType, SqlType};

#[cfg(feature = "derive")]
pub use schema_derive::{Function, PgEnum, Table, View};
