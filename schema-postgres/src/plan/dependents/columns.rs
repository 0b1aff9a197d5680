//! Objects that must be dropped and created again around a change to what they depend on.
//!
//! Postgres refuses to change the type of a column a policy mentions, re-parses checks and
//! index expressions against the new type (which fails when they compare it with a value of
//! the old type), and cannot drop a primary key a foreign key relies on. So before such a
//! change the dependents are dropped explicitly, and after it created again from the new
//! schema. A changed generation expression cannot be altered at all: the column is dropped
//! and added again, and its dependents with it.

use crate::plan::types::type_change;
use crate::plan::Problem;
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{Column, QualifiedName, Schema, SqlType, TableDef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a column's change does to the objects that mention it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rebuild {
    /// Only policies must go (the type changes in place, without a rewrite).
    Policies,
    /// Everything mentioning the column must go.
    Everything,
}

type ColumnKey = (QualifiedName, String);

/// `changes` with the drops and creates of dependents added, and generated columns whose
/// expression changes turned into a drop and an add.
pub(super) fn augment(
    old: &Schema,
    new: &Schema,
    changes: Vec<Change>,
) -> Result<Vec<Change>, Vec<Problem>> {
    let old_tables: HashMap<&QualifiedName, &TableDef> =
        old.tables.iter().map(|t| (&t.name, t)).collect();
    let new_tables: HashMap<&QualifiedName, &TableDef> =
        new.tables.iter().map(|t| (&t.name, t)).collect();
    let mut problems = Vec::new();

    // Columns dropped and added again.
    let mut recreated: BTreeSet<ColumnKey> = BTreeSet::new();
    let mut rebuilt: BTreeMap<ColumnKey, Rebuild> = BTreeMap::new();
    let mut recreated_enums: BTreeSet<QualifiedName> = BTreeSet::new();
    for change in &changes {
        match change {
            Change::SetColumnGenerated {
                table,
                column,
                to: Some(_),
                ..
            } => {
                recreated.insert((table.clone(), column.clone()));
            }
            Change::AlterColumnType {
                table,
                column,
                from,
                to,
            } => match type_change(column, from, to) {
                Ok(cast) => {
                    let kind = if cast.rewrite {
                        Rebuild::Everything
                    } else {
                        Rebuild::Policies
                    };
                    rebuilt.insert((table.clone(), column.clone()), kind);
                }
                Err(reason) => problems.push(Problem {
                    object: change.object(),
                    reason,
                }),
            },
            // Postgres changes a collation with the type: the same things block it.
            Change::SetColumnCollation { table, column, .. } => {
                rebuilt
                    .entry((table.clone(), column.clone()))
                    .or_insert(Rebuild::Policies);
            }
            Change::RecreateEnum { to, .. } => {
                recreated_enums.insert(to.name.clone());
                for (table, column) in enum_columns(old, new, &new_tables, &to.name) {
                    rebuilt.insert(
                        (table.name.clone(), column.name.clone()),
                        Rebuild::Everything,
                    );
                }
            }
            _ => {}
        }
    }
    // A generated column cannot survive a type change of a column it is computed from.
    for (table, column) in rebuilt.clone().into_keys() {
        let Some(def) = old_tables.get(&table) else {
            continue;
        };
        for generated in def.columns.iter().filter(|c| c.generated.is_some()) {
            let still_generated = new_tables
                .get(&table)
                .and_then(|t| t.column(&generated.name))
                .is_some_and(|c| c.generated.is_some());
            if still_generated && mentions(generated.generated.as_deref(), &column) {
                recreated.insert((table.clone(), generated.name.clone()));
            }
        }
    }
    for key in &recreated {
        rebuilt.insert(key.clone(), Rebuild::Everything);
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut dependents = Dependents::default();
    let mut dropped_keys: BTreeSet<(QualifiedName, BTreeSet<&String>)> = BTreeSet::new();
    // Dropping a column drops the keys over it: they are added again afterwards.
    for (table, column) in &recreated {
        let def = old_tables[table];
        if let Some(key) = def
            .primary_key
            .as_ref()
            .filter(|k| k.columns.contains(column))
        {
            dependents
                .primary_keys
                .insert((table.clone(), key.name.clone()));
            dropped_keys.insert((table.clone(), key.columns.iter().collect()));
        }
        for unique in def.uniques.iter().filter(|u| u.columns.contains(column)) {
            dependents
                .uniques
                .insert((table.clone(), unique.name.clone()));
            dropped_keys.insert((table.clone(), unique.columns.iter().collect()));
        }
    }
    for change in &changes {
        match change {
            Change::DropPrimaryKey { table, key } => {
                dropped_keys.insert((table.clone(), key.columns.iter().collect()));
            }
            Change::DropUnique { table, unique } => {
                dropped_keys.insert((table.clone(), unique.columns.iter().collect()));
            }
            _ => {}
        }
    }

    if !rebuilt.is_empty() || !dropped_keys.is_empty() {
        let rebuilt_in = |table: &QualifiedName, kind: Rebuild| -> Vec<&String> {
            rebuilt
                .range((table.clone(), String::new())..)
                .take_while(|((t, _), _)| t == table)
                .filter(|(_, k)| **k >= kind)
                .map(|((_, c), _)| c)
                .collect()
        };
        let enum_mentioned =
            |ids: &BTreeSet<String>| recreated_enums.iter().any(|e| ids.contains(&e.name));
        for table in &old.tables {
            let everything = rebuilt_in(&table.name, Rebuild::Everything);
            let any = rebuilt_in(&table.name, Rebuild::Policies);
            for index in &table.indexes {
                let mut ids = BTreeSet::new();
                for key in &index.keys {
                    match &key.target {
                        schema_core::IndexTarget::Column(c) => {
                            ids.insert(c.clone());
                        }
                        schema_core::IndexTarget::Expression(e) => ids.extend(identifiers(e)),
                    }
                }
                ids.extend(index.include.iter().cloned());
                if let Some(predicate) = &index.predicate {
                    ids.extend(identifiers(predicate));
                }
                if everything.iter().any(|c| ids.contains(*c)) || enum_mentioned(&ids) {
                    dependents
                        .indexes
                        .insert((table.name.clone(), index.name.clone()));
                }
            }
            for check in &table.checks {
                let ids = identifiers(&check.expression);
                if everything.iter().any(|c| ids.contains(*c)) || enum_mentioned(&ids) {
                    dependents
                        .checks
                        .insert((table.name.clone(), check.name.clone()));
                }
            }
            for key in &table.foreign_keys {
                let own = key.columns.iter().any(|c| everything.contains(&c));
                let theirs = rebuilt_in(&key.references, Rebuild::Everything);
                let referenced = key.referenced_columns.iter().any(|c| theirs.contains(&c));
                let unkeyed = dropped_keys.contains(&(
                    key.references.clone(),
                    key.referenced_columns.iter().collect(),
                ));
                if own || referenced || unkeyed {
                    dependents
                        .foreign_keys
                        .insert((table.name.clone(), key.name.clone()));
                }
            }
            for policy in &table.policies {
                let mut ids = BTreeSet::new();
                for expression in [&policy.using, &policy.with_check].into_iter().flatten() {
                    ids.extend(identifiers(expression));
                }
                let own = any.iter().any(|c| ids.contains(*c));
                // A policy may reach other tables through subqueries: it depends on their
                // rebuilt columns when it names both the table and the column.
                let other = rebuilt
                    .keys()
                    .any(|(t, c)| t != &table.name && ids.contains(&t.name) && ids.contains(c));
                if own || other || enum_mentioned(&ids) {
                    dependents
                        .policies
                        .insert((table.name.clone(), policy.name.clone()));
                }
            }
        }
    }
    Ok(rewrite(
        changes,
        &dependents,
        &recreated,
        &old_tables,
        &new_tables,
    ))
}

/// Columns whose type is (an array of) the enum on both sides.
fn enum_columns<'a>(
    old: &'a Schema,
    _new: &Schema,
    new_tables: &HashMap<&QualifiedName, &'a TableDef>,
    name: &QualifiedName,
) -> Vec<(&'a TableDef, &'a Column)> {
    let is_enum = |ty: &SqlType| matches!(ty.element(), SqlType::Enum(e) if e == name);
    let mut found = Vec::new();
    for table in &old.tables {
        let Some(new_table) = new_tables.get(&table.name) else {
            continue;
        };
        for column in &table.columns {
            let kept = new_table
                .column(&column.name)
                .is_some_and(|c| is_enum(&c.ty));
            if is_enum(&column.ty) && kept {
                found.push((table, column));
            }
        }
    }
    found
}

fn mentions(expression: Option<&str>, column: &str) -> bool {
    expression.is_some_and(|e| identifiers(e).contains(column))
}

#[derive(Default)]
struct Dependents {
    primary_keys: BTreeSet<(QualifiedName, String)>,
    uniques: BTreeSet<(QualifiedName, String)>,
    indexes: BTreeSet<(QualifiedName, String)>,
    checks: BTreeSet<(QualifiedName, String)>,
    foreign_keys: BTreeSet<(QualifiedName, String)>,
    policies: BTreeSet<(QualifiedName, String)>,
}

fn rewrite(
    changes: Vec<Change>,
    dependents: &Dependents,
    recreated: &BTreeSet<ColumnKey>,
    old_tables: &HashMap<&QualifiedName, &TableDef>,
    new_tables: &HashMap<&QualifiedName, &TableDef>,
) -> Vec<Change> {
    let mut out = Vec::with_capacity(changes.len());
    let key = |table: &QualifiedName, name: &str| (table.clone(), name.to_string());
    // Dependents the diff already drops need nothing more.
    let mut pending_indexes = dependents.indexes.clone();
    let mut pending_checks = dependents.checks.clone();
    let mut pending_keys = dependents.foreign_keys.clone();
    let mut pending_policies = dependents.policies.clone();
    let mut pending_primary_keys = dependents.primary_keys.clone();
    let mut pending_uniques = dependents.uniques.clone();
    for change in &changes {
        match change {
            Change::DropPrimaryKey { table, key: pk } => {
                pending_primary_keys.remove(&key(table, &pk.name));
            }
            Change::DropUnique { table, unique } => {
                pending_uniques.remove(&key(table, &unique.name));
            }
            Change::DropIndex { table, index } => {
                pending_indexes.remove(&key(table, &index.name));
            }
            Change::DropCheck { table, check } => {
                pending_checks.remove(&key(table, &check.name));
            }
            Change::DropForeignKey { table, key: fk } => {
                pending_keys.remove(&key(table, &fk.name));
            }
            Change::DropPolicy { table, policy } => {
                pending_policies.remove(&key(table, &policy.name));
            }
            _ => {}
        }
    }
    // An index changed over a column whose type changes too: built online under a
    // temporary name it would need the new type before the old index (on the old type) is
    // dropped, and the type change that old index's drop: a cycle. Dropped first and
    // created after instead, like an index the type change must rebuild.
    let retyped: BTreeSet<(QualifiedName, String)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AlterColumnType { table, column, .. } => Some(key(table, column)),
            _ => None,
        })
        .collect();
    let over_retyped = |table: &QualifiedName, index: &schema_core::Index| {
        crate::kinds::index::index_identifiers(index)
            .iter()
            .any(|id| retyped.contains(&key(table, id)))
    };
    for change in changes {
        match change {
            Change::ReplaceIndex { table, from, to }
                if pending_indexes.remove(&key(&table, &from.name))
                    || over_retyped(&table, &from)
                    || over_retyped(&table, &to) =>
            {
                out.push(Change::DropIndex {
                    table: table.clone(),
                    index: from,
                });
                out.push(Change::CreateIndex { table, index: to });
            }
            Change::AlterPolicy { table, from, to }
                if pending_policies.remove(&key(&table, &from.name)) =>
            {
                out.push(Change::DropPolicy {
                    table: table.clone(),
                    policy: from,
                });
                out.push(Change::CreatePolicy { table, policy: to });
            }
            Change::SetColumnGenerated {
                ref table,
                ref column,
                ..
            }
            | Change::AlterColumnType {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnCollation {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnNullable {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnDefault {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnIdentity {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnIdentityOptions {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnStorage {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnCompression {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnStatistics {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnOptions {
                ref table,
                ref column,
                ..
            }
            | Change::SetColumnComment {
                ref table,
                ref column,
                ..
            } if recreated.contains(&(table.clone(), column.clone())) => {}
            other => out.push(other),
        }
    }
    for (table, column) in recreated {
        let old = old_tables[table]
            .column(column)
            .expect("recreated column exists");
        let new = new_tables[table]
            .column(column)
            .expect("recreated column stays");
        out.push(Change::DropColumn {
            table: table.clone(),
            column: old.clone(),
        });
        out.push(Change::AddColumn {
            table: table.clone(),
            column: new.clone(),
        });
    }
    for (table, name) in pending_primary_keys {
        let old = old_tables[&table].primary_key.clone().expect("primary key");
        out.push(Change::DropPrimaryKey {
            table: table.clone(),
            key: old,
        });
        let new = new_tables.get(&table).and_then(|t| t.primary_key.as_ref());
        if let Some(new) = new.filter(|k| k.name == name) {
            out.push(Change::AddPrimaryKey {
                table,
                key: new.clone(),
            });
        }
    }
    for (table, name) in pending_uniques {
        let old = old_tables[&table]
            .uniques
            .iter()
            .find(|u| u.name == name)
            .expect("unique");
        out.push(Change::DropUnique {
            table: table.clone(),
            unique: old.clone(),
        });
        let new = new_tables
            .get(&table)
            .and_then(|t| t.uniques.iter().find(|u| u.name == name));
        if let Some(new) = new {
            out.push(Change::AddUnique {
                table,
                unique: new.clone(),
            });
        }
    }
    for (table, name) in pending_indexes {
        let old = old_tables[&table]
            .indexes
            .iter()
            .find(|i| i.name == name)
            .expect("index");
        out.push(Change::DropIndex {
            table: table.clone(),
            index: old.clone(),
        });
        if let Some(new) = new_tables
            .get(&table)
            .and_then(|t| t.indexes.iter().find(|i| i.name == name))
        {
            out.push(Change::CreateIndex {
                table,
                index: new.clone(),
            });
        }
    }
    for (table, name) in pending_checks {
        let old = old_tables[&table]
            .checks
            .iter()
            .find(|c| c.name == name)
            .expect("check");
        out.push(Change::DropCheck {
            table: table.clone(),
            check: old.clone(),
        });
        if let Some(new) = new_tables
            .get(&table)
            .and_then(|t| t.checks.iter().find(|c| c.name == name))
        {
            out.push(Change::AddCheck {
                table,
                check: new.clone(),
            });
        }
    }
    for (table, name) in pending_keys {
        let old = old_tables[&table]
            .foreign_keys
            .iter()
            .find(|k| k.name == name)
            .expect("key");
        out.push(Change::DropForeignKey {
            table: table.clone(),
            key: old.clone(),
        });
        let new = new_tables
            .get(&table)
            .and_then(|t| t.foreign_keys.iter().find(|k| k.name == name));
        if let Some(new) = new {
            out.push(Change::AddForeignKey {
                table,
                key: new.clone(),
            });
        }
    }
    for (table, name) in pending_policies {
        let old = old_tables[&table]
            .policies
            .iter()
            .find(|p| p.name == name)
            .expect("policy");
        out.push(Change::DropPolicy {
            table: table.clone(),
            policy: old.clone(),
        });
        let new = new_tables
            .get(&table)
            .and_then(|t| t.policies.iter().find(|p| p.name == name));
        if let Some(new) = new {
            out.push(Change::CreatePolicy {
                table,
                policy: new.clone(),
            });
        }
    }
    out
}
