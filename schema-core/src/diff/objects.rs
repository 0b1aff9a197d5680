//! Changes of the objects beyond tables and enums: extensions, roles, domains, composite
//! types, functions, views, triggers, partitioning and grants.

use super::list::match_by;
use super::Change;
use crate::grant::{Grant, GrantObject, Privilege};
use crate::name::QualifiedName;
use crate::schema::Schema;
use crate::table::TableDef;
use crate::trigger::Trigger;
use std::collections::{BTreeMap, BTreeSet};

/// Every change of the objects, in a fixed order: extensions, roles, types, functions,
/// views, triggers, partitioning, grants; within a kind, by name.
pub(super) fn diff_objects(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let extensions = match_by(&from.extensions, &to.extensions, |e| &e.name);
    for extension in extensions.added {
        changes.push(Change::CreateExtension {
            extension: extension.clone(),
        });
    }
    for (old, new) in extensions.common {
        if old != new {
            changes.push(Change::DropExtension {
                extension: old.clone(),
            });
            changes.push(Change::CreateExtension {
                extension: new.clone(),
            });
        }
    }

    let known: BTreeSet<&String> = from
        .roles
        .iter()
        .map(|r| &r.name)
        .chain(&from.external.roles)
        .collect();
    for role in &to.roles {
        if !known.contains(&role.name) {
            changes.push(Change::CreateRole { role: role.clone() });
        }
    }

    let domains = match_by(&from.domains, &to.domains, |d| &d.name);
    for def in domains.added {
        changes.push(Change::CreateDomain { def: def.clone() });
    }
    for (old, new) in domains.common {
        if old != new {
            changes.push(Change::AlterDomain {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    let composites = match_by(&from.composites, &to.composites, |c| &c.name);
    for def in composites.added {
        changes.push(Change::CreateComposite { def: def.clone() });
    }
    for (old, new) in composites.common {
        if old != new {
            changes.push(Change::AlterComposite {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }

    let functions = match_by(&from.functions, &to.functions, |f| &f.name);
    for def in functions.added {
        changes.push(Change::CreateFunction { def: def.clone() });
    }
    for (old, new) in functions.common {
        if old != new {
            changes.push(Change::ReplaceFunction {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    for def in functions.removed {
        changes.push(Change::DropFunction { def: def.clone() });
    }

    let views = match_by(&from.views, &to.views, |v| &v.name);
    for def in views.removed {
        changes.push(Change::DropView { def: def.clone() });
    }
    for (old, new) in views.common {
        let same_but_triggers = {
            let (mut a, mut b) = (old.clone(), new.clone());
            a.triggers.clear();
            b.triggers.clear();
            a == b
        };
        if same_but_triggers {
            triggers(&new.name, &old.triggers, &new.triggers, changes);
        } else {
            changes.push(Change::DropView { def: old.clone() });
            changes.push(Change::CreateView { def: new.clone() });
        }
    }
    for def in views.added {
        changes.push(Change::CreateView { def: def.clone() });
    }

    let tables = match_by(&from.tables, &to.tables, |t| &t.name);
    for (old, new) in tables.common {
        triggers(&new.name, &old.triggers, &new.triggers, changes);
        partitioning(old, new, changes);
    }

    grants(from, to, changes);

    // Types last among the drops: what uses them goes first (the planner orders it).
    for def in composites.removed {
        changes.push(Change::DropComposite { def: def.clone() });
    }
    for def in domains.removed {
        changes.push(Change::DropDomain { def: def.clone() });
    }
    for extension in extensions.removed {
        changes.push(Change::DropExtension {
            extension: extension.clone(),
        });
    }
}

fn triggers(table: &QualifiedName, from: &[Trigger], to: &[Trigger], changes: &mut Vec<Change>) {
    let matched = match_by(from, to, |t| &t.name);
    for trigger in matched.removed {
        changes.push(Change::DropTrigger {
            table: table.clone(),
            trigger: trigger.clone(),
        });
    }
    for (old, new) in matched.common {
        if old != new {
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
    for trigger in matched.added {
        changes.push(Change::CreateTrigger {
            table: table.clone(),
            trigger: trigger.clone(),
        });
    }
}

fn partitioning(from: &TableDef, to: &TableDef, changes: &mut Vec<Change>) {
    if from.partition_by != to.partition_by {
        changes.push(Change::Repartition {
            table: to.name.clone(),
        });
    }
    if from.partition_of != to.partition_of {
        changes.push(Change::SetPartitionOf {
            table: to.name.clone(),
            from: from.partition_of.clone(),
            to: to.partition_of.clone(),
        });
    }
}

type GrantKey = (GrantObject, String, bool);

fn privileges(schema: &Schema) -> BTreeMap<GrantKey, BTreeSet<Privilege>> {
    schema
        .grants
        .iter()
        .map(|g| {
            let key = (g.on.clone(), g.to.clone(), g.with_grant_option);
            (key, g.privileges.iter().copied().collect())
        })
        .collect()
}

/// Whether the object a grant is on exists in `schema`: grants on an object that goes
/// away go with it, and need no revoking.
fn exists(schema: &Schema, on: &GrantObject) -> bool {
    let relation =
        |name: &QualifiedName| schema.table(name).is_some() || schema.view(name).is_some();
    match on {
        GrantObject::Table(name) | GrantObject::Column { table: name, .. } => relation(name),
        GrantObject::Sequence(name) => schema.tables.iter().any(|t| {
            t.name.schema == name.schema
                && t.columns.iter().any(|c| {
                    c.identity.is_some() && format!("{}_{}_seq", t.name.name, c.name) == name.name
                })
        }),
        GrantObject::Function(name) => schema.function(name).is_some(),
        GrantObject::Schema(_) => true,
    }
}

fn grants(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let old = privileges(from);
    let new = privileges(to);
    let grant = |(on, role, option): &GrantKey, privileges: Vec<Privilege>| Grant {
        on: on.clone(),
        privileges,
        to: role.clone(),
        with_grant_option: *option,
    };
    for (key, held) in &old {
        let wanted = new.get(key);
        let revoked: Vec<Privilege> = held
            .iter()
            .filter(|p| wanted.is_none_or(|w| !w.contains(p)))
            .copied()
            .collect();
        if !revoked.is_empty() && exists(to, &key.0) {
            changes.push(Change::Revoke {
                grant: grant(key, revoked),
            });
        }
    }
    for (key, wanted) in &new {
        let held = old.get(key);
        let granted: Vec<Privilege> = wanted
            .iter()
            .filter(|p| held.is_none_or(|h| !h.contains(p)))
            .copied()
            .collect();
        if !granted.is_empty() {
            changes.push(Change::Grant {
                grant: grant(key, granted),
            });
        }
    }
}
