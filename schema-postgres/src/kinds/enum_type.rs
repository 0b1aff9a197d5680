//! Enum types: `CREATE TYPE ... AS ENUM`, their normal form, the steps that create,
//! rename, extend, recreate and drop them, and their catalog rows.

use super::comment::comment_on_type;
use crate::enum_comment::enum_type_comment;
use crate::literal::quote_literal;
use crate::normalize::rules;
use crate::plan::builder::{
    alter_column, enum_of, rename_statements, sql, temporary_name, Builder,
};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::render::{Part, Statements, COMMENTS};
use schema_core::diff::{Change, EnumValuePosition};
use schema_core::{quote_ident, EnumDef, QualifiedName, Schema, SqlType, TableDef};
use std::fmt::{self, Write};

/// `CREATE TYPE name AS ENUM (...)` with one label per line, in the enum's order (which
/// is the order Postgres sorts the values in).
pub fn create_enum(def: &EnumDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE TYPE {} AS ENUM (", def.name.to_sql())?;
    for (i, value) in def.values.iter().enumerate() {
        out.write_str(if i == 0 { "\n    " } else { ",\n    " })?;
        out.write_str(&quote_literal(&value.label))?;
    }
    if !def.values.is_empty() {
        out.write_char('\n')?;
    }
    out.write_str(");\n")
}

/// Empty comments are none, as Postgres stores them.
pub(crate) fn normalize(def: &mut EnumDef) {
    rules::comment(&mut def.comment);
    for value in &mut def.values {
        rules::comment(&mut value.comment);
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateEnum { def } => {
            let mut text = sql(|o| create_enum(def, o));
            if let Some(comment) = enum_type_comment(def) {
                text.push_str(&sql(|o| {
                    super::comment::comment_on_type(&def.name, Some(&comment), o)
                }));
            }
            let mut node = Builder::node(Phase::CreateType, change.to_string(), text, &[]);
            node.adds.push(Object::Type(&def.name));
            node.uses_new.push(Object::Schema(&def.name.schema));
            b.push(node);
        }
        Change::DropEnum { def } => {
            let name = &def.name;
            let mut node = Builder::node(
                Phase::DropType,
                change.to_string(),
                format!("DROP TYPE {};\n", name.to_sql()),
                &[],
            );
            node.removes.push(Object::Type(name));
            node.uses_old.push(Object::Schema(&name.schema));
            b.push(node);
        }
        Change::RenameEnum { from, to } => {
            let text = rename_statements("TYPE", from, to);
            let mut node = Builder::node(
                Phase::Rename,
                format!("rename enum type `{from}` to `{to}`"),
                text,
                &[],
            );
            node.uses_new.push(Object::Schema(&to.schema));
            b.push(node);
        }
        Change::RenameEnumValue { name, from, to } => {
            let text = format!(
                "ALTER TYPE {} RENAME VALUE {} TO {};\n",
                name.to_sql(),
                quote_literal(from),
                quote_literal(to)
            );
            b.push(Builder::node(Phase::Rename, change.to_string(), text, &[]));
        }
        Change::AddEnumValue {
            name,
            label,
            position,
        } => {
            let position = match position {
                EnumValuePosition::Before(other) => format!(" BEFORE {}", quote_literal(other)),
                EnumValuePosition::After(other) => format!(" AFTER {}", quote_literal(other)),
                EnumValuePosition::Last => String::new(),
            };
            let text = format!(
                "ALTER TYPE {} ADD VALUE {}{position};\n",
                name.to_sql(),
                quote_literal(label)
            );
            let mut node = Builder::node(Phase::CreateType, change.to_string(), text, &[]);
            // A new value cannot be used in the transaction that adds it.
            node.payload.transactional = false;
            node.adds.push(Object::Type(name));
            if let Some(&previous) = b.last_enum_value.get(name) {
                node.after.push(previous);
            }
            let index = b.push(node);
            b.last_enum_value.insert(name.clone(), index);
        }
        Change::RecreateEnum { from, to, removed } => b.recreate_enum(change, from, to, removed),
        Change::SetEnumComment { def } => {
            let comment = enum_type_comment(def);
            let text = sql(|o| super::comment::comment_on_type(&def.name, comment.as_deref(), o));
            let mut node = Builder::node(Phase::Comment, change.to_string(), text, &[]);
            node.uses_new.push(Object::Type(&def.name));
            b.push(node);
        }
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    /// Rename the type away, create it anew, convert every column, drop the old one: all in
    /// one transaction, so that nothing sees the type half done.
    pub(crate) fn recreate_enum(
        &mut self,
        change: &'a Change,
        from: &'a EnumDef,
        to: &'a EnumDef,
        removed: &[String],
    ) {
        let old_name = QualifiedName::new(
            to.name.schema.clone(),
            temporary_name(&to.name.name, "__old"),
        );
        let mut text = format!(
            "ALTER TYPE {} RENAME TO {};\n",
            from.name.to_sql(),
            quote_ident(&old_name.name)
        );
        text.push_str(&sql(|o| create_enum(to, o)));
        let mut node_objects = Vec::new();
        let mut rewrites = false;
        let mut tables: Vec<&TableDef> = self.old.tables.values().copied().collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        let is_this = |ty: &SqlType| enum_of(ty) == Some(&to.name);
        for table in tables {
            let Some(new_table) = self.new.tables.get(&table.name) else {
                continue;
            };
            for column in table.columns.iter().filter(|c| is_this(&c.ty)) {
                let Some(new_column) = new_table.column(&column.name).filter(|c| is_this(&c.ty))
                else {
                    continue;
                };
                rewrites = true;
                let prefix = alter_column(&table.name, &column.name);
                if column.default.is_some() {
                    text.push_str(&format!("{prefix} DROP DEFAULT;\n"));
                }
                let via = if matches!(new_column.ty, SqlType::Array(_)) {
                    "text[]"
                } else {
                    "text"
                };
                text.push_str(&format!(
                    "{prefix} TYPE {} USING {}::{via}::{};\n",
                    new_column.ty,
                    quote_ident(&column.name),
                    new_column.ty
                ));
                if let Some(default) = &new_column.default {
                    text.push_str(&format!(
                        "{prefix} SET DEFAULT {};\n",
                        sql(|o| super::column::default_value(default, o))
                    ));
                }
                node_objects.push(Object::Column(&table.name, &column.name));
            }
        }
        text.push_str(&format!("DROP TYPE {};\n", old_name.to_sql()));
        if let Some(comment) = enum_type_comment(to) {
            text.push_str(&sql(|o| {
                super::comment::comment_on_type(&to.name, Some(&comment), o)
            }));
        }
        let mut list = Vec::new();
        if rewrites {
            list.extend([Hazard::RewritesTable, Hazard::AccessExclusiveLock]);
        }
        if !removed.is_empty() {
            list.push(Hazard::MayFailOnExistingData);
        }
        let description = if removed.is_empty() {
            format!("{change}: reorder its values")
        } else {
            format!(
                "{change} without {}",
                removed
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut node = Self::node(Phase::AlterColumn, description, text, &list);
        node.removes.push(Object::Type(&to.name));
        node.adds.push(Object::Type(&to.name));
        node.removes.extend(node_objects.iter().cloned());
        node.adds.extend(node_objects);
        self.push(node);
    }
}

/// What the engines ask of this kind. Enum types are read by the introspection engine
/// itself: the columns it reads need to know them.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.enums.iter_mut().for_each(normalize),
    render,
    ..super::Kind::steps(steps)
};

fn render(schema: &Schema, part: Part, list: &mut Statements) {
    for def in &schema.enums {
        let object = format!("enum type `{}`", def.name);
        match part {
            Part::Types => list.push("Enum types", object, |out| create_enum(def, out)),
            Part::Comments => {
                if let Some(comment) = enum_type_comment(def) {
                    list.push(COMMENTS, object, |out| {
                        comment_on_type(&def.name, Some(&comment), out)
                    });
                }
            }
            _ => {}
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use schema_core::{EnumDef, QualifiedName};

    pub(crate) struct EnumRow {
        pub(crate) schema: String,
        pub(crate) name: String,
        pub(crate) comment: Option<String>,
        pub(crate) labels: Vec<String>,
    }

    pub(crate) const ENUMS: &str = "
SELECT n.nspname::text, t.typname::text, (SELECT ds.description FROM pg_catalog.pg_description ds
        WHERE ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
          AND ds.objsubid = 0),
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND n.nspname = ANY($1)
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2";

    impl EnumRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            EnumRow {
                schema: row.get(0),
                name: row.get(1),
                comment: row.get(2),
                labels: row.get(3),
            }
        }
    }

    pub(crate) fn enum_def(row: super::catalog::EnumRow) -> EnumDef {
        let labels: Vec<&str> = row.labels.iter().map(String::as_str).collect();
        let mut def = EnumDef::new(QualifiedName::new(row.schema, row.name), &labels);
        if let Some(text) = row.comment {
            // Value comments travel in the type's comment; see `enum_comment`.
            let (comment, mut values) =
                crate::enum_comment::split_enum_type_comment(&text, &labels);
            def.comment = comment;
            for value in &mut def.values {
                value.comment = values.remove(&value.label);
            }
        }
        def
    }
}
