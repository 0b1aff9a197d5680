//! What `#[table(partition_by = ...)]` describes partitioning with.

use crate::__private::IndexTargetSpec;
use crate::{IndexTarget, PartitionBy, PartitionStrategy};

/// `#[table(partition_by(...))]`
pub struct PartitionBySpec<'a> {
    /// The strategy.
    pub strategy: PartitionStrategy,
    /// Column names and expressions.
    pub keys: &'a [IndexTargetSpec<'a>],
}

pub(super) fn partition_by(spec: &PartitionBySpec<'_>) -> PartitionBy {
    PartitionBy {
        strategy: spec.strategy,
        keys: spec
            .keys
            .iter()
            .map(|key| match *key {
                IndexTargetSpec::Column(name) => IndexTarget::Column(name.to_string()),
                IndexTargetSpec::Expression(sql) => IndexTarget::Expression(sql.to_string()),
            })
            .collect(),
    }
}
