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
pub use kinds::composite::{CompositeAttribute, CompositeDef};
pub use kinds::domain::DomainDef;
pub use kinds::enum_type::{EnumDef, EnumValue};
pub use kinds::extension::Extension;
pub use kinds::external::{External, ExternalColumn, ExternalFunction, ExternalTable};
pub use kinds::function::{
    Argument, FunctionDef, Language, Parallel, ReturnColumn, Returns, Volatility,
    DEFAULT_FUNCTION_COST, DEFAULT_FUNCTION_ROWS,
};
pub use kinds::grant::{Grant, GrantObject, Privilege};
pub use kinds::role::Role;
pub use kinds::sequence::{ResolvedOptions, SequenceDef, SequenceOptions, SequenceOwner};
pub use kinds::table::column::{Column, DefaultValue, Identity, Literal};
pub use kinds::table::constraint::{
    Check, Deferrable, Exclusion, ForeignKey, PrimaryKey, ReferentialAction, Unique,
};
pub use kinds::table::index::{Index, IndexKey, IndexMethod, IndexTarget, NullsOrder};
pub use kinds::table::partition::{PartitionBound, PartitionBy, PartitionOf, PartitionStrategy};
pub use kinds::table::policy::{Policy, PolicyCommand, RowLevelSecurity};
pub use kinds::table::trigger::{Trigger, TriggerEvent, TriggerTiming};
pub use kinds::table::{ReplicaIdentity, TableDef};
pub use kinds::view::{CheckOption, ViewColumn, ViewDef};
pub use lint::{lint, lint_with};
pub use name::{quote_ident, QualifiedName, DEFAULT_SCHEMA, MAX_IDENTIFIER_BYTES};
pub use schema::Schema;
pub use traits::{Function, PgEnum, Table, TriggerFunction, View};
pub use types::{PgType, SqlType};

#[cfg(feature = "derive")]
pub use schema_derive::{Function, PgEnum, Table, View};
