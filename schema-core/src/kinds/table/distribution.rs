//! Citus, the distributed engine for Postgres: how a table is spread over the nodes of a
//! cluster (sharded by a distribution column, or copied whole to every node as a
//! reference table), which tables are colocated (their shards for one value live on one
//! node, so joins and foreign keys between them stay local), and the rules Citus imposes
//! on keys and foreign keys, checked here so they fail at build time rather than at deploy.
//!
//! Colocation follows Citus's own rule: a distributed table without `colocate_with` joins
//! the default group of tables whose distribution column has the same type and whose shard
//! count is the same; `colocate_with` names a table whose group it joins, and
//! [`Colocation::Alone`] starts a group of its own. [`colocation_groups`] resolves that into
//! groups, which is what the diff compares: two schemas that spell the same groups
//! differently are the same.

use crate::diff::Change;
use crate::error::error;
use crate::{QualifiedName, Schema, SchemaError, SqlType, TableDef};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Citus's default shard count (`citus.shard_count`), which a distributed table without
/// `shard_count` gets.
pub const DEFAULT_SHARD_COUNT: u32 = 32;

/// How Citus spreads a table over the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// `create_distributed_table`: rows are sharded by a hash of one column.
    Distributed(Distributed),
    /// `create_reference_table`: a full copy on every node, for small lookup tables that
    /// distributed tables join and reference.
    Reference,
}

/// A hash-distributed table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distributed {
    /// The distribution column (Citus's "partition column"): rows with one value of it
    /// live in one shard.
    pub column: String,
    /// Which tables its shards are placed with.
    #[serde(default, skip_serializing_if = "Colocation::is_default")]
    pub colocate_with: Colocation,
    /// The number of shards; `None` for [`DEFAULT_SHARD_COUNT`], or the count of the
    /// table it is colocated with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_count: Option<u32>,
}

/// Which tables a distributed table's shards are placed with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colocation {
    /// With every other default table whose distribution column has the same type and
    /// whose shard count is the same (Citus's `colocate_with => 'default'`).
    #[default]
    Default,
    /// In a group of its own, with the tables that name it (`colocate_with => 'none'`).
    Alone,
    /// With this distributed table.
    With(QualifiedName),
}

impl Colocation {
    fn is_default(&self) -> bool {
        *self == Colocation::Default
    }
}

impl Distribution {
    /// Distributed by `column`, in the default colocation group.
    pub fn by(column: &str) -> Self {
        Distribution::Distributed(Distributed {
            column: column.to_string(),
            colocate_with: Colocation::Default,
            shard_count: None,
        })
    }

    /// The distributed table's settings, if it is one.
    pub fn distributed(&self) -> Option<&Distributed> {
        match self {
            Distribution::Distributed(d) => Some(d),
            Distribution::Reference => None,
        }
    }

    /// Colocated with `table`.
    pub fn colocated_with(mut self, table: QualifiedName) -> Self {
        if let Distribution::Distributed(d) = &mut self {
            d.colocate_with = Colocation::With(table);
        }
        self
    }

    /// In a colocation group of its own.
    pub fn alone(mut self) -> Self {
        if let Distribution::Distributed(d) = &mut self {
            d.colocate_with = Colocation::Alone;
        }
        self
    }

    /// With `count` shards.
    pub fn shards(mut self, count: u32) -> Self {
        if let Distribution::Distributed(d) = &mut self {
            d.shard_count = Some(count);
        }
        self
    }
}

/// Building a distributed or reference table by hand.
impl TableDef {
    /// Distributed by `column` (see [`Distribution::by`] for colocation and shard count).
    pub fn distributed_by(mut self, column: &str) -> Self {
        self.distribution = Some(Distribution::by(column));
        self
    }

    /// A Citus reference table: a copy on every node.
    pub fn reference(mut self) -> Self {
        self.distribution = Some(Distribution::Reference);
        self
    }

    /// Sets how Citus spreads the table.
    pub fn with_distribution(mut self, distribution: Distribution) -> Self {
        self.distribution = Some(distribution);
        self
    }

    /// The distributed table's settings, if it is one.
    pub fn distributed(&self) -> Option<&Distributed> {
        self.distribution
            .as_ref()
            .and_then(Distribution::distributed)
    }

    /// Whether it is a reference table.
    pub fn is_reference(&self) -> bool {
        self.distribution == Some(Distribution::Reference)
    }
}

/// One colocation group: its tables in name order and its shard count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColocationGroup {
    /// The tables, in name order.
    pub tables: Vec<QualifiedName>,
    /// The shard count every table of the group has.
    pub shard_count: u32,
    /// The table that starts the group, which the others are colocated with when they are
    /// distributed: the one they name in `colocate_with` (or its first by name).
    pub starts: QualifiedName,
}

/// The tables by name, for lookups in a list that may not be sorted.
fn by_name(tables: &[TableDef]) -> HashMap<&QualifiedName, &TableDef> {
    tables.iter().map(|t| (&t.name, t)).collect()
}

/// The colocation groups of the distributed tables among `tables`, resolved from
/// `colocate_with` and Citus's default rule, in the order of their first table's name. A
/// table naming a table that is not distributed, or a cycle, leaves it in a group of its
/// own (validation reports it).
pub fn colocation_groups(tables: &[TableDef]) -> Vec<ColocationGroup> {
    let lookup = by_name(tables);
    // Each table's group key, following `colocate_with` to the table that starts it.
    #[derive(PartialEq, Eq, PartialOrd, Ord, Clone)]
    enum Key {
        Default(String, u32),
        Alone(QualifiedName),
    }
    let key_of = |table: &TableDef| -> Key {
        let mut current = table;
        for _ in 0..=tables.len() {
            let Some(d) = current.distributed() else {
                break;
            };
            match &d.colocate_with {
                Colocation::With(other) => match lookup.get(other) {
                    Some(next) if next.distributed().is_some() => current = next,
                    _ => return Key::Alone(current.name.clone()),
                },
                Colocation::Alone => return Key::Alone(current.name.clone()),
                Colocation::Default => {
                    let ty = column_type(&lookup, current, &d.column)
                        .map(|t| t.to_string())
                        .unwrap_or_default();
                    return Key::Default(ty, d.shard_count.unwrap_or(DEFAULT_SHARD_COUNT));
                }
            }
        }
        Key::Alone(table.name.clone())
    };
    let mut groups: BTreeMap<Key, Vec<QualifiedName>> = BTreeMap::new();
    for table in tables.iter().filter(|t| t.distributed().is_some()) {
        groups
            .entry(key_of(table))
            .or_default()
            .push(table.name.clone());
    }
    let mut out: Vec<ColocationGroup> = groups
        .into_iter()
        .map(|(key, mut tables)| {
            tables.sort();
            let named = |t: &&QualifiedName| {
                tables.iter().any(|other| {
                    lookup
                        .get(other)
                        .and_then(|o| o.distributed())
                        .is_some_and(|d| d.colocate_with == Colocation::With((*t).clone()))
                })
            };
            let starts = match &key {
                Key::Alone(first) => first.clone(),
                Key::Default(..) => tables.iter().find(named).unwrap_or(&tables[0]).clone(),
            };
            let shard_count = match &key {
                Key::Default(_, count) => *count,
                Key::Alone(first) => lookup
                    .get(first)
                    .and_then(|t| t.distributed()?.shard_count)
                    .unwrap_or(DEFAULT_SHARD_COUNT),
            };
            ColocationGroup {
                tables,
                shard_count,
                starts,
            }
        })
        .collect();
    out.sort_by(|a, b| a.tables.cmp(&b.tables));
    out
}

/// Rewrites every distributed table's colocation and shard count into the plainest
/// spelling of the groups [`colocation_groups`] resolves (what `inspect` gives and
/// `codegen` writes): per distribution column type and shard count, the group holding the
/// first table by name is the default one (no `colocate_with`); every other group starts
/// at its first table, `Alone`, and the rest name it. Shard counts other than the default
/// are written on the tables without `colocate_with`.
pub fn canonical_colocation(tables: &mut [TableDef]) {
    let groups = colocation_groups(tables);
    let mut settings: BTreeMap<QualifiedName, (Colocation, u32)> = BTreeMap::new();
    {
        let lookup = by_name(tables);
        let mut seen_keys: Vec<(String, u32)> = Vec::new();
        for group in &groups {
            let first = &group.tables[0];
            let key = lookup
                .get(first)
                .and_then(|t| column_type(&lookup, t, &t.distributed()?.column))
                .map(|t| t.to_string())
                .unwrap_or_default();
            let key = (key, group.shard_count);
            let default = !seen_keys.contains(&key);
            if default {
                seen_keys.push(key);
            }
            for table in &group.tables {
                let colocation = if default {
                    Colocation::Default
                } else if table == first {
                    Colocation::Alone
                } else {
                    Colocation::With(first.clone())
                };
                settings.insert(table.clone(), (colocation, group.shard_count));
            }
        }
    }
    for table in tables.iter_mut() {
        if let Some(Distribution::Distributed(d)) = &mut table.distribution {
            if let Some((colocation, count)) = settings.remove(&table.name) {
                let named = matches!(colocation, Colocation::With(_));
                d.colocate_with = colocation;
                d.shard_count = (!named && count != DEFAULT_SHARD_COUNT).then_some(count);
            }
        }
    }
}

/// The tables (on both sides) whose placement changes between two lists of tables (see
/// [`diff`]), and the new ones that get a distribution.
pub fn moved_tables(from: &[TableDef], to: &[TableDef]) -> Vec<QualifiedName> {
    let mut out = Vec::new();
    diff(from, to, &mut out);
    out.into_iter()
        .filter_map(|change| match change {
            Change::SetDistribution { table, .. } => Some(table),
            _ => None,
        })
        .collect()
}

/// The tables that keep their place in each new colocation group: of the group's tables
/// that exist on both sides, those that were together in one old group (the largest such
/// set, the one holding the first name on a tie) with the same shard count. The group's
/// other tables move to join them.
fn settled(
    old_groups: &[ColocationGroup],
    new_groups: &[ColocationGroup],
    common: &dyn Fn(&QualifiedName) -> bool,
    unchanged: &dyn Fn(&QualifiedName) -> bool,
) -> Vec<QualifiedName> {
    // Candidates: (new group, old group, the tables they share), biggest first; an old
    // group keeps its place in one new group only.
    let mut candidates: Vec<(usize, usize, Vec<&QualifiedName>)> = Vec::new();
    for (at, group) in new_groups.iter().enumerate() {
        let mut classes: BTreeMap<usize, Vec<&QualifiedName>> = BTreeMap::new();
        for table in group.tables.iter().filter(|t| common(t)) {
            if let Some(old) = old_groups.iter().position(|g| g.tables.contains(table)) {
                classes.entry(old).or_default().push(table);
            }
        }
        candidates.extend(
            classes
                .into_iter()
                .filter(|(old, _)| old_groups[*old].shard_count == group.shard_count)
                .map(|(old, tables)| (at, old, tables)),
        );
    }
    // Biggest first; on a tie, the tables whose distribution is written as before stay
    // (the others are the ones the change is about), then the first name.
    let kept = |tables: &[&QualifiedName]| tables.iter().filter(|t| unchanged(t)).count();
    candidates.sort_by(|a, b| {
        (b.2.len(), kept(&b.2))
            .cmp(&(a.2.len(), kept(&a.2)))
            .then_with(|| a.2[0].cmp(b.2[0]))
    });
    let (mut new_used, mut old_used) = (Vec::new(), Vec::new());
    let mut out = Vec::new();
    for (new, old, tables) in candidates {
        if !new_used.contains(&new) && !old_used.contains(&old) {
            new_used.push(new);
            old_used.push(old);
            out.extend(tables.into_iter().cloned());
        }
    }
    out
}

/// The distribution changes between the tables of two schemas: a new table's
/// distribution (planned after its creation), and each table on both sides whose kind or
/// column changes, or that moves to another colocation group or shard count (see
/// [`settled`]; a table whose group another table joins or leaves stays where it is).
pub(crate) fn diff(from: &[TableDef], to: &[TableDef], out: &mut Vec<Change>) {
    let any = |tables: &[TableDef]| tables.iter().any(|t| t.distribution.is_some());
    if !any(from) && !any(to) {
        return;
    }
    let (old_groups, new_groups) = (colocation_groups(from), colocation_groups(to));
    let (old_lookup, new_lookup) = (by_name(from), by_name(to));
    let common =
        |name: &QualifiedName| old_lookup.contains_key(name) && new_lookup.contains_key(name);
    let unchanged = |name: &QualifiedName| match (old_lookup.get(name), new_lookup.get(name)) {
        (Some(old), Some(new)) => old.distribution == new.distribution,
        _ => false,
    };
    let settled = settled(&old_groups, &new_groups, &common, &unchanged);
    let mut moved: Vec<&QualifiedName> = Vec::new();
    for new in to {
        let Some(old) = old_lookup.get(&new.name) else {
            if new.distribution.is_some() {
                out.push(Change::SetDistribution {
                    table: new.name.clone(),
                    from: None,
                    to: new.distribution.clone(),
                });
            }
            continue;
        };
        let changed = match (&old.distribution, &new.distribution) {
            (Some(Distribution::Distributed(a)), Some(Distribution::Distributed(b))) => {
                a.column != b.column || !settled.contains(&new.name)
            }
            (a, b) => a != b,
        };
        if changed {
            moved.push(&new.name);
            out.push(Change::SetDistribution {
                table: new.name.clone(),
                from: old.distribution.clone(),
                to: new.distribution.clone(),
            });
        }
    }
    // Citus refuses to move a table that a foreign key ties to another (undistributing
    // would take the tables it references along): the foreign keys that stay are dropped
    // first and added again once both tables are in place.
    if moved.is_empty() {
        return;
    }
    for new in to {
        let Some(old) = old_lookup.get(&new.name) else {
            continue;
        };
        for key in &new.foreign_keys {
            let touches = moved.contains(&&new.name) || moved.contains(&&key.references);
            if touches && old.foreign_key(&key.name) == Some(key) {
                out.push(Change::DropForeignKey {
                    table: new.name.clone(),
                    key: key.clone(),
                });
                out.push(Change::AddForeignKey {
                    table: new.name.clone(),
                    key: key.clone(),
                });
            }
        }
    }
}

/// The type of `table`'s column `column`, its parent's for a partition.
fn column_type<'a>(
    lookup: &HashMap<&QualifiedName, &'a TableDef>,
    table: &'a TableDef,
    column: &str,
) -> Option<&'a SqlType> {
    let mut current = table;
    for _ in 0..16 {
        if let Some(c) = current.column(column) {
            return Some(&c.ty);
        }
        let parent = current
            .partition_of
            .as_ref()
            .map(|p| &p.parent)
            .or_else(|| current.inherits.first())?;
        current = lookup.get(parent)?;
    }
    None
}

/// Whether Citus can hash values of `ty` to place rows: it needs a hash operator class,
/// which these types lack.
fn hashable(ty: &SqlType) -> bool {
    match ty {
        SqlType::Json => false,
        SqlType::Array(element) => hashable(element),
        SqlType::Custom(text) => !matches!(
            text.as_str(),
            "xml" | "point" | "line" | "lseg" | "box" | "path" | "polygon" | "circle"
        ),
        _ => true,
    }
}

/// The schemas Citus starts or stops sharding by schema.
pub(crate) fn diff_schemas(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    let matched =
        crate::diff::list::match_by(&from.distributed_schemas, &to.distributed_schemas, |s| s);
    for name in matched.added {
        out.push(Change::SetSchemaDistributed {
            name: name.clone(),
            distributed: true,
        });
    }
    for name in matched.removed {
        // A schema dropped goes with its distribution.
        if to.schemas.contains(name) {
            out.push(Change::SetSchemaDistributed {
                name: name.clone(),
                distributed: false,
            });
        }
    }
}

/// Which Citus placement a table has for the foreign-key rules: its own distribution, or
/// the single shard of a distributed schema.
fn in_distributed_schema<'a>(schema: &'a Schema, table: &TableDef) -> Option<&'a String> {
    schema
        .distributed_schemas
        .iter()
        .find(|s| **s == table.name.schema)
}

/// The rules of schema-based sharding: a distributed schema is declared and not `public`,
/// its tables declare no distribution of their own, and foreign keys stay within the
/// schema or reach reference tables.
fn validate_schemas(schema: &Schema, errors: &mut Vec<SchemaError>) {
    for name in &schema.distributed_schemas {
        let object = format!("schema `{name}`");
        if !schema.schemas.contains(name) && name != crate::DEFAULT_SCHEMA {
            errors.push(error(
                object.clone(),
                "is distributed but not declared; declare it with `.distributed_schema(name)`"
                    .into(),
            ));
        }
        if name == crate::DEFAULT_SCHEMA {
            errors.push(error(object, "is distributed, but Citus cannot distribute the `public` schema; put the tenant's tables in a schema of their own".into()));
        }
    }
    let lookup = by_name(&schema.tables);
    for table in &schema.tables {
        let mine = in_distributed_schema(schema, table);
        if let (Some(s), Some(_)) = (mine, &table.distribution) {
            errors.push(error(table.object(), format!("is in distributed schema `{s}` and declares a distribution of its own; Citus places every table of a distributed schema itself")));
        }
        for key in &table.foreign_keys {
            let Some(target) = lookup.get(&key.references) else {
                continue;
            };
            let theirs = in_distributed_schema(schema, target);
            let what = format!("foreign key `{}` to `{}`", key.name, key.references);
            let problem = match (mine, theirs) {
                (Some(a), Some(b)) if a != b => Some(format!("has {what}, in another distributed schema; Citus keeps each distributed schema on its own node, so a foreign key stays within one")),
                (Some(_), None) if !target.is_reference() => Some(format!("has {what}, which is neither in its distributed schema nor a reference table; a table of a distributed schema may reference only those")),
                (None, Some(b)) => Some(format!("has {what}, in distributed schema `{b}`; only tables of that schema may reference its tables")),
                _ => None,
            };
            if let Some(problem) = problem {
                errors.push(error(table.object(), problem));
            }
        }
    }
}

/// Citus's rules, table by table.
pub(crate) fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
    if !schema.distributed_schemas.is_empty() {
        validate_schemas(schema, errors);
    }
    if !schema.tables.iter().any(|t| t.distribution.is_some()) {
        return;
    }
    let lookup = by_name(&schema.tables);
    let groups = colocation_groups(&schema.tables);
    for table in &schema.tables {
        let object = table.object();
        let mut problem = |text: String| errors.push(error(object.clone(), text));
        validate_table(&lookup, table, &mut problem);
        foreign_keys(&lookup, &groups, table, &mut problem);
    }
}

fn validate_table(
    lookup: &HashMap<&QualifiedName, &TableDef>,
    table: &TableDef,
    problem: &mut impl FnMut(String),
) {
    if table.distribution.is_some() && table.partition_of.is_some() {
        problem("is a partition and declares a distribution; a partition is distributed with its parent, so declare it there".into());
        return;
    }
    let Some(d) = table.distributed() else {
        return;
    };
    match column_type(lookup, table, &d.column) {
            None => problem(format!(
                "is distributed by column `{}`, which it does not have",
                d.column
            )),
            Some(ty) if !hashable(ty) => problem(format!(
                "is distributed by column `{}` of type `{ty}`, which Citus cannot hash; distribute by a column of another type",
                d.column
            )),
            Some(_) => {}
        }
    let keys = table
        .primary_key
        .iter()
        .map(|k| (format!("primary key `{}`", k.name), &k.columns))
        .chain(
            table
                .uniques
                .iter()
                .map(|u| (format!("unique constraint `{}`", u.name), &u.columns)),
        );
    for (what, columns) in keys {
        if !columns.contains(&d.column) {
            problem(format!(
                    "has {what} on ({}), which lacks the distribution column `{}`; Citus enforces uniqueness shard by shard, so every primary key and unique constraint of a distributed table must include it",
                    columns.join(", "),
                    d.column
                ));
        }
    }
    for index in table.indexes.iter().filter(|i| i.unique) {
        let has = index
            .keys
            .iter()
            .any(|k| matches!(&k.target, crate::IndexTarget::Column(c) if *c == d.column));
        if !has {
            problem(format!(
                    "has unique index `{}`, which lacks the distribution column `{}`; Citus enforces uniqueness shard by shard, so it must include it",
                    index.name, d.column
                ));
        }
    }
    match &d.colocate_with {
            Colocation::With(other) if *other == table.name => {
                problem("is colocated with itself".into())
            }
            Colocation::With(other) => match lookup.get(other) {
                None => problem(format!(
                    "is colocated with `{other}`, which is not declared"
                )),
                Some(target) => match target.distributed() {
                    None => problem(format!(
                        "is colocated with `{other}`, which is not a distributed table; only distributed tables have colocation groups"
                    )),
                    Some(td) => {
                        let mine = column_type(lookup, table, &d.column);
                        let theirs = column_type(lookup, target, &td.column);
                        if let (Some(mine), Some(theirs)) = (mine, theirs) {
                            if mine != theirs {
                                problem(format!(
                                    "is colocated with `{other}`, but its distribution column `{}` is `{mine}` and `{other}`'s `{}` is `{theirs}`; colocated tables are distributed by columns of one type",
                                    d.column, td.column
                                ));
                            }
                        }
                        if d.shard_count.is_some() {
                            problem(format!(
                                "sets `shard_count` and is colocated with `{other}`; a table takes its group's shard count, so set it on the table that starts the group"
                            ));
                        }
                    }
                },
            },
            Colocation::Default | Colocation::Alone => {}
        }
    if d.shard_count == Some(0) {
        problem("has `shard_count = 0`; a distributed table has at least one shard".into());
    }
}

/// Citus's rules for foreign keys: between distributed tables only when they are
/// colocated and the key joins the distribution columns; to reference tables from anything
/// distributed; never from a reference table to a distributed one, nor from a distributed
/// table to a table Citus does not manage.
fn foreign_keys(
    lookup: &HashMap<&QualifiedName, &TableDef>,
    groups: &[ColocationGroup],
    table: &TableDef,
    problem: &mut impl FnMut(String),
) {
    let group_of = |name: &QualifiedName| groups.iter().position(|g| g.tables.contains(name));
    for key in &table.foreign_keys {
        let Some(target) = lookup.get(&key.references) else {
            continue;
        };
        let what = format!("foreign key `{}` to `{}`", key.name, key.references);
        match (&table.distribution, &target.distribution) {
            (Some(Distribution::Distributed(mine)), Some(Distribution::Distributed(theirs))) => {
                if group_of(&table.name) != group_of(&target.name) {
                    problem(format!(
                        "has {what}, which is distributed but not colocated with it; Citus needs the tables of a foreign key colocated: add `colocate_with` naming one of them"
                    ));
                    continue;
                }
                let joins = key
                    .columns
                    .iter()
                    .zip(&key.referenced_columns)
                    .any(|(c, r)| *c == mine.column && *r == theirs.column);
                if !joins {
                    problem(format!(
                        "has {what}, which does not join distribution column `{}` to `{}`'s `{}`; a foreign key between distributed tables must include both distribution columns, in the same position",
                        mine.column, key.references, theirs.column
                    ));
                }
            }
            (Some(Distribution::Distributed(_)), Some(Distribution::Reference)) => {}
            (Some(Distribution::Distributed(_)), None) => problem(format!(
                "has {what}, a table Citus does not manage; a distributed table may reference only colocated distributed tables and reference tables: make `{}` a reference table",
                key.references
            )),
            (Some(Distribution::Reference), Some(Distribution::Distributed(_))) => {
                problem(format!(
                    "is a reference table and has {what}, which is distributed; Citus refuses foreign keys from a reference table to a distributed table"
                ))
            }
            (None, Some(Distribution::Distributed(_))) => problem(format!(
                "has {what}, which is distributed; a table Citus does not manage cannot reference a distributed table: distribute this table too, colocated with it"
            )),
            _ => {}
        }
    }
}
