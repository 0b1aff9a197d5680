//! A table: the model that holds its columns, constraints, indexes, policies and
//! triggers, the table-level checks, and the table-level diff.

pub(crate) mod column;
pub(crate) mod constraint;
pub(crate) mod distribution;
pub(crate) mod index;
pub(crate) mod partition;
pub(crate) mod policy;
pub(crate) mod trigger;

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::lint::{Allow, Lint};
use crate::{
    naming, Check, Column, Deferrable, Distribution, Exclusion, ForeignKey, Index, IndexTarget,
    PartitionBound, PartitionBy, PartitionOf, Policy, PrimaryKey, QualifiedName, RowLevelSecurity,
    Schema, SchemaError, Trigger, Unique,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A table as the database should have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDef {
    /// Schema-qualified table name.
    pub name: QualifiedName,
    /// Columns in declared order (the order Postgres stores them in).
    pub columns: Vec<Column>,
    /// The primary key, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Unique constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// Check constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Exclusion constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    /// Foreign keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes that are not backing a constraint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Row-level security switches.
    #[serde(default, skip_serializing_if = "RowLevelSecurity::is_off")]
    pub row_level_security: RowLevelSecurity,
    /// Row-level security policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    /// `COMMENT ON TABLE` text, from the struct's doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The table's former name, for the diff engine to rename instead of drop and create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Triggers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// `PARTITION BY ...`: the table is a partitioned parent, holding no rows itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<PartitionBy>,
    /// `PARTITION OF parent FOR VALUES ...`: the table is a partition. It declares no
    /// columns or keys: it has its parent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<PartitionOf>,
    /// `INHERITS (parent, ...)`: the table also has every column and check constraint of
    /// these tables without listing them; `columns` holds its own, and may repeat a
    /// parent's column (same type), which Postgres then keeps as the table's own too (as it
    /// does for the columns a table had before `INHERIT`). A column added to a parent
    /// appears in it by itself. Not for partitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherits: Vec<QualifiedName>,
    /// Lints this table (and all its parts) keeps on purpose, each with its reason; `lint` reports none of
    /// them here, and reports an allow that no longer matches anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
    /// `UNLOGGED`: not written to the write-ahead log, so faster to write, but emptied
    /// after a crash and not replicated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlogged: bool,
    /// What logical replication (and Supabase Realtime) records of a row it updates or
    /// deletes.
    #[serde(default, skip_serializing_if = "ReplicaIdentity::is_default")]
    pub replica_identity: ReplicaIdentity,
    /// `CLUSTER ON index`: the index `CLUSTER` without a name orders the table by. Only
    /// recorded; the rows are reordered when someone runs `CLUSTER` (which locks the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_on: Option<String>,
    /// Storage parameters (`WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01)`),
    /// by name, with their values as Postgres prints them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<String, String>,
    /// Indexes a database holds but cannot use: left `INVALID` by a `CREATE INDEX
    /// CONCURRENTLY` that failed or was cancelled. Read from a database, never written in
    /// code: a plan drops them (and builds what the target declares under their names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_indexes: Vec<String>,
    /// Checks and foreign keys a database holds `NOT VALID`: added, but the rows already
    /// there were never checked (the `VALIDATE` failed or never ran). Read from a
    /// database, never written in code: a plan validates them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unvalidated_constraints: Vec<String>,
    /// How Citus spreads the table over a cluster: distributed by a column or copied to
    /// every node as a reference table. `None` for a plain table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

/// `REPLICA IDENTITY`: the old row's columns that logical decoding records for an
/// `UPDATE` or `DELETE`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaIdentity {
    /// The primary key's columns (Postgres's default).
    #[default]
    Default,
    /// Every column: what Supabase Realtime needs to send old rows and to filter deletes.
    Full,
    /// Nothing: updates and deletes cannot be published.
    Nothing,
    /// The columns of this unique index (or unique constraint) of the table, which must
    /// be on `NOT NULL` columns, not partial and not deferrable.
    Index(String),
}

impl ReplicaIdentity {
    fn is_default(&self) -> bool {
        *self == ReplicaIdentity::Default
    }
}

/// Building a table by hand, and what the derive's generated code calls. Constraint and
/// index names left as `None` get Postgres's own default names.
impl TableDef {
    /// How problems name it: ``table `public.users` ``.
    pub(crate) fn object(&self) -> String {
        format!("table `{}`", self.name)
    }

    /// An empty table.
    pub fn new(name: QualifiedName) -> Self {
        TableDef {
            name,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            exclusions: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            row_level_security: RowLevelSecurity::default(),
            policies: Vec::new(),
            comment: None,
            renamed_from: None,
            triggers: Vec::new(),
            partition_by: None,
            partition_of: None,
            inherits: Vec::new(),
            allow: Vec::new(),
            unlogged: false,
            replica_identity: ReplicaIdentity::Default,
            cluster_on: None,
            storage: BTreeMap::new(),
            invalid_indexes: Vec::new(),
            unvalidated_constraints: Vec::new(),
            distribution: None,
        }
    }

    /// Inherits from `parent` (`"public.events"` or `"events"`): see [`inherits`](Self::inherits).
    pub fn inheriting(mut self, parent: &str) -> Self {
        self.inherits.push(QualifiedName::parse(parent));
        self
    }

    /// A partition of `parent` holding the rows within `bound`.
    pub fn partition_of(name: QualifiedName, parent: QualifiedName, bound: PartitionBound) -> Self {
        TableDef {
            partition_of: Some(PartitionOf { parent, bound }),
            ..TableDef::new(name)
        }
    }

    /// Adds a trigger.
    pub fn with_trigger(mut self, trigger: Trigger) -> Self {
        self.triggers.push(trigger);
        self
    }

    /// Makes it `UNLOGGED`.
    pub fn unlogged(mut self) -> Self {
        self.unlogged = true;
        self
    }

    /// The check constraint called `name`.
    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// The foreign key called `name`.
    pub fn foreign_key(&self, name: &str) -> Option<&ForeignKey> {
        self.foreign_keys.iter().find(|k| k.name == name)
    }

    /// Sets a storage parameter, such as `fillfactor`.
    pub fn with_storage(mut self, name: &str, value: &str) -> Self {
        self.storage.insert(name.to_string(), value.to_string());
        self
    }

    /// Sets the index `CLUSTER` orders the table by (`CLUSTER ON`).
    pub fn cluster_on(mut self, index: &str) -> Self {
        self.cluster_on = Some(index.to_string());
        self
    }

    /// Sets its `REPLICA IDENTITY`.
    pub fn with_replica_identity(mut self, identity: ReplicaIdentity) -> Self {
        self.replica_identity = identity;
        self
    }

    /// What makes `columns` (in any order) unique in this table, as a foreign key to them
    /// needs: its primary key or a unique constraint over exactly them, or else a unique
    /// index over exactly them without a predicate, which Postgres accepts too.
    pub fn unique_over(&self, columns: &[String]) -> Option<UniqueOver<'_>> {
        let wanted: std::collections::BTreeSet<&String> = columns.iter().collect();
        let same = |other: &[String]| {
            other.len() == wanted.len() && other.iter().all(|c| wanted.contains(c))
        };
        let constraint = self
            .primary_key
            .iter()
            .map(|k| (&k.name, &k.columns))
            .chain(self.uniques.iter().map(|u| (&u.name, &u.columns)))
            .find(|(_, columns)| same(columns));
        if let Some((name, _)) = constraint {
            return Some(UniqueOver::Constraint(name));
        }
        self.indexes
            .iter()
            .find(|index| {
                let plain: Option<Vec<String>> = index
                    .keys
                    .iter()
                    .map(|k| match &k.target {
                        IndexTarget::Column(c) => Some(c.clone()),
                        IndexTarget::Expression(_) => None,
                    })
                    .collect();
                index.unique && index.predicate.is_none() && plain.is_some_and(|c| same(&c))
            })
            .map(|index| UniqueOver::Index(&index.name))
    }

    /// The names of its primary key and unique constraints, which are also the names of
    /// their indexes.
    pub fn key_names(&self) -> impl Iterator<Item = &String> {
        self.primary_key
            .iter()
            .map(|k| &k.name)
            .chain(self.uniques.iter().map(|u| &u.name))
    }

    /// Looks a column up by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Adds a column.
    pub fn with_column(mut self, column: Column) -> Self {
        self.columns.push(column);
        self
    }

    /// Sets the primary key.
    pub fn with_primary_key(mut self, name: Option<&str>, columns: &[&str]) -> Self {
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| naming::primary_key(&self.name.name));
        self.primary_key = Some(PrimaryKey {
            name,
            columns: strings(columns),
            deferrable: Deferrable::No,
            comment: None,
        });
        self
    }

    /// Adds a unique constraint.
    pub fn with_unique(mut self, name: Option<&str>, columns: &[&str]) -> Self {
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| naming::unique(&self.name.name, columns));
        self.uniques.push(Unique {
            name,
            columns: strings(columns),
            deferrable: Deferrable::No,
            nulls_not_distinct: false,
            comment: None,
        });
        self
    }

    /// Adds a check constraint. Without a name, it is named after `column` the way
    /// Postgres names a column check (`{table}_{column}_check`), or `{table}_check`.
    pub fn with_check(
        mut self,
        name: Option<&str>,
        column: Option<&str>,
        expression: &str,
    ) -> Self {
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| naming::check(&self.name.name, column));
        self.checks.push(Check {
            no_inherit: Default::default(),
            name,
            expression: expression.to_string(),
            comment: None,
        });
        self
    }

    /// Makes the primary key or unique constraint called `name` deferrable (it must have
    /// been added before); other names are left alone, and validation names the table's
    /// constraints.
    pub fn with_deferrable(mut self, name: &str, deferrable: Deferrable) -> Self {
        if let Some(key) = self.primary_key.as_mut().filter(|k| k.name == name) {
            key.deferrable = deferrable;
        }
        for unique in self.uniques.iter_mut().filter(|u| u.name == name) {
            unique.deferrable = deferrable;
        }
        self
    }

    /// Adds an exclusion constraint: `definition` is what follows `EXCLUDE`, such as
    /// `USING gist (room WITH =, during WITH &&)`.
    pub fn with_exclusion(mut self, name: &str, definition: &str) -> Self {
        self.exclusions.push(Exclusion {
            name: name.to_string(),
            definition: definition.to_string(),
            comment: None,
        });
        self
    }

    /// Sets the `COMMENT ON CONSTRAINT` text of the primary key, unique, check, exclusion
    /// constraint or foreign key called `name`.
    ///
    /// # Panics
    ///
    /// When the table has no constraint called `name` (yet): the comment would be lost.
    #[track_caller]
    pub fn with_constraint_comment(mut self, name: &str, comment: &str) -> Self {
        let table = self.name.clone();
        let Some((_, slot)) = self.constraint_comments_mut().find(|(n, _)| *n == name) else {
            panic!("table `{table}` has no constraint `{name}` to comment on; add the constraint first");
        };
        *slot = Some(comment.to_string());
        self
    }

    /// Every constraint's name and comment: the primary key, unique, check and exclusion
    /// constraints and foreign keys, in that order.
    pub fn constraint_comments(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        fn pair<'a>(name: &'a str, comment: &'a Option<String>) -> (&'a str, Option<&'a str>) {
            (name, comment.as_deref())
        }
        self.primary_key
            .iter()
            .map(|c| pair(&c.name, &c.comment))
            .chain(self.uniques.iter().map(|c| pair(&c.name, &c.comment)))
            .chain(self.checks.iter().map(|c| pair(&c.name, &c.comment)))
            .chain(self.exclusions.iter().map(|c| pair(&c.name, &c.comment)))
            .chain(self.foreign_keys.iter().map(|c| pair(&c.name, &c.comment)))
    }

    /// [`constraint_comments`](Self::constraint_comments), each comment to change.
    pub fn constraint_comments_mut(
        &mut self,
    ) -> impl Iterator<Item = (&String, &mut Option<String>)> {
        self.primary_key
            .iter_mut()
            .map(|c| (&c.name, &mut c.comment))
            .chain(self.uniques.iter_mut().map(|c| (&c.name, &mut c.comment)))
            .chain(self.checks.iter_mut().map(|c| (&c.name, &mut c.comment)))
            .chain(
                self.exclusions
                    .iter_mut()
                    .map(|c| (&c.name, &mut c.comment)),
            )
            .chain(
                self.foreign_keys
                    .iter_mut()
                    .map(|c| (&c.name, &mut c.comment)),
            )
    }

    /// Adds a foreign key. `name: None` gets Postgres's default name.
    pub fn with_foreign_key(mut self, name: Option<&str>, mut key: ForeignKey) -> Self {
        key.name = name.map(str::to_string).unwrap_or_else(|| {
            let columns: Vec<&str> = key.columns.iter().map(String::as_str).collect();
            naming::foreign_key(&self.name.name, &columns)
        });
        self.foreign_keys.push(key);
        self
    }

    /// Adds an index. `name: None` gets Postgres's default name.
    pub fn with_index(mut self, name: Option<&str>, mut index: Index) -> Self {
        index.name = name
            .map(str::to_string)
            .unwrap_or_else(|| naming::index(&self.name.name, &index.keys));
        self.indexes.push(index);
        self
    }

    /// Adds a policy.
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policies.push(policy);
        self
    }

    /// Keeps `lint` quiet on this table and its parts, for `reason`.
    pub fn allow(mut self, lint: Lint, reason: &str) -> Self {
        self.allow.push(Allow::new(lint, reason));
        self
    }
}

/// Checks the table's own allows; its policies' are checked with the policies.
pub(crate) fn validate(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    for problem in Allow::problems(&table.allow) {
        errors.push(error(table.object(), problem));
    }
    validate_inheritance(schema, table, errors);
    if !table.storage.is_empty() && table.partition_by.is_some() {
        errors.push(error(
            table.object(),
            "is partitioned and sets storage parameters; Postgres takes them on the partitions only".into(),
        ));
    }
    if table.unlogged && table.partition_by.is_some() {
        errors.push(error(
            table.object(),
            "is partitioned and `unlogged`; Postgres cannot make a partitioned table unlogged (make its partitions unlogged instead)".into(),
        ));
    }
    if let Some(index) = &table.cluster_on {
        let known = table.indexes.iter().any(|i| &i.name == index)
            || table.primary_key.as_ref().is_some_and(|k| &k.name == index)
            || table.uniques.iter().any(|u| &u.name == index);
        if !known {
            errors.push(error(
                table.object(),
                format!("is clustered on `{index}`, which is not one of its indexes, unique constraints or its primary key"),
            ));
        }
    }
    if let ReplicaIdentity::Index(name) = &table.replica_identity {
        match replica_identity_columns(table, name) {
            None => errors.push(error(
                table.object(),
                format!("has replica identity index `{name}`, which is not a unique constraint or unique index of the table on plain columns without a `WHERE`"),
            )),
            Some(columns) => {
                for column in columns {
                    if table.column(column).is_some_and(|c| c.nullable) {
                        errors.push(error(
                            table.object(),
                            format!("has replica identity index `{name}` over column `{column}`, which allows NULL; Postgres requires its columns to be NOT NULL"),
                        ));
                    }
                }
            }
        }
    }
}

/// Parents that exist, are not partitioned and do not lead back to the table; a table
/// that is no partition; no column listed that a parent already has.
fn validate_inheritance(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    if table.inherits.is_empty() {
        return;
    }
    let mut problem = |message: String| errors.push(error(table.object(), message));
    if table.partition_of.is_some() || table.partition_by.is_some() {
        problem(
            "inherits and is partitioned or a partition; Postgres allows only one of them".into(),
        );
    }
    for parent in &table.inherits {
        match schema.table(parent) {
            // A table the app does not own (`add_external_table`) may be a parent too.
            None if schema.external.tables.iter().any(|t| &t.name == parent) => {}
            None => problem(format!(
                "inherits from `{parent}`, which is neither a table of the schema nor an external one"
            )),
            Some(def) if def.partition_by.is_some() || def.partition_of.is_some() => {
                problem(format!(
                    "inherits from `{parent}`, which is partitioned or a partition; Postgres refuses that"
                ))
            }
            Some(_) => {}
        }
    }
    // Walk up the parents: the table itself among them is a cycle.
    let mut seen = vec![&table.name];
    let mut next: Vec<&QualifiedName> = table.inherits.iter().collect();
    while let Some(name) = next.pop() {
        if name == &table.name {
            problem("inherits from itself, through its parents".into());
            break;
        }
        if seen.contains(&name) || seen.len() > 64 {
            continue;
        }
        seen.push(name);
        if let Some(def) = schema.table(name) {
            next.extend(&def.inherits);
        }
    }
    // A column listed with a parent's name merges with the parent's: same type.
    let inherited = inherited_columns(schema, table);
    for column in &table.columns {
        if let Some(theirs) = inherited.iter().find(|c| c.name == column.name) {
            if theirs.ty != column.ty {
                problem(format!(
                    "lists column `{}` as `{}`, but inherits it as `{}`; Postgres merges the two only when the types are the same",
                    column.name, column.ty, theirs.ty
                ));
            }
        }
    }
}

/// What makes a table's columns unique (see [`TableDef::unique_over`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueOver<'a> {
    /// The primary key or a unique constraint, by name.
    Constraint(&'a str),
    /// A unique index, by name.
    Index(&'a str),
}

/// The columns of the unique index or constraint `name` that can be a replica identity.
fn replica_identity_columns<'a>(table: &'a TableDef, name: &str) -> Option<Vec<&'a str>> {
    let names = |columns: &'a [String]| columns.iter().map(String::as_str).collect();
    if let Some(key) = table.primary_key.as_ref().filter(|k| k.name == name) {
        return Some(names(&key.columns));
    }
    if let Some(unique) = table.uniques.iter().find(|u| u.name == name) {
        return Some(names(&unique.columns));
    }
    let index = table
        .indexes
        .iter()
        .find(|i| i.name == name && i.unique && i.predicate.is_none())?;
    index
        .keys
        .iter()
        .map(|key| match &key.target {
            IndexTarget::Column(column) => Some(column.as_str()),
            _ => None,
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A partition's columns are its parent's; for checking its indexes, the partition with
/// them filled in. `None` for a table that is not a partition (or whose parent is missing,
/// which `partitioning` reports).
pub(crate) fn with_parent_columns(schema: &Schema, table: &TableDef) -> Option<TableDef> {
    if table.partition_of.is_none() {
        return with_inherited_columns(schema, table);
    }
    let parent = schema.table(&table.partition_of.as_ref()?.parent)?;
    Some(TableDef {
        columns: columns_of_table(schema, parent, 0),
        ..table.clone()
    })
}

/// `table` with the columns it inherits (`INHERITS`) beside its own, from its parents in
/// the schema and from external ones; `None` when it inherits nothing.
fn with_inherited_columns(schema: &Schema, table: &TableDef) -> Option<TableDef> {
    if table.inherits.is_empty() {
        return None;
    }
    let mut all = table.clone();
    let inherited = inherited_columns(schema, table).into_iter().cloned();
    let external = schema
        .external
        .tables
        .iter()
        .filter(|t| table.inherits.contains(&t.name))
        .flat_map(|t| &t.columns)
        .map(|c| crate::Column::new(&c.name, c.ty.clone(), true));
    for column in inherited.chain(external) {
        if all.column(&column.name).is_none() {
            all.columns.push(column);
        }
    }
    Some(all)
}

/// Every column of `table`: its own, a partition's parent's, and those it inherits.
pub(crate) fn columns_of<'a>(schema: &'a Schema, table: &'a TableDef) -> Vec<&'a str> {
    let mut names: Vec<&'a str> = own_columns_of(schema, table);
    for column in inherited_columns(schema, table) {
        if !names.contains(&column.name.as_str()) {
            names.push(column.name.as_str());
        }
    }
    // Those of external parents, which list all the columns they have.
    let external = schema
        .external
        .tables
        .iter()
        .filter(|t| table.inherits.contains(&t.name));
    for column in external.flat_map(|t| &t.columns) {
        if !names.contains(&column.name.as_str()) {
            names.push(column.name.as_str());
        }
    }
    names
}

/// The columns `table` inherits from its parents (and theirs), each once, in the order
/// Postgres gives them: the parents' first.
pub(crate) fn inherited_columns<'a>(
    schema: &'a Schema,
    table: &'a TableDef,
) -> Vec<&'a crate::Column> {
    inherited_from(&|name| schema.table(name), &table.inherits).0
}

/// The columns and check constraints a table inheriting from `parents` has from them (and
/// theirs), each once, the tables found with `table_named`.
fn inherited_from<'a>(
    table_named: &dyn Fn(&QualifiedName) -> Option<&'a TableDef>,
    parents: &[QualifiedName],
) -> (Vec<&'a crate::Column>, Vec<&'a Check>) {
    fn walk<'a>(
        table_named: &dyn Fn(&QualifiedName) -> Option<&'a TableDef>,
        parents: &[QualifiedName],
        depth: usize,
        out: &mut (Vec<&'a crate::Column>, Vec<&'a Check>),
    ) {
        if depth > 16 {
            return; // A cycle, which validation reports.
        }
        for parent in parents.iter().filter_map(table_named) {
            walk(table_named, &parent.inherits, depth + 1, out);
            for column in &parent.columns {
                if !out.0.iter().any(|c| c.name == column.name) {
                    out.0.push(column);
                }
            }
            for check in parent.checks.iter().filter(|c| !c.no_inherit) {
                if !out.1.iter().any(|c| c.name == check.name) {
                    out.1.push(check);
                }
            }
        }
    }
    let mut out = (Vec::new(), Vec::new());
    walk(table_named, parents, 0, &mut out);
    out
}

/// `old` as the diff compares it with `new` when the parents it inherits from change: a
/// parent given up leaves its columns and checks behind as the table's own (`NO INHERIT`
/// keeps them), so they are not added. (A parent taken on merges the columns and checks
/// of the same names the table has, which stay its own and listed.)
fn as_inheriting_like(old: &TableDef, new: &TableDef, from: &[TableDef]) -> TableDef {
    let mut old = old.clone();
    let given_up: Vec<QualifiedName> = old
        .inherits
        .iter()
        .filter(|p| !new.inherits.contains(p))
        .cloned()
        .collect();
    let (columns, checks) =
        inherited_from(&|name| from.iter().find(|t| &t.name == name), &given_up);
    for column in columns {
        if old.column(&column.name).is_none() {
            old.columns.push(column.clone());
        }
    }
    for check in checks {
        if old.check(&check.name).is_none() {
            old.checks.push(check.clone());
        }
    }
    old
}

/// `from`, with each partition that becomes a plain table in `to` as `DETACH PARTITION`
/// leaves it (see [`as_detached`]): the diff then changes only what the plain table
/// wants otherwise.
pub(crate) fn detaching<'a>(
    from: std::borrow::Cow<'a, Schema>,
    to: &Schema,
) -> std::borrow::Cow<'a, Schema> {
    let becomes = |t: &TableDef| {
        t.partition_of.is_some()
            && to
                .table(&t.name)
                .is_some_and(|new| new.partition_of.is_none())
    };
    with_tables_as(from, becomes, as_detached)
}

/// `schema`, each table `changes` picks replaced by `into(table, schema's tables)`;
/// borrowed as it is when it picks none.
fn with_tables_as<'a>(
    schema: std::borrow::Cow<'a, Schema>,
    changes: impl Fn(&TableDef) -> bool,
    into: fn(&TableDef, &[TableDef]) -> TableDef,
) -> std::borrow::Cow<'a, Schema> {
    if !schema.tables.iter().any(&changes) {
        return schema;
    }
    let mut owned = schema.into_owned();
    let tables: Vec<TableDef> = owned
        .tables
        .iter()
        .map(|t| {
            if changes(t) {
                into(t, &owned.tables)
            } else {
                t.clone()
            }
        })
        .collect();
    owned.tables = tables;
    std::borrow::Cow::Owned(owned)
}

/// `old`, a partition, as `DETACH PARTITION` leaves it: a plain table with the columns of
/// the table at the top of its partition tree, the checks and foreign keys its parents
/// gave it (Postgres keeps them, under their names), and only its own indexes and keys:
/// the plan drops those it had from its parents' indexes, whose names Postgres chose.
fn as_detached(old: &TableDef, from: &[TableDef]) -> TableDef {
    let mut table = old.clone();
    let mut current = old;
    for _ in 0..16 {
        let parent = current
            .partition_of
            .as_ref()
            .and_then(|p| from.iter().find(|t| t.name == p.parent));
        let Some(parent) = parent else { break };
        for check in &parent.checks {
            if table.check(&check.name).is_none() {
                table.checks.push(check.clone());
            }
        }
        for key in &parent.foreign_keys {
            if !table.foreign_keys.iter().any(|k| k.name == key.name) {
                table.foreign_keys.push(key.clone());
            }
        }
        current = parent;
    }
    table.columns = current
        .columns
        .iter()
        .map(|c| crate::Column {
            comment: None,
            ..c.clone()
        })
        .collect();
    // Still a partition, for the change that detaches it.
    table
}

/// `to`, with each table that becomes a partition of another (a plain table in `from`)
/// given its parent's columns, as the changes that prepare it for `ATTACH PARTITION`
/// describe it (see [`as_attached`]).
pub(crate) fn attaching<'a>(
    from: &Schema,
    to: std::borrow::Cow<'a, Schema>,
) -> std::borrow::Cow<'a, Schema> {
    let becomes = |t: &TableDef| {
        t.partition_of.is_some()
            && from
                .table(&t.name)
                .is_some_and(|old| old.partition_of.is_none())
    };
    with_tables_as(to, becomes, as_attached)
}

/// `new`, a partition, as the diff compares a plain table with it before `ATTACH
/// PARTITION`: with the columns of the table at the top of its partition tree, since
/// Postgres attaches only a table with exactly those.
fn as_attached(new: &TableDef, to: &[TableDef]) -> TableDef {
    let mut current = new;
    for _ in 0..16 {
        let parent = current
            .partition_of
            .as_ref()
            .and_then(|p| to.iter().find(|t| t.name == p.parent));
        match parent {
            Some(parent) => current = parent,
            None => break,
        }
    }
    // Comments are the partition's own, and a partition has none in the model.
    let columns = current
        .columns
        .iter()
        .map(|c| crate::Column {
            comment: None,
            ..c.clone()
        })
        .collect();
    TableDef {
        columns,
        ..new.clone()
    }
}

fn own_columns_of<'a>(schema: &'a Schema, table: &'a TableDef) -> Vec<&'a str> {
    let mut current = table;
    // Partitions of partitions: follow the chain up to the table that has the columns,
    // with a bound in case of a cycle (reported by `partitioning`).
    for _ in 0..16 {
        match current
            .partition_of
            .as_ref()
            .and_then(|p| schema.table(&p.parent))
        {
            Some(parent) => current = parent,
            None => break,
        }
    }
    current.columns.iter().map(|c| c.name.as_str()).collect()
}

fn columns_of_table(schema: &Schema, table: &TableDef, depth: usize) -> Vec<crate::Column> {
    match table
        .partition_of
        .as_ref()
        .and_then(|p| schema.table(&p.parent))
    {
        Some(parent) if depth < 16 => columns_of_table(schema, parent, depth + 1),
        _ => table.columns.clone(),
    }
}

pub(crate) fn diff(from: &[TableDef], to: &[TableDef], out: &mut Vec<Change>) {
    let matched = match_by(from, to, |t| &t.name);
    for table in matched.added {
        out.push(Change::CreateTable { def: table.clone() });
        // A replica identity index exists only once the table's indexes do.
        if table.replica_identity != ReplicaIdentity::Default {
            out.push(Change::SetReplicaIdentity {
                table: table.name.clone(),
                identity: table.replica_identity.clone(),
            });
        }
        if table.cluster_on.is_some() {
            out.push(Change::SetClusterOn {
                table: table.name.clone(),
                index: table.cluster_on.clone(),
            });
        }
    }
    for (old, new) in matched.common {
        if old.partition_of.is_none() && new.partition_of.is_some() {
            // A table that becomes a partition is attached in place: first it is made to
            // look like one, with its parent's columns and none of its own keys.
            diff_table(old, &as_attached(new, to), out);
        } else if old.inherits == new.inherits {
            diff_table(old, new, out);
        } else {
            diff_table(&as_inheriting_like(old, new, from), new, out);
            out.push(Change::SetInherits {
                table: new.name.clone(),
                from: old.inherits.clone(),
                to: new.inherits.clone(),
            });
        }
    }
    for table in matched.removed {
        out.push(Change::DropTable { def: table.clone() });
    }
    distribution::diff(from, to, out);
}

fn diff_table(old: &TableDef, new: &TableDef, out: &mut Vec<Change>) {
    let name = &new.name;
    for index in &old.invalid_indexes {
        out.push(Change::DropInvalidIndex {
            table: name.clone(),
            name: index.clone(),
        });
    }
    column::diff(name, &old.columns, &new.columns, out);
    constraint::diff(old, new, out);
    for constraint in &old.unvalidated_constraints {
        // A constraint that changes is dropped and added again, validated; one that stays
        // the same only needs the check of the rows it never saw.
        let same_check = matches!(
            (old.check(constraint), new.check(constraint)),
            (Some(a), Some(b)) if a == b
        );
        let same_key = matches!(
            (old.foreign_key(constraint), new.foreign_key(constraint)),
            (Some(a), Some(b)) if a == b
        );
        if same_check || same_key {
            out.push(Change::ValidateConstraint {
                table: name.clone(),
                name: constraint.clone(),
            });
        }
    }
    index::diff(name, &old.indexes, &new.indexes, out);
    policy::diff(name, old, new, out);
    if old.comment != new.comment {
        out.push(Change::SetTableComment {
            table: name.clone(),
            comment: new.comment.clone(),
        });
    }
    if old.storage != new.storage {
        out.push(Change::SetTableStorage {
            table: name.clone(),
            from: old.storage.clone(),
            to: new.storage.clone(),
        });
    }
    if old.unlogged != new.unlogged {
        out.push(Change::SetUnlogged {
            table: name.clone(),
            unlogged: new.unlogged,
        });
    }
    if old.replica_identity != new.replica_identity {
        out.push(Change::SetReplicaIdentity {
            table: name.clone(),
            identity: new.replica_identity.clone(),
        });
    }
    if old.cluster_on != new.cluster_on {
        out.push(Change::SetClusterOn {
            table: name.clone(),
            index: new.cluster_on.clone(),
        });
    }
}
