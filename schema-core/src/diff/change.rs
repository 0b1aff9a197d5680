//! The model-level changes a diff produces: what differs, not how to do it in SQL.

use crate::name::QualifiedName;
use crate::types::SqlType;
use crate::{
    AggregateDef, CollationDef, CompositeDef, DefaultPrivilege, Distribution, DomainDef, EnumDef,
    Extension, FunctionDef, Grant, Opaque, PartitionOf, Role, Trigger, ViewDef,
};
use crate::{
    Check, Column, Compression, DefaultValue, Exclusion, ForeignKey, Identity, Index, Policy,
    PrimaryKey, ReplicaIdentity, RowLevelSecurity, SequenceDef, SequenceOptions, Storage, TableDef,
    Unique,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One difference between two schemas. Alterations name the object by its name in the
/// target schema: renames come first and everything after them uses the new names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    /// A Postgres schema (namespace) to create.
    CreateSchema {
        /// Its name.
        name: String,
    },
    /// A Postgres schema to drop, once everything in it is gone.
    DropSchema {
        /// Its name.
        name: String,
    },

    /// An enum type to create.
    CreateEnum {
        /// The type as it should be.
        def: EnumDef,
    },
    /// An enum type to drop.
    DropEnum {
        /// The type as it is.
        def: EnumDef,
    },
    /// An enum type renamed through `renamed_from`.
    RenameEnum {
        /// The old name.
        from: QualifiedName,
        /// The new name.
        to: QualifiedName,
    },
    /// A value added to an enum type (`ALTER TYPE ... ADD VALUE`).
    AddEnumValue {
        /// The type.
        name: QualifiedName,
        /// The new label.
        label: String,
        /// Where it goes among the existing labels.
        position: EnumValuePosition,
    },
    /// A value renamed through `renamed_from` (`ALTER TYPE ... RENAME VALUE`).
    RenameEnumValue {
        /// The type.
        name: QualifiedName,
        /// The old label.
        from: String,
        /// The new label.
        to: String,
    },
    /// Values were removed or reordered. Postgres can only add and rename values in place,
    /// so the type has to be rebuilt and every column using it converted.
    RecreateEnum {
        /// The type as it is (after value renames).
        from: EnumDef,
        /// The type as it should be.
        to: EnumDef,
        /// Labels that disappear: rows holding them cannot be converted.
        removed: Vec<String>,
    },
    /// The enum's comment changed, or the comment of one of its values (which travel in
    /// the type's comment).
    SetEnumComment {
        /// The type as it should be.
        def: EnumDef,
    },

    /// A table to create, with everything that hangs off it.
    CreateTable {
        /// The table as it should be.
        def: TableDef,
    },
    /// A table to drop, with its rows.
    DropTable {
        /// The table as it is.
        def: TableDef,
    },
    /// An index the database holds `INVALID` (a concurrent build that failed): dropped, so
    /// that what the target declares under its name can be built.
    DropInvalidIndex {
        /// The table.
        table: QualifiedName,
        /// The index.
        name: String,
    },
    /// A check or foreign key the database holds `NOT VALID`: its rows are checked.
    ValidateConstraint {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        name: String,
    },
    /// A table whose storage parameters (`fillfactor`, `autovacuum_*`, ...) changed.
    SetTableStorage {
        /// The table.
        table: QualifiedName,
        /// The parameters as they are.
        from: BTreeMap<String, String>,
        /// The parameters as they should be.
        to: BTreeMap<String, String>,
    },
    /// A table that becomes `UNLOGGED` or logged again (Postgres rewrites it).
    SetUnlogged {
        /// The table.
        table: QualifiedName,
        /// Whether it should be unlogged.
        unlogged: bool,
    },
    /// A table whose `REPLICA IDENTITY` changed (or a new table with one other than the
    /// default).
    SetReplicaIdentity {
        /// The table.
        table: QualifiedName,
        /// The identity it should have.
        identity: ReplicaIdentity,
    },
    /// A table clustered on another index, or on none (`SET WITHOUT CLUSTER`).
    SetClusterOn {
        /// The table.
        table: QualifiedName,
        /// The index, or `None`.
        index: Option<String>,
    },
    /// A table renamed through `renamed_from`.
    RenameTable {
        /// The old name.
        from: QualifiedName,
        /// The new name.
        to: QualifiedName,
    },
    /// A constraint renamed because its table was: its name was made from the old table
    /// name (as Postgres's and the derive's default names are) and is now made from the
    /// new one, and nothing else about it changed.
    RenameConstraint {
        /// The table (new name).
        table: QualifiedName,
        /// The old constraint name.
        from: String,
        /// The new constraint name.
        to: String,
    },
    /// An index renamed because its table was, like [`Change::RenameConstraint`].
    RenameIndex {
        /// The table (new name).
        table: QualifiedName,
        /// The old index name.
        from: String,
        /// The new index name.
        to: String,
    },
    /// An index's comment changed, and nothing else about it.
    SetIndexComment {
        /// The table.
        table: QualifiedName,
        /// The index.
        index: String,
        /// The new comment; `None` removes it.
        comment: Option<String>,
    },
    /// The table's comment changed.
    SetTableComment {
        /// The table.
        table: QualifiedName,
        /// The new comment; `None` removes it.
        comment: Option<String>,
    },

    /// A column to add.
    AddColumn {
        /// The table.
        table: QualifiedName,
        /// The column as it should be.
        column: Column,
    },
    /// A column to drop, with its data.
    DropColumn {
        /// The table.
        table: QualifiedName,
        /// The column as it is.
        column: Column,
    },
    /// A column renamed through `renamed_from`.
    RenameColumn {
        /// The table.
        table: QualifiedName,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A column whose collation changed (Postgres changes it with its type).
    SetColumnCollation {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The collation it has (`None`: its type's default).
        from: Option<String>,
        /// The collation it should have.
        to: Option<String>,
    },
    /// A column's type changed.
    AlterColumnType {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The type it has.
        from: SqlType,
        /// The type it should have.
        to: SqlType,
    },
    /// A column's nullability changed.
    SetColumnNullable {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// Whether NULL is allowed from now on.
        nullable: bool,
    },
    /// A column's default changed.
    SetColumnDefault {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The new default; `None` drops it.
        default: Option<DefaultValue>,
    },
    /// A column became, stopped being or changed kind of identity column.
    SetColumnIdentity {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// What it is.
        from: Option<Identity>,
        /// What it should be.
        to: Option<Identity>,
    },
    /// The options of an identity column's sequence changed (in canonical form for the
    /// column's type; see [`Column::canonical_identity_options`](crate::Column)).
    SetColumnIdentityOptions {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// What they are.
        from: SequenceOptions,
        /// What they should be.
        to: SequenceOptions,
    },
    /// A column's generation expression changed, appeared or disappeared.
    SetColumnGenerated {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The expression it has.
        from: Option<String>,
        /// The expression it should have.
        to: Option<String>,
    },
    /// A column's storage changed (`SET STORAGE`; `None` is its type's default).
    SetColumnStorage {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The storage it has.
        from: Option<Storage>,
        /// The storage it should have.
        to: Option<Storage>,
    },
    /// A column's compression method changed (`SET COMPRESSION`; `None` is the server's
    /// default).
    SetColumnCompression {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The method it has.
        from: Option<Compression>,
        /// The method it should have.
        to: Option<Compression>,
    },
    /// A column's statistics target changed (`SET STATISTICS`; `None` is the server's
    /// default).
    SetColumnStatistics {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The target it has.
        from: Option<i32>,
        /// The target it should have.
        to: Option<i32>,
    },
    /// A column's attribute options (`n_distinct`, `n_distinct_inherited`) changed.
    SetColumnOptions {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The options as they are.
        from: BTreeMap<String, String>,
        /// The options as they should be.
        to: BTreeMap<String, String>,
    },
    /// A column's comment changed.
    SetColumnComment {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The new comment; `None` removes it.
        comment: Option<String>,
    },

    /// A primary key to add.
    AddPrimaryKey {
        /// The table.
        table: QualifiedName,
        /// The key.
        key: PrimaryKey,
    },
    /// A primary key to drop.
    DropPrimaryKey {
        /// The table.
        table: QualifiedName,
        /// The key as it is.
        key: PrimaryKey,
    },
    /// A unique constraint to add.
    AddUnique {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        unique: Unique,
    },
    /// A unique constraint to drop.
    DropUnique {
        /// The table.
        table: QualifiedName,
        /// The constraint as it is.
        unique: Unique,
    },
    /// A check constraint to add.
    AddCheck {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        check: Check,
    },
    /// A check constraint to drop.
    DropCheck {
        /// The table.
        table: QualifiedName,
        /// The constraint as it is.
        check: Check,
    },
    /// An exclusion constraint to add.
    AddExclusion {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        exclusion: Exclusion,
    },
    /// An exclusion constraint to drop.
    DropExclusion {
        /// The table.
        table: QualifiedName,
        /// The constraint as it is.
        exclusion: Exclusion,
    },
    /// A foreign key to add.
    AddForeignKey {
        /// The referencing table.
        table: QualifiedName,
        /// The key.
        key: ForeignKey,
    },
    /// A foreign key to drop.
    DropForeignKey {
        /// The referencing table.
        table: QualifiedName,
        /// The key as it is.
        key: ForeignKey,
    },

    /// A constraint's comment changed, and nothing else about it (`COMMENT ON
    /// CONSTRAINT`).
    SetConstraintComment {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        constraint: String,
        /// The new comment; `None` removes it.
        comment: Option<String>,
    },

    /// An index to create.
    CreateIndex {
        /// The table.
        table: QualifiedName,
        /// The index.
        index: Index,
    },
    /// An index to drop.
    DropIndex {
        /// The table.
        table: QualifiedName,
        /// The index as it is.
        index: Index,
    },
    /// An index whose definition changed: it has to be built again.
    ReplaceIndex {
        /// The table.
        table: QualifiedName,
        /// The index as it is.
        from: Index,
        /// The index as it should be.
        to: Index,
    },

    /// Row-level security switched on or off, or forced or not.
    SetRowLevelSecurity {
        /// The table.
        table: QualifiedName,
        /// The switches as they are.
        from: RowLevelSecurity,
        /// The switches as they should be.
        to: RowLevelSecurity,
    },
    /// A policy to create.
    CreatePolicy {
        /// The table.
        table: QualifiedName,
        /// The policy.
        policy: Policy,
    },
    /// A policy to drop.
    DropPolicy {
        /// The table.
        table: QualifiedName,
        /// The policy as it is.
        policy: Policy,
    },
    /// A policy changed only in what `ALTER POLICY` can change: its roles, `USING` or
    /// `WITH CHECK` expression (replacing one, not removing it).
    AlterPolicy {
        /// The table.
        table: QualifiedName,
        /// The policy as it is.
        from: Policy,
        /// The policy as it should be.
        to: Policy,
    },

    /// A policy's comment changed (`COMMENT ON POLICY`).
    SetPolicyComment {
        /// The table.
        table: QualifiedName,
        /// The policy.
        policy: String,
        /// The new comment; `None` removes it.
        comment: Option<String>,
    },

    /// An extension to create.
    CreateExtension {
        /// The extension.
        def: Extension,
    },
    /// An extension to drop.
    DropExtension {
        /// The extension as it is.
        def: Extension,
    },
    /// A role the app owns that the other side does not know. Roles belong to the cluster:
    /// plans create them where missing and never drop or alter them.
    CreateRole {
        /// The role.
        def: Role,
    },
    /// A domain to create.
    CreateDomain {
        /// The domain.
        def: DomainDef,
    },
    /// A domain to drop.
    DropDomain {
        /// The domain as it is.
        def: DomainDef,
    },
    /// A domain whose default, `NOT NULL`, checks or comment changed (or base type, which
    /// cannot be changed in place).
    AlterDomain {
        /// The domain as it is.
        from: DomainDef,
        /// The domain as it should be.
        to: DomainDef,
    },
    /// A composite type to create.
    CreateComposite {
        /// The type.
        def: CompositeDef,
    },
    /// A composite type to drop.
    DropComposite {
        /// The type as it is.
        def: CompositeDef,
    },
    /// A composite type whose attributes or comment changed.
    AlterComposite {
        /// The type as it is.
        from: CompositeDef,
        /// The type as it should be.
        to: CompositeDef,
    },
    /// A collation to create.
    CreateCollation {
        /// The collation.
        def: CollationDef,
    },
    /// A collation to drop (also before creating a changed one again).
    DropCollation {
        /// The collation as it is.
        def: CollationDef,
    },
    /// A collation whose comment alone changed.
    SetCollationComment {
        /// The collation as it should be.
        def: CollationDef,
    },
    /// An aggregate to create.
    CreateAggregate {
        /// The aggregate.
        def: AggregateDef,
    },
    /// An aggregate to drop.
    DropAggregate {
        /// The aggregate as it is.
        def: AggregateDef,
    },
    /// An aggregate whose definition or comment changed (its name and argument types are
    /// the same): replaced in place where Postgres allows it, dropped and created again
    /// otherwise.
    ReplaceAggregate {
        /// The aggregate as it is (boxed: an aggregate is the largest definition a change
        /// holds twice).
        from: Box<AggregateDef>,
        /// The aggregate as it should be.
        to: Box<AggregateDef>,
    },
    /// An object kept as definition text (see [`Opaque`]) to create.
    CreateOpaque {
        /// The object.
        def: Opaque,
    },
    /// An object kept as definition text to drop.
    DropOpaque {
        /// The object as it is.
        def: Opaque,
    },
    /// An object kept as definition text whose definition changed, or that depends on one
    /// replaced: dropped and created again.
    ReplaceOpaque {
        /// The object as it is.
        from: Opaque,
        /// The object as it should be.
        to: Opaque,
    },
    /// An object kept as definition text whose comment alone changed.
    SetOpaqueComment {
        /// The object as it should be.
        def: Opaque,
    },
    /// A sequence to create.
    CreateSequence {
        /// The sequence.
        def: SequenceDef,
    },
    /// A sequence to drop.
    DropSequence {
        /// The sequence as it is.
        def: SequenceDef,
    },
    /// A sequence whose options, owner or comment changed.
    AlterSequence {
        /// The sequence as it is.
        from: SequenceDef,
        /// The sequence as it should be.
        to: SequenceDef,
    },
    /// A function to create.
    CreateFunction {
        /// The function.
        def: FunctionDef,
    },
    /// A function to drop.
    DropFunction {
        /// The function as it is.
        def: FunctionDef,
    },
    /// A function that changed. `CREATE OR REPLACE` when the argument types, names and
    /// defaults (none removed) and the return type stay; otherwise the planner drops it,
    /// with what depends on it, and creates it again.
    ReplaceFunction {
        /// The function as it is.
        from: FunctionDef,
        /// The function as it should be.
        to: FunctionDef,
    },
    /// A view or materialized view to create (with its indexes and triggers).
    CreateView {
        /// The view.
        def: ViewDef,
    },
    /// A view or materialized view to drop. A changed view is dropped and created again.
    DropView {
        /// The view as it is.
        def: ViewDef,
    },
    /// A view or materialized view whose `WITH (...)` options alone changed
    /// (`security_invoker`, `security_barrier`, `check_option`, storage parameters).
    SetViewOptions {
        /// The view as it is.
        from: ViewDef,
        /// The view as it should be.
        to: ViewDef,
    },
    /// A trigger to create. A changed trigger is dropped and created again.
    CreateTrigger {
        /// The table or view.
        table: QualifiedName,
        /// The trigger.
        trigger: Trigger,
    },
    /// A trigger to drop.
    DropTrigger {
        /// The table or view.
        table: QualifiedName,
        /// The trigger as it is.
        trigger: Trigger,
    },
    /// A partition whose parent or bound changed: detached, then attached again.
    SetPartitionOf {
        /// The partition.
        table: QualifiedName,
        /// What it is a partition of.
        from: Option<PartitionOf>,
        /// What it should be a partition of.
        to: Option<PartitionOf>,
    },
    /// A schema Citus starts or stops sharding by schema.
    SetSchemaDistributed {
        /// The schema.
        name: String,
        /// Whether it should be distributed.
        distributed: bool,
    },
    /// A table whose Citus distribution changes: distributed, made a reference table,
    /// undistributed, or given another column, shard count or colocation group.
    SetDistribution {
        /// The table.
        table: QualifiedName,
        /// How it is spread now.
        from: Option<Distribution>,
        /// How it should be spread.
        to: Option<Distribution>,
    },
    /// A table that starts or stops inheriting from parents (`INHERIT` / `NO INHERIT`).
    SetInherits {
        /// The table.
        table: QualifiedName,
        /// The parents it inherits from.
        from: Vec<QualifiedName>,
        /// The parents it should inherit from.
        to: Vec<QualifiedName>,
    },
    /// A table that becomes, stops being or changes how it is partitioned: Postgres cannot
    /// do that in place (the planner refuses it).
    Repartition {
        /// The table.
        table: QualifiedName,
    },
    /// Privileges to grant.
    Grant {
        /// The privileges, object and grantee.
        grant: Grant,
    },
    /// Privileges to revoke.
    Revoke {
        /// The privileges, object and grantee.
        grant: Grant,
    },
    /// One `ALTER DEFAULT PRIVILEGES` statement: `def` granted, or revoked when
    /// `def.revoke`.
    AlterDefaultPrivileges {
        /// The statement's role, schema, objects, privileges and grantee.
        def: DefaultPrivilege,
    },
}

/// Where `ALTER TYPE ... ADD VALUE` puts a new label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumValuePosition {
    /// `BEFORE 'label'`
    Before(String),
    /// `AFTER 'label'`
    After(String),
    /// At the end; only used when the type has no value yet.
    Last,
}

impl Change {
    /// The object the change is about, for messages: ``table `public.users` ``.
    pub fn object(&self) -> String {
        use Change::*;
        match self {
            CreateSchema { name } | DropSchema { name } | SetSchemaDistributed { name, .. } => {
                format!("schema `{name}`")
            }
            CreateEnum { def } | DropEnum { def } | SetEnumComment { def } => {
                format!("enum type `{}`", def.name)
            }
            AddEnumValue { name, .. }
            | RenameEnumValue { name, .. }
            | RenameEnum { to: name, .. } => format!("enum type `{name}`"),
            RecreateEnum { to, .. } => format!("enum type `{}`", to.name),
            CreateTable { def } | DropTable { def } => format!("table `{}`", def.name),
            RenameTable { to, .. } => format!("table `{to}`"),
            RenameConstraint { table, to, .. } => format!("constraint `{to}` on table `{table}`"),
            RenameIndex { table, to, .. } => format!("index `{to}` on table `{table}`"),
            DropInvalidIndex { table, name } => {
                format!("invalid index `{name}` on table `{table}`")
            }
            ValidateConstraint { table, name } => {
                format!("constraint `{name}` on table `{table}`")
            }
            SetTableComment { table, .. }
            | SetRowLevelSecurity { table, .. }
            | SetUnlogged { table, .. }
            | SetTableStorage { table, .. }
            | SetReplicaIdentity { table, .. }
            | SetClusterOn { table, .. } => {
                format!("table `{table}`")
            }
            AddColumn { table, column } | DropColumn { table, column } => {
                format!("column `{table}.{}`", column.name)
            }
            RenameColumn {
                table, to: column, ..
            }
            | AlterColumnType { table, column, .. }
            | SetColumnCollation { table, column, .. }
            | SetColumnNullable { table, column, .. }
            | SetColumnDefault { table, column, .. }
            | SetColumnIdentity { table, column, .. }
            | SetColumnIdentityOptions { table, column, .. }
            | SetColumnGenerated { table, column, .. }
            | SetColumnStorage { table, column, .. }
            | SetColumnCompression { table, column, .. }
            | SetColumnStatistics { table, column, .. }
            | SetColumnOptions { table, column, .. }
            | SetColumnComment { table, column, .. } => format!("column `{table}.{column}`"),
            SetConstraintComment {
                table, constraint, ..
            } => format!("constraint `{constraint}` on table `{table}`"),
            SetPolicyComment { table, policy, .. } => {
                format!("policy `{policy}` on table `{table}`")
            }
            AddPrimaryKey { table, key } | DropPrimaryKey { table, key } => {
                format!("primary key `{}` on table `{table}`", key.name)
            }
            AddUnique { table, unique } | DropUnique { table, unique } => {
                format!("unique constraint `{}` on table `{table}`", unique.name)
            }
            AddCheck { table, check } | DropCheck { table, check } => {
                format!("check constraint `{}` on table `{table}`", check.name)
            }
            AddExclusion { table, exclusion } | DropExclusion { table, exclusion } => {
                format!(
                    "exclusion constraint `{}` on table `{table}`",
                    exclusion.name
                )
            }
            AddForeignKey { table, key } | DropForeignKey { table, key } => {
                format!("foreign key `{}` on table `{table}`", key.name)
            }
            SetIndexComment { table, index, .. } => format!("index `{index}` on table `{table}`"),
            CreateIndex { table, index }
            | DropIndex { table, index }
            | ReplaceIndex {
                table, to: index, ..
            } => format!("index `{}` on table `{table}`", index.name),
            CreatePolicy { table, policy }
            | DropPolicy { table, policy }
            | AlterPolicy {
                table, to: policy, ..
            } => format!("policy `{}` on table `{table}`", policy.name),
            CreateExtension { def } | DropExtension { def } => format!("extension `{}`", def.name),
            CreateRole { def } => format!("role `{}`", def.name),
            CreateDomain { def } | DropDomain { def } | AlterDomain { to: def, .. } => {
                format!("domain `{}`", def.name)
            }
            CreateComposite { def } | DropComposite { def } | AlterComposite { to: def, .. } => {
                format!("composite type `{}`", def.name)
            }
            CreateCollation { def } | DropCollation { def } | SetCollationComment { def } => {
                format!("collation `{}`", def.name)
            }
            CreateSequence { def } | DropSequence { def } | AlterSequence { to: def, .. } => {
                format!("sequence `{}`", def.name)
            }
            CreateAggregate { def } | DropAggregate { def } => def.object(),
            ReplaceAggregate { to, .. } => to.object(),
            CreateOpaque { def }
            | DropOpaque { def }
            | ReplaceOpaque { to: def, .. }
            | SetOpaqueComment { def } => def.object(),
            // An argument list that changes is named as it was.
            CreateFunction { def } | DropFunction { def } | ReplaceFunction { from: def, .. } => {
                format!(
                    "{} `{}({})`",
                    def.kind.as_str(),
                    def.name,
                    def.argument_types().join(", ")
                )
            }
            CreateView { def } | DropView { def } | SetViewOptions { to: def, .. } => {
                format!("{} `{}`", def.kind(), def.name)
            }
            CreateTrigger { table, trigger } | DropTrigger { table, trigger } => {
                format!("trigger `{}` on `{table}`", trigger.name)
            }
            SetPartitionOf { table, .. }
            | Repartition { table }
            | SetInherits { table, .. }
            | SetDistribution { table, .. } => {
                format!("table `{table}`")
            }
            Grant { grant } | Revoke { grant } => {
                format!("grant on {} to `{}`", grant.on, grant.to)
            }
            AlterDefaultPrivileges { def } => def.to_string(),
        }
    }
}

/// A one-line summary for listings: `add column `public.users.email``.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Change::*;
        let verb = match self {
            CreateSchema { .. } | CreateEnum { .. } | CreateTable { .. } => "create",
            CreateIndex { .. } | CreatePolicy { .. } => "create",
            DropSchema { .. } | DropEnum { .. } | DropTable { .. } | DropColumn { .. } => "drop",
            DropPrimaryKey { .. } | DropUnique { .. } | DropCheck { .. } | DropExclusion { .. } => {
                "drop"
            }
            DropForeignKey { .. } | DropIndex { .. } | DropPolicy { .. } => "drop",
            RenameEnum { .. } | RenameTable { .. } | RenameColumn { .. } => "rename",
            RenameConstraint {
                table, from, to, ..
            } => return write!(f, "rename constraint `{from}` on table `{table}` to `{to}`"),
            RenameIndex {
                table, from, to, ..
            } => return write!(f, "rename index `{from}` on table `{table}` to `{to}`"),
            AddColumn { .. } | AddPrimaryKey { .. } | AddUnique { .. } => "add",
            AddCheck { .. } | AddExclusion { .. } | AddForeignKey { .. } => "add",
            AddEnumValue { label, .. } => {
                return write!(f, "add value `{label}` to {}", self.object())
            }
            RenameEnumValue { from, to, .. } => {
                return write!(f, "rename value `{from}` to `{to}` of {}", self.object())
            }
            RecreateEnum { .. } => "recreate",
            SetEnumComment { .. }
            | SetTableComment { .. }
            | SetColumnComment { .. }
            | SetIndexComment { .. }
            | SetConstraintComment { .. }
            | SetPolicyComment { .. } => "set the comment of",
            SetColumnStorage { .. } => "set the storage of",
            SetColumnCompression { .. } => "set the compression of",
            SetColumnStatistics { .. } => "set the statistics target of",
            SetColumnOptions { .. } => "set the attribute options of",
            AlterColumnType { from, to, .. } => {
                return write!(
                    f,
                    "change the type of {} from `{from}` to `{to}`",
                    self.object()
                )
            }
            SetColumnCollation { from, to, .. } => {
                let name = |c: &Option<String>| match c {
                    Some(name) => format!("`{name}`"),
                    None => "the type's default".to_string(),
                };
                return write!(
                    f,
                    "change the collation of {} from {} to {}",
                    self.object(),
                    name(from),
                    name(to)
                );
            }
            SetColumnNullable { nullable: true, .. } => "allow NULL in",
            SetColumnNullable {
                nullable: false, ..
            } => "forbid NULL in",
            SetColumnDefault { .. } => "set the default of",
            SetColumnIdentity { .. } => "set the identity of",
            SetColumnIdentityOptions { .. } => "set the identity options of",
            SetColumnGenerated { .. } => "set the generation expression of",
            ReplaceIndex { .. } => "rebuild",
            SetRowLevelSecurity { .. } => "set row-level security of",
            SetUnlogged { unlogged, .. } => {
                let how = if *unlogged { "unlogged" } else { "logged" };
                return write!(f, "make {} {how}", self.object());
            }
            SetReplicaIdentity { .. } => "set replica identity of",
            SetClusterOn { .. } => "set the index to cluster on of",
            SetTableStorage { .. } => "set the storage parameters of",
            DropInvalidIndex { .. } => "drop",
            ValidateConstraint { .. } => "validate",
            SetViewOptions { .. } => "set the options of",
            AlterPolicy { .. } => "alter",
            CreateExtension { .. } | CreateRole { .. } | CreateDomain { .. } => "create",
            CreateComposite { .. } | CreateFunction { .. } | CreateView { .. } => "create",
            CreateTrigger { .. } | CreateSequence { .. } | CreateCollation { .. } => "create",
            DropCollation { .. } => "drop",
            SetCollationComment { .. } => "set the comment of",
            CreateAggregate { .. } => "create",
            DropAggregate { .. } => "drop",
            ReplaceAggregate { .. } => "replace",
            CreateOpaque { .. } => "create",
            DropOpaque { .. } => "drop",
            ReplaceOpaque { .. } => "replace",
            SetOpaqueComment { .. } => "set the comment of",
            DropExtension { .. } | DropDomain { .. } | DropComposite { .. } => "drop",
            DropFunction { .. } | DropView { .. } | DropTrigger { .. } => "drop",
            DropSequence { .. } => "drop",
            AlterDomain { .. } | AlterComposite { .. } | AlterSequence { .. } => "alter",
            ReplaceFunction { .. } => "replace",
            SetPartitionOf {
                table,
                from: Some(from),
                to: None,
            } => return write!(f, "detach table `{table}` from `{}`", from.parent),
            SetPartitionOf {
                table,
                from: None,
                to: Some(to),
            } => return write!(f, "attach table `{table}` to `{}`", to.parent),
            SetPartitionOf { .. } => "set the partition bound of",
            Repartition { .. } => "change the partitioning of",
            SetInherits { .. } => "change the parents of",
            SetSchemaDistributed { name, distributed } => {
                let verb = if *distributed {
                    "distribute"
                } else {
                    "undistribute"
                };
                return write!(f, "{verb} schema `{name}`");
            }
            SetDistribution { table, to, .. } => {
                return match to {
                    None => write!(f, "undistribute table `{table}`"),
                    Some(Distribution::Reference) => {
                        write!(f, "make table `{table}` a reference table")
                    }
                    Some(Distribution::Distributed(d)) => {
                        write!(f, "distribute table `{table}` by `{}`", d.column)
                    }
                };
            }
            Grant { grant } => {
                let privileges: Vec<&str> = grant.privileges.iter().map(|p| p.as_str()).collect();
                return write!(
                    f,
                    "grant {} on {} to `{}`",
                    privileges.join(", "),
                    grant.on,
                    grant.to
                );
            }
            AlterDefaultPrivileges { def } if def.revoke => "revoke",
            AlterDefaultPrivileges { .. } => "grant",
            Revoke { grant } => {
                let privileges: Vec<&str> = grant.privileges.iter().map(|p| p.as_str()).collect();
                return write!(
                    f,
                    "revoke {} on {} from `{}`",
                    privileges.join(", "),
                    grant.on,
                    grant.to
                );
            }
        };
        write!(f, "{verb} {}", self.object())
    }
}
