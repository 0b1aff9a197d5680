//! A partition as a builder call: `.partition::<Events>("events_2025", bound)` when it is
//! only its bound, else `TableDef::partition_of(..)` with what it has of its own (a
//! sub-partitioning key, indexes, a comment). A partition's columns are its parent's, so
//! it has no struct.

use super::{lit, some_text, Names};
use schema_core::{
    Index, IndexKey, IndexTarget, NullsOrder, PartitionBound, PartitionBy, PartitionStrategy,
    QualifiedName, TableDef,
};
use std::fmt::Write;

/// Whether the builder calls can say everything this partition holds.
pub(crate) fn supported(table: &TableDef) -> bool {
    let Some(of) = &table.partition_of else {
        return false;
    };
    let mut rest = table.clone();
    rest.partition_by = None;
    rest.indexes.clear();
    rest.comment = None;
    rest == TableDef::partition_of(table.name.clone(), of.parent.clone(), of.bound.clone())
}

/// The builder call for the partition `table`, from the `.` on.
pub(crate) fn call(table: &TableDef, names: &Names) -> String {
    let of = table.partition_of.as_ref().expect("supported");
    let bound = bound_expr(&of.bound);
    let bare = table.partition_by.is_none() && table.indexes.is_empty() && table.comment.is_none();
    if let Some(parent) = names.table_type(&of.parent) {
        if bare && of.parent.schema == table.name.schema {
            return format!(".partition::<{parent}>({}, {bound})", lit(&table.name.name));
        }
    }
    let mut base = format!(
        "TableDef::partition_of({}, {}, {bound})",
        name_expr(&table.name),
        name_expr(&of.parent)
    );
    for index in &table.indexes {
        write!(
            base,
            ".with_index(Some({}), {})",
            lit(&index.name),
            index_expr(index)
        )
        .unwrap();
    }
    let mut fields = Vec::new();
    if let Some(by) = &table.partition_by {
        fields.push(format!("partition_by: Some({})", partition_by_expr(by)));
    }
    if let Some(comment) = &table.comment {
        fields.push(format!("comment: {}", some_text(comment)));
    }
    format!(
        ".add_table({})",
        super::with_fields("TableDef", fields, base)
    )
}

fn name_expr(name: &QualifiedName) -> String {
    format!(
        "QualifiedName::new({}, {})",
        lit(&name.schema),
        lit(&name.name)
    )
}

fn strings(values: &[String]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|v| format!("{}.into()", lit(v)))
        .collect();
    format!("vec![{}]", items.join(", "))
}

fn bound_expr(bound: &PartitionBound) -> String {
    match bound {
        PartitionBound::Range { from, to } if from.len() == 1 && to.len() == 1 => {
            format!("PartitionBound::range({}, {})", lit(&from[0]), lit(&to[0]))
        }
        PartitionBound::Range { from, to } => format!(
            "PartitionBound::Range {{ from: {}, to: {} }}",
            strings(from),
            strings(to)
        ),
        PartitionBound::List(values) => {
            let values: Vec<String> = values.iter().map(|v| lit(v)).collect();
            format!("PartitionBound::list(&[{}])", values.join(", "))
        }
        PartitionBound::Hash { modulus, remainder } => {
            format!("PartitionBound::hash({modulus}, {remainder})")
        }
        PartitionBound::Default => "PartitionBound::Default".into(),
    }
}

fn target_expr(target: &IndexTarget) -> String {
    match target {
        IndexTarget::Column(c) => format!("IndexTarget::Column({}.into())", lit(c)),
        IndexTarget::Expression(e) => format!("IndexTarget::Expression({}.into())", lit(e)),
    }
}

fn partition_by_expr(by: &PartitionBy) -> String {
    let strategy = match by.strategy {
        PartitionStrategy::Range => "Range",
        PartitionStrategy::List => "List",
        PartitionStrategy::Hash => "Hash",
    };
    let keys: Vec<String> = by.keys.iter().map(target_expr).collect();
    format!(
        "PartitionBy {{ strategy: PartitionStrategy::{strategy}, keys: vec![{}] }}",
        keys.join(", ")
    )
}

fn key_expr(key: &IndexKey) -> String {
    let base = match &key.target {
        IndexTarget::Column(c) => format!("IndexKey::column({})", lit(c)),
        IndexTarget::Expression(e) => format!("IndexKey::expression({})", lit(e)),
    };
    let mut fields = Vec::new();
    if let Some(opclass) = &key.opclass {
        fields.push(format!("opclass: {}", some_text(opclass)));
    }
    if key.descending {
        fields.push("descending: true".into());
    }
    match key.nulls {
        None => {}
        Some(NullsOrder::First) => fields.push("nulls: Some(NullsOrder::First)".into()),
        Some(NullsOrder::Last) => fields.push("nulls: Some(NullsOrder::Last)".into()),
    }
    super::with_fields("IndexKey", fields, base)
}

/// An index written out in full: `Index` has no constructor, and a partition's own index
/// is rare enough that a literal reads well.
fn index_expr(index: &Index) -> String {
    let keys: Vec<String> = index.keys.iter().map(key_expr).collect();
    let include = strings(&index.include);
    let option = |text: &Option<String>| match text {
        Some(text) => some_text(text),
        None => "None".into(),
    };
    format!(
        "Index {{ name: String::new(), unique: {}, nulls_not_distinct: {}, method: IndexMethod::named({}), keys: vec![{}], include: {include}, predicate: {}, comment: {} }}",
        index.unique,
        index.nulls_not_distinct,
        lit(index.method.as_str()),
        keys.join(", "),
        option(&index.predicate),
        option(&index.comment)
    )
}
