//! The order objects must be created in where the schema's own order (by name) is not
//! enough: partitions after their parents, functions that types and tables call before
//! them, and functions and views after what their SQL refers to.

use crate::kinds::index::index_identifiers;
use crate::sql::{identifiers, referenced_names};
use crate::topological;
use schema_core::{
    AggregateDef, DefaultValue, FunctionDef, Language, QualifiedName, Schema, TableDef, ViewDef,
};
use std::collections::{BTreeSet, HashMap};

/// Tables with every partition after its parent (and sub-partitions after theirs), and
/// every table after the tables it inherits from, otherwise by name.
pub(crate) fn tables(schema: &Schema) -> Vec<&TableDef> {
    fn depth(schema: &Schema, table: &TableDef, seen: usize) -> usize {
        if seen > schema.tables.len() {
            return seen; // A cycle, which validation rejects.
        }
        let parents = table
            .partition_of
            .iter()
            .map(|p| &p.parent)
            .chain(&table.inherits)
            .filter_map(|name| schema.table(name));
        parents
            .map(|parent| 1 + depth(schema, parent, seen + 1))
            .max()
            .unwrap_or(0)
    }
    let depth = |table: &TableDef| depth(schema, table, 0);
    let mut tables: Vec<&TableDef> = schema.tables.iter().collect();
    // Stable: equal depths keep the schema's order, by name.
    tables.sort_by_key(|t| depth(t));
    tables
}

/// A function, an aggregate or a view, which the script creates in one dependency order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Routine<'a> {
    Function(&'a FunctionDef),
    Aggregate(&'a AggregateDef),
    View(&'a ViewDef),
}

impl Routine<'_> {
    fn name(&self) -> &QualifiedName {
        match self {
            Routine::Function(f) => &f.name,
            Routine::Aggregate(a) => &a.name,
            Routine::View(v) => &v.name,
        }
    }

    /// Functions first (aggregates among them), then views, then materialized views, when
    /// nothing says otherwise.
    fn rank(&self) -> u8 {
        match self {
            Routine::Function(_) | Routine::Aggregate(_) => 0,
            Routine::View(v) if !v.materialized => 1,
            Routine::View(_) => 2,
        }
    }

    /// The SQL Postgres resolves names in when it creates the object: a view's query, a
    /// `sql` function's body (checked at creation), and the types in a signature. A
    /// `plpgsql` body is not resolved until it runs, so it orders nothing. An aggregate
    /// names its support functions and types.
    fn sql(&self) -> String {
        match self {
            Routine::View(v) => v.query.clone(),
            Routine::Aggregate(a) => {
                let mut text = String::new();
                crate::kinds::aggregate::create_aggregate(a, &mut text)
                    .expect("writing to a String cannot fail");
                text
            }
            Routine::Function(f) => {
                let mut text = f.returns.to_string();
                for argument in &f.arguments {
                    text.push(' ');
                    text.push_str(&argument.ty.to_string());
                }
                if f.language == Language::Sql {
                    text.push(' ');
                    text.push_str(&f.body);
                }
                text
            }
        }
    }
}

/// The functions that a domain's default or check, a column's default or generation
/// expression, a table's check or an index calls, and that need nothing of the schema
/// themselves (no type, table, view or other function of it in their signature or `sql`
/// body): Postgres resolves such calls when the domain, table or index is created, so
/// these are created first, before the types. A function that both is called there and
/// needs the schema's objects keeps its place among the routines, which Postgres could
/// only take by adding the default or check later.
pub(crate) fn early_functions(schema: &Schema) -> Vec<&FunctionDef> {
    let mut called = BTreeSet::new();
    for domain in &schema.domains {
        if let Some(DefaultValue::Expression(sql)) = &domain.default {
            called.extend(identifiers(sql));
        }
        for check in &domain.checks {
            called.extend(identifiers(&check.expression));
        }
    }
    for table in &schema.tables {
        for column in &table.columns {
            if let Some(DefaultValue::Expression(sql)) = &column.default {
                called.extend(identifiers(sql));
            }
            if let Some(sql) = &column.generated {
                called.extend(identifiers(sql));
            }
        }
        for check in &table.checks {
            called.extend(identifiers(&check.expression));
        }
        for index in &table.indexes {
            called.extend(index_identifiers(index));
        }
    }
    let schema_names: BTreeSet<&str> = schema
        .enums
        .iter()
        .map(|e| &e.name)
        .chain(schema.domains.iter().map(|d| &d.name))
        .chain(schema.composites.iter().map(|c| &c.name))
        .chain(schema.tables.iter().map(|t| &t.name))
        .chain(schema.views.iter().map(|v| &v.name))
        .chain(schema.functions.iter().map(|f| &f.name))
        .map(|name| name.name.as_str())
        .collect();
    schema
        .functions
        .iter()
        .filter(|f| called.contains(&f.name.name))
        .filter(|f| {
            let own = Routine::Function(f).sql();
            identifiers(&own)
                .iter()
                .all(|id| id == &f.name.name || !schema_names.contains(id.as_str()))
        })
        .collect()
}

/// Functions, aggregates, views and materialized views in an order Postgres accepts: each after the
/// others whose names its SQL mentions (read by `crate::sql`, so a name inside a comment or
/// a string does not count). Among objects free to go, functions come first, then views,
/// then materialized views, each by name. Objects in a cycle (which Postgres could not
/// create either) follow in that same order.
/// `early` are the functions already created before the types (see [`early_functions`]).
pub(crate) fn routines<'a>(schema: &'a Schema, early: &[&FunctionDef]) -> Vec<Routine<'a>> {
    let nodes: Vec<Routine> = schema
        .functions
        .iter()
        .filter(|f| !early.contains(f))
        .map(Routine::Function)
        .chain(schema.aggregates.iter().map(Routine::Aggregate))
        .chain(schema.views.iter().map(Routine::View))
        .collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        by_name
            .entry(node.name().name.as_str())
            .or_default()
            .push(i);
    }
    // followers[j]: the nodes that need j first.
    let mut followers: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let mut needs = BTreeSet::new();
        for (schema_part, name) in referenced_names(&node.sql()) {
            for &j in by_name.get(name.as_str()).into_iter().flatten() {
                let target = nodes[j].name();
                let matches = schema_part.as_ref().is_none_or(|s| s == &target.schema);
                if j != i && matches {
                    needs.insert(j);
                }
            }
        }
        for j in needs {
            followers[j].push(i);
        }
    }
    // Each node's place in the order used when nothing else decides.
    let mut by_preference: Vec<usize> = (0..nodes.len()).collect();
    by_preference.sort_by_key(|&i| (nodes[i].rank(), nodes[i].name()));
    let mut preference = vec![0; nodes.len()];
    for (place, &i) in by_preference.iter().enumerate() {
        preference[i] = place;
    }
    let (mut order, stuck) = topological::sort(&followers, |i| preference[i]);
    let stuck: BTreeSet<usize> = stuck.into_iter().collect();
    order.extend(by_preference.into_iter().filter(|i| stuck.contains(i)));
    order.into_iter().map(|i| nodes[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_follow_what_they_name_and_cycles_fall_back_to_names() {
        let view = |name: &str, query: &str| ViewDef::new(QualifiedName::parse(name), query);
        let schema = Schema {
            views: vec![
                view(
                    "a_report",
                    "SELECT * FROM z_base WHERE note <> $$ b_free $$",
                ),
                view("b_free", "SELECT 1"),
                view("c_loop", "SELECT * FROM d_loop"),
                view("d_loop", "SELECT * FROM c_loop"),
                view("z_base", "SELECT 1"),
            ],
            ..Schema::default()
        };
        let order = routines(&schema, &early_functions(&schema));
        let names: Vec<&str> = order.iter().map(|r| r.name().name.as_str()).collect();
        assert_eq!(names, ["b_free", "z_base", "a_report", "c_loop", "d_loop"]);
    }
}
