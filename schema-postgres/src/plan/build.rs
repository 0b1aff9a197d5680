//! Changes -> steps: each change goes to the object kind that owns it (`crate::kinds`),
//! which writes its SQL, hazards and graph edges with the shared [`Builder`].

use super::builder::Builder;
use crate::kinds::column::ColumnChanges;
use crate::kinds::KINDS;
use schema_core::diff::Change;
use schema_core::QualifiedName;
use std::collections::HashMap;

/// Adds the steps for `changes`, in their order, except that the changes of one column
/// are gathered and planned together (Postgres needs them in a set order).
pub(crate) fn build<'a>(builder: &mut Builder<'a>, changes: &'a [Change]) {
    let mut columns: Vec<((&'a QualifiedName, &'a str), ColumnChanges)> = Vec::new();
    let mut column_slot: HashMap<(&'a QualifiedName, &'a str), usize> = HashMap::new();
    for change in changes {
        if crate::kinds::distribution::refuses(builder, change) {
            continue;
        }
        let Some(key) = ColumnChanges::column(change) else {
            let planned = KINDS.iter().any(|kind| (kind.steps)(builder, change));
            assert!(planned, "no object kind plans the change: {change}");
            continue;
        };
        let slot = *column_slot.entry(key).or_insert_with(|| {
            columns.push((key, ColumnChanges::default()));
            columns.len() - 1
        });
        columns[slot].1.add(change);
    }
    for ((table, column), gathered) in columns {
        builder.alter_column(table, column, gathered);
    }
}
