//! Declarative partitioning: a parent's `PARTITION BY` and a partition's bound, their
//! normal form, the steps that move a partition to another parent, and the parsing of
//! what the catalog prints for them.

use crate::normalize::rules;
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::plan::problem::Problem;
use schema_core::diff::Change;
use schema_core::{quote_ident, IndexTarget, PartitionBound, PartitionBy, TableDef};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// `PARTITION BY RANGE (key, (expression))`
pub fn partition_by(by: &PartitionBy, out: &mut impl Write) -> fmt::Result {
    write!(out, "PARTITION BY {} (", by.strategy.as_str())?;
    for (i, key) in by.keys.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        match key {
            IndexTarget::Column(column) => out.write_str(&quote_ident(column))?,
            IndexTarget::Expression(sql) => write!(out, "({sql})")?,
        }
    }
    out.write_char(')')
}

/// `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (MODULUS m,
/// REMAINDER r)` or `DEFAULT`.
pub fn partition_bound(bound: &PartitionBound, out: &mut impl Write) -> fmt::Result {
    match bound {
        PartitionBound::Range { from, to } => write!(
            out,
            "FOR VALUES FROM ({}) TO ({})",
            from.join(", "),
            to.join(", ")
        ),
        PartitionBound::List(values) => write!(out, "FOR VALUES IN ({})", values.join(", ")),
        PartitionBound::Hash { modulus, remainder } => write!(
            out,
            "FOR VALUES WITH (MODULUS {modulus}, REMAINDER {remainder})"
        ),
        PartitionBound::Default => out.write_str("DEFAULT"),
    }
}

/// Partition keys and bound values in their normal form; a key that is one column is that
/// column.
pub(crate) fn normalize(table: &mut TableDef) {
    if let Some(by) = &mut table.partition_by {
        for key in &mut by.keys {
            if let IndexTarget::Expression(text) = key {
                let target = rules::key_target(text);
                *key = target;
            }
        }
    }
    if let Some(of) = &mut table.partition_of {
        let value = |text: &mut String| *text = rules::expression(text);
        match &mut of.bound {
            PartitionBound::Range { from, to } => {
                from.iter_mut().chain(to.iter_mut()).for_each(value);
            }
            PartitionBound::List(values) => values.iter_mut().for_each(value),
            PartitionBound::Hash { .. } | PartitionBound::Default => {}
        }
    }
}

/// Postgres's spelling of the key expressions and the bound, from `printed`.
#[cfg(feature = "introspect")]
pub(crate) fn graft(table: &mut TableDef, printed: &TableDef) {
    if let (Some(by), Some(from)) = (&mut table.partition_by, &printed.partition_by) {
        if by.keys.len() == from.keys.len() {
            for (key, from) in by.keys.iter_mut().zip(&from.keys) {
                if matches!(key, IndexTarget::Expression(_)) {
                    key.clone_from(from);
                }
            }
        }
    }
    if let (Some(of), Some(from)) = (&mut table.partition_of, &printed.partition_of) {
        let same_kind = std::mem::discriminant(&of.bound) == std::mem::discriminant(&from.bound);
        if same_kind {
            of.bound.clone_from(&from.bound);
        }
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::SetPartitionOf { table, from, to } => match (from, to) {
            (Some(from), Some(to)) => {
                let mut text = format!(
                    "ALTER TABLE {} DETACH PARTITION {};\n",
                    from.parent.to_sql(),
                    table.to_sql()
                );
                text.push_str(&format!(
                    "ALTER TABLE {} ATTACH PARTITION {} {};\n",
                    to.parent.to_sql(),
                    table.to_sql(),
                    sql(|o| partition_bound(&to.bound, o))
                ));
                let mut node = Builder::node(
                    Phase::AlterColumn,
                    change.to_string(),
                    text,
                    &[
                        Hazard::AccessExclusiveLock,
                        Hazard::ScansTable,
                        Hazard::MayFailOnExistingData,
                    ],
                );
                node.uses_old.push(Object::Table(&from.parent));
                node.uses_new.push(Object::Table(&to.parent));
                node.uses_new.push(Object::Table(table));
                b.push(node);
            }
            (None, Some(to)) => {
                // In place: the table already has the parent's columns (the diff made it
                // so), Postgres checks its rows against the bound and builds the parent's
                // indexes on it.
                let text = format!(
                    "ALTER TABLE {} ATTACH PARTITION {} {};\n",
                    to.parent.to_sql(),
                    table.to_sql(),
                    sql(|o| partition_bound(&to.bound, o))
                );
                let rerun = format!(
                    "DO $attach$\nBEGIN\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = pg_catalog.to_regclass({})) THEN\n{}    END IF;\nEND\n$attach$;\n",
                    crate::literal::quote_literal(&table.to_sql()),
                    text
                );
                let mut node = Builder::node(
                    Phase::AlterTable,
                    change.to_string(),
                    rerun,
                    &[
                        Hazard::AccessExclusiveLock,
                        Hazard::ScansTable,
                        Hazard::BuildsIndex,
                        Hazard::MayFailOnExistingData,
                    ],
                );
                node.uses_new.push(Object::Table(&to.parent));
                node.uses_new.push(Object::Table(table));
                // After the table's columns are made the parent's.
                let mut top = b.new_schema.table(&to.parent);
                for _ in 0..16 {
                    match top.and_then(|t| t.partition_of.as_ref()) {
                        Some(of) => top = b.new_schema.table(&of.parent),
                        None => break,
                    }
                }
                for column in top.map(|t| t.columns.as_slice()).unwrap_or_default() {
                    node.uses_new.push(Object::Column(table, &column.name));
                }
                b.push(node);
            }
            (Some(from), None) => {
                // In place, with its rows. The indexes it had from its parent's stay
                // behind as its own under names Postgres chose: dropped here (the diff
                // left them out), so that the plain table's keys and indexes are created
                // as the model names them. Its checks and foreign keys stay, by name.
                let table_literal = crate::literal::quote_literal(&table.to_sql());
                let text = format!(
                    "DO $detach$
DECLARE
    inherited text[];
    index_name text;
    constraint_name text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = pg_catalog.to_regclass({table_literal})) THEN
        SELECT pg_catalog.array_agg(i.inhrelid::pg_catalog.regclass::text) INTO inherited
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_index x ON x.indexrelid = i.inhrelid
        WHERE x.indrelid = pg_catalog.to_regclass({table_literal});
        ALTER TABLE {parent} DETACH PARTITION {table};
        FOREACH index_name IN ARRAY COALESCE(inherited, ARRAY[]::text[]) LOOP
            SELECT c.conname INTO constraint_name FROM pg_catalog.pg_constraint c
            WHERE c.conindid = index_name::pg_catalog.regclass AND c.conrelid = pg_catalog.to_regclass({table_literal})
              AND c.contype IN ('p', 'u', 'x');
            IF constraint_name IS NOT NULL THEN
                EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', {table_literal}, constraint_name);
            ELSE
                EXECUTE pg_catalog.format('DROP INDEX %s', index_name);
            END IF;
        END LOOP;
    END IF;
END
$detach$;
",
                    parent = from.parent.to_sql(),
                    table = table.to_sql(),
                );
                let mut node = Builder::node(
                    Phase::DropForeignKey,
                    change.to_string(),
                    text,
                    &[Hazard::AccessExclusiveLock],
                );
                node.uses_old.push(Object::Table(&from.parent));
                node.adds.push(Object::Table(table));
                b.push(node);
            }
            (None, None) => {}
        },
        Change::SetInherits { table, from, to } => {
            // Inheritance is a parent-child relation like partitioning: planned here.
            let mut text = String::new();
            for parent in from.iter().filter(|p| !to.contains(p)) {
                text.push_str(&format!(
                    "ALTER TABLE {} NO INHERIT {};\n",
                    table.to_sql(),
                    parent.to_sql()
                ));
            }
            for parent in to.iter().filter(|p| !from.contains(p)) {
                // `INHERIT` needs the parent's columns in the table already, and keeps them
                // as its own: the model lists them too.
                let lists = |column: &str| {
                    b.new_schema
                        .table(table)
                        .is_some_and(|t| t.column(column).is_some())
                };
                let missing: Vec<String> = b
                    .new_schema
                    .table(parent)
                    .map(|p| p.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|c| !lists(c))
                    .map(|c| format!("`{c}`"))
                    .collect();
                if !missing.is_empty() {
                    b.problems.push(Problem {
                        object: change.object(),
                        reason: format!(
                            "starts inheriting from `{parent}`, which Postgres does only when the table has the parent's columns already, and then keeps them as the table's own: list {} in the table as well",
                            missing.join(", ")
                        ),
                    });
                    return true;
                }
                text.push_str(&format!(
                    "ALTER TABLE {} INHERIT {};\n",
                    table.to_sql(),
                    parent.to_sql()
                ));
            }
            // `INHERIT` fails unless the table has every column and check of the parent.
            let mut node = Builder::node(
                Phase::AlterColumn,
                change.to_string(),
                text,
                &[Hazard::AccessExclusiveLock, Hazard::MayFailOnExistingData],
            );
            node.uses_old.extend(from.iter().map(Object::Table));
            node.uses_new.extend(to.iter().map(Object::Table));
            node.uses_new.push(Object::Table(table));
            b.push(node);
        }
        Change::Repartition { .. } => b.problems.push(Problem {
            object: change.object(),
            reason: "cannot be partitioned, unpartitioned or partitioned differently in place: its rows have to move; create the new table, copy the rows and drop the old one".into(),
        }),
        _ => return false,
    }
    true
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::sql::{find_top_level, identifier, split_top_level};
    use schema_core::{IndexTarget, PartitionBound, PartitionBy, PartitionStrategy};

    /// `RANGE (a, (b + 1))` as `pg_get_partkeydef` prints it.
    pub(crate) fn partition_key(text: &str) -> Option<PartitionBy> {
        let (strategy, rest) = text.trim().split_once(' ')?;
        let strategy = match strategy {
            "RANGE" => PartitionStrategy::Range,
            "LIST" => PartitionStrategy::List,
            "HASH" => PartitionStrategy::Hash,
            _ => return None,
        };
        let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
        let keys = split_top_level(inner, ',')
            .into_iter()
            .map(|key| match identifier(&key) {
                Some(column) => IndexTarget::Column(column),
                None => IndexTarget::Expression(key),
            })
            .collect();
        Some(PartitionBy { strategy, keys })
    }

    /// `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (modulus m,
    /// remainder r)` or `DEFAULT`, as `pg_get_expr(relpartbound)` prints it.
    pub(crate) fn partition_bound(text: &str) -> Option<PartitionBound> {
        let text = text.trim();
        if text == "DEFAULT" {
            return Some(PartitionBound::Default);
        }
        let rest = text.strip_prefix("FOR VALUES ")?;
        let list = |inner: &str| split_top_level(inner, ',');
        if let Some(rest) = rest.strip_prefix("IN (") {
            return Some(PartitionBound::List(list(rest.strip_suffix(')')?)));
        }
        if let Some(rest) = rest.strip_prefix("WITH (") {
            let mut modulus = None;
            let mut remainder = None;
            for part in list(rest.strip_suffix(')')?) {
                let (key, value) = part.split_once(' ')?;
                let value: u32 = value.trim().parse().ok()?;
                match key.to_ascii_lowercase().as_str() {
                    "modulus" => modulus = Some(value),
                    "remainder" => remainder = Some(value),
                    _ => return None,
                }
            }
            return Some(PartitionBound::Hash {
                modulus: modulus?,
                remainder: remainder?,
            });
        }
        let rest = rest.strip_prefix("FROM (")?;
        let to = find_top_level(rest, ") TO (")?;
        let from = list(&rest[..to]);
        let to = list(rest[to + ") TO (".len()..].strip_suffix(')')?);
        Some(PartitionBound::Range { from, to })
    }
}
