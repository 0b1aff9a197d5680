//! Catalog rows -> model values, and a note for everything the model cannot hold yet.

use super::catalog::{Catalog, ColumnRow, ConstraintRow, IndexRow, PolicyRow, TableRow};
use super::Note;
use postgres::types::Oid;
use schema_core::{
    Check, Column, Deferrable, EnumDef, ExternalColumn, ExternalTable, ForeignKey, Identity, Index,
    IndexKey, IndexMethod, IndexTarget, NullsOrder, PartitionOf, Policy, PolicyCommand, PrimaryKey,
    QualifiedName, ReferentialAction, RowLevelSecurity, Schema, SqlType, TableDef, Unique,
    DEFAULT_SCHEMA,
};
use std::collections::{BTreeMap, BTreeSet};

/// Rows in, an unvalidated schema and notes out.
pub(super) fn assemble(catalog: Catalog) -> (Schema, Vec<Note>) {
    let mut notes = Vec::new();
    let enums: Vec<EnumDef> = catalog.enums.into_iter().map(enum_def).collect();
    let enum_names: BTreeSet<QualifiedName> = enums.iter().map(|e| e.name.clone()).collect();

    let mut tables: BTreeMap<Oid, TableDef> = BTreeMap::new();
    for row in &catalog.tables {
        if let Some(def) = table(row, &mut notes) {
            tables.insert(row.oid, def);
        }
    }
    let owned: BTreeSet<QualifiedName> = tables.values().map(|t| t.name.clone()).collect();

    let mut view_columns: BTreeMap<Oid, Vec<ColumnRow>> = BTreeMap::new();
    for row in catalog.columns {
        if let Some(table) = tables.get_mut(&row.table) {
            table.columns.push(column(row, &enum_names));
        } else {
            view_columns.entry(row.table).or_default().push(row);
        }
    }
    let mut external = ExternalTables::default();
    for row in catalog.constraints {
        if let Some(table) = tables.get_mut(&row.table) {
            constraint(row, table, &owned, &mut external, &mut notes);
        }
    }
    let mut view_indexes: BTreeMap<Oid, Vec<Index>> = BTreeMap::new();
    for row in catalog.indexes {
        if let Some(table) = tables.get_mut(&row.table) {
            let owner = format!("table `{}`", table.name);
            if let Some(index) = index(row, &owner, &mut notes) {
                table.indexes.push(index);
            }
        } else {
            let relation = row.table;
            let owner = catalog
                .objects
                .views
                .iter()
                .find(|v| v.oid == relation)
                .map(|v| format!("materialized view `{}.{}`", v.schema, v.name))
                .unwrap_or_default();
            if let Some(index) = index(row, &owner, &mut notes) {
                view_indexes.entry(relation).or_default().push(index);
            }
        }
    }
    let mut roles = BTreeSet::new();
    for row in catalog.policies {
        if let Some(table) = tables.get_mut(&row.table) {
            roles.extend(row.roles.iter().cloned());
            table.policies.push(policy(row));
        }
    }

    let objects = super::assemble_objects::assemble(
        catalog.objects,
        &mut tables,
        view_columns,
        view_indexes,
        &enum_names,
        &mut notes,
        &mut roles,
    );
    let schema = Schema {
        schemas: catalog
            .namespaces
            .into_iter()
            .filter(|n| n != DEFAULT_SCHEMA)
            .collect(),
        enums,
        tables: tables.into_values().collect(),
        external: schema_core::External {
            tables: external.into_tables(),
            functions: Vec::new(),
            roles: roles.into_iter().collect(),
        },
        extensions: objects.extensions,
        domains: objects.domains,
        composites: objects.composites,
        functions: objects.functions,
        views: objects.views,
        grants: objects.grants,
        ..Schema::default()
    };
    notes.sort_by(|a, b| (&a.object, &a.message).cmp(&(&b.object, &b.message)));
    (schema, notes)
}

fn enum_def(row: super::catalog::EnumRow) -> EnumDef {
    let labels: Vec<&str> = row.labels.iter().map(String::as_str).collect();
    let mut def = EnumDef::new(QualifiedName::new(row.schema, row.name), &labels);
    if let Some(text) = row.comment {
        // Value comments travel in the type's comment; see `enum_comment`.
        let (comment, mut values) = crate::split_enum_type_comment(&text, &labels);
        def.comment = comment;
        for value in &mut def.values {
            value.comment = values.remove(&value.label);
        }
    }
    def
}

fn table(row: &TableRow, notes: &mut Vec<Note>) -> Option<TableDef> {
    let name = QualifiedName::new(row.schema.clone(), row.name.clone());
    let object = format!("table `{name}`");
    let mut def = TableDef::new(name);
    if row.is_partition {
        let parent = row.parent.as_deref().unwrap_or_default();
        let bound = row.partition_bound.as_deref().unwrap_or_default();
        let Some(bound) = super::assemble_objects::partition_bound(bound) else {
            notes.push(Note::new(
                object,
                format!("is a partition of `{parent}` with a bound the model cannot read (`{bound}`), and was left out"),
            ));
            return None;
        };
        def.partition_of = Some(PartitionOf {
            parent: QualifiedName::parse(parent),
            bound,
        });
    }
    if row.kind == "p" {
        let key = row.partition_key.as_deref().unwrap_or_default();
        match super::assemble_objects::partition_key(key) {
            Some(by) => def.partition_by = Some(by),
            None => notes.push(Note::new(
                object.clone(),
                format!("is partitioned by `{key}`, which the model cannot read, and was read as a plain table"),
            )),
        }
    } else if let (Some(parent), false) = (&row.parent, row.is_partition) {
        notes.push(Note::new(
            object.clone(),
            format!("inherits from `{parent}`; the model has no inheritance, so its inherited columns read as its own"),
        ));
    }
    if row.persistence == "u" {
        notes.push(Note::new(
            object,
            "is `UNLOGGED`; the model has no unlogged tables, so it reads as a logged one".into(),
        ));
    }
    def.comment = row.comment.clone();
    def.row_level_security = RowLevelSecurity {
        enabled: row.rls_enabled,
        forced: row.rls_forced,
    };
    Some(def)
}

/// The column type: enums are recognised through the catalog, everything else is parsed
/// from `format_type`'s text. An enum outside the schemas read is someone else's type and
/// stays a custom type name.
pub(super) fn column_type(row: &ColumnRow, enums: &BTreeSet<QualifiedName>) -> SqlType {
    if let Some((schema, name)) = &row.enum_type {
        let name = QualifiedName::new(schema.clone(), name.clone());
        if enums.contains(&name) {
            let ty = SqlType::Enum(name);
            return if row.is_array {
                SqlType::Array(Box::new(ty))
            } else {
                ty
            };
        }
    }
    SqlType::parse(&row.type_text)
}

fn column(row: ColumnRow, enums: &BTreeSet<QualifiedName>) -> Column {
    let mut column = Column::new(row.name.clone(), column_type(&row, enums), !row.not_null);
    column.identity = match row.identity.as_str() {
        "a" => Some(Identity::Always),
        "d" => Some(Identity::ByDefault),
        _ => None,
    };
    if row.generated.is_empty() {
        column.default = row.expression.map(schema_core::DefaultValue::Expression);
    } else {
        column.generated = row.expression;
    }
    column.comment = row.comment;
    column
}

fn action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

fn constraint(
    row: ConstraintRow,
    table: &mut TableDef,
    owned: &BTreeSet<QualifiedName>,
    external: &mut ExternalTables,
    notes: &mut Vec<Note>,
) {
    let object = format!("constraint `{}` on table `{}`", row.name, table.name);
    let mut note = |message: String| notes.push(Note::new(object.clone(), message));
    if !row.validated {
        note("is `NOT VALID`; the model has no unvalidated constraints, so it reads as a validated one".into());
    }
    if row.deferrable && row.kind != "f" {
        note("is deferrable; the model has deferrable foreign keys only, so it reads as not deferrable".into());
    }
    match row.kind.as_str() {
        "p" => {
            table.primary_key = Some(PrimaryKey {
                name: row.name,
                columns: row.columns,
            });
        }
        "u" => table.uniques.push(Unique {
            name: row.name,
            columns: row.columns,
        }),
        "c" => table.checks.push(Check {
            name: row.name,
            expression: row.expression.unwrap_or_default(),
        }),
        "f" => {
            let Some((schema, name)) = row.references else {
                return;
            };
            let references = QualifiedName::new(schema, name);
            if row.match_type == "f" {
                note(
                    "is `MATCH FULL`; the model has `MATCH SIMPLE` only, so it reads as that"
                        .into(),
                );
            }
            if !owned.contains(&references) {
                external.add(&references, &row.referenced_columns, &row.referenced_types);
            }
            table.foreign_keys.push(ForeignKey {
                name: row.name,
                columns: row.columns,
                references,
                referenced_columns: row.referenced_columns,
                on_delete: action(&row.on_delete),
                on_update: action(&row.on_update),
                deferrable: match (row.deferrable, row.deferred) {
                    (false, _) => Deferrable::No,
                    (true, false) => Deferrable::InitiallyImmediate,
                    (true, true) => Deferrable::InitiallyDeferred,
                },
            });
        }
        _ => note(format!(
            "is an exclusion constraint (`{}`) and was left out: the model has none yet",
            row.definition.unwrap_or_default()
        )),
    }
}

fn index(row: IndexRow, owner: &str, notes: &mut Vec<Note>) -> Option<Index> {
    let object = format!("index `{}` on {owner}", row.name);
    if !row.valid {
        notes.push(Note::new(
            object,
            "is invalid (a failed `CREATE INDEX CONCURRENTLY`?) and was left out".into(),
        ));
        return None;
    }
    let Some(method) = IndexMethod::ALL
        .iter()
        .find(|(name, _)| *name == row.method)
        .map(|(_, method)| *method)
    else {
        notes.push(Note::new(
            object,
            format!(
                "uses access method `{}`, which the model does not have, and was left out",
                row.method
            ),
        ));
        return None;
    };
    let key_count = row.key_count.min(row.columns.len());
    let keys = (0..key_count)
        .map(|k| {
            let options = row.options.get(k).copied().unwrap_or(0);
            let descending = options & 1 != 0;
            let nulls_first = options & 2 != 0;
            IndexKey {
                target: match &row.columns[k] {
                    Some(column) => IndexTarget::Column(column.clone()),
                    None => IndexTarget::Expression(
                        row.definitions
                            .get(k)
                            .cloned()
                            .flatten()
                            .unwrap_or_default(),
                    ),
                },
                opclass: row.opclasses.get(k).cloned().flatten(),
                descending,
                nulls: match (descending, nulls_first) {
                    (false, true) => Some(NullsOrder::First),
                    (true, false) => Some(NullsOrder::Last),
                    _ => None,
                },
            }
        })
        .collect();
    Some(Index {
        name: row.name,
        unique: row.unique,
        method,
        keys,
        include: row.columns[key_count..].iter().flatten().cloned().collect(),
        predicate: row.predicate,
    })
}

fn policy(row: PolicyRow) -> Policy {
    Policy {
        name: row.name,
        restrictive: !row.permissive,
        command: match row.command.as_str() {
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        },
        roles: row.roles,
        using: row.using,
        with_check: row.with_check,
        allow: Vec::new(),
    }
}

/// Tables outside the schemas read that foreign keys point at: they become external
/// tables with the columns referenced.
#[derive(Default)]
struct ExternalTables(BTreeMap<QualifiedName, Vec<ExternalColumn>>);

impl ExternalTables {
    fn add(&mut self, table: &QualifiedName, columns: &[String], types: &[String]) {
        let known = self.0.entry(table.clone()).or_default();
        for (name, ty) in columns.iter().zip(types) {
            if !known.iter().any(|c| &c.name == name) {
                known.push(ExternalColumn {
                    name: name.clone(),
                    ty: SqlType::parse(ty),
                });
            }
        }
    }

    /// Columns sorted by name: the order of first reference follows table oids, which
    /// differ between two databases built alike.
    fn into_tables(self) -> Vec<ExternalTable> {
        self.0
            .into_iter()
            .map(|(name, mut columns)| {
                columns.sort_by(|a, b| a.name.cmp(&b.name));
                ExternalTable { name, columns }
            })
            .collect()
    }
}
