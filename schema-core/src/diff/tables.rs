//! Tables and what hangs off them: columns, constraints, indexes, row-level security,
//! policies and comments.

use super::list::match_by;
use super::Change;
use crate::name::QualifiedName;
use crate::table::{Column, Policy, TableDef};

pub(crate) fn diff_tables(from: &[TableDef], to: &[TableDef], out: &mut Vec<Change>) {
    let matched = match_by(from, to, |t| &t.name);
    for table in matched.added {
        out.push(Change::CreateTable {
            table: table.clone(),
        });
    }
    for (old, new) in matched.common {
        diff_table(old, new, out);
    }
    for table in matched.removed {
        out.push(Change::DropTable {
            table: table.clone(),
        });
    }
}

fn diff_table(old: &TableDef, new: &TableDef, out: &mut Vec<Change>) {
    let name = &new.name;
    diff_columns(name, &old.columns, &new.columns, out);
    diff_constraints(old, new, out);
    let indexes = match_by(&old.indexes, &new.indexes, |i| &i.name);
    for index in indexes.removed {
        out.push(Change::DropIndex {
            table: name.clone(),
            index: index.clone(),
        });
    }
    for (from, to) in indexes.common.into_iter().filter(|(a, b)| a != b) {
        out.push(Change::ReplaceIndex {
            table: name.clone(),
            from: from.clone(),
            to: to.clone(),
        });
    }
    for index in indexes.added {
        out.push(Change::CreateIndex {
            table: name.clone(),
            index: index.clone(),
        });
    }
    if old.row_level_security != new.row_level_security {
        out.push(Change::SetRowLevelSecurity {
            table: name.clone(),
            from: old.row_level_security,
            to: new.row_level_security,
        });
    }
    diff_policies(name, &old.policies, &new.policies, out);
    if old.comment != new.comment {
        out.push(Change::SetTableComment {
            table: name.clone(),
            comment: new.comment.clone(),
        });
    }
}

fn diff_columns(table: &QualifiedName, old: &[Column], new: &[Column], out: &mut Vec<Change>) {
    // Column order is not compared: Postgres only appends columns, so a column added in
    // the middle of the new list lands at the end, and asking for a rewrite to move it
    // would be out of all proportion.
    let matched = match_by(old, new, |c| &c.name);
    for column in matched.removed {
        out.push(Change::DropColumn {
            table: table.clone(),
            column: column.clone(),
        });
    }
    for column in matched.added {
        out.push(Change::AddColumn {
            table: table.clone(),
            column: column.clone(),
        });
    }
    for (a, b) in matched.common {
        let column = || b.name.clone();
        if a.ty != b.ty {
            out.push(Change::AlterColumnType {
                table: table.clone(),
                column: column(),
                from: a.ty.clone(),
                to: b.ty.clone(),
            });
        }
        if a.nullable != b.nullable {
            out.push(Change::SetColumnNullable {
                table: table.clone(),
                column: column(),
                nullable: b.nullable,
            });
        }
        if a.default != b.default {
            out.push(Change::SetColumnDefault {
                table: table.clone(),
                column: column(),
                default: b.default.clone(),
            });
        }
        if a.identity != b.identity {
            out.push(Change::SetColumnIdentity {
                table: table.clone(),
                column: column(),
                from: a.identity,
                to: b.identity,
            });
        }
        if a.generated != b.generated {
            out.push(Change::SetColumnGenerated {
                table: table.clone(),
                column: column(),
                from: a.generated.clone(),
                to: b.generated.clone(),
            });
        }
        if a.comment != b.comment {
            out.push(Change::SetColumnComment {
                table: table.clone(),
                column: column(),
                comment: b.comment.clone(),
            });
        }
    }
}

/// Postgres cannot alter a constraint's definition: a changed one is dropped and added.
fn diff_constraints(old: &TableDef, new: &TableDef, out: &mut Vec<Change>) {
    let table = || new.name.clone();
    if old.primary_key != new.primary_key {
        if let Some(key) = &old.primary_key {
            out.push(Change::DropPrimaryKey {
                table: table(),
                key: key.clone(),
            });
        }
        if let Some(key) = &new.primary_key {
            out.push(Change::AddPrimaryKey {
                table: table(),
                key: key.clone(),
            });
        }
    }
    let uniques = match_by(&old.uniques, &new.uniques, |u| &u.name);
    let changed = uniques.common.iter().filter(|(a, b)| a != b);
    for unique in uniques
        .removed
        .into_iter()
        .chain(changed.clone().map(|(a, _)| *a))
    {
        out.push(Change::DropUnique {
            table: table(),
            unique: unique.clone(),
        });
    }
    for unique in uniques.added.into_iter().chain(changed.map(|(_, b)| *b)) {
        out.push(Change::AddUnique {
            table: table(),
            unique: unique.clone(),
        });
    }

    let checks = match_by(&old.checks, &new.checks, |c| &c.name);
    let changed = checks.common.iter().filter(|(a, b)| a != b);
    for check in checks
        .removed
        .into_iter()
        .chain(changed.clone().map(|(a, _)| *a))
    {
        out.push(Change::DropCheck {
            table: table(),
            check: check.clone(),
        });
    }
    for check in checks.added.into_iter().chain(changed.map(|(_, b)| *b)) {
        out.push(Change::AddCheck {
            table: table(),
            check: check.clone(),
        });
    }

    let keys = match_by(&old.foreign_keys, &new.foreign_keys, |k| &k.name);
    let changed = keys.common.iter().filter(|(a, b)| a != b);
    for key in keys
        .removed
        .into_iter()
        .chain(changed.clone().map(|(a, _)| *a))
    {
        out.push(Change::DropForeignKey {
            table: table(),
            key: key.clone(),
        });
    }
    for key in keys.added.into_iter().chain(changed.map(|(_, b)| *b)) {
        out.push(Change::AddForeignKey {
            table: table(),
            key: key.clone(),
        });
    }
}

/// `ALTER POLICY` can change the roles and replace the `USING` and `WITH CHECK`
/// expressions, but not the command, not permissive/restrictive, and not remove an
/// expression: anything else is a drop and a create.
fn diff_policies(table: &QualifiedName, old: &[Policy], new: &[Policy], out: &mut Vec<Change>) {
    let matched = match_by(old, new, |p| &p.name);
    for policy in matched.removed {
        out.push(Change::DropPolicy {
            table: table.clone(),
            policy: policy.clone(),
        });
    }
    for (a, b) in matched.common.into_iter().filter(|(a, b)| a != b) {
        let alterable = a.command == b.command
            && a.restrictive == b.restrictive
            && (a.using.is_none() || b.using.is_some())
            && (a.with_check.is_none() || b.with_check.is_some());
        if alterable {
            out.push(Change::AlterPolicy {
                table: table.clone(),
                from: a.clone(),
                to: b.clone(),
            });
        } else {
            out.push(Change::DropPolicy {
                table: table.clone(),
                policy: a.clone(),
            });
            out.push(Change::CreatePolicy {
                table: table.clone(),
                policy: b.clone(),
            });
        }
    }
    for policy in matched.added {
        out.push(Change::CreatePolicy {
            table: table.clone(),
            policy: policy.clone(),
        });
    }
}
