//! Declarative partitioning: a parent table partitioned by range, list or hash, and its
//! partitions, which are tables of their own with a bound.

use crate::name::QualifiedName;
use crate::table::IndexTarget;
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
