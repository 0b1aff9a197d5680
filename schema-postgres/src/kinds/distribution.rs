//! Citus distribution: the calls that distribute a table by a column
//! (`create_distributed_table`), copy it to every node (`create_reference_table`), change
//! its column, shard count or colocation (`alter_distributed_table`) or bring it back to
//! the coordinator (`undistribute_table`); the DDL Citus refuses on a distribution column;
//! and reading it all back from `pg_dist_partition` and `pg_dist_colocation`.
//!
//! Every call runs on the coordinator, which propagates DDL to the shards itself, so the
//! rest of a plan is the same as on plain Postgres.

use crate::literal::quote_literal;
use crate::plan::builder::Builder;
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::plan::problem::Problem;
use crate::render::{Part, Statements};
use schema_core::diff::Change;
use schema_core::{
    canonical_colocation, colocation_groups, ColocationGroup, Distributed, Distribution,
    QualifiedName, Schema, TableDef,
};
use std::fmt::Write;

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| canonical_colocation(&mut schema.tables),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

/// How plans and scripts name the distribution of a table in the step graph: a foreign
/// key between Citus tables follows it, and a table colocated with another follows that
/// one's.
pub(crate) fn placed(table: &QualifiedName) -> Object<'_> {
    Object::Named("distribution", table)
}

/// The table a distributed table names in `colocate_with`, or `None` when it starts its
/// group: the first of its group (by name) that `ready` says is distributed before it.
fn anchor<'g>(
    groups: &'g [ColocationGroup],
    table: &QualifiedName,
    ready: impl Fn(&QualifiedName) -> bool,
) -> Option<&'g QualifiedName> {
    let group = groups.iter().find(|g| g.tables.contains(table))?;
    group
        .tables
        .iter()
        .find(|t| *t != table && ready(t))
        .or_else(|| Some(&group.starts).filter(|first| *first != table))
}

/// `SELECT create_distributed_table('public.orders', 'tenant_id', colocate_with => ...)`:
/// with the table it is colocated with, or alone with its group's shard count.
fn distribute(
    function: &str,
    table: &QualifiedName,
    d: &Distributed,
    anchor: Option<&QualifiedName>,
    shard_count: u32,
) -> String {
    let mut text = format!(
        "SELECT {function}({}, {}",
        quote_literal(&table.to_sql()),
        quote_literal(&d.column)
    );
    match anchor {
        Some(anchor) => write!(
            text,
            ", colocate_with => {}",
            quote_literal(&anchor.to_sql())
        ),
        None => write!(
            text,
            ", colocate_with => 'none', shard_count => {shard_count}"
        ),
    }
    .expect("writing to a String cannot fail");
    text.push(')');
    text.push_str(&unless_citus(table, ""));
    text.push_str(";\n");
    text
}

/// `citus_schema_distribute`, unless the schema is distributed already.
fn distribute_schema(name: &str) -> String {
    let literal = quote_literal(&schema_core::quote_ident(name));
    format!(
        "SELECT citus_schema_distribute({literal}) WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema WHERE schemaid = {literal}::regnamespace);\n"
    )
}

/// `citus_schema_undistribute`, when the schema is distributed.
fn undistribute_schema(name: &str) -> String {
    let literal = quote_literal(&schema_core::quote_ident(name));
    format!(
        "SELECT citus_schema_undistribute({literal}) WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema WHERE schemaid = {literal}::regnamespace);\n"
    )
}

/// `create_distributed_table` for `table` in its group of `groups`: colocated with a group
/// mate that does not move, or starting the group; and the mate it names.
fn in_group<'g>(
    groups: &'g [ColocationGroup],
    table: &QualifiedName,
    d: &Distributed,
    moving: &dyn Fn(&QualifiedName) -> bool,
) -> (String, Option<&'g QualifiedName>) {
    let anchor = anchor(groups, table, |t| !moving(t));
    let count = shard_count_of(groups, table);
    let sql = distribute("create_distributed_table", table, d, anchor, count);
    (sql, anchor)
}

fn reference(table: &QualifiedName) -> String {
    format!(
        "SELECT create_reference_table({}){};\n",
        quote_literal(&table.to_sql()),
        unless_citus(table, "")
    )
}

/// `undistribute_table`, when the table is distributed (`which` narrows it down:
/// `" AND repmodel = 't'"` for a reference table).
fn undistribute(table: &QualifiedName, which: &str) -> String {
    format!(
        "SELECT undistribute_table({}) WHERE EXISTS ({});\n",
        quote_literal(&table.to_sql()),
        in_citus(table, which)
    )
}

/// The catalog row of `table` in `pg_dist_partition`, with `and` added to the condition.
fn in_citus(table: &QualifiedName, and: &str) -> String {
    format!(
        "SELECT 1 FROM pg_catalog.pg_dist_partition WHERE logicalrelid = {}::regclass{and}",
        quote_literal(&table.to_sql())
    )
}

/// ` WHERE NOT EXISTS (...)`: a guard that makes a call that distributes the table run
/// only when Citus does not manage it yet, so the step can run again.
fn unless_citus(table: &QualifiedName, and: &str) -> String {
    format!(" WHERE NOT EXISTS ({})", in_citus(table, and))
}

fn shard_count_of(groups: &[ColocationGroup], table: &QualifiedName) -> u32 {
    groups
        .iter()
        .find(|g| g.tables.contains(table))
        .map_or(schema_core::DEFAULT_SHARD_COUNT, |g| g.shard_count)
}

/// After the tables and their keys, before the foreign keys and indexes: reference tables,
/// then each colocation group, the table that starts it first.
fn render(schema: &Schema, part: Part, list: &mut Statements) {
    if part != Part::AfterTables {
        return;
    }
    const SECTION: &str = "Citus distribution";
    for name in &schema.distributed_schemas {
        list.push(SECTION, format!("schema `{name}`"), |out| {
            out.write_str(&distribute_schema(name))
        });
    }
    for table in schema.tables.iter().filter(|t| t.is_reference()) {
        list.push(SECTION, format!("table `{}`", table.name), |out| {
            out.write_str(&reference(&table.name))
        });
    }
    let groups = colocation_groups(&schema.tables);
    for group in &groups {
        let first = &group.starts;
        // The table that starts the group first, then the others.
        let ordered = std::iter::once(first).chain(group.tables.iter().filter(|t| *t != first));
        for name in ordered {
            let Some(d) = schema.table(name).and_then(TableDef::distributed) else {
                continue;
            };
            let anchor = (name != first).then_some(first);
            list.push(SECTION, format!("table `{name}`"), |out| {
                out.write_str(&distribute(
                    "create_distributed_table",
                    name,
                    d,
                    anchor,
                    group.shard_count,
                ))
            });
        }
    }
}

/// The steps for this kind's changes, and the refusal of what Citus cannot do to a
/// distribution column; false for anything else.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::SetDistribution { table, from, to } => set_distribution(b, change, table, from, to),
        Change::SetSchemaDistributed { name, distributed } => {
            set_schema_distributed(b, change, name, *distributed)
        }
        _ => return false,
    }
    true
}

/// Whether the change is one Citus refuses, which is then reported as a problem: a
/// distribution column's type changed or the column dropped while the table stays
/// distributed by it. Asked before a change goes to its kind (column changes are gathered
/// per column before any kind sees them).
pub(crate) fn refuses(b: &mut Builder<'_>, change: &Change) -> bool {
    match change {
        Change::AlterColumnType { table, column, .. } => {
            refuse_on_distribution_column(b, change, table, column, "change the type of")
        }
        Change::DropColumn { table, column } => {
            refuse_on_distribution_column(b, change, table, &column.name, "drop")
        }
        _ => false,
    }
}

/// Citus cannot change the type of a distribution column nor drop it while the table
/// stays distributed by it.
fn refuse_on_distribution_column(
    b: &mut Builder<'_>,
    change: &Change,
    table: &QualifiedName,
    column: &str,
    verb: &str,
) -> bool {
    let by = |schema: &Schema| {
        schema
            .table(table)
            .and_then(TableDef::distributed)
            .is_some_and(|d| d.column == column)
    };
    if !(by(b.old_schema) && by(b.new_schema)) {
        return false;
    }
    b.problems.push(Problem {
        object: change.object(),
        reason: format!(
            "cannot {verb} column `{column}`: the table is distributed by it, and Citus refuses to {verb} a distribution column; undistribute the table first (drop its distribution in one migration and change the column in the next)"
        ),
    });
    true
}

fn set_distribution<'a>(
    b: &mut Builder<'a>,
    change: &'a Change,
    table: &'a QualifiedName,
    from: &'a Option<Distribution>,
    to: &'a Option<Distribution>,
) {
    let new_groups = colocation_groups(&b.new_schema.tables);
    let old_groups = colocation_groups(&b.old_schema.tables);
    let created = b.created.contains(table);
    // Citus rebuilds the table to move it once it is distributed, which it refuses for a
    // table with an identity column.
    let identity = b
        .old_schema
        .table(table)
        .and_then(|t| t.columns.iter().find(|c| c.identity.is_some()));
    if let (Some(_), Some(column)) = (from, identity) {
        b.problems.push(Problem {
            object: change.object(),
            reason: format!(
                "cannot be moved: Citus rebuilds a distributed table to change or undo its distribution (`alter_distributed_table`, `undistribute_table`) and refuses one with an identity column (`{}`); make it a plain column with a sequence default first",
                column.name
            ),
        });
        return;
    }
    // A group mate that does not move is distributed already: the one to be colocated
    // with. Otherwise the first of the group by name starts it, and the others follow.
    let moved = schema_core::moved_tables(&b.old_schema.tables, &b.new_schema.tables);
    let moving = |name: &QualifiedName| moved.contains(name) || b.created.contains(name);
    let mut text = String::new();
    let mut hazards: Vec<Hazard> = Vec::new();
    let transactional = true;
    let mut anchor_of = None;
    match (from, to) {
        (None, Some(Distribution::Reference)) => {
            text.push_str(&reference(table));
            if !created {
                // Copies the rows to every node while writes to the table wait.
                hazards.push(Hazard::MovesData);
            }
        }
        (None, Some(Distribution::Distributed(d))) => {
            // `create_distributed_table_concurrently` would let writes continue, but it
            // needs logical decoding on every node (`wal_level = logical`, and Citus allowed
            // as an output plugin), which a cluster may not have: the plain call, which
            // lets reads continue while the rows are copied, is what every cluster takes.
            let (sql, anchor) = in_group(&new_groups, table, d, &moving);
            anchor_of = anchor;
            text.push_str(&sql);
            if !created {
                hazards.push(Hazard::MovesData);
            }
        }
        (Some(Distribution::Distributed(old)), Some(Distribution::Distributed(new))) => {
            let mut arguments = vec![quote_literal(&table.to_sql())];
            if old.column != new.column {
                arguments.push(format!(
                    "distribution_column => {}",
                    quote_literal(&new.column)
                ));
            }
            // What is not yet as it should be, so that the step can run again.
            let mut differs = vec![format!(
                "pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) IS DISTINCT FROM {}",
                quote_literal(&new.column)
            )];
            let anchor = anchor(&new_groups, table, |t| !moving(t));
            anchor_of = anchor;
            match anchor {
                Some(anchor) => {
                    let anchor = quote_literal(&anchor.to_sql());
                    arguments.push(format!("colocate_with => {anchor}"));
                    differs.push(format!(
                        "p.colocationid <> (SELECT a.colocationid FROM pg_catalog.pg_dist_partition a WHERE a.logicalrelid = {anchor}::regclass)"
                    ));
                }
                None => {
                    let count = shard_count_of(&new_groups, table);
                    if count != shard_count_of(&old_groups, table) {
                        arguments.push(format!("shard_count => {count}"));
                    }
                    arguments.push("colocate_with => 'none'".into());
                    differs.push(format!(
                        "(SELECT g.shardcount FROM pg_catalog.pg_dist_colocation g WHERE g.colocationid = p.colocationid) <> {count}"
                    ));
                    differs.push("EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition o WHERE o.colocationid = p.colocationid AND o.logicalrelid <> p.logicalrelid)".into());
                }
            }
            // The tables colocated with it now stay where they are.
            arguments.push("cascade_to_colocated => false".into());
            writeln!(
                text,
                "SELECT alter_distributed_table({}) FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = {}::regclass AND ({});",
                arguments.join(", "),
                quote_literal(&table.to_sql()),
                differs.join(" OR ")
            )
            .expect("writing to a String cannot fail");
            hazards.push(Hazard::MovesData);
            hazards.push(Hazard::AccessExclusiveLock);
        }
        (Some(_), to) => {
            // Reference to distributed, distributed to reference, or back to a plain
            // table: Citus has no call that turns one into the other, so the rows come back
            // to the coordinator first.
            text.push_str(&undistribute(
                table,
                match to {
                    Some(Distribution::Reference) => " AND partmethod = 'h'",
                    Some(Distribution::Distributed(_)) => " AND repmodel = 't'",
                    None => "",
                },
            ));
            match to {
                Some(Distribution::Reference) => text.push_str(&reference(table)),
                Some(Distribution::Distributed(d)) => {
                    let (sql, anchor) = in_group(&new_groups, table, d, &moving);
                    anchor_of = anchor;
                    text.push_str(&sql);
                }
                None => {}
            }
            hazards.push(Hazard::MovesData);
            hazards.push(Hazard::AccessExclusiveLock);
        }
        (None, None) => return,
    }
    // `alter_distributed_table` and `undistribute_table` build the table anew, without
    // its comments: they are set again, with the columns' storage, compression, statistics
    // targets and options (each statement harmless where Citus kept them).
    let rebuilt = from.is_some();
    if let Some(def) = b.new_schema.table(table).filter(|_| rebuilt) {
        let comment = |write: &dyn Fn(&mut String) -> std::fmt::Result, text: &mut String| {
            write(text).expect("writing to a String cannot fail")
        };
        if let Some(c) = &def.comment {
            comment(
                &|o| super::table::comment_on_table(table, Some(c), o),
                &mut text,
            );
        }
        for column in &def.columns {
            if let Some(c) = &column.comment {
                comment(
                    &|o| super::column::comment_on_column(table, &column.name, Some(c), o),
                    &mut text,
                );
            }
            comment(
                &|o| super::column::column_settings(table, column, o),
                &mut text,
            );
            if let Some(method) = column.compression {
                let prefix = crate::plan::builder::alter_column(table, &column.name);
                text.push_str(&format!("{prefix} SET COMPRESSION {};\n", method.as_str()));
            }
        }
        for (name, c) in super::constraint::commented(def) {
            comment(
                &|o| super::constraint::comment_on_constraint(table, name, Some(c), o),
                &mut text,
            );
        }
    }
    let mut node = Builder::node(Phase::Distribute, change.to_string(), text, &hazards);
    node.payload.transactional = transactional;
    node.uses_new.push(Object::Table(table));
    if from.is_some() {
        node.removes.push(placed(table));
    }
    if to.is_some() {
        node.adds.push(placed(table));
    }
    // The graph holds names that live as long as the schemas.
    let anchor_of = anchor_of
        .and_then(|a| b.new_schema.table(a))
        .map(|t| &t.name);
    if let Some(anchor) = anchor_of {
        node.uses_new.push(placed(anchor));
    }
    // Citus checks the keys when it distributes: a new key that includes the column comes
    // first.
    if let Some(def) = b.new_schema.table(table) {
        for key in def.key_names() {
            node.uses_new.push(Object::Constraint(table, key));
        }
    }
    b.push(node);
}

/// A schema distributed after its tables are created (and their keys added), before
/// foreign keys to its tables; undistributed after those are dropped.
fn set_schema_distributed<'a>(
    b: &mut Builder<'a>,
    change: &'a Change,
    name: &'a str,
    distributed: bool,
) {
    let (side, text) = if distributed {
        (b.new_schema, distribute_schema(name))
    } else {
        (b.old_schema, undistribute_schema(name))
    };
    let tables: Vec<&'a TableDef> = side
        .tables
        .iter()
        .filter(|t| t.name.schema == name)
        .collect();
    let moves = tables.iter().any(|t| !b.created.contains(&t.name));
    let hazards: &[Hazard] = if moves { &[Hazard::MovesData] } else { &[] };
    let mut node = Builder::node(Phase::Distribute, change.to_string(), text, hazards);
    node.uses_new.push(Object::Schema(name));
    for table in tables {
        node.uses_new.push(Object::Table(&table.name));
        for key in table.key_names() {
            node.uses_new.push(Object::Constraint(&table.name, key));
        }
        if distributed {
            node.adds.push(placed(&table.name));
        } else {
            node.removes.push(placed(&table.name));
        }
    }
    b.push(node);
}

/// Reading this kind back: which tables Citus distributes, by what, and in which groups.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{Colocation, Distributed, Distribution, QualifiedName, TableDef};
    use std::collections::BTreeMap;

    /// Hash-distributed tables (`partmethod = 'h'`) with their column and group, and
    /// reference tables (`repmodel = 't'`); partitions are distributed with their parent
    /// and left out. Citus-managed local tables and single-shard tables are not read.
    const DISTRIBUTIONS: &str = "
SELECT n.nspname::text, c.relname::text, p.partmethod::text,
       CASE WHEN p.partmethod = 'h'
            THEN pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) END,
       p.colocationid::int8, g.shardcount
FROM pg_catalog.pg_dist_partition p
JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_dist_colocation g ON g.colocationid = p.colocationid
WHERE n.nspname = ANY($1) AND NOT c.relispartition
  AND (p.partmethod = 'h' OR p.repmodel = 't')
ORDER BY 1, 2";

    /// Schemas sharded by schema.
    const SCHEMAS: &str = "
SELECT n.nspname::text
FROM pg_catalog.pg_dist_schema s
JOIN pg_catalog.pg_namespace n ON n.oid = s.schemaid
WHERE n.nspname = ANY($1)
ORDER BY 1";

    /// Reads the distributions into tables that carry nothing else, which `assemble`
    /// lays over the tables it reads (see [`apply`]). Nothing on a database without Citus.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let has_citus = reader
            .query(
                "looking for Citus",
                "SELECT pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL",
                &[],
            )?
            .first()
            .is_some_and(|row| row.get::<_, bool>(0));
        if !has_citus {
            return Ok(());
        }
        let schemas = reader.in_namespaces("reading Citus's distributed schemas", SCHEMAS)?;
        reader
            .schema
            .distributed_schemas
            .extend(schemas.iter().map(|row| row.get::<_, String>(0)));
        let rows = reader.in_namespaces("reading Citus distributions", DISTRIBUTIONS)?;
        // Each colocation group starts at its first table by name; the others name it.
        let mut firsts: BTreeMap<i64, QualifiedName> = BTreeMap::new();
        for row in rows {
            let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
            let method: String = row.get(2);
            let distribution = if method == "h" {
                let group: i64 = row.get(4);
                let count: Option<i32> = row.get(5);
                let colocate_with = match firsts.get(&group) {
                    Some(first) => Colocation::With(first.clone()),
                    None => {
                        firsts.insert(group, name.clone());
                        Colocation::Alone
                    }
                };
                Distribution::Distributed(Distributed {
                    column: row.get(3),
                    shard_count: match colocate_with {
                        Colocation::Alone => count.map(|c| c as u32),
                        _ => None,
                    },
                    colocate_with,
                })
            } else {
                Distribution::Reference
            };
            reader.schema.tables.push(TableDef {
                distribution: Some(distribution),
                ..TableDef::new(name)
            });
        }
        Ok(())
    }

    /// Lays the distributions read by [`read`] over the tables read.
    pub(crate) fn apply<'t>(
        tables: impl Iterator<Item = &'t mut TableDef>,
        distributions: Vec<TableDef>,
    ) {
        let mut by_name: BTreeMap<QualifiedName, Distribution> = distributions
            .into_iter()
            .filter_map(|t| Some((t.name, t.distribution?)))
            .collect();
        for table in tables {
            table.distribution = by_name.remove(&table.name);
        }
    }
}
