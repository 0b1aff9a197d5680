//! Declarative partitioning: a parent table partitioned by range, list or hash, and its
//! partitions, which are tables of their own with a bound.

use crate::diff::Change;
use crate::error::error;
use crate::kinds::table::columns_of;
use crate::{IndexTarget, QualifiedName, Schema, SchemaError, TableDef};
use serde::{Deserialize, Serialize};

/// `PARTITION BY strategy (keys)` on a parent table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionBy {
    /// How rows are routed to partitions.
    pub strategy: PartitionStrategy,
    /// The partition key: columns or expressions.
    pub keys: Vec<IndexTarget>,
}

/// How rows are routed to partitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionStrategy {
    /// `RANGE`: each partition holds a range of key values.
    Range,
    /// `LIST`: each partition holds listed key values.
    List,
    /// `HASH`: rows are spread by a hash of the key.
    Hash,
}

impl PartitionStrategy {
    /// All strategies with their attribute spelling.
    pub const ALL: [(&'static str, PartitionStrategy); 3] = [
        ("range", PartitionStrategy::Range),
        ("list", PartitionStrategy::List),
        ("hash", PartitionStrategy::Hash),
    ];

    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            PartitionStrategy::Range => "RANGE",
            PartitionStrategy::List => "LIST",
            PartitionStrategy::Hash => "HASH",
        }
    }
}

/// `PARTITION OF parent FOR VALUES ...` on a partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOf {
    /// The partitioned table.
    pub parent: QualifiedName,
    /// Which rows the partition holds.
    pub bound: PartitionBound,
}

/// The rows a partition holds. Values are SQL expressions, verbatim: `'2025-01-01'`,
/// `42`, `MINVALUE`, `MAXVALUE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionBound {
    /// `FOR VALUES FROM (...) TO (...)`: from inclusive, to exclusive, one value per key.
    Range {
        /// Lower bound, inclusive.
        from: Vec<String>,
        /// Upper bound, exclusive.
        to: Vec<String>,
    },
    /// `FOR VALUES IN (...)`
    List(Vec<String>),
    /// `FOR VALUES WITH (MODULUS m, REMAINDER r)`
    Hash {
        /// The number of hash partitions.
        modulus: u32,
        /// Which of them this one is.
        remainder: u32,
    },
    /// `DEFAULT`: rows no other partition takes (range and list only).
    Default,
}

impl PartitionBound {
    /// A range bound with one key: `FROM (from) TO (to)`.
    pub fn range(from: &str, to: &str) -> Self {
        PartitionBound::Range {
            from: vec![from.to_string()],
            to: vec![to.to_string()],
        }
    }

    /// A list bound.
    pub fn list(values: &[&str]) -> Self {
        PartitionBound::List(values.iter().map(|v| v.to_string()).collect())
    }

    /// A hash bound.
    pub fn hash(modulus: u32, remainder: u32) -> Self {
        PartitionBound::Hash { modulus, remainder }
    }
}

pub(crate) fn validate(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    let object = table.object();
    if let Some(by) = &table.partition_by {
        if by.keys.is_empty() {
            errors.push(error(object.clone(), "is partitioned by no key".into()));
        }
        let columns = columns_of(schema, table);
        for key in &by.keys {
            if let IndexTarget::Column(name) = key {
                if !columns.contains(&name.as_str()) {
                    errors.push(error(
                        object.clone(),
                        format!("is partitioned by column `{name}`, which it does not have"),
                    ));
                }
            }
        }
        // Postgres enforces uniqueness per partition only, so a unique key must contain
        // the whole partition key for it to hold across partitions.
        let key_columns: Vec<&String> = by
            .keys
            .iter()
            .filter_map(|k| match k {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expression(_) => None,
            })
            .collect();
        let has_expression = key_columns.len() < by.keys.len();
        let keys = table
            .primary_key
            .iter()
            .map(|pk| (format!("primary key `{}`", pk.name), &pk.columns))
            .chain(
                table
                    .uniques
                    .iter()
                    .map(|u| (format!("unique constraint `{}`", u.name), &u.columns)),
            );
        for (what, key) in keys {
            let missing: Vec<&str> = key_columns
                .iter()
                .filter(|c| !key.contains(c))
                .map(|c| c.as_str())
                .collect();
            if has_expression {
                errors.push(error(
                    object.clone(),
                    format!("has {what}, but is partitioned by an expression; Postgres cannot enforce a unique key across partitions then"),
                ));
            } else if !missing.is_empty() {
                errors.push(error(
                    object.clone(),
                    format!(
                        "has {what} on ({}), which lacks partition key column(s) {}; a unique key of a partitioned table must include the whole partition key",
                        key.join(", "),
                        missing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    let Some(of) = &table.partition_of else {
        return;
    };
    // A partition has its parent's columns and keys; checks, unique and foreign keys of
    // its own come on top of them, and a primary key only where the parent has none.
    let parent_has_key = schema
        .table(&of.parent)
        .is_some_and(|p| p.primary_key.is_some());
    let own = [
        (!table.columns.is_empty(), "columns"),
        (
            table.primary_key.is_some() && parent_has_key,
            "a primary key, and its parent has one",
        ),
    ];
    for (declared, what) in own {
        if declared {
            errors.push(error(
                object.clone(),
                format!("is a partition of `{}` and declares {what}; a partition has its parent's columns and keys, so declare them on the parent", of.parent),
            ));
        }
    }
    if of.parent == table.name {
        errors.push(error(object, "is declared a partition of itself".into()));
        return;
    }
    let Some(parent) = schema.table(&of.parent) else {
        // A partition of a table the app does not own (in a schema not read): its bound
        // is the owner's to check.
        if !schema.external.tables.iter().any(|t| t.name == of.parent) {
            errors.push(error(
                object,
                format!(
                    "is a partition of `{}`, which is neither declared nor external",
                    of.parent
                ),
            ));
        }
        return;
    };
    let Some(by) = &parent.partition_by else {
        errors.push(error(
            object,
            format!(
                "is a partition of table `{}`, which is not partitioned; add `partition_by(...)` to its `#[table(...)]`",
                of.parent
            ),
        ));
        return;
    };
    let strategy = by.strategy.as_str().to_ascii_lowercase();
    let mismatch = |bound: &str| {
        error(
            object.clone(),
            format!(
                "has a {bound} bound, but `{}` is partitioned by {strategy}",
                of.parent
            ),
        )
    };
    match (&of.bound, by.strategy) {
        (PartitionBound::Range { from, to }, PartitionStrategy::Range) => {
            if from.len() != by.keys.len() || to.len() != by.keys.len() {
                errors.push(error(
                    object.clone(),
                    format!(
                        "has a range bound of {} and {} value(s), but the partition key of `{}` has {} column(s)",
                        from.len(),
                        to.len(),
                        of.parent,
                        by.keys.len()
                    ),
                ));
            }
        }
        (PartitionBound::List(values), PartitionStrategy::List) => {
            if values.is_empty() {
                errors.push(error(
                    object.clone(),
                    "has a list bound with no values".into(),
                ));
            }
        }
        (PartitionBound::Hash { modulus, remainder }, PartitionStrategy::Hash) => {
            if *modulus == 0 || remainder >= modulus {
                errors.push(error(
                    object.clone(),
                    format!("has hash bound modulus {modulus}, remainder {remainder}; the remainder must be below a positive modulus"),
                ));
            }
        }
        (PartitionBound::Default, PartitionStrategy::Hash) => errors.push(error(
            object.clone(),
            format!(
                "is the default partition, but `{}` is partitioned by hash, which has none",
                of.parent
            ),
        )),
        (PartitionBound::Default, _) => {}
        (PartitionBound::Range { .. }, _) => errors.push(mismatch("range")),
        (PartitionBound::List(_), _) => errors.push(mismatch("list")),
        (PartitionBound::Hash { .. }, _) => errors.push(mismatch("hash")),
    }
}

pub(crate) fn diff(from: &TableDef, to: &TableDef, changes: &mut Vec<Change>) {
    if from.partition_by != to.partition_by {
        changes.push(Change::Repartition {
            table: to.name.clone(),
        });
    }
    if from.partition_of != to.partition_of {
        changes.push(Change::SetPartitionOf {
            table: to.name.clone(),
            from: from.partition_of.clone(),
            to: to.partition_of.clone(),
        });
    }
}
