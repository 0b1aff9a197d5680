//! Every object kind the model holds, one module each: its model types, its checks and its
//! model-level diff. A table's parts (columns, constraints, indexes, policies, triggers,
//! partitioning) are modules of `table/`: they are checked and diffed table by table.
//!
//! The kinds that stand on their own in a [`Schema`] list (extensions, roles, domains,
//! composite types, sequences, aggregates, objects kept as definition text, and every kind added from
//! now on) implement [`Kind`] and
//! are named once, in [`KINDS`]: the builder, the validation and the diff loop over that
//! list, so a new kind is a module here, a line in [`KINDS`], its field in [`Schema`] and
//! its variants in [`Change`]. Enum types, tables, functions, views and grants are still
//! called by name where the engines need them in a place of their own.

pub(crate) mod aggregate;
pub(crate) mod collation;
pub(crate) mod composite;
pub(crate) mod default_privilege;
pub(crate) mod domain;
pub(crate) mod enum_type;
pub(crate) mod extension;
pub(crate) mod external;
pub(crate) mod function;
pub(crate) mod grant;
pub(crate) mod opaque;
pub(crate) mod role;
pub(crate) mod sequence;
pub(crate) mod table;
pub(crate) mod view;

/// Each kind's public names, which the crate root re-exports.
pub(crate) mod public {
    pub use super::aggregate::{AggregateDef, FinalModify, MovingAggregate};
    pub use super::collation::{CollationDef, CollationProvider};
    pub use super::composite::{CompositeAttribute, CompositeDef};
    pub use super::default_privilege::{DefaultObjects, DefaultPrivilege};
    pub use super::domain::DomainDef;
    pub use super::enum_type::{EnumDef, EnumValue};
    pub use super::extension::Extension;
    pub use super::external::{External, ExternalColumn, ExternalFunction, ExternalTable};
    pub use super::function::{
        Argument, ArgumentMode, FunctionDef, Language, Parallel, ReturnColumn, Returns,
        RoutineKind, Volatility, DEFAULT_FUNCTION_COST, DEFAULT_FUNCTION_ROWS,
    };
    pub use super::grant::{Grant, GrantObject, Privilege};
    pub use super::opaque::{Dependency, Opaque};
    pub use super::role::Role;
    pub use super::sequence::{ResolvedOptions, SequenceDef, SequenceOptions, SequenceOwner};
    pub use super::table::column::{Column, Compression, DefaultValue, Identity, Literal, Storage};
    pub use super::table::constraint::{
        Check, Deferrable, Exclusion, ForeignKey, PrimaryKey, ReferentialAction, Unique,
    };
    pub use super::table::distribution::{
        canonical_colocation, colocation_groups, moved_tables, Colocation, ColocationGroup,
        Distributed, Distribution, DEFAULT_SHARD_COUNT,
    };
    pub use super::table::index::{Index, IndexKey, IndexMethod, IndexTarget, NullsOrder};
    pub use super::table::partition::{
        PartitionBound, PartitionBy, PartitionOf, PartitionStrategy,
    };
    pub use super::table::policy::{Policy, PolicyCommand, RowLevelSecurity};
    pub use super::table::trigger::{Trigger, TriggerEvent, TriggerFiring, TriggerTiming};
    pub use super::table::{ReplicaIdentity, TableDef, UniqueOver};
    pub use super::view::{CheckOption, ViewColumn, ViewDef};
}

use crate::diff::Change;
use crate::{QualifiedName, Schema, SchemaError};

/// What a kind with a list of its own in [`Schema`] gives the engines.
pub(crate) trait Kind: Sized + 'static {
    /// The kind's objects in `schema`.
    fn list(schema: &Schema) -> &Vec<Self>;
    /// The same, to change.
    fn list_mut(schema: &mut Schema) -> &mut Vec<Self>;
    /// Its name within a Postgres schema; `None` for an object of the whole database or
    /// cluster (an extension, a role), which the diff always manages.
    fn qualified_name(&self) -> Option<&QualifiedName>;
    /// The Postgres schema it lives in and the app therefore owns, other than by name.
    fn owned_schema(&self) -> Option<&String> {
        self.qualified_name().map(|name| &name.schema)
    }
    /// Where its name must be unique besides its own kind: the namespace it claims and
    /// how messages name it (``sequence `public.ids` ``). `None` for kinds with a namespace
    /// of their own.
    fn claim(&self) -> Option<(Namespace, String)> {
        None
    }
    /// Puts the list into canonical order (by name) and each object into canonical form.
    fn canonicalize(list: &mut Vec<Self>);
    /// Every check of the kind, naming each offender; identifier lengths included.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>);
    /// The changes that create and alter the kind's objects, and drop those nothing else
    /// can use.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>);
    /// Drops that must wait until what uses the objects is gone (types, extensions); run
    /// after every other change, kinds in reverse order.
    fn diff_dropped(_from: &Schema, _to: &Schema, _changes: &mut Vec<Change>) {}
}

/// A namespace of Postgres names that several kinds share within one schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Namespace {
    /// `pg_type`: enums, domains, composite types, and each table's row type.
    Type,
    /// `pg_class`: tables, views, sequences, indexes.
    Relation,
}

/// Whether the app manages the object of this name (see `diff::Scope`).
pub(crate) type Managed<'a> = &'a dyn Fn(&QualifiedName) -> bool;

/// A [`Kind`]'s functions, so the engines can loop over kinds of different types.
pub(crate) struct Hooks {
    pub canonicalize: fn(&mut Schema),
    pub owned_schemas: for<'a> fn(&'a Schema, &mut Vec<&'a String>),
    pub claims: fn(&Schema, Namespace) -> Vec<(QualifiedName, String)>,
    pub validate: fn(&Schema, &mut Vec<SchemaError>),
    pub diff: fn(&Schema, &Schema, &mut Vec<Change>),
    pub diff_dropped: fn(&Schema, &Schema, &mut Vec<Change>),
    pub all_managed: fn(&Schema, Managed) -> bool,
    pub retain_managed: fn(&mut Schema, Managed),
}

impl Hooks {
    const fn of<K: Kind>() -> Hooks {
        Hooks {
            canonicalize: canonicalize::<K>,
            owned_schemas: owned_schemas::<K>,
            claims: claims::<K>,
            validate: K::validate,
            diff: K::diff,
            diff_dropped: K::diff_dropped,
            all_managed: all_managed::<K>,
            retain_managed: retain_managed::<K>,
        }
    }
}

fn canonicalize<K: Kind>(schema: &mut Schema) {
    K::canonicalize(K::list_mut(schema));
}

fn all_managed<K: Kind>(schema: &Schema, managed: Managed) -> bool {
    K::list(schema)
        .iter()
        .all(|o| o.qualified_name().is_none_or(managed))
}

fn retain_managed<K: Kind>(schema: &mut Schema, managed: Managed) {
    K::list_mut(schema).retain(|o| o.qualified_name().is_none_or(managed));
}

fn owned_schemas<'a, K: Kind>(schema: &'a Schema, out: &mut Vec<&'a String>) {
    out.extend(K::list(schema).iter().filter_map(K::owned_schema));
}

fn claims<K: Kind>(schema: &Schema, namespace: Namespace) -> Vec<(QualifiedName, String)> {
    K::list(schema)
        .iter()
        .filter_map(|o| match (o.qualified_name(), o.claim()) {
            (Some(name), Some((space, owner))) if space == namespace => Some((name.clone(), owner)),
            _ => None,
        })
        .collect()
}

/// The kinds the engines loop over, in the order they are created (and their late drops
/// run in reverse): an extension may provide a type a domain uses, a domain's check may
/// call nothing but built-ins, a sequence is used by column defaults.
pub(crate) const KINDS: &[Hooks] = &[
    Hooks::of::<extension::Extension>(),
    Hooks::of::<role::Role>(),
    Hooks::of::<collation::CollationDef>(),
    Hooks::of::<domain::DomainDef>(),
    Hooks::of::<composite::CompositeDef>(),
    Hooks::of::<sequence::SequenceDef>(),
    Hooks::of::<default_privilege::DefaultPrivilege>(),
    // After the types their states and arguments use; the functions they call are the
    // planner's to order.
    Hooks::of::<aggregate::AggregateDef>(),
    // Last: an opaque object may need any of the above; what needs it, the planner orders.
    Hooks::of::<opaque::Opaque>(),
];
