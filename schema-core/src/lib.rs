//! The schemata model: plain data describing a Postgres schema, the traits the derives
//! implement, and the builder that validates a whole schema. No SQL statements are written
//! here; `schema-postgres` renders them.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub mod diff;
mod enums;
mod external;
mod name;
pub mod naming;
mod schema;
pub mod snapshot;
mod table;
mod traits;
mod types;
mod validate;

pub use enums::{EnumDef, EnumValue};
pub use external::{External, ExternalColumn, ExternalFunction, ExternalTable};
pub use name::{quote_ident, QualifiedName, DEFAULT_SCHEMA, MAX_IDENTIFIER_BYTES};
pub use schema::{Schema, SchemaBuilder, SchemaError, SchemaErrors, Severity};
pub use table::{
    Check, Column, DefaultValue, Deferrable, ForeignKey, Identity, Index, IndexKey, IndexMethod,
    IndexTarget, Literal, NullsOrder, Policy, PolicyCommand, PrimaryKey, ReferentialAction,
    RowLevelSecurity, TableDef, Unique,
};
pub use traits::{PgEnum, Table};
pub use types::{PgType, SqlType};

#[cfg(feature = "derive")]
pub use schema_derive::{PgEnum, Table};
