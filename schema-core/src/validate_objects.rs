//! Schema-wide checks of the objects beyond tables and enums: functions, triggers, views,
//! partitions, domains, composite types, extensions, roles and grants. Like `validate`,
//! each check reports every offender, naming it.

use crate::function::{Language, Returns};
use crate::grant::{Grant, GrantObject};
use crate::name::{QualifiedName, DEFAULT_SCHEMA};
use crate::partition::{PartitionBound, PartitionStrategy};
use crate::schema::{Schema, SchemaError};
use crate::table::{IndexTarget, TableDef};
use crate::trigger::{Trigger, TriggerEvent, TriggerTiming};
use crate::types::SqlType;
use crate::updated_at;
use crate::validate::{error, table_object};
use crate::view::ViewDef;
use std::collections::BTreeSet;

pub(crate) fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
    extensions(schema, errors);
    roles(schema, errors);
    types(schema, errors);
    functions(schema, errors);
    for table in &schema.tables {
        let object = table_object(table);
        let columns: Vec<&str> = columns_of(schema, table);
        triggers(schema, &object, &table.triggers, &columns, false, errors);
        partitioning(schema, table, errors);
    }
    for view in &schema.views {
        views(schema, view, errors);
    }
    for grant in &schema.grants {
        grants(schema, grant, errors);
    }
}

/// Whether a policy or grant may name `role`: one the app owns, an external one, or
/// `public` (everyone).
pub(crate) fn role_declared(schema: &Schema, role: &str) -> bool {
    role == "public"
        || schema.roles.iter().any(|r| r.name == role)
        || schema.external.roles.iter().any(|r| r == role)
}

/// A partition's columns are its parent's; for checking its indexes, the partition with
/// them filled in. `None` for a table that is not a partition (or whose parent is missing,
/// which `partitioning` reports).
pub(crate) fn with_parent_columns(schema: &Schema, table: &TableDef) -> Option<TableDef> {
    let parent = schema.table(&table.partition_of.as_ref()?.parent)?;
    Some(TableDef {
        columns: columns_of_table(schema, parent, 0),
        ..table.clone()
    })
}

fn columns_of<'a>(schema: &'a Schema, table: &'a TableDef) -> Vec<&'a str> {
    let mut current = table;
    // Partitions of partitions: follow the chain up to the table that has the columns,
    // with a bound in case of a cycle (reported by `partitioning`).
    for _ in 0..16 {
        match current
            .partition_of
            .as_ref()
            .and_then(|p| schema.table(&p.parent))
        {
            Some(parent) => current = parent,
            None => break,
        }
    }
    current.columns.iter().map(|c| c.name.as_str()).collect()
}

fn columns_of_table(schema: &Schema, table: &TableDef, depth: usize) -> Vec<crate::Column> {
    match table
        .partition_of
        .as_ref()
        .and_then(|p| schema.table(&p.parent))
    {
        Some(parent) if depth < 16 => columns_of_table(schema, parent, depth + 1),
        _ => table.columns.clone(),
    }
}

fn extensions(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut seen = BTreeSet::new();
    for extension in &schema.extensions {
        if !seen.insert(&extension.name) {
            errors.push(error(
                format!("extension `{}`", extension.name),
                "is declared twice".into(),
            ));
        }
    }
}

fn roles(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut seen = BTreeSet::new();
    for role in &schema.roles {
        let object = format!("role `{}`", role.name);
        if !seen.insert(&role.name) {
            errors.push(error(object.clone(), "is declared twice".into()));
        }
        if schema.external.roles.contains(&role.name) {
            errors.push(error(
                object.clone(),
                "is declared both as a role the app owns and as an external role; keep one".into(),
            ));
        }
        if role.name == "public" || role.name.starts_with("pg_") {
            errors.push(error(
                object.clone(),
                "is a name Postgres reserves (`public`, `pg_*`); choose another".into(),
            ));
        }
        for parent in &role.member_of {
            if parent == &role.name {
                errors.push(error(
                    object.clone(),
                    "is declared a member of itself".into(),
                ));
            } else if !role_declared(schema, parent) || parent == "public" {
                errors.push(error(
                    object.clone(),
                    format!("is a member of role `{parent}`, which is not declared"),
                ));
            }
        }
    }
}

fn types(schema: &Schema, errors: &mut Vec<SchemaError>) {
    for domain in &schema.domains {
        let object = format!("domain `{}`", domain.name);
        unknown_enum(schema, &object, "has base type", &domain.base, errors);
        let mut names = BTreeSet::new();
        for check in &domain.checks {
            if !names.insert(&check.name) {
                errors.push(error(
                    object.clone(),
                    format!("constraint name `{}` is used twice", check.name),
                ));
            }
        }
    }
    for composite in &schema.composites {
        let object = format!("composite type `{}`", composite.name);
        if composite.attributes.is_empty() {
            errors.push(error(object.clone(), "has no attributes".into()));
        }
        let mut names = BTreeSet::new();
        for attribute in &composite.attributes {
            if !names.insert(&attribute.name) {
                errors.push(error(
                    object.clone(),
                    format!("attribute `{}` is declared twice", attribute.name),
                ));
            }
            let what = format!("has attribute `{}` of type", attribute.name);
            unknown_enum(schema, &object, &what, &attribute.ty, errors);
        }
    }
}

/// An enum type named but not registered.
fn unknown_enum(
    schema: &Schema,
    object: &str,
    what: &str,
    ty: &SqlType,
    errors: &mut Vec<SchemaError>,
) {
    if let SqlType::Enum(name) = ty.element() {
        if schema.enum_type(name).is_none() {
            errors.push(error(
                object.to_string(),
                format!("{what} `{name}`, an enum type that is not registered; add it with `.enum_type::<...>()`"),
            ));
        }
    }
}

fn functions(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut seen = BTreeSet::new();
    for function in &schema.functions {
        let object = format!("function `{}`", function.name);
        if !seen.insert(&function.name) {
            errors.push(error(
                object.clone(),
                "is declared twice; overloaded functions (one name, several argument lists) are not supported, so give each its own name".into(),
            ));
        }
        if schema
            .external
            .functions
            .iter()
            .any(|f| f.name == function.name)
        {
            errors.push(error(
                object.clone(),
                "is declared both as a function the app owns and as an external function; keep one"
                    .into(),
            ));
        }
        if function.body.trim().is_empty() {
            errors.push(error(object.clone(), "has an empty body".into()));
        }
        if function.returns == Returns::Trigger {
            if function.language == Language::Sql {
                errors.push(error(
                    object.clone(),
                    "returns `trigger` but is written in `sql`; Postgres only accepts trigger functions in procedural languages such as `plpgsql`".into(),
                ));
            }
            if !function.arguments.is_empty() {
                errors.push(error(
                    object.clone(),
                    "returns `trigger` but declares arguments; a trigger function takes none, and reads the trigger's arguments from `TG_ARGV`".into(),
                ));
            }
        }
        let mut names = BTreeSet::new();
        let mut default_seen = false;
        for (i, argument) in function.arguments.iter().enumerate() {
            let label = match &argument.name {
                Some(name) => format!("argument `{name}`"),
                None => format!("argument {}", i + 1),
            };
            if let Some(name) = &argument.name {
                if !names.insert(name) {
                    errors.push(error(
                        object.clone(),
                        format!("argument `{name}` is declared twice"),
                    ));
                }
            }
            if argument.default.is_some() {
                default_seen = true;
            } else if default_seen {
                errors.push(error(
                    object.clone(),
                    format!("{label} has no default but follows one that has; Postgres requires defaults on every argument after the first one with a default"),
                ));
            }
            unknown_enum(
                schema,
                &object,
                &format!("{label} has type"),
                &argument.ty,
                errors,
            );
        }
        match &function.returns {
            Returns::Type(ty) | Returns::SetOf(ty) => {
                unknown_enum(schema, &object, "returns", ty, errors)
            }
            Returns::Table(columns) => {
                for column in columns {
                    let what = format!("returns column `{}` of type", column.name);
                    unknown_enum(schema, &object, &what, &column.ty, errors);
                }
            }
            Returns::Trigger | Returns::Void => {}
        }
        if let Some(path) = &function.search_path {
            if path.iter().any(|s| s.trim().is_empty()) {
                errors.push(error(
                    object.clone(),
                    "has an empty schema name in its `search_path`; an empty path is written as no schema at all".into(),
                ));
            }
        }
    }
}

/// Whether the function a trigger calls exists and returns `trigger`; `Err` with the
/// reason otherwise.
fn trigger_function(schema: &Schema, name: &QualifiedName) -> Result<(), String> {
    if let Some(function) = schema.function(name) {
        return match function.returns {
            Returns::Trigger => Ok(()),
            ref other => Err(format!(
                "calls function `{name}`, which returns `{other}`; a trigger needs a function that returns `trigger`"
            )),
        };
    }
    if let Some(function) = schema.external.functions.iter().find(|f| &f.name == name) {
        return match &function.returns {
            SqlType::Custom(text) if text == "trigger" => Ok(()),
            other => Err(format!(
                "calls external function `{name}`, which returns `{other}`; a trigger needs a function that returns `trigger`"
            )),
        };
    }
    Err(format!(
        "calls function `{name}`, which is not declared; add it with `.function::<...>()`, or `.external_function(...)` if the app does not own it"
    ))
}

fn triggers(
    schema: &Schema,
    owner: &str,
    triggers: &[Trigger],
    columns: &[&str],
    on_view: bool,
    errors: &mut Vec<SchemaError>,
) {
    let mut names = BTreeSet::new();
    for trigger in triggers {
        let object = format!("trigger `{}` on {owner}", trigger.name);
        let mut problem = |message: String| errors.push(error(object.clone(), message));
        if !names.insert(&trigger.name) {
            problem("is declared twice".into());
        }
        if let Err(message) = trigger_function(schema, &trigger.function) {
            problem(message);
        }
        if trigger.events.is_empty() {
            problem(
                "fires on no event; name at least one of `insert`, `update`, `delete`, `truncate`"
                    .into(),
            );
        }
        match (trigger.timing, on_view) {
            (TriggerTiming::InsteadOf, false) => problem(
                "is `INSTEAD OF`, which only views can have; use `BEFORE` or `AFTER`".into(),
            ),
            (TriggerTiming::InsteadOf, true) => {
                if !trigger.for_each_row {
                    problem("is `INSTEAD OF` and so must be `FOR EACH ROW`".into());
                }
                if trigger.when.is_some() {
                    problem("is `INSTEAD OF`, which cannot have a `WHEN` condition".into());
                }
                if !trigger.update_of.is_empty() {
                    problem("is `INSTEAD OF`, which cannot name `UPDATE OF` columns".into());
                }
            }
            (_, true) if trigger.for_each_row => problem(
                "is a `BEFORE`/`AFTER` row trigger on a view; views take `INSTEAD OF` row triggers, or statement triggers".into(),
            ),
            _ => {}
        }
        if trigger.for_each_row && trigger.events.contains(&TriggerEvent::Truncate) {
            problem(
                "fires on `truncate` for each row; `TRUNCATE` triggers are statement triggers only"
                    .into(),
            );
        }
        if !trigger.update_of.is_empty() && !trigger.events.contains(&TriggerEvent::Update) {
            problem("names `UPDATE OF` columns but does not fire on `update`".into());
        }
        for column in &trigger.update_of {
            if !columns.contains(&column.as_str()) {
                problem(format!(
                    "names column `{column}` in `UPDATE OF`, which {owner} does not have"
                ));
            }
        }
        if trigger.function == updated_at::function_name()
            && schema.function(&trigger.function) == Some(&updated_at::function())
        {
            match trigger.arguments.as_slice() {
                [column] if columns.contains(&column.as_str()) => {}
                [column] => problem(format!(
                    "sets column `{column}` to now(), which {owner} does not have"
                )),
                _ => problem("calls the `updated_at` function, which takes the column to set as its one argument".into()),
            }
        }
    }
}

fn partitioning(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    let object = table_object(table);
    if let Some(by) = &table.partition_by {
        if by.keys.is_empty() {
            errors.push(error(object.clone(), "is partitioned by no key".into()));
        }
        let columns = columns_of(schema, table);
        for key in &by.keys {
            if let IndexTarget::Column(name) = key {
                if !columns.contains(&name.as_str()) {
                    errors.push(error(
                        object.clone(),
                        format!("is partitioned by column `{name}`, which it does not have"),
                    ));
                }
            }
        }
        // Postgres enforces uniqueness per partition only, so a unique key must contain
        // the whole partition key for it to hold across partitions.
        let key_columns: Vec<&String> = by
            .keys
            .iter()
            .filter_map(|k| match k {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expression(_) => None,
            })
            .collect();
        let has_expression = key_columns.len() < by.keys.len();
        let keys = table
            .primary_key
            .iter()
            .map(|pk| (format!("primary key `{}`", pk.name), &pk.columns))
            .chain(
                table
                    .uniques
                    .iter()
                    .map(|u| (format!("unique constraint `{}`", u.name), &u.columns)),
            );
        for (what, key) in keys {
            let missing: Vec<&str> = key_columns
                .iter()
                .filter(|c| !key.contains(c))
                .map(|c| c.as_str())
                .collect();
            if has_expression {
                errors.push(error(
                    object.clone(),
                    format!("has {what}, but is partitioned by an expression; Postgres cannot enforce a unique key across partitions then"),
                ));
            } else if !missing.is_empty() {
                errors.push(error(
                    object.clone(),
                    format!(
                        "has {what} on ({}), which lacks partition key column(s) {}; a unique key of a partitioned table must include the whole partition key",
                        key.join(", "),
                        missing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    let Some(of) = &table.partition_of else {
        return;
    };
    let own = [
        (!table.columns.is_empty(), "columns"),
        (table.primary_key.is_some(), "a primary key"),
        (!table.uniques.is_empty(), "unique constraints"),
        (!table.checks.is_empty(), "check constraints"),
        (!table.foreign_keys.is_empty(), "foreign keys"),
    ];
    for (declared, what) in own {
        if declared {
            errors.push(error(
                object.clone(),
                format!("is a partition of `{}` and declares {what}; a partition has its parent's columns and keys, so declare them on the parent", of.parent),
            ));
        }
    }
    if of.parent == table.name {
        errors.push(error(object, "is declared a partition of itself".into()));
        return;
    }
    let Some(parent) = schema.table(&of.parent) else {
        errors.push(error(
            object,
            format!("is a partition of `{}`, which is not declared", of.parent),
        ));
        return;
    };
    let Some(by) = &parent.partition_by else {
        errors.push(error(
            object,
            format!(
                "is a partition of table `{}`, which is not partitioned; add `partition_by(...)` to its `#[table(...)]`",
                of.parent
            ),
        ));
        return;
    };
    let strategy = by.strategy.as_str().to_ascii_lowercase();
    let mismatch = |bound: &str| {
        error(
            object.clone(),
            format!(
                "has a {bound} bound, but `{}` is partitioned by {strategy}",
                of.parent
            ),
        )
    };
    match (&of.bound, by.strategy) {
        (PartitionBound::Range { from, to }, PartitionStrategy::Range) => {
            if from.len() != by.keys.len() || to.len() != by.keys.len() {
                errors.push(error(
                    object.clone(),
                    format!(
                        "has a range bound of {} and {} value(s), but the partition key of `{}` has {} column(s)",
                        from.len(),
                        to.len(),
                        of.parent,
                        by.keys.len()
                    ),
                ));
            }
        }
        (PartitionBound::List(values), PartitionStrategy::List) => {
            if values.is_empty() {
                errors.push(error(
                    object.clone(),
                    "has a list bound with no values".into(),
                ));
            }
        }
        (PartitionBound::Hash { modulus, remainder }, PartitionStrategy::Hash) => {
            if *modulus == 0 || remainder >= modulus {
                errors.push(error(
                    object.clone(),
                    format!("has hash bound modulus {modulus}, remainder {remainder}; the remainder must be below a positive modulus"),
                ));
            }
        }
        (PartitionBound::Default, PartitionStrategy::Hash) => errors.push(error(
            object.clone(),
            format!(
                "is the default partition, but `{}` is partitioned by hash, which has none",
                of.parent
            ),
        )),
        (PartitionBound::Default, _) => {}
        (PartitionBound::Range { .. }, _) => errors.push(mismatch("range")),
        (PartitionBound::List(_), _) => errors.push(mismatch("list")),
        (PartitionBound::Hash { .. }, _) => errors.push(mismatch("hash")),
    }
}

fn views(schema: &Schema, view: &ViewDef, errors: &mut Vec<SchemaError>) {
    let object = format!("{} `{}`", view.kind(), view.name);
    if view.query.trim().is_empty() {
        errors.push(error(object.clone(), "has an empty query".into()));
    }
    if view.columns.is_empty() {
        errors.push(error(
            object.clone(),
            "declares no columns; list the columns its query produces, with their types".into(),
        ));
    }
    let mut names = BTreeSet::new();
    for column in &view.columns {
        if !names.insert(&column.name) {
            errors.push(error(
                object.clone(),
                format!("column `{}` is declared twice", column.name),
            ));
        }
        let what = format!("has column `{}` of type", column.name);
        unknown_enum(schema, &object, &what, &column.ty, errors);
    }
    if view.materialized && view.security_invoker {
        errors.push(error(
            object.clone(),
            "is `security_invoker`, which only plain views can be: a materialized view's rows are computed once, with its owner's rights".into(),
        ));
    }
    if !view.materialized && !view.indexes.is_empty() {
        errors.push(error(
            object.clone(),
            "has indexes, which only materialized views can have".into(),
        ));
    }
    if view.materialized && !view.triggers.is_empty() {
        errors.push(error(
            object.clone(),
            "has triggers, which materialized views cannot have".into(),
        ));
    }
    let columns: Vec<&str> = view.columns.iter().map(|c| c.name.as_str()).collect();
    for index in &view.indexes {
        let index_object = format!("index `{}` on {object}", index.name);
        if index.keys.is_empty() {
            errors.push(error(index_object.clone(), "has no keys".into()));
        }
        let named = index
            .keys
            .iter()
            .filter_map(|k| match &k.target {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expression(_) => None,
            })
            .chain(&index.include);
        for column in named {
            if !columns.contains(&column.as_str()) {
                errors.push(error(
                    index_object.clone(),
                    format!("names column `{column}`, which {object} does not have"),
                ));
            }
        }
    }
    triggers(schema, &object, &view.triggers, &columns, true, errors);
}

fn grants(schema: &Schema, grant: &Grant, errors: &mut Vec<SchemaError>) {
    let object = format!("grant on {} to `{}`", grant.on, grant.to);
    if !role_declared(schema, &grant.to) {
        errors.push(error(
            object.clone(),
            format!(
                "names role `{role}`, which is not declared; declare it with `.role(Role::new(\"{role}\"))`, or `.external_role(\"{role}\")` if the app does not own it",
                role = grant.to
            ),
        ));
    }
    if grant.to == "public" && grant.with_grant_option {
        errors.push(error(
            object.clone(),
            "is `WITH GRANT OPTION` to `public`, which Postgres refuses".into(),
        ));
    }
    let applicable = grant.on.applicable_privileges();
    for privilege in &grant.privileges {
        if !applicable.contains(privilege) {
            let valid: Vec<String> = applicable
                .iter()
                .map(|p| format!("`{}`", p.as_str().to_ascii_lowercase()))
                .collect();
            errors.push(error(
                object.clone(),
                format!(
                    "grants `{}`, which does not apply here; expected one of {}",
                    privilege.as_str().to_ascii_lowercase(),
                    valid.join(", ")
                ),
            ));
        }
    }
    if let Some(message) = missing_object(schema, &grant.on) {
        errors.push(error(object, message));
    }
}

/// Why the object of a grant does not exist, if it does not.
fn missing_object(schema: &Schema, on: &GrantObject) -> Option<String> {
    let relation_columns = |name: &QualifiedName| -> Option<Vec<String>> {
        if let Some(table) = schema.table(name) {
            return Some(
                columns_of(schema, table)
                    .into_iter()
                    .map(String::from)
                    .collect(),
            );
        }
        if let Some(view) = schema.view(name) {
            return Some(view.columns.iter().map(|c| c.name.clone()).collect());
        }
        schema
            .external
            .tables
            .iter()
            .find(|t| &t.name == name)
            .map(|t| t.columns.iter().map(|c| c.name.clone()).collect())
    };
    match on {
        GrantObject::Table(name) => relation_columns(name)
            .is_none()
            .then(|| format!("`{name}` is neither a declared table nor a view")),
        GrantObject::Column { table, column } => match relation_columns(table) {
            None => Some(format!("`{table}` is neither a declared table nor a view")),
            Some(columns) if !columns.contains(column) => {
                Some(format!("`{table}` has no column `{column}`"))
            }
            Some(_) => None,
        },
        GrantObject::Sequence(name) => {
            let identity = schema.tables.iter().any(|t| {
                t.name.schema == name.schema
                    && t.columns.iter().any(|c| {
                        c.identity.is_some()
                            && format!("{}_{}_seq", t.name.name, c.name) == name.name
                    })
            });
            (!identity).then(|| {
                format!("`{name}` is not the sequence of an identity column (`{{table}}_{{column}}_seq`)")
            })
        }
        GrantObject::Function(name) => {
            let declared = schema.function(name).is_some()
                || schema.external.functions.iter().any(|f| &f.name == name);
            (!declared).then(|| format!("function `{name}` is not declared"))
        }
        GrantObject::Schema(name) => {
            let declared = name == DEFAULT_SCHEMA
                || schema.schemas.contains(name)
                || schema
                    .external
                    .tables
                    .iter()
                    .map(|t| &t.name.schema)
                    .chain(schema.external.functions.iter().map(|f| &f.name.schema))
                    .any(|s| s == name);
            (!declared).then(|| format!("schema `{name}` is not declared"))
        }
    }
}
