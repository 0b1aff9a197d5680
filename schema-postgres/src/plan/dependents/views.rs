//! Views, triggers, policies and grants that must be dropped and created again around a
//! change to what they depend on.
//!
//! Postgres refuses to change the type of, or drop, a column a view reads, and to drop a
//! function a trigger, policy or view uses. So a view reading a table whose columns change
//! is dropped before and created again after (with the views that read it, their
//! triggers and their grants); a function that cannot be replaced in place takes its
//! triggers, policies and views along, and so does an aggregate replaced the same way, or
//! calling such a function. A column default, check or index calling such a
//! function is refused: the planner does not rebuild those around a function.

use crate::kinds::aggregate;
use crate::kinds::function::replaceable;
use crate::plan::Problem;
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{
    DefaultValue, GrantObject, IndexTarget, QualifiedName, Schema, SqlType, TableDef, ViewDef,
};
use std::collections::BTreeSet;

/// `changes` with the views, triggers and grants that must go and come back added, or
/// the problems when a dependent cannot be rebuilt.
pub(super) fn augment(
    old: &Schema,
    new: &Schema,
    mut changes: Vec<Change>,
) -> Result<Vec<Change>, Vec<Problem>> {
    let mut problems = Vec::new();
    // Tables whose columns change in a way a view reading them blocks.
    let mut tables: BTreeSet<QualifiedName> = BTreeSet::new();
    // Functions dropped and created again.
    let mut functions: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut views: BTreeSet<QualifiedName> = BTreeSet::new();
    for change in &changes {
        match change {
            Change::AlterColumnType { table, .. }
            | Change::SetColumnCollation { table, .. }
            | Change::DropColumn { table, .. } => {
                tables.insert(table.clone());
            }
            Change::RecreateEnum { to, .. } => {
                for table in &old.tables {
                    if table.columns.iter().any(|c| is_enum(&c.ty, &to.name)) {
                        tables.insert(table.name.clone());
                    }
                }
            }
            Change::ReplaceFunction { from, to } if !replaceable(from, to) => {
                functions.insert(to.name.clone());
            }
            Change::ReplaceAggregate { from, to }
                if !aggregate::replaceable(old, new, from, to) =>
            {
                functions.insert(to.name.clone());
            }
            Change::DropView { def } => {
                views.insert(def.name.clone());
            }
            _ => {}
        }
    }
    recreate_aggregates(old, new, &mut functions, &mut changes);

    let mentions = |text: &str, names: &BTreeSet<QualifiedName>| {
        let ids = identifiers(text);
        names.iter().any(|n| ids.contains(&n.name))
    };
    for view in &old.views {
        if mentions(&view.query, &tables) || mentions(&view.query, &functions) {
            views.insert(view.name.clone());
        }
    }
    // Views reading views that go.
    loop {
        let before = views.len();
        for view in &old.views {
            if mentions(&view.query, &views) {
                views.insert(view.name.clone());
            }
        }
        if views.len() == before {
            break;
        }
    }
    for name in &views {
        let Some(old_view) = old.view(name) else {
            continue;
        };
        if !changes
            .iter()
            .any(|c| matches!(c, Change::DropView { def } if &def.name == name))
        {
            changes.push(Change::DropView {
                def: old_view.clone(),
            });
        }
        if let Some(new_view) = new.view(name) {
            recreate_view(new, new_view, &mut changes);
        }
    }

    for name in &functions {
        // Every overload of the name: what calls it is known by name alone.
        let aggregate = new.aggregates.iter().any(|a| &a.name == name);
        if new.functions_named(name).next().is_none() && !aggregate {
            continue;
        }
        for table in &old.tables {
            for trigger in table.triggers.iter().filter(|t| &t.function == name) {
                if let Some(kept) = new
                    .table(&table.name)
                    .and_then(|t| t.triggers.iter().find(|t| t.name == trigger.name))
                {
                    recreate_trigger(&table.name, trigger, kept, &mut changes);
                }
            }
            for policy in &table.policies {
                let ids = [&policy.using, &policy.with_check]
                    .into_iter()
                    .flatten()
                    .flat_map(|e| identifiers(e))
                    .collect::<BTreeSet<_>>();
                if !ids.contains(&name.name) {
                    continue;
                }
                let Some(kept) = new
                    .table(&table.name)
                    .and_then(|t| t.policies.iter().find(|p| p.name == policy.name))
                else {
                    continue;
                };
                let dropped = changes.iter().any(|c| {
                    matches!(c, Change::DropPolicy { table: t, policy: p } if t == &table.name && p.name == policy.name)
                });
                if !dropped {
                    // Dropped and created again instead of altered.
                    changes.retain(|c| {
                        !matches!(c, Change::AlterPolicy { table: t, to, .. } if t == &table.name && to.name == policy.name)
                    });
                    changes.push(Change::DropPolicy {
                        table: table.name.clone(),
                        policy: policy.clone(),
                    });
                    changes.push(Change::CreatePolicy {
                        table: table.name.clone(),
                        policy: kept.clone(),
                    });
                }
            }
            calls_in_table(table, name, &mut problems);
        }
        for view in &old.views {
            for trigger in view.triggers.iter().filter(|t| &t.function == name) {
                // A view created again brings its triggers along.
                if views.contains(&view.name) {
                    continue;
                }
                if let Some(kept) = new
                    .view(&view.name)
                    .and_then(|v| v.triggers.iter().find(|t| t.name == trigger.name))
                {
                    recreate_trigger(&view.name, trigger, kept, &mut changes);
                }
            }
        }
        regrant_function(new, name, &mut changes);
    }

    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

/// Aggregates calling a function dropped and created again (in `functions`), which Postgres
/// refuses to drop while they exist: dropped before it and created after, as their own
/// changes, and added to `functions` so that the views calling them are rebuilt too.
fn recreate_aggregates(
    old: &Schema,
    new: &Schema,
    functions: &mut BTreeSet<QualifiedName>,
    changes: &mut Vec<Change>,
) {
    for from in &old.aggregates {
        let calls_replaced = from
            .support_functions()
            .iter()
            .any(|(_, f)| functions.contains(&QualifiedName::parse(f)));
        let Some(to) = new
            .aggregates
            .iter()
            .find(|a| a.identity() == from.identity())
        else {
            continue;
        };
        if !calls_replaced {
            continue;
        }
        changes.retain(
            |c| !matches!(c, Change::ReplaceAggregate { to: t, .. } if t.identity() == to.identity()),
        );
        changes.push(Change::DropAggregate { def: from.clone() });
        changes.push(Change::CreateAggregate { def: to.clone() });
        functions.insert(to.name.clone());
    }
}

fn is_enum(ty: &SqlType, name: &QualifiedName) -> bool {
    matches!(ty.element(), SqlType::Enum(e) if e == name)
}

fn recreate_view(new: &Schema, view: &ViewDef, changes: &mut Vec<Change>) {
    if !changes
        .iter()
        .any(|c| matches!(c, Change::CreateView { def } if def.name == view.name))
    {
        changes.push(Change::CreateView { def: view.clone() });
    }
    regrant(new, &GrantObject::Table(view.name.clone()), changes);
    for grant in &new.grants {
        if matches!(&grant.on, GrantObject::Column { table, .. } if table == &view.name) {
            push_grant(new, grant, changes);
        }
    }
}

fn recreate_trigger(
    table: &QualifiedName,
    old: &schema_core::Trigger,
    new: &schema_core::Trigger,
    changes: &mut Vec<Change>,
) {
    let dropped = changes.iter().any(|c| {
        matches!(c, Change::DropTrigger { table: t, trigger } if t == table && trigger.name == old.name)
    });
    if !dropped {
        changes.push(Change::DropTrigger {
            table: table.clone(),
            trigger: old.clone(),
        });
        changes.push(Change::CreateTrigger {
            table: table.clone(),
            trigger: new.clone(),
        });
    }
}

/// The grants `new` has on an object created again (a drop takes its grants along).
fn regrant(new: &Schema, on: &GrantObject, changes: &mut Vec<Change>) {
    for grant in new.grants.iter().filter(|g| &g.on == on) {
        push_grant(new, grant, changes);
    }
}

/// Grants again on a function created again: on each of its overloads, named as plans
/// name them (a grant is harmless on one that was not dropped).
fn regrant_function(new: &Schema, name: &QualifiedName, changes: &mut Vec<Change>) {
    for grant in new
        .grants
        .iter()
        .filter(|g| g.on.function_name() == Some(name))
    {
        push_grant(new, grant, changes);
    }
}

fn push_grant(new: &Schema, grant: &schema_core::Grant, changes: &mut Vec<Change>) {
    let change = Change::Grant {
        grant: schema_core::Grant {
            on: grant.on.with_arguments(new),
            ..grant.clone()
        },
    };
    if !changes.contains(&change) {
        changes.push(change);
    }
}

/// A column default, generation expression, check or index of `table` calling
/// `function`, which the planner cannot keep while the function is dropped.
fn calls_in_table(table: &TableDef, function: &QualifiedName, problems: &mut Vec<Problem>) {
    let calls = |text: &str| identifiers(text).contains(&function.name);
    let mut users = Vec::new();
    for column in &table.columns {
        let default = match &column.default {
            Some(DefaultValue::Expression(sql)) => calls(sql),
            _ => false,
        };
        if default || column.generated.as_deref().is_some_and(calls) {
            users.push(format!("column `{}`", column.name));
        }
    }
    for check in &table.checks {
        if calls(&check.expression) {
            users.push(format!("check `{}`", check.name));
        }
    }
    for index in &table.indexes {
        let in_keys = index.keys.iter().any(|k| match &k.target {
            IndexTarget::Expression(sql) => calls(sql),
            IndexTarget::Column(_) => false,
        });
        if in_keys || index.predicate.as_deref().is_some_and(calls) {
            users.push(format!("index `{}`", index.name));
        }
    }
    for user in users {
        problems.push(Problem {
            object: format!("function `{function}`"),
            reason: format!(
                "changes its signature or return type, so it must be dropped and created again, but {user} of table `{}` calls it; change them in two migrations",
                table.name
            ),
        });
    }
}
