//! Schema-wide checks: everything a derive macro cannot know because it sees one type at a
//! time. Each check reports every offender, naming it.

use crate::error::error;
use crate::kinds::table::{self, column, constraint, distribution, partition, policy, trigger};
use crate::kinds::{function, grant, view, Namespace, KINDS};
use crate::sql::{one_expression, one_query, NotOneExpression};
use crate::{
    DefaultValue, Index, IndexTarget, PartitionBound, QualifiedName, Schema, SchemaError,
    MAX_IDENTIFIER_BYTES,
};
use std::collections::{BTreeMap, BTreeSet};

/// Runs every check, kind by kind. The order is the order problems are reported in: a
/// table's own problems together, then the other kinds.
pub(crate) fn validate(schema: &Schema) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    identifier_lengths(schema, &mut errors);
    duplicate_objects(schema, &mut errors);
    for table in &schema.tables {
        table::validate(schema, table, &mut errors);
        column::validate(schema, table, &mut errors);
        constraint::validate(schema, table, &mut errors);
        policy::validate(schema, table, &mut errors);
    }
    for kind in KINDS {
        (kind.validate)(schema, &mut errors);
    }
    function::validate(schema, &mut errors);
    for table in &schema.tables {
        trigger::validate(schema, table, &mut errors);
        partition::validate(schema, table, &mut errors);
    }
    distribution::validate(schema, &mut errors);
    for view in &schema.views {
        view::validate(schema, view, &mut errors);
    }
    for grant in &schema.grants {
        grant::validate(schema, grant, &mut errors);
    }
    expressions(schema, &mut errors);
    errors
}

/// Every SQL text the schema pastes into a statement is exactly one expression (or, for
/// a view, one query): nothing in it may end the statement or swallow what follows, so a
/// snapshot or attribute cannot smuggle `); DROP TABLE customers; --` into a plan. Checked
/// wherever the text entered the model, since every way in goes through this validation.
fn expressions(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut check = |object: String, what: &str, text: &str| {
        if let Err(problem) = one_expression(text) {
            errors.push(error(
                object,
                format!("{what} is not one SQL expression: {problem}: `{text}`"),
            ));
        }
    };
    let default_text = |default: &Option<DefaultValue>| match default {
        Some(DefaultValue::Expression(text)) => Some(text.clone()),
        _ => None,
    };
    for table in &schema.tables {
        let object = format!("table `{}`", table.name);
        for column in &table.columns {
            let what = format!("the default of column `{}`", column.name);
            if let Some(text) = default_text(&column.default) {
                check(object.clone(), &what, &text);
            }
            if let Some(text) = &column.generated {
                let what = format!("the generation expression of column `{}`", column.name);
                check(object.clone(), &what, text);
            }
        }
        for c in &table.checks {
            let what = format!("check `{}`", c.name);
            check(object.clone(), &what, &c.expression);
        }
        for e in &table.exclusions {
            let what = format!("the definition of exclusion constraint `{}`", e.name);
            check(object.clone(), &what, &e.definition);
        }
        index_expressions(&object, &table.indexes, &mut check);
        for policy in &table.policies {
            for (clause, text) in [("USING", &policy.using), ("WITH CHECK", &policy.with_check)] {
                if let Some(text) = text {
                    let what = format!("the {clause} condition of policy `{}`", policy.name);
                    check(object.clone(), &what, text);
                }
            }
        }
        for trigger in &table.triggers {
            if let Some(text) = &trigger.when {
                let what = format!("the WHEN condition of trigger `{}`", trigger.name);
                check(object.clone(), &what, text);
            }
        }
        if let Some(by) = &table.partition_by {
            for key in &by.keys {
                if let IndexTarget::Expression(text) = key {
                    check(object.clone(), "a partition key", text);
                }
            }
        }
        if let Some(of) = &table.partition_of {
            let values: Vec<&String> = match &of.bound {
                PartitionBound::Range { from, to } => from.iter().chain(to).collect(),
                PartitionBound::List(values) => values.iter().collect(),
                PartitionBound::Hash { .. } | PartitionBound::Default => Vec::new(),
            };
            for value in values {
                check(object.clone(), "a partition bound value", value);
            }
        }
    }
    for domain in &schema.domains {
        let object = format!("domain `{}`", domain.name);
        if let Some(text) = default_text(&domain.default) {
            check(object.clone(), "its default", &text);
        }
        for c in &domain.checks {
            check(
                object.clone(),
                &format!("check `{}`", c.name),
                &c.expression,
            );
        }
    }
    for function in &schema.functions {
        let object = format!("function `{}`", function.name);
        for (i, argument) in function.arguments.iter().enumerate() {
            if let Some(text) = &argument.default {
                let name = argument
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{}", i + 1));
                check(
                    object.clone(),
                    &format!("the default of argument `{name}`"),
                    text,
                );
            }
        }
    }
    let mut queries = Vec::new();
    for view in &schema.views {
        let object = format!("{} `{}`", view.kind(), view.name);
        // An empty query is reported by the view's own checks.
        if let Err(problem) = one_query(&view.query).or_else(|problem| match problem {
            NotOneExpression::Empty => Ok(()),
            other => Err(other),
        }) {
            queries.push(error(
                object.clone(),
                format!("its query is not one SQL query: {problem}"),
            ));
        }
        for trigger in &view.triggers {
            if let Some(text) = &trigger.when {
                let what = format!("the WHEN condition of trigger `{}`", trigger.name);
                check(object.clone(), &what, text);
            }
        }
        index_expressions(&object, &view.indexes, &mut check);
    }
    errors.extend(queries);
}

fn index_expressions(object: &str, indexes: &[Index], check: &mut impl FnMut(String, &str, &str)) {
    for index in indexes {
        for key in &index.keys {
            if let IndexTarget::Expression(text) = &key.target {
                let what = format!("a key of index `{}`", index.name);
                check(object.to_string(), &what, text);
            }
        }
        if let Some(text) = &index.predicate {
            let what = format!("the WHERE condition of index `{}`", index.name);
            check(object.to_string(), &what, text);
        }
    }
}

/// An error when `name` is longer than Postgres keeps: `what` says what the name is
/// (``type name``), `object` whose it is.
pub(crate) fn identifier_length(
    what: &str,
    object: &str,
    name: &str,
    errors: &mut Vec<SchemaError>,
) {
    if name.len() > MAX_IDENTIFIER_BYTES {
        errors.push(error(
            object.to_string(),
            format!(
                "{what} `{name}` is {} bytes long; Postgres truncates identifiers to {MAX_IDENTIFIER_BYTES} bytes, so give it a shorter name",
                name.len()
            ),
        ));
    }
}

fn identifier_lengths(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut check = |kind: &str, object: String, name: &str| {
        identifier_length(kind, &object, name, errors);
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
        let object = table.object();
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
            .chain(table.exclusions.iter().map(|e| &e.name))
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
    for kind in KINDS {
        for (name, owner) in (kind.claims)(schema, Namespace::Type) {
            claim(name, owner, errors);
        }
    }
    for table in &schema.external.tables {
        claim(
            table.name.clone(),
            format!("external table `{}`", table.name),
            errors,
        );
    }
    for table in &schema.tables {
        claim(table.name.clone(), table.object(), errors);
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
            crate::kinds::table::index::validate_method(&owner, index, errors);
            claim(name, owner, errors);
        }
    }
    for kind in KINDS {
        for (name, owner) in (kind.claims)(schema, Namespace::Relation) {
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
        for exclusion in &table.exclusions {
            let owner = format!(
                "exclusion constraint `{}` on table `{}`",
                exclusion.name, table.name
            );
            claim(in_schema(&exclusion.name), owner, errors);
        }
        for index in &table.indexes {
            let owner = format!("index `{}` on table `{}`", index.name, table.name);
            crate::kinds::table::index::validate_method(&owner, index, errors);
            claim(in_schema(&index.name), owner, errors);
        }

        let mut columns = BTreeSet::new();
        for column in &table.columns {
            if !columns.insert(&column.name) {
                errors.push(error(
                    table.object(),
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
                    table.object(),
                    format!("constraint name `{name}` is used twice"),
                ));
            }
        }
        let mut policies = BTreeSet::new();
        for policy in &table.policies {
            if !policies.insert(&policy.name) {
                errors.push(error(
                    table.object(),
                    format!("policy `{}` is declared twice", policy.name),
                ));
            }
        }
    }
}
