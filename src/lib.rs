#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use schema_core::*;
pub use schema_derive::{Function, PgEnum, Table, View};
/// Everything Postgres-specific: rendering DDL, introspecting a live database, normalising
/// for comparison, the `schemactl` command line.
pub use schema_postgres as postgres;
/// Typed queries: what `#[derive(Table)]` generates for sea-query, and running it with the
/// `postgres` driver (feature `postgres`).
#[cfg(feature = "query")]
pub use schema_query as query;
/// The sea-query the typed queries build on, so that its version always matches.
#[cfg(feature = "query")]
pub use schema_query::sea_query;

/// What the derives' generated code uses. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::{__if_postgres as if_postgres, __if_query as if_query};
    pub use schema_core::__private::*;
}

// The derives cannot see which features of this crate are on, so the code they generate
// for an optional part goes through these macros, which keep it or drop it according to
// this crate's features.

#[cfg(feature = "query")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_query {
    ($($item:tt)*) => { $($item)* };
}

#[cfg(not(feature = "query"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_query {
    ($($item:tt)*) => {};
}

#[cfg(feature = "postgres")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_postgres {
    ($($item:tt)*) => { $($item)* };
}

#[cfg(not(feature = "postgres"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_postgres {
    ($($item:tt)*) => {};
}

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
