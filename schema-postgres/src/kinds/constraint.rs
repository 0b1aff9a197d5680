//! Table constraints: primary keys, unique and check constraints (written inside
//! `CREATE TABLE`) and foreign keys (added with `ALTER TABLE` once every table exists);
//! the steps that add them online (index built first, `NOT VALID` then validated) and drop
//! them; their catalog rows, and the external tables foreign keys point at.

use super::column_list;
use super::index::concurrently;
use crate::normalize::rules;
use crate::plan::builder::{alter_table, sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{
    quote_ident, Check, Deferrable, Exclusion, ForeignKey, Index, IndexKey, PrimaryKey,
    QualifiedName, ReferentialAction, TableDef, Unique, UniqueOver,
};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// `ALTER TABLE table ADD CONSTRAINT name FOREIGN KEY ...`. Rendering foreign keys apart
/// from `CREATE TABLE` lets tables reference each other in a cycle.
pub fn add_foreign_key(
    table: &QualifiedName,
    key: &ForeignKey,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "ALTER TABLE {}\n    ADD ", table.to_sql())?;
    foreign_key_clause(key, out)?;
    out.write_str(";\n")
}

/// `CONSTRAINT name FOREIGN KEY (columns) REFERENCES table (columns)`, then the actions
/// that differ from `NO ACTION` and the deferrability when the key is deferrable.
pub fn foreign_key_clause(key: &ForeignKey, out: &mut impl Write) -> fmt::Result {
    write!(out, "CONSTRAINT {} FOREIGN KEY ", quote_ident(&key.name))?;
    column_list(&key.columns, out)?;
    write!(out, " REFERENCES {} ", key.references.to_sql())?;
    column_list(&key.referenced_columns, out)?;
    if key.match_full {
        out.write_str(" MATCH FULL")?;
    }
    if let Some(action) = action(key.on_delete) {
        write!(out, " ON DELETE {action}")?;
    }
    if let Some(action) = action(key.on_update) {
        write!(out, " ON UPDATE {action}")?;
    }
    deferrable_clause(key.deferrable, out)
}

/// The SQL for an action, `None` for Postgres's default `NO ACTION`.
fn action(action: ReferentialAction) -> Option<&'static str> {
    match action {
        ReferentialAction::NoAction => None,
        ReferentialAction::Restrict => Some("RESTRICT"),
        ReferentialAction::Cascade => Some("CASCADE"),
        ReferentialAction::SetNull => Some("SET NULL"),
        ReferentialAction::SetDefault => Some("SET DEFAULT"),
    }
}

/// `CONSTRAINT name PRIMARY KEY (columns)`
pub fn primary_key_clause(key: &PrimaryKey, out: &mut impl Write) -> fmt::Result {
    write!(out, "CONSTRAINT {} PRIMARY KEY ", quote_ident(&key.name))?;
    column_list(&key.columns, out)?;
    deferrable_clause(key.deferrable, out)
}

/// ` DEFERRABLE INITIALLY ...` when the constraint is deferrable.
pub(crate) fn deferrable_clause(deferrable: Deferrable, out: &mut impl Write) -> fmt::Result {
    match deferrable {
        Deferrable::No => Ok(()),
        Deferrable::InitiallyImmediate => out.write_str(" DEFERRABLE INITIALLY IMMEDIATE"),
        Deferrable::InitiallyDeferred => out.write_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
}

/// `CONSTRAINT name UNIQUE (columns)`
pub fn unique_clause(unique: &Unique, out: &mut impl Write) -> fmt::Result {
    write!(out, "CONSTRAINT {} UNIQUE ", quote_ident(&unique.name))?;
    if unique.nulls_not_distinct {
        out.write_str("NULLS NOT DISTINCT ")?;
    }
    column_list(&unique.columns, out)?;
    deferrable_clause(unique.deferrable, out)
}

/// `CONSTRAINT name CHECK (expression)`
pub fn check_clause(check: &Check, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CONSTRAINT {} CHECK ({})",
        quote_ident(&check.name),
        check.expression
    )?;
    if check.no_inherit {
        out.write_str(" NO INHERIT")?;
    }
    Ok(())
}

/// `CONSTRAINT name EXCLUDE definition`
pub fn exclusion_clause(exclusion: &Exclusion, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CONSTRAINT {} EXCLUDE {}",
        quote_ident(&exclusion.name),
        exclusion.definition
    )
}

/// `COMMENT ON CONSTRAINT name ON table IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_constraint(
    table: &QualifiedName,
    name: &str,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(
        out,
        "COMMENT ON CONSTRAINT {} ON {} IS ",
        quote_ident(name),
        table.to_sql()
    )?;
    super::comment::comment_text(comment, out)
}

/// Every constraint of `table` with a comment, as its name and the comment: what
/// `COMMENT ON CONSTRAINT` statements a new table needs.
pub(crate) fn commented(table: &TableDef) -> Vec<(&str, &str)> {
    table
        .constraint_comments()
        .filter_map(|(name, comment)| Some((name, comment?)))
        .collect()
}

/// A check's expression in its normal form.
pub(crate) fn normalize_check(check: &mut Check) {
    check.expression = rules::expression(&check.expression);
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::ValidateConstraint { table, name } => {
            // `VALIDATE` takes a lock that lets reads and writes go on while it scans; it
            // is a no-op on a constraint already valid, so the step can run again.
            let text = format!(
                "{} VALIDATE CONSTRAINT {};\n",
                alter_table(table),
                quote_ident(name)
            );
            let hazards = [Hazard::ScansTable, Hazard::MayFailOnExistingData];
            let mut node = Builder::node(Phase::AddConstraint, change.to_string(), text, &hazards);
            node.uses_new.push(Object::Table(table));
            b.push(node);
        }
        Change::RenameConstraint { table, from, to } => {
            let text = format!(
                "{} RENAME CONSTRAINT {} TO {};\n",
                alter_table(table),
                quote_ident(from),
                quote_ident(to)
            );
            b.push(Builder::node(
                Phase::Rename,
                change.to_string(),
                text,
                &[Hazard::AccessExclusiveLock],
            ));
        }
        Change::AddPrimaryKey {
            table,
            key: primary,
        } => {
            let key = Key {
                name: &primary.name,
                columns: &primary.columns,
                deferrable: primary.deferrable,
                nulls_not_distinct: false,
            };
            b.add_key(change, table, key, "PRIMARY KEY");
            b.comment_constraint(table, &primary.name, primary.comment.as_deref());
        }
        Change::AddUnique { table, unique } => {
            let key = Key {
                name: &unique.name,
                columns: &unique.columns,
                deferrable: unique.deferrable,
                nulls_not_distinct: unique.nulls_not_distinct,
            };
            b.add_key(change, table, key, "UNIQUE");
            b.comment_constraint(table, &unique.name, unique.comment.as_deref());
        }
        Change::DropPrimaryKey { table, key } => b.drop_key(change, table, &key.name, &key.columns),
        Change::DropUnique { table, unique } => {
            b.drop_key(change, table, &unique.name, &unique.columns)
        }
        Change::AddCheck { table, check } => {
            b.add_check(change, table, check);
            b.comment_constraint(table, &check.name, check.comment.as_deref());
        }
        Change::DropCheck { table, check } => {
            let text = format!(
                "{} DROP CONSTRAINT {};\n",
                alter_table(table),
                quote_ident(&check.name)
            );
            let mut node = Builder::node(
                Phase::DropConstraint,
                change.to_string(),
                text,
                b.lock(table),
            );
            node.removes.push(Object::Constraint(table, &check.name));
            let ids = identifiers(&check.expression);
            node.uses_old.extend(b.columns_in(Side::Old, table, &ids));
            node.uses_old
                .extend(b.names_in(Side::Old, Some(table), &ids));
            b.push(node);
        }
        Change::AddExclusion { table, exclusion } => {
            b.add_exclusion(change, table, exclusion);
            b.comment_constraint(table, &exclusion.name, exclusion.comment.as_deref());
        }
        Change::SetConstraintComment {
            table,
            constraint,
            comment,
        } => b.set_constraint_comment(change.to_string(), table, constraint, comment.as_deref()),
        Change::DropExclusion { table, exclusion } => {
            let text = format!(
                "{} DROP CONSTRAINT {};\n",
                alter_table(table),
                quote_ident(&exclusion.name)
            );
            let mut node = Builder::node(
                Phase::DropConstraint,
                change.to_string(),
                text,
                b.lock(table),
            );
            node.removes
                .push(Object::Constraint(table, &exclusion.name));
            node.removes
                .push(Object::Index(&table.schema, &exclusion.name));
            node.uses_old.push(Object::Table(table));
            let ids = identifiers(&exclusion.definition);
            node.uses_old.extend(b.columns_in(Side::Old, table, &ids));
            b.push(node);
        }
        Change::AddForeignKey { table, key } => b.add_foreign_key(change, table, key),
        Change::DropForeignKey { table, key } => b.drop_foreign_key(change.to_string(), table, key),
        _ => return false,
    }
    true
}

/// What a primary key or a unique constraint is made of, as [`Builder::add_key`] takes it.
pub(crate) struct Key<'a> {
    name: &'a str,
    columns: &'a [String],
    deferrable: Deferrable,
    /// A unique constraint's `NULLS NOT DISTINCT`.
    nulls_not_distinct: bool,
}

impl<'a> Builder<'a> {
    /// A primary key or unique constraint (`kind`) on a table that has rows: online, its
    /// index is built concurrently first and then attached.
    pub(crate) fn add_key(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        key: Key<'a>,
        kind: &'a str,
    ) {
        let Key {
            name,
            columns,
            deferrable,
            nulls_not_distinct,
        } = key;
        // `CONSTRAINT name PRIMARY KEY (columns)`, as `primary_key_clause` and
        // `unique_clause` write it.
        let nulls = if nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        };
        let clause = format!(
            "CONSTRAINT {} {kind}{nulls} {}{}",
            quote_ident(name),
            sql(|o| column_list(columns, o)),
            sql(|o| deferrable_clause(deferrable, o))
        );
        let uses: Vec<Object> = std::iter::once(Object::Table(table))
            .chain(columns.iter().map(|c| Object::Column(table, c)))
            .collect();
        let lock = self.lock(table);
        // `ADD CONSTRAINT .. USING INDEX` is refused on a partitioned table: there the key
        // and its index are made in one statement.
        if self.online() && !self.created.contains(table) && !self.is_partitioned(Side::New, table)
        {
            let index = Index {
                comment: Default::default(),
                name: name.to_string(),
                unique: true,
                nulls_not_distinct,
                method: Default::default(),
                keys: columns.iter().map(IndexKey::column).collect(),
                include: Vec::new(),
                predicate: None,
            };
            let create = concurrently(sql(|o| super::index::create_index(table, &index, o)));
            let mut build = Self::node(
                Phase::AddConstraint,
                format!("{change}: build its index"),
                create,
                &[Hazard::BuildsIndex, Hazard::MayFailOnExistingData],
            );
            build.payload.transactional = false;
            build.adds.push(Object::Index(&table.schema, name));
            build.uses_new.extend(uses.iter().cloned());
            let build = self.push(build);
            let text = format!(
                "{} ADD CONSTRAINT {} {kind} USING INDEX {}{};\n",
                alter_table(table),
                quote_ident(name),
                quote_ident(name),
                sql(|o| deferrable_clause(deferrable, o))
            );
            let mut attach = Self::node(Phase::AddConstraint, change.to_string(), text, lock);
            attach.after.push(build);
            attach.adds.push(Object::Constraint(table, name));
            attach.uses_new.extend(uses);
            self.push(attach);
        } else {
            let text = format!("{} ADD {clause};\n", alter_table(table));
            let mut list = lock.to_vec();
            if !self.created.contains(table) {
                list.extend([Hazard::BuildsIndex, Hazard::MayFailOnExistingData]);
            }
            let mut node = Self::node(Phase::AddConstraint, change.to_string(), text, &list);
            node.adds.push(Object::Constraint(table, name));
            node.adds.push(Object::Index(&table.schema, name));
            node.uses_new.extend(uses);
            self.push(node);
        }
    }

    pub(crate) fn drop_key(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        name: &'a str,
        columns: &'a [String],
    ) {
        let text = format!(
            "{} DROP CONSTRAINT {};\n",
            alter_table(table),
            quote_ident(name)
        );
        let mut node = Self::node(
            Phase::DropConstraint,
            change.to_string(),
            text,
            self.lock(table),
        );
        node.removes.push(Object::Constraint(table, name));
        node.removes.push(Object::Index(&table.schema, name));
        node.uses_old.push(Object::Table(table));
        node.uses_old
            .extend(columns.iter().map(|c| Object::Column(table, c)));
        self.push(node);
    }

    /// An exclusion constraint: Postgres has no `NOT VALID` for one, so on a table with
    /// rows it builds its index and checks every row under the table's lock.
    pub(crate) fn add_exclusion(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        exclusion: &'a Exclusion,
    ) {
        let text = format!(
            "{} ADD {};\n",
            alter_table(table),
            sql(|o| exclusion_clause(exclusion, o))
        );
        let mut hazards = self.lock(table).to_vec();
        if !self.created.contains(table) {
            hazards.extend([Hazard::BuildsIndex, Hazard::MayFailOnExistingData]);
        }
        let mut node = Self::node(Phase::AddConstraint, change.to_string(), text, &hazards);
        node.adds.push(Object::Constraint(table, &exclusion.name));
        node.adds
            .push(Object::Index(&table.schema, &exclusion.name));
        node.uses_new.push(Object::Table(table));
        let ids = identifiers(&exclusion.definition);
        let columns = self.columns_in(Side::New, table, &ids);
        node.uses_new.extend(columns);
        self.push(node);
    }

    pub(crate) fn add_check(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        check: &'a Check,
    ) {
        let clause = sql(|o| check_clause(check, o));
        let ids = identifiers(&check.expression);
        let mut uses = vec![Object::Table(table)];
        uses.extend(self.columns_in(Side::New, table, &ids));
        uses.extend(self.names_in(Side::New, Some(table), &ids));
        let lock = self.lock(table);
        let nodes = self.validated(change.to_string(), table, &check.name, clause, lock);
        for index in nodes {
            self.nodes[index].uses_new.extend(uses.iter().cloned());
        }
    }

    /// Adds a check or foreign key: online, `NOT VALID` and then validated, so that the
    /// scan does not block writes; on a new table or offline, in one statement. Returns
    /// the nodes, the last one being the one that completes the constraint.
    pub(crate) fn validated(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        name: &'a str,
        clause: String,
        lock: &[Hazard],
    ) -> Vec<usize> {
        let online = self.online();
        self.validated_when(online, description, table, name, clause, lock)
    }

    /// [`validated`](Self::validated), online only when `online`.
    fn validated_when(
        &mut self,
        online: bool,
        description: String,
        table: &'a QualifiedName,
        name: &'a str,
        clause: String,
        lock: &[Hazard],
    ) -> Vec<usize> {
        let constraint = Object::Constraint(table, name);
        if self.created.contains(table) {
            let mut node = Self::node(
                Phase::AddConstraint,
                description,
                format!("{} ADD {clause};\n", alter_table(table)),
                &[],
            );
            node.adds.push(constraint);
            return vec![self.push(node)];
        }
        if online {
            let add = Self::node(
                Phase::AddConstraint,
                format!("{description} without validating it"),
                format!("{} ADD {clause} NOT VALID;\n", alter_table(table)),
                lock,
            );
            let add = self.push(add);
            let mut validate = Self::node(
                Phase::AddConstraint,
                format!("{description}: validate it"),
                format!(
                    "{} VALIDATE CONSTRAINT {};\n",
                    alter_table(table),
                    quote_ident(name)
                ),
                &[Hazard::ScansTable, Hazard::MayFailOnExistingData],
            );
            validate.after.push(add);
            validate.adds.push(constraint);
            let validate = self.push(validate);
            vec![add, validate]
        } else {
            let mut list = lock.to_vec();
            list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
            let mut node = Self::node(
                Phase::AddConstraint,
                description,
                format!("{} ADD {clause};\n", alter_table(table)),
                &list,
            );
            node.adds.push(constraint);
            vec![self.push(node)]
        }
    }

    /// The primary key or unique constraint a foreign key relies on.
    /// The key of the referenced table that a foreign key needs: its primary key or a
    /// unique constraint over the referenced columns, or else a unique index over them
    /// (without a predicate), which Postgres accepts as well. The foreign key is added after
    /// it and dropped before it.
    pub(crate) fn backing_key(&self, side: Side, key: &'a ForeignKey) -> Option<Object<'a>> {
        let target = self.lookup(side).tables.get(&key.references)?;
        Some(match target.unique_over(&key.referenced_columns)? {
            UniqueOver::Constraint(name) => Object::Constraint(&key.references, name),
            UniqueOver::Index(name) => Object::Index(&key.references.schema, name),
        })
    }

    pub(crate) fn foreign_key_uses(
        &self,
        side: Side,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) -> Vec<Object<'a>> {
        let mut uses = vec![Object::Table(table), Object::Table(&key.references)];
        // Between Citus tables, a foreign key needs both distributed first.
        uses.extend([table, &key.references].map(super::distribution::placed));
        uses.extend(key.columns.iter().map(|c| Object::Column(table, c)));
        uses.extend(
            key.referenced_columns
                .iter()
                .map(|c| Object::Column(&key.references, c)),
        );
        uses.extend(self.backing_key(side, key));
        uses
    }

    pub(crate) fn add_foreign_key(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) {
        self.add_foreign_key_described(change.to_string(), table, key);
    }

    pub(crate) fn add_foreign_key_described(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) {
        let clause = sql(|o| foreign_key_clause(key, o));
        let uses = self.foreign_key_uses(Side::New, table, key);
        // Adding a foreign key locks both tables against writes (SHARE ROW EXCLUSIVE), not
        // against reads. Postgres (15) refuses a `NOT VALID` foreign key on a partitioned
        // table: there it is added and validated in one statement, which scans.
        let online = self.online() && !self.is_partitioned(Side::New, table);
        let nodes = self.validated_when(online, description, table, &key.name, clause, &[]);
        for index in nodes {
            let node = &mut self.nodes[index];
            node.phase = Phase::AddForeignKey;
            node.uses_new.extend(uses.iter().cloned());
        }
        self.comment_constraint(table, &key.name, key.comment.as_deref());
    }

    /// `COMMENT ON CONSTRAINT` for a constraint just added with a comment, once it exists.
    pub(crate) fn comment_constraint(
        &mut self,
        table: &'a QualifiedName,
        name: &'a str,
        comment: Option<&str>,
    ) {
        if comment.is_some() {
            let description = format!("set the comment of constraint `{name}` on table `{table}`");
            self.set_constraint_comment(description, table, name, comment);
        }
    }

    /// `COMMENT ON CONSTRAINT`, after the constraint exists; `None` removes the comment.
    fn set_constraint_comment(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        name: &'a str,
        comment: Option<&str>,
    ) {
        let text = sql(|o| comment_on_constraint(table, name, comment, o));
        let mut node = Self::node(Phase::Comment, description, text, &[]);
        node.uses_new.push(Object::Constraint(table, name));
        self.push(node);
    }

    pub(crate) fn drop_foreign_key(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) {
        let text = format!(
            "{} DROP CONSTRAINT {};\n",
            alter_table(table),
            quote_ident(&key.name)
        );
        let mut node = Self::node(Phase::DropForeignKey, description, text, self.lock(table));
        node.removes.push(Object::Constraint(table, &key.name));
        node.uses_old
            .extend(self.foreign_key_uses(Side::Old, table, key));
        self.push(node);
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::note::Note;
    use crate::introspect::{ColumnNames, Comments};
    use postgres::types::Oid;
    use schema_core::{
        Check, Deferrable, Exclusion, ExternalColumn, ExternalTable, ForeignKey, PrimaryKey,
        QualifiedName, ReferentialAction, SqlType, TableDef, Unique,
    };
    use std::collections::{BTreeMap, BTreeSet};

    pub(crate) struct ConstraintRow {
        pub(crate) table: Oid,
        pub(crate) name: String,
        /// `p`, `u`, `c`, `f` or `x`.
        pub(crate) kind: String,
        /// Constrained columns, in key order.
        pub(crate) columns: Vec<String>,
        /// Referenced table of a foreign key.
        pub(crate) references: Option<(String, String)>,
        /// Referenced columns, in key order, and their `format_type`s when the referenced
        /// table is not read (it becomes an external table).
        pub(crate) referenced_columns: Vec<String>,
        pub(crate) referenced_types: Vec<String>,
        pub(crate) on_update: String,
        pub(crate) on_delete: String,
        /// `s` (simple), `f` (full) or `p` (partial).
        pub(crate) match_type: String,
        pub(crate) deferrable: bool,
        pub(crate) deferred: bool,
        pub(crate) validated: bool,
        /// Check expression.
        pub(crate) expression: Option<String>,
        /// The whole definition of an exclusion constraint.
        pub(crate) definition: Option<String>,
        /// `NO INHERIT`
        pub(crate) no_inherit: bool,
        /// A unique constraint's `NULLS NOT DISTINCT` (Postgres 15).
        pub(crate) nulls_not_distinct: Option<bool>,
        pub(crate) comment: Option<String>,
    }

    // `conparentid = 0` leaves out the copies Postgres makes of a foreign key for each
    // partition of the table it references. The tables are matched as `int8`, which no
    // index of `pg_constraint` has: the planner otherwise probed its index once per table,
    // a third of the query's time, where one pass over the catalog is cheaper. The rows
    // come in no order; the reader sorts them. Key columns come as numbers, named from the
    // columns read once for every table (`crate::introspect::ColumnNames`): looked up here
    // one key column at a time they were a third of this query's time. The names and types
    // of the columns a foreign key references in a table not read are looked up here.
    pub(crate) fn constraints_query(server_version: i32) -> String {
        CONSTRAINTS.replace(
            "{nulls_not_distinct}",
            &crate::kinds::index::catalog::nulls_not_distinct("x", server_version),
        )
    }

    /// The constraint's own oid in a row of [`CONSTRAINTS`], for its comment.
    const CONSTRAINT_OID: usize = 20;

    const CONSTRAINTS: &str = "
SELECT con.conrelid, con.conname::text, con.contype::text, con.conkey,
       fn.nspname::text, fc.relname::text, con.confrelid, con.confkey,
       CASE WHEN con.contype = 'f' AND NOT con.confrelid = ANY($1) THEN
         ARRAY(SELECT (SELECT a.attname::text FROM pg_catalog.pg_attribute a
                       WHERE a.attrelid = con.confrelid AND a.attnum = k.num)
               FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(num, ord)
               ORDER BY k.ord) ELSE '{}' END,
       CASE WHEN con.contype = 'f' AND NOT con.confrelid = ANY($1) THEN
         ARRAY(SELECT (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
                       FROM pg_catalog.pg_attribute a
                       WHERE a.attrelid = con.confrelid AND a.attnum = k.num)
               FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(num, ord)
               ORDER BY k.ord) ELSE '{}' END,
       con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text,
       con.condeferrable, con.condeferred, con.convalidated,
       pg_catalog.pg_get_expr(con.conbin, con.conrelid, true),
       CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END,
       con.connoinherit,
       CASE WHEN con.contype = 'u' THEN
         (SELECT {nulls_not_distinct} FROM pg_catalog.pg_index x
          WHERE x.indexrelid = con.conindid) END,
       con.oid
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.conrelid::pg_catalog.int8 = ANY($1::pg_catalog.oid[]::pg_catalog.int8[])
  AND con.contype IN ('p', 'u', 'c', 'f', 'x') AND con.conparentid = 0 AND con.conislocal";

    impl ConstraintRow {
        /// The row, its key columns named by `names` (the referenced ones too, when the
        /// referenced table is read).
        pub(crate) fn from_row(
            row: &postgres::Row,
            names: &ColumnNames,
            comments: &Comments,
        ) -> Self {
            let table: Oid = row.get(0);
            let schema: Option<String> = row.get(4);
            let name: Option<String> = row.get(5);
            let key: Option<Vec<i16>> = row.get(3);
            let referenced: Oid = row.get(6);
            let referenced_key: Option<Vec<i16>> = row.get(7);
            let mut referenced_columns: Vec<String> = row.get(8);
            if referenced_columns.is_empty() {
                referenced_columns = names.named(referenced, &referenced_key.unwrap_or_default());
            }
            ConstraintRow {
                table,
                name: row.get(1),
                kind: row.get(2),
                columns: names.named(table, &key.unwrap_or_default()),
                references: schema.zip(name),
                referenced_columns,
                referenced_types: row.get(9),
                on_update: row.get(10),
                on_delete: row.get(11),
                match_type: row.get(12),
                deferrable: row.get(13),
                deferred: row.get(14),
                validated: row.get(15),
                expression: row.get(16),
                definition: row.get(17),
                no_inherit: row.get(18),
                nulls_not_distinct: row.get(19),
                comment: comments.constraint(row.get(CONSTRAINT_OID)),
            }
        }
    }

    pub(crate) fn action(code: &str) -> ReferentialAction {
        match code {
            "r" => ReferentialAction::Restrict,
            "c" => ReferentialAction::Cascade,
            "n" => ReferentialAction::SetNull,
            "d" => ReferentialAction::SetDefault,
            _ => ReferentialAction::NoAction,
        }
    }

    pub(crate) fn constraint(
        row: ConstraintRow,
        table: &mut TableDef,
        owned: &BTreeSet<QualifiedName>,
        external: &mut ExternalTables,
        notes: &mut Vec<Note>,
    ) {
        let table_name = &table.name;
        let constraint = &row.name;
        let mut note = |message: String| {
            let object = format!("constraint `{constraint}` on table `{table_name}`");
            notes.push(Note::new(object, message));
        };
        if !row.validated {
            if matches!(row.kind.as_str(), "c" | "f") {
                // Added `NOT VALID`, never validated: the plan validates it.
                table.unvalidated_constraints.push(row.name.clone());
            } else {
                note("is `NOT VALID`; the model has no unvalidated constraints of its kind, so it reads as a validated one".into());
            }
        }
        let deferrable = match (row.deferrable, row.deferred) {
            (false, _) => Deferrable::No,
            (true, false) => Deferrable::InitiallyImmediate,
            (true, true) => Deferrable::InitiallyDeferred,
        };
        match row.kind.as_str() {
            "p" => {
                table.primary_key = Some(PrimaryKey {
                    name: row.name,
                    columns: row.columns,
                    deferrable,
                    comment: row.comment,
                });
            }
            "u" => table.uniques.push(Unique {
                name: row.name,
                columns: row.columns,
                deferrable,
                nulls_not_distinct: row.nulls_not_distinct.unwrap_or(false),
                comment: row.comment,
            }),
            "c" => table.checks.push(Check {
                no_inherit: row.no_inherit,
                name: row.name,
                expression: row.expression.unwrap_or_default(),
                comment: row.comment,
            }),
            "f" => {
                let Some((schema, name)) = row.references else {
                    return;
                };
                let references = QualifiedName::new(schema, name);
                if row.match_type == "p" {
                    note("is `MATCH PARTIAL`, which Postgres does not implement; it reads as `MATCH SIMPLE`".into());
                }
                if !owned.contains(&references) {
                    external.add(&references, &row.referenced_columns, &row.referenced_types);
                }
                table.foreign_keys.push(ForeignKey {
                    name: row.name,
                    columns: row.columns,
                    references,
                    referenced_columns: row.referenced_columns,
                    on_delete: action(&row.on_delete),
                    on_update: action(&row.on_update),
                    deferrable,
                    match_full: row.match_type == "f",
                    comment: row.comment,
                });
            }
            _ => {
                let definition = row.definition.unwrap_or_default();
                table.exclusions.push(Exclusion {
                    name: row.name,
                    definition: definition
                        .strip_prefix("EXCLUDE ")
                        .unwrap_or(&definition)
                        .to_string(),
                    comment: row.comment,
                });
            }
        }
    }

    /// Tables outside the schemas read that foreign keys point at: they become external
    /// tables with the columns referenced.
    #[derive(Default)]
    pub(crate) struct ExternalTables(BTreeMap<QualifiedName, Vec<ExternalColumn>>);

    impl ExternalTables {
        pub(crate) fn add(&mut self, table: &QualifiedName, columns: &[String], types: &[String]) {
            let known = self.0.entry(table.clone()).or_default();
            for (name, ty) in columns.iter().zip(types) {
                if !known.iter().any(|c| &c.name == name) {
                    known.push(ExternalColumn {
                        name: name.clone(),
                        ty: SqlType::parse(ty),
                    });
                }
            }
        }

        /// Columns sorted by name: the order of first reference follows table oids, which
        /// differ between two databases built alike.
        pub(crate) fn into_tables(self) -> Vec<ExternalTable> {
            self.0
                .into_iter()
                .map(|(name, mut columns)| {
                    columns.sort_by(|a, b| a.name.cmp(&b.name));
                    ExternalTable { name, columns }
                })
                .collect()
        }
    }
}
