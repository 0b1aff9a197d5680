//! Renames, taken only from `renamed_from` in the target schema, never guessed.
//!
//! A rename applies when the old schema has the old name and does not have the new one;
//! otherwise the attribute is stale (already applied, or naming something that never
//! existed) and is ignored. Two objects claiming the same former name: the first by name
//! gets it, the other is created. The renames are then applied to a copy of the old schema,
//! so that everything after compares objects under their new names.

use super::Change;
use crate::name::QualifiedName;
use crate::schema::Schema;
use crate::types::SqlType;
use crate::{ForeignKey, Index, TableDef};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The old schema with every rename applied, and the renames as changes.
pub(crate) fn apply_renames<'a>(from: &'a Schema, to: &Schema) -> (Cow<'a, Schema>, Vec<Change>) {
    let asks_for_rename = to
        .enums
        .iter()
        .any(|e| e.renamed_from.is_some() || e.values.iter().any(|v| v.renamed_from.is_some()))
        || to.tables.iter().any(|t| {
            t.renamed_from.is_some() || t.columns.iter().any(|c| c.renamed_from.is_some())
        });
    if !asks_for_rename {
        return (Cow::Borrowed(from), Vec::new());
    }
    let mut renamed = from.clone();
    let mut changes = Vec::new();
    rename_enums(&mut renamed, to, &mut changes);
    rename_enum_values(&mut renamed, to, &mut changes);
    let tables = rename_tables(&mut renamed, to, &mut changes);
    rename_columns(&mut renamed, to, &mut changes);
    follow_table_renames(&mut renamed, to, &tables, &mut changes);
    (Cow::Owned(renamed), changes)
}

/// `renamed_from = "old"` stays in the object's schema; `"other.old"` names another.
fn former_name(renamed_from: &str, current: &QualifiedName) -> QualifiedName {
    if renamed_from.contains('.') {
        QualifiedName::parse(renamed_from)
    } else {
        QualifiedName::new(current.schema.clone(), renamed_from)
    }
}

/// Pairs (old, new) of `to`'s objects whose `renamed_from` applies to `existing`.
fn pairs<'a>(
    existing: &BTreeSet<QualifiedName>,
    wanted: impl Iterator<Item = (&'a QualifiedName, Option<&'a String>)>,
) -> BTreeMap<QualifiedName, QualifiedName> {
    let mut renames = BTreeMap::new();
    let mut claimed = BTreeSet::new();
    for (name, renamed_from) in wanted {
        let Some(old) = renamed_from.map(|r| former_name(r, name)) else {
            continue;
        };
        if existing.contains(&old) && !existing.contains(name) && claimed.insert(old.clone()) {
            renames.insert(old, name.clone());
        }
    }
    renames
}

fn rename_enums(schema: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    let existing = schema.enums.iter().map(|e| e.name.clone()).collect();
    let renames = pairs(
        &existing,
        to.enums.iter().map(|e| (&e.name, e.renamed_from.as_ref())),
    );
    if renames.is_empty() {
        return;
    }
    for def in &mut schema.enums {
        if let Some(new) = renames.get(&def.name) {
            changes.push(Change::RenameEnum {
                from: def.name.clone(),
                to: new.clone(),
            });
            def.name = new.clone();
        }
    }
    fn retype(ty: &mut SqlType, renames: &BTreeMap<QualifiedName, QualifiedName>) {
        match ty {
            SqlType::Array(inner) => retype(inner, renames),
            SqlType::Enum(name) => {
                if let Some(new) = renames.get(name) {
                    *name = new.clone();
                }
            }
            _ => {}
        }
    }
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        retype(&mut column.ty, &renames);
    }
    schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
}

fn rename_enum_values(schema: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    for wanted in &to.enums {
        let Some(def) = schema.enums.iter_mut().find(|e| e.name == wanted.name) else {
            continue;
        };
        for value in &wanted.values {
            let Some(old) = &value.renamed_from else {
                continue;
            };
            let has = |label: &str| def.values.iter().any(|v| v.label == label);
            if !has(old) || has(&value.label) {
                continue;
            }
            changes.push(Change::RenameEnumValue {
                name: def.name.clone(),
                from: old.clone(),
                to: value.label.clone(),
            });
            for existing in def.values.iter_mut().filter(|v| &v.label == old) {
                existing.label = value.label.clone();
            }
        }
    }
}

/// Renames tables; returns (old, new) names.
fn rename_tables(
    schema: &mut Schema,
    to: &Schema,
    changes: &mut Vec<Change>,
) -> BTreeMap<QualifiedName, QualifiedName> {
    let existing = schema.tables.iter().map(|t| t.name.clone()).collect();
    let renames = pairs(
        &existing,
        to.tables.iter().map(|t| (&t.name, t.renamed_from.as_ref())),
    );
    if renames.is_empty() {
        return renames;
    }
    for table in &mut schema.tables {
        if let Some(new) = renames.get(&table.name) {
            changes.push(Change::RenameTable {
                from: table.name.clone(),
                to: new.clone(),
            });
            table.name = new.clone();
        }
        // Postgres keeps foreign keys pointing at the table under its new name.
        for key in &mut table.foreign_keys {
            if let Some(new) = renames.get(&key.references) {
                key.references = new.clone();
            }
        }
    }
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    renames
}

fn rename_columns(schema: &mut Schema, to: &Schema, changes: &mut Vec<Change>) {
    // (table, old column) -> new column, applied to references from other tables too.
    let mut renamed: BTreeMap<(QualifiedName, String), String> = BTreeMap::new();
    for wanted in &to.tables {
        let Some(table) = schema.tables.iter_mut().find(|t| t.name == wanted.name) else {
            continue;
        };
        for column in &wanted.columns {
            let Some(old) = &column.renamed_from else {
                continue;
            };
            if table.column(old).is_none() || table.column(&column.name).is_some() {
                continue;
            }
            changes.push(Change::RenameColumn {
                table: table.name.clone(),
                from: old.clone(),
                to: column.name.clone(),
            });
            let rename = |name: &mut String| {
                if name == old {
                    *name = column.name.clone();
                }
            };
            table.columns.iter_mut().for_each(|c| rename(&mut c.name));
            let pk = table
                .primary_key
                .iter_mut()
                .flat_map(|k| k.columns.iter_mut());
            let uniques = table.uniques.iter_mut().flat_map(|u| u.columns.iter_mut());
            let keys = table
                .foreign_keys
                .iter_mut()
                .flat_map(|k| k.columns.iter_mut());
            pk.chain(uniques).chain(keys).for_each(rename);
            for index in &mut table.indexes {
                for key in &mut index.keys {
                    if let crate::IndexTarget::Column(name) = &mut key.target {
                        rename(name);
                    }
                }
                index.include.iter_mut().for_each(rename);
            }
            renamed.insert((table.name.clone(), old.clone()), column.name.clone());
        }
    }
    if renamed.is_empty() {
        return;
    }
    for key in schema
        .tables
        .iter_mut()
        .flat_map(|t| t.foreign_keys.iter_mut())
    {
        for column in &mut key.referenced_columns {
            if let Some(new) = renamed.get(&(key.references.clone(), column.clone())) {
                *column = new.clone();
            }
        }
    }
}

/// Constraint and index names made from the old table name (`users_pkey`,
/// `users_email_key`, `users_org_id_idx`) follow the table to its new name when the new
/// schema has the same object under the name made from the new table name. A name the
/// user chose stays as it is, and so does anything whose definition changed too.
fn follow_table_renames(
    schema: &mut Schema,
    to: &Schema,
    tables: &BTreeMap<QualifiedName, QualifiedName>,
    changes: &mut Vec<Change>,
) {
    for (old, new) in tables {
        let Some(wanted) = to.table(new) else {
            continue;
        };
        let Some(table) = schema.tables.iter_mut().find(|t| &t.name == new) else {
            continue;
        };
        let follow = |name: &str| -> Option<String> {
            let rest = name.strip_prefix(old.name.as_str())?;
            Some(format!("{}{rest}", new.name))
        };
        let mut renamed = Vec::new();
        let taken = |table: &TableDef, name: &str| {
            table.primary_key.iter().any(|k| k.name == name)
                || table.uniques.iter().any(|u| u.name == name)
                || table.checks.iter().any(|c| c.name == name)
                || table.foreign_keys.iter().any(|k| k.name == name)
                || table.indexes.iter().any(|i| i.name == name)
        };
        let mut rename = |from: &mut String, fits: &dyn Fn(&str) -> bool, index: bool| {
            let Some(target) = follow(from) else { return };
            if &target == from || !fits(&target) {
                return;
            }
            renamed.push((from.clone(), target.clone(), index));
            *from = target;
        };
        let snapshot = table.clone();
        if let Some(key) = table.primary_key.as_mut() {
            let fits = |n: &str| {
                !taken(&snapshot, n)
                    && wanted
                        .primary_key
                        .as_ref()
                        .is_some_and(|k| k.name == n && k.columns == key.columns)
            };
            rename(&mut key.name, &fits, false);
        }
        for unique in &mut table.uniques {
            let columns = unique.columns.clone();
            let fits = |n: &str| {
                !taken(&snapshot, n)
                    && wanted
                        .uniques
                        .iter()
                        .any(|u| u.name == n && u.columns == columns)
            };
            rename(&mut unique.name, &fits, false);
        }
        for check in &mut table.checks {
            let expression = check.expression.clone();
            let fits = |n: &str| {
                !taken(&snapshot, n)
                    && wanted
                        .checks
                        .iter()
                        .any(|c| c.name == n && c.expression == expression)
            };
            rename(&mut check.name, &fits, false);
        }
        for key in &mut table.foreign_keys {
            let same = key.clone();
            let fits = |n: &str| {
                !taken(&snapshot, n)
                    && wanted.foreign_keys.iter().any(|k| {
                        k.name == n
                            && &ForeignKey {
                                name: n.to_string(),
                                ..same.clone()
                            } == k
                    })
            };
            rename(&mut key.name, &fits, false);
        }
        for index in &mut table.indexes {
            let same = index.clone();
            let fits = |n: &str| {
                !taken(&snapshot, n)
                    && wanted.indexes.iter().any(|i| {
                        i.name == n
                            && &Index {
                                name: n.to_string(),
                                ..same.clone()
                            } == i
                    })
            };
            rename(&mut index.name, &fits, true);
        }
        for (from, to, index) in renamed {
            changes.push(if index {
                Change::RenameIndex {
                    table: new.clone(),
                    from,
                    to,
                }
            } else {
                Change::RenameConstraint {
                    table: new.clone(),
                    from,
                    to,
                }
            });
        }
        table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
        table.exclusions.sort_by(|a, b| a.name.cmp(&b.name));
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
