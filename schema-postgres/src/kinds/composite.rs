//! Composite types: `CREATE TYPE ... AS (...)`, their normal form, the steps that create,
//! alter and drop them, and their catalog rows.

use super::comment::comment_on_type;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::plan::problem::Problem;
use crate::render::{Part, Statements, COMMENTS};
use schema_core::diff::Change;
use schema_core::{quote_ident, CompositeDef, Schema};
use std::fmt::{self, Write};

/// `CREATE TYPE name AS (attribute type, ...)`, one attribute per line.
pub fn create_composite(composite: &CompositeDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE TYPE {} AS (", composite.name.to_sql())?;
    for (i, attribute) in composite.attributes.iter().enumerate() {
        out.write_str(if i == 0 { "\n    " } else { ",\n    " })?;
        write!(out, "{} {}", quote_ident(&attribute.name), attribute.ty)?;
    }
    if !composite.attributes.is_empty() {
        out.write_char('\n')?;
    }
    out.write_str(");\n")
}

/// Attribute types as for columns.
pub(crate) fn normalize(composite: &mut CompositeDef) {
    rules::comment(&mut composite.comment);
    for attribute in &mut composite.attributes {
        attribute.ty = rules::column_type(&attribute.ty);
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateComposite { def } => b.create_composite(change, def),
        Change::DropComposite { def } => {
            let mut node = Builder::node(
                Phase::DropType,
                change.to_string(),
                format!("DROP TYPE {};\n", def.name.to_sql()),
                &[],
            );
            node.removes.push(Object::Type(&def.name));
            node.uses_old.push(Object::Schema(&def.name.schema));
            b.push(node);
        }
        Change::AlterComposite { from, to } => b.alter_composite(change, from, to),
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_composite(&mut self, change: &'a Change, def: &'a CompositeDef) {
        let mut text = sql(|o| create_composite(def, o));
        if let Some(comment) = &def.comment {
            text.push_str(&sql(|o| {
                super::comment::comment_on_type(&def.name, Some(comment), o)
            }));
        }
        let mut node = Self::node(Phase::CreateType, change.to_string(), text, &[]);
        node.adds.push(Object::Type(&def.name));
        node.uses_new.push(Object::Schema(&def.name.schema));
        for attribute in &def.attributes {
            node.uses_new
                .extend(self.type_needs(Side::New, &attribute.ty));
        }
        self.push(node);
    }

    pub(crate) fn alter_composite(
        &mut self,
        change: &'a Change,
        from: &'a CompositeDef,
        to: &'a CompositeDef,
    ) {
        // Attributes can be added at the end only: the order of those kept must stay.
        let kept: Vec<&str> = from
            .attributes
            .iter()
            .filter(|a| to.attributes.iter().any(|b| b.name == a.name))
            .map(|a| a.name.as_str())
            .collect();
        let prefix: Vec<&str> = to
            .attributes
            .iter()
            .take(kept.len())
            .map(|a| a.name.as_str())
            .collect();
        if kept != prefix {
            self.problems.push(Problem {
                object: change.object(),
                reason: "reorders its attributes, which Postgres cannot do in place; add new attributes at the end".into(),
            });
            return;
        }
        let name = to.name.to_sql();
        let mut text = String::new();
        let mut list = Vec::new();
        for attribute in &from.attributes {
            if !to.attributes.iter().any(|a| a.name == attribute.name) {
                text.push_str(&format!(
                    "ALTER TYPE {name} DROP ATTRIBUTE {};\n",
                    quote_ident(&attribute.name)
                ));
                list.push(Hazard::DeletesData);
            }
        }
        for attribute in &to.attributes {
            match from.attributes.iter().find(|a| a.name == attribute.name) {
                None => text.push_str(&format!(
                    "ALTER TYPE {name} ADD ATTRIBUTE {} {};\n",
                    quote_ident(&attribute.name),
                    attribute.ty
                )),
                Some(old) if old.ty != attribute.ty => {
                    text.push_str(&format!(
                        "ALTER TYPE {name} ALTER ATTRIBUTE {} TYPE {};\n",
                        quote_ident(&attribute.name),
                        attribute.ty
                    ));
                    list.push(Hazard::MayFailOnExistingData);
                }
                Some(_) => {}
            }
        }
        if from.comment != to.comment {
            text.push_str(&sql(|o| {
                super::comment::comment_on_type(&to.name, to.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::AlterColumn, change.to_string(), text, &list);
        node.uses_new.push(Object::Type(&to.name));
        self.push(node);
    }
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.composites.iter_mut().for_each(normalize),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

fn render(schema: &Schema, part: Part, list: &mut Statements) {
    for composite in &schema.composites {
        let object = format!("composite type `{}`", composite.name);
        match (part, &composite.comment) {
            (Part::Types, _) => list.push("Composite types", object, |out| {
                create_composite(composite, out)
            }),
            (Part::Comments, Some(comment)) => list.push(COMMENTS, object, |out| {
                comment_on_type(&composite.name, Some(comment), out)
            }),
            _ => {}
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{CompositeAttribute, CompositeDef, QualifiedName, SqlType};

    pub(crate) struct CompositeRow {
        pub(crate) schema: String,
        pub(crate) name: String,
        pub(crate) comment: Option<String>,
        pub(crate) attribute_names: Vec<String>,
        pub(crate) attribute_types: Vec<String>,
    }

    pub(crate) fn composites_query() -> String {
        format!(
            "
SELECT n.nspname::text, t.typname::text, (SELECT ds.description FROM pg_catalog.pg_description ds
        WHERE ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
          AND ds.objsubid = 0),
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum),
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
             FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c' AND n.nspname = ANY($1) AND {}
ORDER BY 1, 2",
            not_member("pg_catalog.pg_type", "t.oid")
        )
    }

    impl CompositeRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            CompositeRow {
                schema: row.get(0),
                name: row.get(1),
                comment: row.get(2),
                attribute_names: row.get(3),
                attribute_types: row.get(4),
            }
        }
    }

    /// Reads every composite type of the schemas read.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let rows = reader.in_namespaces("reading composite types", &composites_query())?;
        let composites = rows
            .iter()
            .map(|row| composite(CompositeRow::from_row(row)));
        reader.schema.composites.extend(composites);
        Ok(())
    }

    /// What a catalog row becomes.
    pub(crate) fn composite(row: CompositeRow) -> CompositeDef {
        CompositeDef {
            name: QualifiedName::new(row.schema, row.name),
            attributes: row
                .attribute_names
                .into_iter()
                .zip(&row.attribute_types)
                .map(|(name, ty)| CompositeAttribute {
                    name,
                    ty: SqlType::parse(ty),
                })
                .collect(),
            comment: row.comment,
        }
    }
}
