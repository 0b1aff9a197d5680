//! The schemata model: plain data describing a Postgres schema, the traits the derives
//! implement, and the builder that validates a whole schema. No SQL statements are written
//! here; `schema-postgres` renders them.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub mod diff;
mod domain;
mod enums;
mod extension;
mod external;
mod function;
mod grant;
pub mod lint;
mod name;
pub mod naming;
mod partition;
mod schema;
pub mod snapshot;
mod table;
mod traits;
mod trigger;
mod types;
pub mod updated_at;
mod validate;
mod validate_objects;
mod view;

pub use domain::{CompositeAttribute, CompositeDef, DomainDef};
pub use enums::{EnumDef, EnumValue};
pub use extension::{Extension, Role};
pub use external::{External, ExternalColumn, ExternalFunction, ExternalTable};
pub use function::{Argument, FunctionDef, Language, ReturnColumn, Returns, Volatility};
pub use grant::{Grant, GrantObject, Privilege};
pub use lint::{lint, lint_with};
pub use name::{quote_ident, QualifiedName, DEFAULT_SCHEMA, MAX_IDENTIFIER_BYTES};
pub use partition::{PartitionBound, PartitionBy, PartitionOf, PartitionStrategy};
pub use schema::{Schema, SchemaBuilder, SchemaError, SchemaErrors, Severity};
pub use table::{
    Check, Column, DefaultValue, Deferrable, ForeignKey, Identity, Index, IndexKey, IndexMethod,
    IndexTarget, Literal, NullsOrder, Policy, PolicyCommand, PrimaryKey, ReferentialAction,
    RowLevelSecurity, TableDef, Unique,
};
pub use traits::{Function, PgEnum, Table, TriggerFunction, View};
pub use trigger::{Trigger, TriggerEvent, TriggerTiming};
pub use types::{PgType, SqlType};
pub use view::{ViewColumn, ViewDef};

#[cfg(feature = "derive")]
pub use schema_derive::{Function, PgEnum, Table, View};
