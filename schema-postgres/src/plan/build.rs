//! Changes -> steps: each change goes to the object kind that owns it (`crate::kinds`),
//! which writes its SQL, hazards and graph edges with the shared [`Builder`].

use super::builder::Builder;
use crate::kinds::column::ColumnChanges;
use crate::kinds::{
    column, composite, constraint, domain, enum_type, extension, function, grant, index, partition,
    policy, role, schema, sequence, table, trigger, view,
};
use schema_core::diff::Change;
use schema_core::QualifiedName;
use std::collections::HashMap;

/// A kind's step writer: adds the steps for a change of its kind and says whether the
/// change was one.
type Steps = for<'a> fn(&mut Builder<'a>, &'a Change) -> bool;

/// Every kind with changes to plan.
const KINDS: [Steps; 17] = [
    schema::steps,
    extension::steps,
    role::steps,
    enum_type::steps,
    domain::steps,
    composite::steps,
    sequence::steps,
    table::steps,
    column::steps,
    partition::steps,
    constraint::steps,
    index::steps,
    policy::steps,
    function::steps,
    view::steps,
    trigger::steps,
    grant::steps,
];

/// Adds the steps for `changes`, in their order, except that the changes of one column
/// are gathered and planned together (Postgres needs them in a set order).
pub(crate) fn build<'a>(builder: &mut Builder<'a>, changes: &'a [Change]) {
    let mut columns: Vec<((&'a QualifiedName, &'a str), ColumnChanges)> = Vec::new();
    let mut column_slot: HashMap<(&'a QualifiedName, &'a str), usize> = HashMap::new();
    for change in changes {
        let Some(key) = ColumnChanges::column(change) else {
            let planned = KINDS.iter().any(|steps| steps(builder, change));
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
