//! A table: the model that holds its columns, constraints, indexes, policies and
//! triggers, the table-level checks, and the table-level diff.

pub(crate) mod column;
pub(crate) mod constraint;
pub(crate) mod index;
pub(crate) mod partition;
pub(crate) mod policy;
pub(crate) mod trigger;

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::lint::{Allow, Lint};
use crate::{
    naming, Check, Column, ForeignKey, Index, PartitionBound, PartitionBy, PartitionOf, Policy,
    PrimaryKey, QualifiedName, RowLevelSecurity, Schema, SchemaError, Trigger, Unique,
};
use serde::{Deserialize, Serialize};

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
    /// Lints this table (and all its parts) keeps on purpose, each with its reason; `lint` reports none of
    /// them here, and reports an allow that no longer matches anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
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
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            row_level_security: RowLevelSecurity::default(),
            policies: Vec::new(),
            comment: None,
            renamed_from: None,
            triggers: Vec::new(),
            partition_by: None,
            partition_of: None,
            allow: Vec::new(),
        }
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
            name,
            expression: expression.to_string(),
        });
        self
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
pub(crate) fn validate(table: &TableDef, errors: &mut Vec<SchemaError>) {
    for problem in Allow::problems(&table.allow) {
        errors.push(error(table.object(), problem));
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A partition's columns are its parent's; for checking its indexes, the partition with
/// them filled in. `None` for a table that is not a partition (or whose parent is missing,
/// which `partitioning` reports).
pub(crate) fn with_parent_columns(schema: &Schema, table: &TableDef) -> Option<TableDef> {
    let parent = schema.table(&table.partition_of.as_ref()?.parent)?;
    Some(TableDef {
        columns: columns_of_table(schema, parent, 0),
        ..table.clone()
    })
}

pub(crate) fn columns_of<'a>(schema: &'a Schema, table: &'a TableDef) -> Vec<&'a str> {
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
    }
    for (old, new) in matched.common {
        diff_table(old, new, out);
    }
    for table in matched.removed {
        out.push(Change::DropTable { def: table.clone() });
    }
}

fn diff_table(old: &TableDef, new: &TableDef, out: &mut Vec<Change>) {
    let name = &new.name;
    column::diff(name, &old.columns, &new.columns, out);
    constraint::diff(old, new, out);
    index::diff(name, &old.indexes, &new.indexes, out);
    policy::diff(name, old, new, out);
    if old.comment != new.comment {
        out.push(Change::SetTableComment {
            table: name.clone(),
            comment: new.comment.clone(),
        });
    }
}
