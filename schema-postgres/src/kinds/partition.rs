//! Declarative partitioning: a parent's `PARTITION BY` and a partition's bound.

use schema_core::{quote_ident, IndexTarget, PartitionBound, PartitionBy};
use std::fmt::{self, Write};

/// `PARTITION BY RANGE (key, (expression))`
pub fn partition_by(by: &PartitionBy, out: &mut impl Write) -> fmt::Result {
    write!(out, "PARTITION BY {} (", by.strategy.as_str())?;
    for (i, key) in by.keys.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        match key {
            IndexTarget::Column(column) => out.write_str(&quote_ident(column))?,
            IndexTarget::Expression(sql) => write!(out, "({sql})")?,
        }
    }
    out.write_char(')')
}

/// `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (MODULUS m,
/// REMAINDER r)` or `DEFAULT`.
pub fn partition_bound(bound: &PartitionBound, out: &mut impl Write) -> fmt::Result {
    match bound {
        PartitionBound::Range { from, to } => write!(
            out,
            "FOR VALUES FROM ({}) TO ({})",
            from.join(", "),
            to.join(", ")
        ),
        PartitionBound::List(values) => write!(out, "FOR VALUES IN ({})", values.join(", ")),
        PartitionBound::Hash { modulus, remainder } => write!(
            out,
            "FOR VALUES WITH (MODULUS {modulus}, REMAINDER {remainder})"
        ),
        PartitionBound::Default => out.write_str("DEFAULT"),
    }
}
