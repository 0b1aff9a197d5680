#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(hidden)]
pub use schema_core::__private;
pub use schema_core::*;
pub use schema_derive::{Function, PgEnum, Table, View};
/// Everything Postgres-specific: rendering DDL, introspecting a live database, normalising
/// for comparison, the `schemactl` command line.
pub use schema_postgres as postgres;

/// Your app's own command line, with its Rust schema as one side: `migrate new NAME`,
/// `check`, `diff --db URL`, `sql`, `snapshot`. See
/// [`schema_postgres::cli::app`](crate::postgres::cli::app).
///
/// ```no_run
/// # fn schema() -> schemata::Schema { schemata::Schema::default() }
/// fn main() -> std::process::ExitCode {
///     schemata::cli::run(schema())
/// }
/// ```
#[cfg(feature = "cli")]
pub mod cli {
    pub use schema_postgres::cli::app::{run, run_from, Layout, SNAPSHOT_FILE};
}
