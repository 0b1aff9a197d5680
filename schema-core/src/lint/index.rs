//! Lints on indexes: foreign keys without one, and two that index the same thing.
//!
//! A primary key and a unique constraint are indexes too (Postgres builds a btree index
//! for each), so both lints count them.

use super::{part, Finding, Lint};
use crate::name::QualifiedName;
use crate::schema::Schema;
use crate::{Index, IndexMethod, IndexTarget, NullsOrder, TableDef};

pub(super) fn check(schema: &Schema, findings: &mut Vec<Finding>) {
    for table in &schema.tables {
        // A partition has its parent's keys and indexes.
        if table.partition_of.is_some() {
            continue;
        }
        let shapes = shapes(table);
        unindexed_foreign_keys(table, &shapes, findings);
        duplicate_index(&table.name, &shapes, findings);
    }
    for view in schema.views.iter().filter(|v| v.materialized) {
        let shapes: Vec<Shape> = view.indexes.iter().map(Shape::of_index).collect();
        duplicate_index(&view.name, &shapes, findings);
    }
}

/// One key of an index: a column or an expression, its operator class, `DESC`, `NULLS`.
type Key<'a> = (&'a str, bool, Option<&'a str>, bool, Option<NullsOrder>);

/// What an index indexes, apart from its name: two indexes of equal shape are one too many.
struct Shape<'a> {
    name: &'a str,
    method: IndexMethod,
    /// Key columns (`.1` false) and expressions (`.1` true).
    keys: Vec<Key<'a>>,
    include: &'a [String],
    predicate: Option<&'a str>,
}

impl<'a> Shape<'a> {
    /// The index behind a primary key or unique constraint.
    fn of_columns(name: &'a str, columns: &'a [String]) -> Self {
        Shape {
            name,
            method: IndexMethod::Btree,
            keys: columns
                .iter()
                .map(|c| (c.as_str(), false, None, false, None))
                .collect(),
            include: &[],
            predicate: None,
        }
    }

    fn of_index(index: &'a Index) -> Self {
        let keys = index.keys.iter().map(|key| {
            let (target, expression) = match &key.target {
                IndexTarget::Column(name) => (name.as_str(), false),
                IndexTarget::Expression(sql) => (sql.as_str(), true),
            };
            (
                target,
                expression,
                key.opclass.as_deref(),
                key.descending,
                key.nulls,
            )
        });
        Shape {
            name: &index.name,
            method: index.method.clone(),
            keys: keys.collect(),
            include: &index.include,
            predicate: index.predicate.as_deref(),
        }
    }

    fn same_as(&self, other: &Shape) -> bool {
        (&self.method, &self.keys, self.include, self.predicate)
            == (&other.method, &other.keys, other.include, other.predicate)
    }

    /// Whether the index's first keys are exactly `columns`, in order: then a lookup by
    /// those columns, which every delete or key update of the referenced row makes, can
    /// use it.
    fn starts_with(&self, columns: &[String]) -> bool {
        columns.len() <= self.keys.len()
            && columns
                .iter()
                .zip(&self.keys)
                .all(|(column, (target, expression, ..))| !expression && column == target)
    }
}

/// The table's primary key, unique constraints and indexes, in that order: a duplicate
/// keeps the first (a constraint rather than a bare index) and drops the rest.
fn shapes(table: &TableDef) -> Vec<Shape<'_>> {
    let mut shapes = Vec::new();
    if let Some(key) = &table.primary_key {
        shapes.push(Shape::of_columns(&key.name, &key.columns));
    }
    for unique in &table.uniques {
        shapes.push(Shape::of_columns(&unique.name, &unique.columns));
    }
    shapes.extend(table.indexes.iter().map(Shape::of_index));
    shapes
}

fn unindexed_foreign_keys(table: &TableDef, shapes: &[Shape], findings: &mut Vec<Finding>) {
    for key in &table.foreign_keys {
        if shapes.iter().any(|shape| shape.starts_with(&key.columns)) {
            continue;
        }
        let columns = key.columns.join(", ");
        findings.push(
            Finding::new(
                Lint::UnindexedForeignKeys,
                &table.name,
                format!(
                    "deleting or re-keying a row of `{}` scans `{}` for rows pointing at it, \
                     and joins along the key cannot use an index",
                    key.references, table.name
                ),
                format!("add `#[index(on({columns}))]` to the table"),
            )
            .item(part("foreign key", &key.name)),
        );
    }
}

fn duplicate_index(object: &QualifiedName, shapes: &[Shape], findings: &mut Vec<Finding>) {
    for (i, shape) in shapes.iter().enumerate() {
        // Reported once, on the first of each group.
        if shapes[..i].iter().any(|earlier| earlier.same_as(shape)) {
            continue;
        }
        let copies: Vec<&str> = shapes[i + 1..]
            .iter()
            .filter(|later| later.same_as(shape))
            .map(|later| later.name)
            .collect();
        if copies.is_empty() {
            continue;
        }
        let names = copies
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        findings.push(
            Finding::new(
                Lint::DuplicateIndex,
                object,
                format!(
                    "{names} index exactly what `{}` indexes: every write updates both and \
                     queries gain nothing",
                    shape.name
                ),
                format!("remove {names}, keeping `{}`", shape.name),
            )
            .item(part("index", shape.name)),
        );
    }
}
