#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(hidden)]
pub use schema_core::__private;
pub use schema_core::*;
pub use schema_derive::{PgEnum, Table};
/// Everything Postgres-specific: rendering DDL, introspecting a live database, normalising
/// for comparison, the `schemactl` command line.
pub use schema_postgres as postgres;
