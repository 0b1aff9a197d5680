//! `CREATE INDEX`.

use crate::plan::builder::{index_name, sql, temporary_name, Builder, Side};
use crate::plan::expr::identifiers;
use crate::plan::graph::{Object, Phase};
use crate::plan::Hazard;
use schema_core::diff::Change;
use schema_core::{
    quote_ident, Index, IndexKey, IndexMethod, IndexTarget, NullsOrder, QualifiedName,
};
use std::collections::BTreeSet;
use std::fmt::{self, Write};

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (keys) [INCLUDE (...)] [WHERE ...]`.
/// The index lands in its table's schema, so its name is not qualified; `USING btree`
/// is left out, being the default.
pub fn create_index(table: &QualifiedName, index: &Index, out: &mut impl Write) -> fmt::Result {
    out.write_str(if index.unique {
        "CREATE UNIQUE INDEX "
    } else {
        "CREATE INDEX "
    })?;
    write!(out, "{} ON {}", quote_ident(&index.name), table.to_sql())?;
    if index.method != IndexMethod::Btree {
        write!(out, " USING {}", index.method.as_str())?;
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
        operator_class(opclass, out)?;
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

/// An operator class is looked up on the search path unless qualified
/// (`extensions.gin_trgm_ops`), so each part is quoted on its own.
fn operator_class(name: &str, out: &mut impl Write) -> fmt::Result {
    match name.split_once('.') {
        Some((schema, name)) => write!(out, "{}.{}", quote_ident(schema), quote_ident(name)),
        None => out.write_str(&quote_ident(name)),
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
        Change::DropIndex { table, index } => b.drop_index(change, table, index),
        Change::ReplaceIndex { table, from, to } => b.replace_index(change, table, from, to),
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
        uses.extend(self.types_and_tables_in(side, Some(table), &ids));
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
        self.push(node);
    }

    pub(crate) fn drop_index(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        index: &'a Index,
    ) {
        let name = index_name(table, &index.name);
        let mut node = if self.online() {
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
        if !self.online() {
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
            self.push(node);
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
        self.push(rename);
    }
}
