//! Indexes: `CREATE INDEX`, their normal form, the steps that create, replace and drop
//! them (concurrently when online), and their catalog rows.

use crate::normalize::rules;
use crate::plan::builder::{index_name, sql, temporary_name, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{
    quote_ident, Index, IndexKey, IndexMethod, IndexTarget, NullsOrder, QualifiedName, TableDef,
};
use std::collections::BTreeSet;
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// `COMMENT ON INDEX schema.name IS ...` (an index lives in its table's schema).
pub fn comment_on_index(
    table: &QualifiedName,
    index: &str,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON INDEX {} IS ", index_name(table, index))?;
    super::comment::comment_text(comment, out)
}

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (keys) [INCLUDE (...)] [WHERE ...]`.
/// The index lands in its table's schema, so its name is not qualified; `USING btree`
/// is left out, being the default.
pub fn create_index(table: &QualifiedName, index: &Index, out: &mut impl Write) -> fmt::Result {
    write_index(table, index, "", out)
}

/// `CREATE INDEX ... ON ONLY table`: on a partitioned table, the index of the parent
/// alone, invalid until an index of each partition is attached to it.
fn create_index_on_only(table: &QualifiedName, index: &Index, out: &mut impl Write) -> fmt::Result {
    write_index(table, index, "ONLY ", out)
}

fn write_index(
    table: &QualifiedName,
    index: &Index,
    only: &str,
    out: &mut impl Write,
) -> fmt::Result {
    out.write_str(if index.unique {
        "CREATE UNIQUE INDEX "
    } else {
        "CREATE INDEX "
    })?;
    write!(
        out,
        "{} ON {only}{}",
        quote_ident(&index.name),
        table.to_sql()
    )?;
    if index.method != IndexMethod::Btree {
        write!(out, " USING {}", quote_ident(index.method.as_str()))?;
    }
    out.write_str(" (")?;
    for (i, key) in index.keys.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        index_key(key, out)?;
    }
    out.write_char(')')?;
    if !index.include.is_empty() {
        out.write_str(" INCLUDE ")?;
        super::column_list(&index.include, out)?;
    }
    if index.nulls_not_distinct {
        out.write_str(" NULLS NOT DISTINCT")?;
    }
    if let Some(predicate) = &index.predicate {
        write!(out, " WHERE {predicate}")?;
    }
    out.write_str(";\n")
}

/// `column` or `(expression)`, then the operator class, `DESC` and `NULLS ...`.
fn index_key(key: &IndexKey, out: &mut impl Write) -> fmt::Result {
    match &key.target {
        IndexTarget::Column(column) => out.write_str(&quote_ident(column))?,
        // Postgres requires the parentheses around anything but a column or a function
        // call; they are harmless around those.
        IndexTarget::Expression(sql) => write!(out, "({sql})")?,
    }
    if let Some(opclass) = &key.opclass {
        out.write_char(' ')?;
        super::search_path_name(opclass, out)?;
    }
    if key.descending {
        out.write_str(" DESC")?;
    }
    match key.nulls {
        Some(NullsOrder::First) => out.write_str(" NULLS FIRST"),
        Some(NullsOrder::Last) => out.write_str(" NULLS LAST"),
        None => Ok(()),
    }
}

/// Key expressions and the predicate in their normal form; an expression key that is one
/// column is that column.
pub(crate) fn normalize(index: &mut Index) {
    for key in &mut index.keys {
        if let IndexTarget::Expression(text) = &key.target {
            key.target = rules::key_target(text);
        }
    }
    if let Some(predicate) = &mut index.predicate {
        *predicate = rules::expression(predicate);
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::RenameIndex { table, from, to } => {
            let text = format!(
                "ALTER INDEX {} RENAME TO {};\n",
                index_name(table, from),
                quote_ident(to)
            );
            b.push(Builder::node(Phase::Rename, change.to_string(), text, &[]));
        }
        Change::CreateIndex { table, index } => b.create_index(change.to_string(), table, index),
        Change::SetIndexComment {
            table,
            index,
            comment,
        } => {
            b.comment_index(change.to_string(), table, index, comment.as_deref(), None);
        }
        Change::DropIndex { table, index } => b.drop_index(change, table, index),
        Change::ReplaceIndex { table, from, to } => b.replace_index(change, table, from, to),
        Change::DropInvalidIndex { table, name } => {
            // An invalid index takes no writes and answers no query: dropping it
            // concurrently costs nothing, and `IF EXISTS` lets the step run again.
            let mut node = Builder::node(
                Phase::DropIndex,
                change.to_string(),
                format!(
                    "DROP INDEX CONCURRENTLY IF EXISTS {};\n",
                    index_name(table, name)
                ),
                &[],
            );
            node.payload.transactional = false;
            node.removes.push(Object::Index(&table.schema, name));
            node.uses_old.push(Object::Table(table));
            b.push(node);
        }
        _ => return false,
    }
    true
}

/// `CREATE INDEX` made `CONCURRENTLY`: the statement renderer writes the plain form.
pub(crate) fn concurrently(create: String) -> String {
    for prefix in ["CREATE UNIQUE INDEX ", "CREATE INDEX "] {
        if let Some(rest) = create.strip_prefix(prefix) {
            return format!("{prefix}CONCURRENTLY {rest}");
        }
    }
    unreachable!("an index statement starts with CREATE INDEX: {create}")
}

pub(crate) fn index_identifiers(index: &Index) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for key in &index.keys {
        match &key.target {
            IndexTarget::Column(c) => {
                ids.insert(c.clone());
            }
            IndexTarget::Expression(e) => ids.extend(identifiers(e)),
        }
    }
    ids.extend(index.include.iter().cloned());
    if let Some(predicate) = &index.predicate {
        ids.extend(identifiers(predicate));
    }
    ids
}

impl<'a> Builder<'a> {
    pub(crate) fn index_uses(
        &self,
        side: Side,
        table: &'a QualifiedName,
        index: &'a Index,
    ) -> Vec<Object<'a>> {
        let ids = index_identifiers(index);
        let mut uses = vec![Object::Table(table)];
        uses.extend(self.columns_in(side, table, &ids));
        uses.extend(self.names_in(side, Some(table), &ids));
        // An operator class kept as definition text is created before the index.
        let schema = match side {
            Side::Old => self.old_schema,
            Side::New => self.new_schema,
        };
        for opclass in index.keys.iter().filter_map(|k| k.opclass.as_deref()) {
            let name = QualifiedName::parse(opclass);
            uses.extend(
                schema
                    .opaque
                    .iter()
                    .filter(|o| o.kind == "operator class" && o.name.as_ref() == Some(&name))
                    .map(|o| Object::Opaque(&o.kind, &o.identity)),
            );
        }
        uses
    }

    pub(crate) fn create_index(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        index: &'a Index,
    ) {
        let plain = sql(|o| create_index(table, index, o));
        let fails: &[Hazard] = if index.unique {
            &[Hazard::MayFailOnExistingData]
        } else {
            &[]
        };
        let partitions = (!self.created.contains(table) && self.online())
            .then(|| self.existing_partitions(table))
            .flatten();
        if let Some(partitions) = partitions {
            // Postgres builds no index on a partitioned table concurrently: the parent's is
            // made alone (`ON ONLY`), each partition's concurrently, then attached to it.
            let text = sql(|o| create_index_on_only(table, index, o));
            let mut node = Self::node(Phase::CreateIndex, description.clone(), text, &[]);
            node.adds.push(Object::Index(&table.schema, &index.name));
            node.uses_new
                .extend(self.index_uses(Side::New, table, index));
            let mut last = self.push(node);
            for partition in partitions {
                last = self.build_partition_index(&description, table, index, partition, last);
            }
            self.comment_built_index(table, index, last);
            return;
        }
        let mut node = if self.created.contains(table) {
            Self::node(Phase::CreateIndex, description, plain, &[])
        } else if self.online() {
            let mut list = vec![Hazard::BuildsIndex];
            list.extend_from_slice(fails);
            let mut node = Self::node(Phase::CreateIndex, description, concurrently(plain), &list);
            node.payload.transactional = false;
            node
        } else {
            let mut list = vec![Hazard::BuildsIndex];
            list.extend_from_slice(fails);
            Self::node(Phase::CreateIndex, description, plain, &list)
        };
        node.adds.push(Object::Index(&table.schema, &index.name));
        node.uses_new
            .extend(self.index_uses(Side::New, table, index));
        let built = self.push(node);
        self.comment_built_index(table, index, built);
    }

    /// The comment of an index just built, after the step `built`.
    fn comment_built_index(&mut self, table: &'a QualifiedName, index: &'a Index, built: usize) {
        if let Some(comment) = &index.comment {
            let description = format!(
                "set the comment of index `{}` on table `{table}`",
                index.name
            );
            self.comment_index(description, table, &index.name, Some(comment), Some(built));
        }
    }

    /// Whether `table` is a partitioned table on that side.
    pub(crate) fn is_partitioned(&self, side: Side, table: &QualifiedName) -> bool {
        let schema = match side {
            Side::Old => self.old_schema,
            Side::New => self.new_schema,
        };
        schema
            .table(table)
            .is_some_and(|t| t.partition_by.is_some())
    }

    /// The partitions of `table` if it is a partitioned table whose partitions all exist
    /// already (sub-partitioned ones included); `None` for a plain table, or when a
    /// partition is new in this plan: then the index is built on the parent in one
    /// statement, which creates the partitions' indexes too.
    fn existing_partitions(&self, table: &QualifiedName) -> Option<Vec<&'a TableDef>> {
        self.new_schema.table(table)?.partition_by.as_ref()?;
        let partitions = self.partitions_of(table);
        if partitions.is_empty() {
            return None;
        }
        for partition in &partitions {
            if self.created.contains(&partition.name) {
                return None;
            }
            if partition.partition_by.is_some() {
                self.existing_partitions(&partition.name)?;
            }
        }
        Some(partitions)
    }

    /// The partitions of `table` in the new schema.
    pub(crate) fn partitions_of(&self, table: &QualifiedName) -> Vec<&'a TableDef> {
        self.new_schema
            .tables
            .iter()
            .filter(|t| t.partition_of.as_ref().is_some_and(|p| &p.parent == table))
            .collect()
    }

    /// The index `index` of `parent` on one of its partitions: built concurrently (or, on
    /// a partition partitioned in turn, made `ON ONLY` and built on its own partitions),
    /// then attached to the parent's. The returned node is the attach, which follows
    /// `after`: one partition at a time.
    fn build_partition_index(
        &mut self,
        description: &str,
        parent: &QualifiedName,
        index: &Index,
        partition: &'a TableDef,
        after: usize,
    ) -> usize {
        let name = &partition.name;
        let own = Index {
            name: schema_core::naming::index(&name.name, &index.keys),
            ..index.clone()
        };
        let built = if partition.partition_by.is_some() {
            let text = sql(|o| create_index_on_only(name, &own, o));
            let mut node = Self::node(Phase::CreateIndex, description.to_string(), text, &[]);
            node.after.push(after);
            let mut last = self.push(node);
            // `existing_partitions` has checked these already.
            for child in self.partitions_of(name) {
                last = self.build_partition_index(description, name, &own, child, last);
            }
            last
        } else {
            let text = concurrently(sql(|o| create_index(name, &own, o)));
            let mut list = vec![Hazard::BuildsIndex];
            if index.unique {
                list.push(Hazard::MayFailOnExistingData);
            }
            let mut node = Self::node(
                Phase::CreateIndex,
                format!("{description}: build it on partition `{name}`"),
                text,
                &list,
            );
            node.payload.transactional = false;
            node.after.push(after);
            self.push(node)
        };
        let attach = format!(
            "ALTER INDEX {} ATTACH PARTITION {};\n",
            index_name(parent, &index.name),
            index_name(name, &own.name)
        );
        let mut node = Self::node(
            Phase::CreateIndex,
            format!("{description}: attach the index of partition `{name}`"),
            attach,
            &[],
        );
        node.after.push(built);
        self.push(node)
    }

    /// `COMMENT ON INDEX`, after the step that builds the index when there is one (a
    /// concurrent build runs alone, so the comment is a step of its own).
    pub(crate) fn comment_index(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        index: &'a str,
        comment: Option<&str>,
        after: Option<usize>,
    ) {
        let text = sql(|o| comment_on_index(table, index, comment, o));
        let mut node = Self::node(Phase::Comment, description, text, &[]);
        node.uses_new.push(Object::Index(&table.schema, index));
        node.after.extend(after);
        self.push(node);
    }

    pub(crate) fn drop_index(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        index: &'a Index,
    ) {
        let name = index_name(table, &index.name);
        // Postgres drops no index of a partitioned table concurrently.
        let mut node = if self.online() && !self.is_partitioned(Side::Old, table) {
            let mut node = Self::node(
                Phase::DropIndex,
                change.to_string(),
                format!("DROP INDEX CONCURRENTLY {name};\n"),
                &[],
            );
            node.payload.transactional = false;
            node
        } else {
            Self::node(
                Phase::DropIndex,
                change.to_string(),
                format!("DROP INDEX {name};\n"),
                self.lock(table),
            )
        };
        node.removes.push(Object::Index(&table.schema, &index.name));
        node.uses_old
            .extend(self.index_uses(Side::Old, table, index));
        self.push(node);
    }

    /// Online, the new index is built under a temporary name while the old one still
    /// serves queries, then the old one is dropped and the new one takes its name.
    pub(crate) fn replace_index(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        from: &'a Index,
        to: &'a Index,
    ) {
        let me = Object::Index(&table.schema, &to.name);
        let fails: &[Hazard] = if to.unique {
            &[Hazard::MayFailOnExistingData]
        } else {
            &[]
        };
        // On a partitioned table, neither the old index can be dropped concurrently nor
        // the new one built so: both in one step, locking the table.
        if !self.online() || self.is_partitioned(Side::Old, table) {
            let mut text = format!("DROP INDEX {};\n", index_name(table, &from.name));
            text.push_str(&sql(|o| create_index(table, to, o)));
            let mut list = self.lock(table).to_vec();
            list.push(Hazard::BuildsIndex);
            list.extend_from_slice(fails);
            let mut node = Self::node(Phase::CreateIndex, change.to_string(), text, &list);
            node.removes.push(me.clone());
            node.adds.push(me);
            node.uses_old
                .extend(self.index_uses(Side::Old, table, from));
            node.uses_new.extend(self.index_uses(Side::New, table, to));
            let built = self.push(node);
            if let Some(comment) = &to.comment {
                let description =
                    format!("set the comment of index `{}` on table `{table}`", to.name);
                self.comment_index(description, table, &to.name, Some(comment), Some(built));
            }
            return;
        }
        let temporary = temporary_name(&to.name, "__new");
        let mut renamed = to.clone();
        renamed.name = temporary.clone();
        let mut list = vec![Hazard::BuildsIndex];
        list.extend_from_slice(fails);
        let mut build = Self::node(
            Phase::CreateIndex,
            format!("{change}: build the new index under a temporary name"),
            concurrently(sql(|o| create_index(table, &renamed, o))),
            &list,
        );
        build.payload.transactional = false;
        build.uses_new.extend(self.index_uses(Side::New, table, to));
        let build = self.push(build);
        let mut drop = Self::node(
            Phase::CreateIndex,
            format!("{change}: drop the old index"),
            format!(
                "DROP INDEX CONCURRENTLY {};\n",
                index_name(table, &from.name)
            ),
            &[],
        );
        drop.payload.transactional = false;
        drop.after.push(build);
        drop.removes.push(me.clone());
        drop.uses_old
            .extend(self.index_uses(Side::Old, table, from));
        let drop = self.push(drop);
        let mut rename = Self::node(
            Phase::CreateIndex,
            format!("{change}: give the new index its name"),
            format!(
                "ALTER INDEX {} RENAME TO {};\n",
                index_name(table, &temporary),
                quote_ident(&to.name)
            ),
            &[],
        );
        rename.after.push(drop);
        rename.adds.push(me);
        let renamed = self.push(rename);
        if let Some(comment) = &to.comment {
            let description = format!("set the comment of index `{}` on table `{table}`", to.name);
            self.comment_index(description, table, &to.name, Some(comment), Some(renamed));
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::note::Note;
    use crate::introspect::{ColumnNames, Comments, OperatorClasses};
    use postgres::types::Oid;
    use schema_core::{Index, IndexKey, IndexMethod, IndexTarget, NullsOrder};

    pub(crate) struct IndexRow {
        pub(crate) table: Oid,
        pub(crate) name: String,
        pub(crate) method: String,
        pub(crate) unique: bool,
        pub(crate) valid: bool,
        /// Number of key columns; the rest are `INCLUDE` columns.
        pub(crate) key_count: usize,
        /// Per index column: its name, or `None` for an expression.
        pub(crate) columns: Vec<Option<String>>,
        /// Per index column: the text of an expression (`pg_get_indexdef(index, n, true)`).
        pub(crate) definitions: Vec<Option<String>>,
        /// Per key column: the operator class when it is not the type's default.
        pub(crate) opclasses: Vec<Option<String>>,
        /// Per key column: `indoption` bits (1 = DESC, 2 = NULLS FIRST).
        pub(crate) options: Vec<i16>,
        pub(crate) predicate: Option<String>,
        pub(crate) comment: Option<String>,
        /// `NULLS NOT DISTINCT` (Postgres 15).
        pub(crate) nulls_not_distinct: bool,
    }

    // Indexes behind a primary key, unique or exclusion constraint belong to the constraint;
    // the indexes Postgres creates on partitions for an index of their parent belong to it.
    // Key columns and operator classes come as numbers, named from what is read once for
    // every table and operator class (`ColumnNames`, `OperatorClasses`); the comment is read
    // with the other comments (`Comments`).
    /// `NULLS NOT DISTINCT` of the `pg_index` row `index`: a column of Postgres 15 and
    /// later, false before.
    pub(crate) fn nulls_not_distinct(index: &str, server_version: i32) -> String {
        if server_version >= 150000 {
            format!("{index}.indnullsnotdistinct")
        } else {
            "false".into()
        }
    }

    pub(crate) fn indexes_query(server_version: i32) -> String {
        INDEXES.replace(
            "{nulls_not_distinct}",
            &nulls_not_distinct("i", server_version),
        )
    }

    const INDEXES: &str = "
SELECT i.indrelid, ic.relname::text, am.amname::text, i.indisunique, i.indisvalid,
       i.indnkeyatts::int4,
       i.indkey::int2[],
       CASE WHEN 0 = ANY(i.indkey::int2[]) THEN
         ARRAY(SELECT CASE WHEN k.num = 0
                        THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int4, true)
                      END
               FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
               ORDER BY k.ord) ELSE '{}' END,
       i.indclass::oid[],
       i.indoption::int2[],
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),
       i.indexrelid,
       {nulls_not_distinct}
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY($1)
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_inherits ih WHERE ih.inhrelid = i.indexrelid)
ORDER BY i.indrelid, ic.relname";

    impl IndexRow {
        /// The row, its columns named by `names` and its operator classes by `classes`.
        pub(crate) fn from_row(
            row: &postgres::Row,
            names: &ColumnNames,
            classes: &OperatorClasses,
            comments: &Comments,
        ) -> Self {
            let table: Oid = row.get(0);
            let key_count: i32 = row.get(5);
            let key: Vec<i16> = row.get(6);
            let class_oids: Vec<Oid> = row.get(8);
            IndexRow {
                table,
                name: row.get(1),
                method: row.get(2),
                unique: row.get(3),
                valid: row.get(4),
                key_count: usize::try_from(key_count).unwrap_or_default(),
                columns: key
                    .iter()
                    .map(|&number| names.get(table, number).map(str::to_owned))
                    .collect(),
                definitions: row.get(7),
                opclasses: class_oids.iter().map(|&oid| classes.name(oid)).collect(),
                options: row.get(9),
                predicate: row.get(10),
                comment: comments.get(row.get(11), 0),
                nulls_not_distinct: row.get(12),
            }
        }
    }

    pub(crate) fn index(
        row: IndexRow,
        owner: &dyn std::fmt::Display,
        notes: &mut Vec<Note>,
    ) -> Option<Index> {
        if !row.valid {
            notes.push(Note::new(
                format!("index `{}` on {owner}", row.name),
                "is invalid (a failed `CREATE INDEX CONCURRENTLY`?) and was left out".into(),
            ));
            return None;
        }
        let method = IndexMethod::named(&row.method);
        let key_count = row.key_count.min(row.columns.len());
        let keys = (0..key_count)
            .map(|k| {
                let options = row.options.get(k).copied().unwrap_or(0);
                let descending = options & 1 != 0;
                let nulls_first = options & 2 != 0;
                IndexKey {
                    target: match &row.columns[k] {
                        Some(column) => IndexTarget::Column(column.clone()),
                        None => IndexTarget::Expression(
                            row.definitions
                                .get(k)
                                .cloned()
                                .flatten()
                                .unwrap_or_default(),
                        ),
                    },
                    opclass: row.opclasses.get(k).cloned().flatten(),
                    descending,
                    nulls: match (descending, nulls_first) {
                        (false, true) => Some(NullsOrder::First),
                        (true, false) => Some(NullsOrder::Last),
                        _ => None,
                    },
                }
            })
            .collect();
        Some(Index {
            name: row.name,
            unique: row.unique,
            nulls_not_distinct: row.nulls_not_distinct,
            method,
            keys,
            include: row.columns[key_count..].iter().flatten().cloned().collect(),
            predicate: row.predicate,
            comment: row.comment,
        })
    }
}
