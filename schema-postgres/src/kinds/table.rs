//! Tables: `CREATE TABLE` with the columns and constraints that live inside it, their
//! normal form, the steps that create, rename and drop them (with everything on them), and
//! their catalog rows.

use super::column::column_definition;
use super::comment::comment_text;
use super::constraint::{check_clause, exclusion_clause, primary_key_clause, unique_clause};
use super::partition::{partition_bound, partition_by};
use crate::normalize::rules;
use crate::plan::builder::{rename_statements, sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{quote_ident, QualifiedName, ReplicaIdentity, RowLevelSecurity, TableDef};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes and its normalisation.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.tables.iter_mut().for_each(normalize),
    ..super::Kind::steps(steps)
};

/// `CREATE TABLE` with one column per line, then the primary key, unique and check
/// constraints, each with its explicit name, and `PARTITION BY` for a partitioned table.
/// Foreign keys are left out: they are added once every table exists
/// ([`crate::statement::add_foreign_key`]). A partition is `CREATE TABLE name PARTITION OF parent
/// FOR VALUES ...`, taking its columns and keys from its parent.
pub fn create_table(table: &TableDef, out: &mut impl Write) -> fmt::Result {
    let create = if table.unlogged {
        "CREATE UNLOGGED TABLE"
    } else {
        "CREATE TABLE"
    };
    if let Some(of) = &table.partition_of {
        write!(
            out,
            "{create} {} PARTITION OF {}\n    ",
            table.name.to_sql(),
            of.parent.to_sql()
        )?;
        // Its own keys and checks, beside those it has from its parent.
        let mut first = true;
        for clause in constraint_clauses(table) {
            out.write_str(if first { "(" } else { "," })?;
            first = false;
            write!(out, "\n        {clause}")?;
        }
        if !first {
            out.write_str("\n    )\n    ")?;
        }
        partition_bound(&of.bound, out)?;
        if let Some(by) = &table.partition_by {
            out.write_str("\n    ")?;
            partition_by(by, out)?;
        }
        super::with_options(&super::storage_options(&table.storage), out)?;
        return out.write_str(";\n");
    }
    write!(out, "{create} {} (", table.name.to_sql())?;
    let mut first = true;
    for column in &table.columns {
        next_item(out, &mut first)?;
        column_definition(column, out)?;
    }
    for clause in constraint_clauses(table) {
        next_item(out, &mut first)?;
        out.write_str(&clause)?;
    }
    // A table without columns is legal (`CREATE TABLE t ()`); keep it on one line.
    if !first {
        out.write_char('\n')?;
    }
    out.write_char(')')?;
    if !table.inherits.is_empty() {
        let parents: Vec<String> = table.inherits.iter().map(|p| p.to_sql()).collect();
        write!(out, " INHERITS ({})", parents.join(", "))?;
    }
    if let Some(by) = &table.partition_by {
        out.write_char(' ')?;
        partition_by(by, out)?;
    }
    super::with_options(&super::storage_options(&table.storage), out)?;
    out.write_str(";\n")?;
    for column in &table.columns {
        super::column::column_settings(&table.name, column, out)?;
    }
    Ok(())
}

/// `ALTER TABLE name CLUSTER ON index`, or `SET WITHOUT CLUSTER`.
pub fn cluster_on(table: &QualifiedName, index: Option<&str>, out: &mut impl Write) -> fmt::Result {
    match index {
        Some(index) => writeln!(
            out,
            "ALTER TABLE {} CLUSTER ON {};",
            table.to_sql(),
            quote_ident(index)
        ),
        None => writeln!(out, "ALTER TABLE {} SET WITHOUT CLUSTER;", table.to_sql()),
    }
}

/// `ALTER TABLE name REPLICA IDENTITY FULL` (or `DEFAULT`, `NOTHING`, `USING INDEX i`).
pub fn replica_identity(
    table: &QualifiedName,
    identity: &ReplicaIdentity,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "ALTER TABLE {} REPLICA IDENTITY ", table.to_sql())?;
    match identity {
        ReplicaIdentity::Default => out.write_str("DEFAULT")?,
        ReplicaIdentity::Full => out.write_str("FULL")?,
        ReplicaIdentity::Nothing => out.write_str("NOTHING")?,
        ReplicaIdentity::Index(index) => write!(out, "USING INDEX {}", quote_ident(index))?,
    }
    out.write_str(";\n")
}

/// Ends the previous line of the table body with a comma, and indents the next one.
/// The primary key, unique, check and exclusion constraints `CREATE TABLE` lists.
fn constraint_clauses(table: &TableDef) -> Vec<String> {
    let mut clauses = Vec::new();
    if let Some(key) = &table.primary_key {
        clauses.push(sql(|o| primary_key_clause(key, o)));
    }
    clauses.extend(table.uniques.iter().map(|u| sql(|o| unique_clause(u, o))));
    clauses.extend(table.checks.iter().map(|c| sql(|o| check_clause(c, o))));
    clauses.extend(
        table
            .exclusions
            .iter()
            .map(|e| sql(|o| exclusion_clause(e, o))),
    );
    clauses
}

fn next_item(out: &mut impl Write, first: &mut bool) -> fmt::Result {
    if !*first {
        out.write_char(',')?;
    }
    *first = false;
    out.write_str("\n    ")
}

/// `COMMENT ON TABLE name IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_table(
    table: &QualifiedName,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON TABLE {} IS ", table.to_sql())?;
    comment_text(comment, out)
}

/// The offline rules for a table and everything in it (see `crate::normalize`).
pub(crate) fn normalize(table: &mut TableDef) {
    rules::comment(&mut table.comment);
    for index in &mut table.indexes {
        rules::comment(&mut index.comment);
    }
    for (_, comment) in table.constraint_comments_mut() {
        rules::comment(comment);
    }
    table.columns.iter_mut().for_each(super::column::normalize);
    table
        .checks
        .iter_mut()
        .for_each(super::constraint::normalize_check);
    table.indexes.iter_mut().for_each(super::index::normalize);
    table.policies.iter_mut().for_each(super::policy::normalize);
    table
        .triggers
        .iter_mut()
        .for_each(super::trigger::normalize);
    super::partition::normalize(table);
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateTable { def } => b.create_table(change, def),
        Change::DropTable { def } => b.drop_table(change, def),
        Change::RenameTable { from, to } => {
            let text = rename_statements("TABLE", from, to);
            let mut node = Builder::node(
                Phase::Rename,
                format!("rename table `{from}` to `{to}`"),
                text,
                &[Hazard::AccessExclusiveLock],
            );
            node.uses_new.push(Object::Schema(&to.schema));
            b.push(node);
        }
        Change::SetTableStorage { table, from, to } => {
            let object = format!("TABLE {}", table.to_sql());
            let (old, new) = (super::storage_options(from), super::storage_options(to));
            let text = sql(|o| super::alter_options(&object, &old, &new, o));
            // Only the table's settings change; rows are left as they are.
            let mut node = Builder::node(Phase::AlterTable, change.to_string(), text, &[]);
            node.uses_new.push(Object::Table(table));
            b.push(node);
        }
        Change::SetUnlogged { table, unlogged } => {
            let persistence = if *unlogged { "UNLOGGED" } else { "LOGGED" };
            let text = format!("ALTER TABLE {} SET {persistence};\n", table.to_sql());
            // Postgres copies the table into a new file, with or without WAL.
            let hazards = [Hazard::RewritesTable, Hazard::AccessExclusiveLock];
            let mut node = Builder::node(Phase::AlterTable, change.to_string(), text, &hazards);
            node.uses_new.push(Object::Table(table));
            b.push(node);
        }
        Change::SetReplicaIdentity { table, identity } => {
            let index = match identity {
                ReplicaIdentity::Index(index) => Some(index.as_str()),
                _ => None,
            };
            let text = sql(|o| replica_identity(table, identity, o));
            b.set_table_option(change, table, text, index);
        }
        Change::SetClusterOn { table, index } => {
            // Only the catalog changes: the rows move when someone runs `CLUSTER`.
            let text = sql(|o| cluster_on(table, index.as_deref(), o));
            b.set_table_option(change, table, text, index.as_deref());
        }
        Change::SetTableComment { table, comment } => {
            let text = sql(|o| comment_on_table(table, comment.as_deref(), o));
            let mut node = Builder::node(Phase::Comment, change.to_string(), text, &[]);
            node.uses_new.push(Object::Table(table));
            b.push(node);
        }
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    /// A table-wide setting that names one of its indexes or none (`REPLICA IDENTITY`,
    /// `CLUSTER ON`): after the index exists, locking the table unless the plan creates
    /// it.
    fn set_table_option(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        text: String,
        index: Option<&'a str>,
    ) {
        let mut node = Self::node(
            Phase::AlterTable,
            change.to_string(),
            text,
            self.lock(table),
        );
        node.uses_new.push(Object::Table(table));
        if let Some(index) = index {
            node.uses_new.push(Object::Index(&table.schema, index));
        }
        self.push(node);
    }

    pub(crate) fn create_table(&mut self, change: &'a Change, table: &'a TableDef) {
        let mut text = sql(|o| create_table(table, o));
        if let Some(comment) = &table.comment {
            text.push_str(&sql(|o| comment_on_table(&table.name, Some(comment), o)));
        }
        for column in &table.columns {
            if let Some(comment) = &column.comment {
                text.push_str(&sql(|o| {
                    super::column::comment_on_column(&table.name, &column.name, Some(comment), o)
                }));
            }
        }
        // Foreign keys are added, with their comments, once their targets exist.
        let inline: Vec<(&str, &str)> = super::constraint::commented(table)
            .into_iter()
            .filter(|(name, _)| table.foreign_keys.iter().all(|k| k.name != *name))
            .collect();
        for (constraint, comment) in inline {
            text.push_str(&sql(|o| {
                super::constraint::comment_on_constraint(&table.name, constraint, Some(comment), o)
            }));
        }
        let name = &table.name;
        let mut node = Self::node(Phase::CreateTable, change.to_string(), text, &[]);
        node.adds.push(Object::Table(name));
        node.uses_new.push(Object::Schema(&name.schema));
        if let Some(of) = &table.partition_of {
            node.uses_new.push(Object::Table(&of.parent));
        }
        node.uses_new
            .extend(table.inherits.iter().map(Object::Table));
        for column in &table.columns {
            node.adds.push(Object::Column(name, &column.name));
            node.uses_new
                .extend(self.column_needs(Side::New, name, column));
        }
        for key in table.key_names() {
            node.adds.push(Object::Constraint(name, key));
            node.adds.push(Object::Index(&name.schema, key));
        }
        for check in &table.checks {
            node.adds.push(Object::Constraint(name, &check.name));
            let ids = identifiers(&check.expression);
            node.uses_new
                .extend(self.names_in(Side::New, Some(name), &ids));
        }
        self.push(node);
        for key in &table.foreign_keys {
            let description = format!("add foreign key `{}` on table `{name}`", key.name);
            self.add_foreign_key_described(description, name, key);
        }
        for index in &table.indexes {
            self.create_index(
                format!("create index `{}` on table `{name}`", index.name),
                name,
                index,
            );
        }
        for policy in &table.policies {
            self.create_policy(
                format!("create policy `{}` on table `{name}`", policy.name),
                name,
                policy,
            );
        }
        if table.row_level_security != RowLevelSecurity::default() {
            let description = format!("set row-level security of table `{name}`");
            self.row_level_security(
                description,
                name,
                RowLevelSecurity::default(),
                table.row_level_security,
            );
        }
        for trigger in &table.triggers {
            self.create_trigger(name, trigger);
        }
    }

    pub(crate) fn drop_table(&mut self, change: &'a Change, table: &'a TableDef) {
        let name = &table.name;
        // Foreign keys between tables dropped together go first, so that the tables can go
        // in any order, cycles included.
        for key in &table.foreign_keys {
            if &key.references != name && self.dropped.contains(&key.references) {
                let description = format!("drop foreign key `{}` on table `{name}`", key.name);
                self.drop_foreign_key(description, name, key);
            }
        }
        let text = format!("DROP TABLE {};\n", name.to_sql());
        let mut node = Self::node(
            Phase::DropTable,
            change.to_string(),
            text,
            &[Hazard::DeletesData, Hazard::AccessExclusiveLock],
        );
        node.removes.push(Object::Table(name));
        node.uses_old.push(Object::Schema(&name.schema));
        // A parent cannot be dropped while a table inherits from it.
        node.uses_old
            .extend(table.inherits.iter().map(Object::Table));
        // The types, sequences and functions its columns and checks use are dropped after it.
        for column in &table.columns {
            node.removes.push(Object::Column(name, &column.name));
            node.uses_old
                .extend(self.column_needs(Side::Old, name, column));
        }
        for check in &table.checks {
            let ids = identifiers(&check.expression);
            node.uses_old
                .extend(self.names_in(Side::Old, Some(name), &ids));
        }
        let constraints = table
            .primary_key
            .iter()
            .map(|k| &k.name)
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.checks.iter().map(|c| &c.name))
            .chain(table.foreign_keys.iter().map(|k| &k.name));
        for constraint in constraints {
            node.removes.push(Object::Constraint(name, constraint));
        }
        let indexes = table
            .primary_key
            .iter()
            .map(|k| &k.name)
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.indexes.iter().map(|i| &i.name));
        for index in indexes {
            node.removes.push(Object::Index(&name.schema, index));
        }
        for policy in &table.policies {
            node.removes.push(Object::Policy(name, &policy.name));
        }
        for trigger in &table.triggers {
            node.removes.push(Object::Trigger(name, &trigger.name));
        }
        if let Some(of) = &table.partition_of {
            node.uses_old.push(Object::Table(&of.parent));
        }
        self.push(node);
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::note::Note;
    use crate::introspect::Comments;
    use crate::kinds::partition::catalog::{partition_bound, partition_key};
    use postgres::types::Oid;
    use schema_core::{PartitionOf, QualifiedName, ReplicaIdentity, RowLevelSecurity, TableDef};
    use std::collections::{HashMap, HashSet};

    /// The columns (inherited ones too) of the tables outside the schemas read that the
    /// tables `$1` inherit from: those parents are external tables of the read schema.
    pub(crate) const EXTERNAL_PARENTS: &str = "
SELECT DISTINCT n.nspname::text, c.relname::text, a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnum
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhparent
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE i.inhrelid = ANY($1) AND n.nspname <> ALL($2) AND NOT c.relispartition
ORDER BY 1, 2, 5";

    pub(crate) struct TableRow {
        pub(crate) oid: Oid,
        pub(crate) schema: String,
        pub(crate) name: String,
        /// `r` (ordinary) or `p` (partitioned).
        pub(crate) kind: String,
        pub(crate) is_partition: bool,
        pub(crate) rls_enabled: bool,
        pub(crate) rls_forced: bool,
        pub(crate) comment: Option<String>,
        /// `PARTITION BY` clause of a partitioned table.
        pub(crate) partition_key: Option<String>,
        /// `p` (permanent), `u` (unlogged).
        pub(crate) persistence: String,
        /// `FOR VALUES ...` of a partition.
        pub(crate) partition_bound: Option<String>,
        /// `d` (default), `f` (full), `n` (nothing), `i` (index).
        pub(crate) replica_identity: String,
        /// The index of `REPLICA IDENTITY USING INDEX`.
        pub(crate) replica_identity_index: Option<String>,
        /// `name=value` storage parameters.
        pub(crate) options: Vec<String>,
        /// The index of `CLUSTER ON`.
        pub(crate) cluster_on: Option<String>,
        /// The tables it inherits from (`INHERITS`), or its parent when a partition.
        pub(crate) parents: Vec<QualifiedName>,
    }

    // What few tables have (parents, an index named by `REPLICA IDENTITY` or `CLUSTER ON`)
    // and the tables extensions own are read apart, each in one query over its catalog
    // ([`TableParts`]): looked up per table, each cost about as much as the rest of the row.
    pub(crate) const TABLES: &str = "
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, c.relispartition,
       c.relrowsecurity, c.relforcerowsecurity,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
       c.relpersistence::text,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid, true) END,
       c.relreplident::text,
       COALESCE(c.reloptions, ARRAY[]::text[])
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
ORDER BY 2, 3";

    /// What few tables have, read for the whole database at once: the tables extensions own
    /// (left out), each table's parents in order, and the indexes named by `REPLICA
    /// IDENTITY USING INDEX` and `CLUSTER ON`.
    pub(crate) struct TableParts {
        extension_members: HashSet<Oid>,
        parents: HashMap<Oid, Vec<QualifiedName>>,
        replica_identity: HashMap<Oid, String>,
        cluster_on: HashMap<Oid, String>,
    }

    impl TableParts {
        pub(crate) fn read(tx: &mut postgres::Transaction<'_>) -> Result<Self, postgres::Error> {
            let extension_members = tx
                .query(
                    "SELECT d.objid FROM pg_catalog.pg_depend d
                     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.deptype = 'e'",
                    &[],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect();
            let mut parents: HashMap<Oid, Vec<QualifiedName>> = HashMap::new();
            for row in tx.query(
                "SELECT i.inhrelid, pn.nspname::text, pc.relname::text
                 FROM pg_catalog.pg_inherits i
                 JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                 JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                 ORDER BY i.inhrelid, i.inhseqno",
                &[],
            )? {
                let name = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
                parents.entry(row.get(0)).or_default().push(name);
            }
            let mut replica_identity = HashMap::new();
            let mut cluster_on = HashMap::new();
            for row in tx.query(
                "SELECT x.indrelid, ic.relname::text, x.indisreplident, x.indisclustered
                 FROM pg_catalog.pg_index x
                 JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                 WHERE x.indisreplident OR x.indisclustered",
                &[],
            )? {
                let (table, index): (Oid, String) = (row.get(0), row.get(1));
                if row.get(2) {
                    replica_identity.insert(table, index.clone());
                }
                if row.get(3) {
                    cluster_on.insert(table, index);
                }
            }
            Ok(TableParts {
                extension_members,
                parents,
                replica_identity,
                cluster_on,
            })
        }

        /// Whether an extension owns the table (it is the extension's, not the app's).
        pub(crate) fn of_extension(&self, table: Oid) -> bool {
            self.extension_members.contains(&table)
        }
    }

    impl TableRow {
        /// The row, with its comment from `comments` and what few tables have from `parts`.
        pub(crate) fn from_row(
            row: &postgres::Row,
            comments: &Comments,
            parts: &TableParts,
        ) -> Self {
            let oid: Oid = row.get(0);
            TableRow {
                oid,
                schema: row.get(1),
                name: row.get(2),
                kind: row.get(3),
                is_partition: row.get(4),
                rls_enabled: row.get(5),
                rls_forced: row.get(6),
                comment: comments.get(oid, 0),
                partition_key: row.get(7),
                persistence: row.get(8),
                partition_bound: row.get(9),
                replica_identity: row.get(10),
                options: row.get(11),
                replica_identity_index: parts.replica_identity.get(&oid).cloned(),
                cluster_on: parts.cluster_on.get(&oid).cloned(),
                parents: parts.parents.get(&oid).cloned().unwrap_or_default(),
            }
        }
    }

    pub(crate) fn table(row: &TableRow, notes: &mut Vec<Note>) -> Option<TableDef> {
        let name = QualifiedName::new(row.schema.clone(), row.name.clone());
        let object = format!("table `{name}`");
        let mut def = TableDef::new(name);
        if row.is_partition {
            let Some(parent) = row.parents.first() else {
                notes.push(Note::new(object, "is a partition without a parent".into()));
                return None;
            };
            let bound = row.partition_bound.as_deref().unwrap_or_default();
            let Some(bound) = partition_bound(bound) else {
                notes.push(Note::new(
                object,
                format!("is a partition of `{parent}` with a bound the model cannot read (`{bound}`), and was left out"),
            ));
                return None;
            };
            def.partition_of = Some(PartitionOf {
                parent: parent.clone(),
                bound,
            });
        }
        if row.kind == "p" {
            let key = row.partition_key.as_deref().unwrap_or_default();
            match partition_key(key) {
            Some(by) => def.partition_by = Some(by),
            None => notes.push(Note::new(
                object.clone(),
                format!("is partitioned by `{key}`, which the model cannot read, and was read as a plain table"),
            )),
        }
        } else if !row.is_partition {
            // Its inherited columns and checks are its parents': they are not read here.
            def.inherits = row.parents.clone();
        }
        def.unlogged = row.persistence == "u";
        def.storage = row
            .options
            .iter()
            .filter_map(|option| option.split_once('='))
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        def.cluster_on = row.cluster_on.clone();
        def.replica_identity = match (row.replica_identity.as_str(), &row.replica_identity_index) {
            ("f", _) => ReplicaIdentity::Full,
            ("n", _) => ReplicaIdentity::Nothing,
            ("i", Some(index)) => ReplicaIdentity::Index(index.clone()),
            _ => ReplicaIdentity::Default,
        };
        def.comment = row.comment.clone();
        def.row_level_security = RowLevelSecurity {
            enabled: row.rls_enabled,
            forced: row.rls_forced,
        };
        Some(def)
    }
}
