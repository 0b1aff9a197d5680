//! Schema-wide checks: everything a derive macro cannot know because it sees one type at a
//! time. Each check reports every offender, naming it.

use crate::name::{QualifiedName, MAX_IDENTIFIER_BYTES};
use crate::schema::{Schema, SchemaError, Severity};
use crate::table::{DefaultValue, ForeignKey, IndexTarget, Literal, TableDef};
use crate::types::SqlType;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn error(object: String, message: String) -> SchemaError {
    SchemaError {
        object,
        message,
        severity: Severity::Error,
    }
}

/// A problem Postgres itself accepts but that is almost certainly a mistake in a schema
/// someone writes; a schema read from a database may still have it.
fn suspicious(object: String, message: String) -> SchemaError {
    SchemaError {
        severity: Severity::Suspicious,
        ..error(object, message)
    }
}

pub(crate) fn table_object(table: &TableDef) -> String {
    format!("table `{}`", table.name)
}

/// Gives every foreign key that names no referenced columns the primary key of the table
/// it references (the first column of an external table).
pub(crate) fn fill_referenced_columns(schema: &mut Schema) -> Vec<SchemaError> {
    let primary_keys: BTreeMap<QualifiedName, Option<Vec<String>>> = schema
        .tables
        .iter()
        .map(|t| {
            let key = t.primary_key.as_ref().map(|pk| pk.columns.clone());
            (t.name.clone(), key)
        })
        .chain(schema.external.tables.iter().map(|t| {
            let key = t.columns.first().map(|c| vec![c.name.clone()]);
            (t.name.clone(), key)
        }))
        .collect();
    let mut errors = Vec::new();
    for table in &mut schema.tables {
        for key in &mut table.foreign_keys {
            if !key.referenced_columns.is_empty() {
                continue;
            }
            match primary_keys.get(&key.references) {
                Some(Some(columns)) => key.referenced_columns = columns.clone(),
                Some(None) => errors.push(error(
                    format!("foreign key `{}` on table `{}`", key.name, table.name),
                    format!(
                        "references `{}` without naming columns, and `{}` has no primary key",
                        key.references, key.references
                    ),
                )),
                // An undeclared target is reported by `validate`.
                None => {}
            }
        }
    }
    errors
}

/// Runs every check.
pub(crate) fn validate(schema: &Schema) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    identifier_lengths(schema, &mut errors);
    duplicate_objects(schema, &mut errors);
    for table in &schema.tables {
        columns(schema, table, &mut errors);
        match crate::validate_objects::with_parent_columns(schema, table) {
            Some(partition) => constraint_columns(&partition, &mut errors),
            None => constraint_columns(table, &mut errors),
        }
        for key in &table.foreign_keys {
            foreign_key(schema, table, key, &mut errors);
        }
        policies(schema, table, &mut errors);
    }
    crate::validate_objects::validate(schema, &mut errors);
    errors
}

fn identifier_lengths(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut check = |kind: &str, object: String, name: &str| {
        if name.len() > MAX_IDENTIFIER_BYTES {
            errors.push(error(
                object,
                format!(
                    "{kind} `{name}` is {} bytes long; Postgres truncates identifiers to {MAX_IDENTIFIER_BYTES} bytes, so give it a shorter name",
                    name.len()
                ),
            ));
        }
    };
    for name in &schema.schemas {
        check("schema name", format!("schema `{name}`"), name);
    }
    for def in &schema.enums {
        let object = format!("enum type `{}`", def.name);
        check("type name", object.clone(), &def.name.name);
        for value in &def.values {
            check("enum label", object.clone(), &value.label);
        }
    }
    for table in &schema.tables {
        let object = table_object(table);
        check("table name", object.clone(), &table.name.name);
        for column in &table.columns {
            check("column name", object.clone(), &column.name);
        }
        let constraint_names = table
            .primary_key
            .iter()
            .map(|pk| &pk.name)
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.checks.iter().map(|c| &c.name))
            .chain(table.foreign_keys.iter().map(|f| &f.name));
        for name in constraint_names {
            check("constraint name", object.clone(), name);
        }
        for index in &table.indexes {
            check("index name", object.clone(), &index.name);
        }
        for policy in &table.policies {
            check("policy name", object.clone(), &policy.name);
        }
        for trigger in &table.triggers {
            check("trigger name", object.clone(), &trigger.name);
        }
    }
    for view in &schema.views {
        let object = format!("{} `{}`", view.kind(), view.name);
        check("view name", object.clone(), &view.name.name);
        for column in &view.columns {
            check("column name", object.clone(), &column.name);
        }
        for index in &view.indexes {
            check("index name", object.clone(), &index.name);
        }
    }
    for function in &schema.functions {
        let object = format!("function `{}`", function.name);
        check("function name", object.clone(), &function.name.name);
        for name in function.arguments.iter().filter_map(|a| a.name.as_ref()) {
            check("argument name", object.clone(), name);
        }
    }
    for domain in &schema.domains {
        let object = format!("domain `{}`", domain.name);
        check("type name", object.clone(), &domain.name.name);
        for check_constraint in &domain.checks {
            check("constraint name", object.clone(), &check_constraint.name);
        }
    }
    for composite in &schema.composites {
        let object = format!("composite type `{}`", composite.name);
        check("type name", object.clone(), &composite.name.name);
        for attribute in &composite.attributes {
            check("attribute name", object.clone(), &attribute.name);
        }
    }
    for role in &schema.roles {
        check("role name", format!("role `{}`", role.name), &role.name);
    }
}

fn duplicate_objects(schema: &Schema, errors: &mut Vec<SchemaError>) {
    // Tables, indexes and the indexes behind primary keys and unique constraints share one
    // namespace per schema; enum types share another with tables (each table has a type).
    let mut relations: BTreeMap<QualifiedName, String> = BTreeMap::new();
    let mut claim = |name: QualifiedName, owner: String, errors: &mut Vec<SchemaError>| {
        if let Some(first) = relations.get(&name) {
            errors.push(error(
                owner,
                format!("the name `{name}` is already used by {first}"),
            ));
        } else {
            relations.insert(name, owner);
        }
    };
    for def in &schema.enums {
        claim(
            def.name.clone(),
            format!("enum type `{}`", def.name),
            errors,
        );
        let mut labels = BTreeSet::new();
        for value in &def.values {
            if !labels.insert(&value.label) {
                errors.push(error(
                    format!("enum type `{}`", def.name),
                    format!("value `{}` is declared twice", value.label),
                ));
            }
        }
    }
    for domain in &schema.domains {
        claim(
            domain.name.clone(),
            format!("domain `{}`", domain.name),
            errors,
        );
    }
    for composite in &schema.composites {
        claim(
            composite.name.clone(),
            format!("composite type `{}`", composite.name),
            errors,
        );
    }
    for table in &schema.external.tables {
        claim(
            table.name.clone(),
            format!("external table `{}`", table.name),
            errors,
        );
    }
    for table in &schema.tables {
        claim(table.name.clone(), table_object(table), errors);
    }
    for view in &schema.views {
        claim(
            view.name.clone(),
            format!("{} `{}`", view.kind(), view.name),
            errors,
        );
        for index in &view.indexes {
            let name = QualifiedName::new(view.name.schema.clone(), index.name.clone());
            let owner = format!("index `{}` on {} `{}`", index.name, view.kind(), view.name);
            claim(name, owner, errors);
        }
    }
    for table in &schema.tables {
        let in_schema = |name: &str| QualifiedName::new(table.name.schema.clone(), name);
        if let Some(pk) = &table.primary_key {
            let owner = format!("primary key `{}` on table `{}`", pk.name, table.name);
            claim(in_schema(&pk.name), owner, errors);
        }
        for unique in &table.uniques {
            let owner = format!(
                "unique constraint `{}` on table `{}`",
                unique.name, table.name
            );
            claim(in_schema(&unique.name), owner, errors);
        }
        for index in &table.indexes {
            let owner = format!("index `{}` on table `{}`", index.name, table.name);
            claim(in_schema(&index.name), owner, errors);
        }

        let mut columns = BTreeSet::new();
        for column in &table.columns {
            if !columns.insert(&column.name) {
                errors.push(error(
                    table_object(table),
                    format!("column `{}` is declared twice", column.name),
                ));
            }
        }
        let mut constraints = BTreeSet::new();
        let constraint_names = table
            .primary_key
            .iter()
            .map(|pk| &pk.name)
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.checks.iter().map(|c| &c.name))
            .chain(table.foreign_keys.iter().map(|f| &f.name));
        for name in constraint_names {
            if !constraints.insert(name) {
                errors.push(error(
                    table_object(table),
                    format!("constraint name `{name}` is used twice"),
                ));
            }
        }
        let mut policies = BTreeSet::new();
        for policy in &table.policies {
            if !policies.insert(&policy.name) {
                errors.push(error(
                    table_object(table),
                    format!("policy `{}` is declared twice", policy.name),
                ));
            }
        }
    }
}

fn columns(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    for column in &table.columns {
        let object = format!("column `{}.{}`", table.name, column.name);
        let mut problem = |message: String| errors.push(error(object.clone(), message));
        if let SqlType::Enum(name) = column.ty.element() {
            if schema.enum_type(name).is_none() {
                problem(format!(
                    "uses enum type `{name}`, which is not registered; add it with `.enum_type::<...>()`"
                ));
            }
        }
        // The derive of a table does not see its enums' labels: a misspelt `default_value`
        // is caught here, before Postgres refuses the `CREATE TABLE`.
        if let (SqlType::Enum(name), Some(DefaultValue::Literal(Literal::Text(label)))) =
            (&column.ty, &column.default)
        {
            if let Some(enum_type) = schema.enum_type(name) {
                if !enum_type.values.iter().any(|value| &value.label == label) {
                    let labels: Vec<&str> =
                        enum_type.values.iter().map(|v| v.label.as_str()).collect();
                    problem(format!(
                        "has `default_value = \"{label}\"`, which is not a label of enum type `{name}` (its labels: {})",
                        labels.join(", ")
                    ));
                }
            }
        }
        if column.identity.is_some() && !column.ty.is_integer() {
            problem(format!(
                "is an identity column but has type `{}`; identity needs smallint, integer or bigint",
                column.ty
            ));
        }
        if column.identity.is_some() && column.default.is_some() {
            problem("has both `identity` and `default`; an identity column takes its values from its sequence".into());
        }
        if column.generated.is_some() && column.default.is_some() {
            problem(
                "has both `generated` and `default`; a generated column cannot have a default"
                    .into(),
            );
        }
        if column.generated.is_some() && column.identity.is_some() {
            problem("is both `generated` and `identity`; choose one".into());
        }
    }
    if let Some(pk) = &table.primary_key {
        for name in &pk.columns {
            if table.column(name).is_some_and(|c| c.nullable) {
                errors.push(error(
                    format!("column `{}.{name}`", table.name),
                    "is part of the primary key but nullable; primary key columns are NOT NULL, so do not use `Option<T>`".into(),
                ));
            }
        }
    }
}

/// Reports each of `columns` that `table` lacks, and an empty list.
fn known_columns<'a>(
    table: &TableDef,
    object: &str,
    columns: impl IntoIterator<Item = &'a String>,
    errors: &mut Vec<SchemaError>,
) {
    let mut empty = true;
    for name in columns {
        empty = false;
        if table.column(name).is_none() {
            errors.push(error(
                object.to_string(),
                format!(
                    "names column `{name}`, which table `{}` does not have",
                    table.name
                ),
            ));
        }
    }
    if empty {
        errors.push(error(object.to_string(), "has no columns".into()));
    }
}

fn constraint_columns(table: &TableDef, errors: &mut Vec<SchemaError>) {
    if let Some(pk) = &table.primary_key {
        let object = format!("primary key `{}` on table `{}`", pk.name, table.name);
        known_columns(table, &object, &pk.columns, errors);
    }
    for unique in &table.uniques {
        let object = format!(
            "unique constraint `{}` on table `{}`",
            unique.name, table.name
        );
        known_columns(table, &object, &unique.columns, errors);
    }
    for key in &table.foreign_keys {
        let object = format!("foreign key `{}` on table `{}`", key.name, table.name);
        known_columns(table, &object, &key.columns, errors);
    }
    for index in &table.indexes {
        let object = format!("index `{}` on table `{}`", index.name, table.name);
        if index.keys.is_empty() {
            errors.push(error(object.clone(), "has no keys".into()));
        }
        for key in &index.keys {
            if let IndexTarget::Column(name) = &key.target {
                known_columns(table, &object, [name], errors);
            }
        }
        for name in &index.include {
            if table.column(name).is_none() {
                errors.push(error(
                    object.clone(),
                    format!(
                        "includes column `{name}`, which table `{}` does not have",
                        table.name
                    ),
                ));
            }
        }
    }
}

fn foreign_key(schema: &Schema, table: &TableDef, key: &ForeignKey, errors: &mut Vec<SchemaError>) {
    let object = format!("foreign key `{}` on table `{}`", key.name, table.name);
    let target_columns: Vec<(String, &SqlType)> = if let Some(target) =
        schema.table(&key.references)
    {
        target
            .columns
            .iter()
            .map(|c| (c.name.clone(), &c.ty))
            .collect()
    } else if let Some(target) = schema
        .external
        .tables
        .iter()
        .find(|t| t.name == key.references)
    {
        target
            .columns
            .iter()
            .map(|c| (c.name.clone(), &c.ty))
            .collect()
    } else {
        errors.push(error(
            object,
            format!(
                "references table `{}`, which is not declared; register it, or declare it with `.external_table(...)` if the app does not own it",
                key.references
            ),
        ));
        return;
    };
    if key.referenced_columns.is_empty() {
        return; // Reported by `fill_referenced_columns`.
    }
    if key.columns.len() != key.referenced_columns.len() {
        errors.push(error(
            object,
            format!(
                "has {} column(s) but references {} column(s) of `{}`",
                key.columns.len(),
                key.referenced_columns.len(),
                key.references
            ),
        ));
        return;
    }
    for (local, remote) in key.columns.iter().zip(&key.referenced_columns) {
        let Some((_, remote_ty)) = target_columns.iter().find(|(name, _)| name == remote) else {
            errors.push(error(
                object.clone(),
                format!(
                    "references column `{remote}`, which `{}` does not have",
                    key.references
                ),
            ));
            continue;
        };
        if let Some(local_column) = table.column(local) {
            if &local_column.ty != *remote_ty {
                errors.push(suspicious(
                    object.clone(),
                    format!(
                        "column `{local}` has type `{}` but references `{}.{remote}` of type `{remote_ty}`",
                        local_column.ty, key.references
                    ),
                ));
            }
        }
    }
    if let Some(target) = schema.table(&key.references) {
        let wanted: BTreeSet<&String> = key.referenced_columns.iter().collect();
        let is_key = target
            .primary_key
            .iter()
            .map(|pk| &pk.columns)
            .chain(target.uniques.iter().map(|u| &u.columns))
            .any(|columns| columns.iter().collect::<BTreeSet<_>>() == wanted);
        // Postgres also accepts a plain unique index over exactly those columns.
        let is_unique_index = target.indexes.iter().any(|index| {
            index.unique
                && index.predicate.is_none()
                && index.keys.len() == wanted.len()
                && index.keys.iter().all(|k| match &k.target {
                    IndexTarget::Column(c) => wanted.contains(c),
                    IndexTarget::Expression(_) => false,
                })
        });
        if !is_key && !is_unique_index {
            errors.push(error(
                object,
                format!(
                    "references ({}) of `{}`, which is neither its primary key nor a unique constraint or index; Postgres requires one",
                    key.referenced_columns.join(", "),
                    key.references
                ),
            ));
        }
    }
}

fn policies(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    for policy in &table.policies {
        let object = format!("policy `{}` on table `{}`", policy.name, table.name);
        if !table.row_level_security.enabled {
            errors.push(suspicious(
                object.clone(),
                "has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`".into(),
            ));
        }
        for role in &policy.roles {
            if !crate::validate_objects::role_declared(schema, role) {
                errors.push(error(
                    object.clone(),
                    format!("names role `{role}`, which is not declared; declare it with `.role(Role::new(\"{role}\"))`, or `.external_role(\"{role}\")` if the app does not own it"),
                ));
            }
        }
        if policy.using.is_some() && !policy.command.allows_using() {
            errors.push(error(
                object.clone(),
                "is a `FOR INSERT` policy, which cannot have `USING`; use `with_check`".into(),
            ));
        }
        if policy.with_check.is_some() && !policy.command.allows_with_check() {
            errors.push(error(
                object.clone(),
                format!(
                    "is a `FOR {}` policy, which cannot have `WITH CHECK`; use `using`",
                    policy.command.as_str()
                ),
            ));
        }
        if policy.using.is_none() && policy.with_check.is_none() {
            errors.push(suspicious(
                object,
                "has neither `using` nor `with_check`, so it allows nothing".into(),
            ));
        }
    }
}
