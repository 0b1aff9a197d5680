//! The offline rules for functions, triggers, views, partitions, domains, composite
//! types, extensions and grants, and what of them a database can show.

use super::{column_type, comment, default, expression, index, sql_text};
use schema_core::{
    GrantObject, IndexTarget, PartitionBound, Returns, Schema, Trigger, DEFAULT_SCHEMA,
};

/// Applies the offline rules to the objects beyond tables and enums. Each rule:
///
/// | Case | Rule |
/// |---|---|
/// | `CREATE EXTENSION x` vs `... WITH SCHEMA public` | An extension in `public` has no schema: where the search path puts it. |
/// | Types of arguments, return columns, view columns, domain bases, composite attributes | As for columns (`numeric(p)` is `numeric(p,0)`). |
/// | Argument defaults, trigger `WHEN`, view queries, domain checks, partition keys and bound values | Whitespace collapsed and enclosing parentheses removed, as for other expressions; a partition key that is one column is that column. |
/// | Domain defaults | As column defaults, with the base type as the column's type. |
/// | Empty comments | None, as for tables. |
pub(super) fn normalize(schema: &mut Schema) {
    for extension in &mut schema.extensions {
        if extension.schema.as_deref() == Some(DEFAULT_SCHEMA) {
            extension.schema = None;
        }
    }
    for domain in &mut schema.domains {
        comment(&mut domain.comment);
        domain.base = column_type(&domain.base);
        if let Some(value) = domain.default.take() {
            domain.default = Some(default(value, &domain.base));
        }
        for check in &mut domain.checks {
            check.expression = expression(&check.expression);
        }
    }
    for composite in &mut schema.composites {
        comment(&mut composite.comment);
        for attribute in &mut composite.attributes {
            attribute.ty = column_type(&attribute.ty);
        }
    }
    for function in &mut schema.functions {
        comment(&mut function.comment);
        for argument in &mut function.arguments {
            argument.ty = column_type(&argument.ty);
            if let Some(text) = &mut argument.default {
                *text = expression(text);
            }
        }
        match &mut function.returns {
            Returns::Type(ty) | Returns::SetOf(ty) => *ty = column_type(ty),
            Returns::Table(columns) => {
                for column in columns {
                    column.ty = column_type(&column.ty);
                }
            }
            Returns::Trigger | Returns::Void => {}
        }
    }
    for view in &mut schema.views {
        comment(&mut view.comment);
        view.query = expression(view.query.trim().trim_end_matches(';'));
        for column in &mut view.columns {
            comment(&mut column.comment);
            column.ty = column_type(&column.ty);
        }
        for view_index in &mut view.indexes {
            index(view_index);
        }
        triggers(&mut view.triggers);
    }
    for table in &mut schema.tables {
        triggers(&mut table.triggers);
        if let Some(by) = &mut table.partition_by {
            for key in &mut by.keys {
                if let IndexTarget::Expression(text) = key {
                    let text = expression(text);
                    *key = match sql_text::identifier(&text) {
                        Some(column) => IndexTarget::Column(column),
                        None => IndexTarget::Expression(text),
                    };
                }
            }
        }
        if let Some(of) = &mut table.partition_of {
            match &mut of.bound {
                PartitionBound::Range { from, to } => {
                    from.iter_mut().chain(to.iter_mut()).for_each(value);
                }
                PartitionBound::List(values) => values.iter_mut().for_each(value),
                PartitionBound::Hash { .. } | PartitionBound::Default => {}
            }
        }
    }
}

fn value(text: &mut String) {
    *text = expression(text);
}

fn triggers(triggers: &mut [Trigger]) {
    for trigger in triggers {
        if let Some(condition) = &mut trigger.when {
            *condition = expression(condition);
        }
    }
}

/// What a database shows of the objects: roles are the cluster's, not the database's,
/// so the roles the app owns are compared by the grants and policies naming them; grants
/// on objects the app does not own (external functions and tables) are not read.
pub(super) fn comparable(schema: &mut Schema) {
    schema.roles.clear();
    let external = schema.external.clone();
    schema.grants.retain(|grant| match &grant.on {
        GrantObject::Function(name) => !external.functions.iter().any(|f| &f.name == name),
        GrantObject::Table(name)
        | GrantObject::Sequence(name)
        | GrantObject::Column { table: name, .. } => {
            !external.tables.iter().any(|t| &t.name == name)
        }
        GrantObject::Schema(_) => true,
    });
}

/// Layer 2 for the objects: Postgres's spelling from `printed` of each view's query,
/// trigger condition, partition key expression and bound, domain check and default, and
/// function argument default, matched by name.
#[cfg(feature = "introspect")]
pub(crate) fn graft(out: &mut Schema, printed: &Schema) {
    for view in &mut out.views {
        if let Some(from) = printed.view(&view.name) {
            view.query.clone_from(&from.query);
            graft_triggers(&mut view.triggers, &from.triggers);
        }
    }
    for table in &mut out.tables {
        let Some(from) = printed.table(&table.name) else {
            continue;
        };
        graft_triggers(&mut table.triggers, &from.triggers);
        if let (Some(by), Some(from)) = (&mut table.partition_by, &from.partition_by) {
            if by.keys.len() == from.keys.len() {
                for (key, from) in by.keys.iter_mut().zip(&from.keys) {
                    if matches!(key, IndexTarget::Expression(_)) {
                        key.clone_from(from);
                    }
                }
            }
        }
        if let (Some(of), Some(from)) = (&mut table.partition_of, &from.partition_of) {
            let same_kind =
                std::mem::discriminant(&of.bound) == std::mem::discriminant(&from.bound);
            if same_kind {
                of.bound.clone_from(&from.bound);
            }
        }
    }
    for domain in &mut out.domains {
        let Some(from) = printed.domains.iter().find(|d| d.name == domain.name) else {
            continue;
        };
        for check in &mut domain.checks {
            if let Some(source) = from.checks.iter().find(|c| c.name == check.name) {
                check.expression.clone_from(&source.expression);
            }
        }
        if domain.default.is_some() && from.default.is_some() {
            domain.default.clone_from(&from.default);
        }
    }
    for function in &mut out.functions {
        let Some(from) = printed.function(&function.name) else {
            continue;
        };
        if function.arguments.len() == from.arguments.len() {
            for (argument, source) in function.arguments.iter_mut().zip(&from.arguments) {
                if argument.default.is_some() && source.default.is_some() {
                    argument.default.clone_from(&source.default);
                }
            }
        }
    }
}

#[cfg(feature = "introspect")]
fn graft_triggers(triggers: &mut [Trigger], printed: &[Trigger]) {
    for trigger in triggers {
        if let Some(from) = printed.iter().find(|t| t.name == trigger.name) {
            if trigger.when.is_some() && from.when.is_some() {
                trigger.when.clone_from(&from.when);
            }
        }
    }
}
