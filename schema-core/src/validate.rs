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
use std::fmt::Display;

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
    // What is checked is described only when it fails.
    let mut check = |object: &dyn Display, what: &dyn Display, text: &str| {
        if let Err(problem) = one_expression(text) {
            errors.push(error(
                object.to_string(),
                format!("{what} is not one SQL expression: {problem}: `{text}`"),
            ));
        }
    };
    fn default_text(default: &Option<DefaultValue>) -> Option<&str> {
        match default {
            Some(DefaultValue::Expression(text)) => Some(text),
            _ => None,
        }
    }
    for table in &schema.tables {
        let object = Owner::Object("table", &table.name);
        for column in &table.columns {
            if let Some(text) = default_text(&column.default) {
                let what = format_args!("the default of column `{}`", column.name);
                check(&object, &what, text);
            }
            if let Some(text) = &column.generated {
                let what = format_args!("the generation expression of column `{}`", column.name);
                check(&object, &what, text);
            }
        }
        for c in &table.checks {
            check(&object, &format_args!("check `{}`", c.name), &c.expression);
        }
        for e in &table.exclusions {
            let what = format_args!("the definition of exclusion constraint `{}`", e.name);
            check(&object, &what, &e.definition);
        }
        index_expressions(&object, &table.indexes, &mut check);
        for policy in &table.policies {
            for (clause, text) in [("USING", &policy.using), ("WITH CHECK", &policy.with_check)] {
                if let Some(text) = text {
                    let what = format_args!("the {clause} condition of policy `{}`", policy.name);
                    check(&object, &what, text);
                }
            }
        }
        for trigger in &table.triggers {
            if let Some(text) = &trigger.when {
                let what = format_args!("the WHEN condition of trigger `{}`", trigger.name);
                check(&object, &what, text);
            }
        }
        if let Some(by) = &table.partition_by {
            for key in &by.keys {
                if let IndexTarget::Expression(text) = key {
                    check(&object, &"a partition key", text);
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
                check(&object, &"a partition bound value", value);
            }
        }
    }
    for domain in &schema.domains {
        let object = Owner::Object("domain", &domain.name);
        if let Some(text) = default_text(&domain.default) {
            check(&object, &"its default", text);
        }
        for c in &domain.checks {
            check(&object, &format_args!("check `{}`", c.name), &c.expression);
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
                    &object,
                    &format_args!("the default of argument `{name}`"),
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
                let what = format_args!("the WHEN condition of trigger `{}`", trigger.name);
                check(&object, &what, text);
            }
        }
        index_expressions(&object, &view.indexes, &mut check);
    }
    errors.extend(queries);
}

fn index_expressions(
    object: &dyn Display,
    indexes: &[Index],
    check: &mut impl FnMut(&dyn Display, &dyn Display, &str),
) {
    for index in indexes {
        for key in &index.keys {
            if let IndexTarget::Expression(text) = &key.target {
                check(
                    object,
                    &format_args!("a key of index `{}`", index.name),
                    text,
                );
            }
        }
        if let Some(text) = &index.predicate {
            let what = format_args!("the WHERE condition of index `{}`", index.name);
            check(object, &what, text);
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
    // Described only when a name is too long: most are not.
    let mut check = |kind: &str, object: &dyn std::fmt::Display, name: &str| {
        if name.len() > MAX_IDENTIFIER_BYTES {
            identifier_length(kind, &object.to_string(), name, errors);
        }
    };
    for name in &schema.schemas {
        check("schema name", &format_args!("schema `{name}`"), name);
    }
    for def in &schema.enums {
        let object = Owner::Object("enum type", &def.name);
        check("type name", &object, &def.name.name);
        for value in &def.values {
            check("enum label", &object, &value.label);
        }
    }
    for table in &schema.tables {
        let object = Owner::Object("table", &table.name);
        check("table name", &object, &table.name.name);
        for column in &table.columns {
            check("column name", &object, &column.name);
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
            check("constraint name", &object, name);
        }
        for index in &table.indexes {
            check("index name", &object, &index.name);
        }
        for policy in &table.policies {
            check("policy name", &object, &policy.name);
        }
        for trigger in &table.triggers {
            check("trigger name", &object, &trigger.name);
        }
    }
    for view in &schema.views {
        let object = Owner::Object(view.kind(), &view.name);
        check("view name", &object, &view.name.name);
        for column in &view.columns {
            check("column name", &object, &column.name);
        }
        for index in &view.indexes {
            check("index name", &object, &index.name);
        }
    }
    for function in &schema.functions {
        let object = Owner::Object("function", &function.name);
        check("function name", &object, &function.name.name);
        for name in function.arguments.iter().filter_map(|a| a.name.as_ref()) {
            check("argument name", &object, name);
        }
    }
}

/// Who claims a name, described only when a second claim needs it: a schema of thousands of
/// tables would otherwise format a description for each of its tables, keys and indexes.
enum Owner<'a> {
    /// Described already (the kinds' own claims).
    Text(String),
    /// `{what} `{name}``, such as a table.
    Object(&'static str, &'a QualifiedName),
    /// `{what} `{name}` on {on} `{table}``, such as a table's index.
    Part(&'static str, &'a str, &'static str, &'a QualifiedName),
}

impl std::fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Owner::Text(text) => f.write_str(text),
            Owner::Object(what, name) => write!(f, "{what} `{name}`"),
            Owner::Part(what, name, on, table) => write!(f, "{what} `{name}` on {on} `{table}`"),
        }
    }
}

/// The names claimed in one namespace, each with its first claimant.
#[derive(Default)]
struct Claims<'a>(BTreeMap<(&'a str, &'a str), Owner<'a>>);

impl<'a> Claims<'a> {
    /// Claims `schema.name` for `owner`, or reports that it is taken.
    fn claim(
        &mut self,
        schema: &'a str,
        name: &'a str,
        owner: Owner<'a>,
        errors: &mut Vec<SchemaError>,
    ) {
        if let Some(first) = self.0.get(&(schema, name)) {
            let name = QualifiedName::new(schema, name);
            errors.push(error(
                owner.to_string(),
                format!("the name `{name}` is already used by {first}"),
            ));
        } else {
            self.0.insert((schema, name), owner);
        }
    }
}

fn duplicate_objects(schema: &Schema, errors: &mut Vec<SchemaError>) {
    // Tables, indexes and the indexes behind primary keys and unique constraints share one
    // namespace per schema; enum types share another with tables (each table has a type).
    // Names are borrowed (schema, name) pairs: most claims are the schema's own names.
    let kind_claims: Vec<Vec<(QualifiedName, String)>> = [Namespace::Type, Namespace::Relation]
        .into_iter()
        .map(|namespace| {
            KINDS
                .iter()
                .flat_map(|kind| (kind.claims)(schema, namespace))
                .collect()
        })
        .collect();
    let mut relations = Claims::default();
    let mut claim = |schema_name, name, owner, errors: &mut Vec<SchemaError>| {
        relations.claim(schema_name, name, owner, errors)
    };
    for def in &schema.enums {
        claim(
            &def.name.schema,
            &def.name.name,
            Owner::Object("enum type", &def.name),
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
    for (name, owner) in &kind_claims[0] {
        claim(&name.schema, &name.name, Owner::Text(owner.clone()), errors);
    }
    for table in &schema.external.tables {
        claim(
            &table.name.schema,
            &table.name.name,
            Owner::Object("external table", &table.name),
            errors,
        );
    }
    for table in &schema.tables {
        claim(
            &table.name.schema,
            &table.name.name,
            Owner::Object("table", &table.name),
            errors,
        );
    }
    for view in &schema.views {
        claim(
            &view.name.schema,
            &view.name.name,
            Owner::Object(view.kind(), &view.name),
            errors,
        );
        for index in &view.indexes {
            let owner = Owner::Part("index", &index.name, view.kind(), &view.name);
            crate::kinds::table::index::validate_method(&owner, index, errors);
            claim(&view.name.schema, &index.name, owner, errors);
        }
    }
    for (name, owner) in &kind_claims[1] {
        claim(&name.schema, &name.name, Owner::Text(owner.clone()), errors);
    }
    for table in &schema.tables {
        let in_schema = table.name.schema.as_str();
        let on = |what, name| Owner::Part(what, name, "table", &table.name);
        if let Some(pk) = &table.primary_key {
            claim(in_schema, &pk.name, on("primary key", &pk.name), errors);
        }
        for unique in &table.uniques {
            let owner = on("unique constraint", &unique.name);
            claim(in_schema, &unique.name, owner, errors);
        }
        for exclusion in &table.exclusions {
            let owner = on("exclusion constraint", &exclusion.name);
            claim(in_schema, &exclusion.name, owner, errors);
        }
        for index in &table.indexes {
            let owner = on("index", &index.name);
            crate::kinds::table::index::validate_method(&owner, index, errors);
            claim(in_schema, &index.name, owner, errors);
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
