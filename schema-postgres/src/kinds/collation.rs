//! Collations: `CREATE COLLATION`, `COMMENT ON COLLATION`, the steps that create, drop and
//! comment them, their place in a script (with the types, before the tables that use
//! them) and their catalog rows.

use super::comment::comment_text;
use crate::literal::quote_literal;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::plan::problem::Problem;
use crate::render::{Part, Statements, COMMENTS};
use schema_core::diff::Change;
use schema_core::{CollationDef, CollationProvider, QualifiedName, Schema};
use std::fmt::{self, Write};

/// What the plan's graph calls a collation (`Object::Named`).
pub(crate) const COLLATION: &str = "collation";

/// `CREATE COLLATION name (provider = icu, locale = '...', deterministic = false)`,
/// naming only what differs from Postgres's defaults.
pub fn create_collation(collation: &CollationDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE COLLATION {} (", collation.name.to_sql())?;
    if collation.provider != CollationProvider::Libc {
        write!(out, "provider = {}, ", collation.provider)?;
    }
    match &collation.lc_ctype {
        Some(ctype) => write!(
            out,
            "lc_collate = {}, lc_ctype = {}",
            quote_literal(&collation.locale),
            quote_literal(ctype)
        )?,
        None => write!(out, "locale = {}", quote_literal(&collation.locale))?,
    }
    if !collation.deterministic {
        out.write_str(", deterministic = false")?;
    }
    out.write_str(");\n")
}

/// `COMMENT ON COLLATION name IS '...'`, or `IS NULL`.
pub fn comment_on_collation(collation: &CollationDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "COMMENT ON COLLATION {} IS ", collation.name.to_sql())?;
    comment_text(collation.comment.as_deref(), out)
}

/// Empty comments gone, as for every kind.
fn normalize(collation: &mut CollationDef) {
    rules::comment(&mut collation.comment);
}

/// The steps for this kind's changes; false for a change of another kind.
fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateCollation { def } => {
            let mut text = sql(|o| create_collation(def, o));
            if def.comment.is_some() {
                text.push_str(&sql(|o| comment_on_collation(def, o)));
            }
            let mut node = Builder::node(Phase::CreateType, change.to_string(), text, &[]);
            node.adds.push(Object::Named(COLLATION, &def.name));
            node.uses_new.push(Object::Schema(&def.name.schema));
            b.push(node);
        }
        Change::DropCollation { def } => {
            // Postgres refuses while a column still uses it. A column that leaves it is
            // changed first (the change uses the old collation); one that keeps using a
            // collation changed in place cannot be, so that plan is refused.
            let recreated = b.new_schema.collations.iter().any(|c| c.name == def.name);
            let users = columns_using(b.old_schema, &def.name);
            if recreated && !users.is_empty() {
                b.problems.push(Problem {
                    object: change.object(),
                    reason: format!(
                        "changes, and Postgres can only drop and create a collation again, which it refuses while {} use it; create the new collation under another name and move the columns to it",
                        users.join(", ")
                    ),
                });
                return true;
            }
            let text = format!("DROP COLLATION {};\n", def.name.to_sql());
            let mut node = Builder::node(Phase::DropType, change.to_string(), text, &[]);
            node.removes.push(Object::Named(COLLATION, &def.name));
            node.uses_old.push(Object::Schema(&def.name.schema));
            b.push(node);
        }
        Change::SetCollationComment { def } => {
            let text = sql(|o| comment_on_collation(def, o));
            let mut node = Builder::node(Phase::Comment, change.to_string(), text, &[]);
            node.uses_new.push(Object::Named(COLLATION, &def.name));
            b.push(node);
        }
        _ => return false,
    }
    true
}

/// The columns of `schema` with collation `name`, as messages name them.
fn columns_using(schema: &Schema, name: &QualifiedName) -> Vec<String> {
    let mut users = Vec::new();
    for table in &schema.tables {
        for column in &table.columns {
            if column
                .collation
                .as_deref()
                .map(QualifiedName::parse)
                .as_ref()
                == Some(name)
            {
                users.push(format!("column `{}.{}`", table.name, column.name));
            }
        }
    }
    users
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.collations.iter_mut().for_each(normalize),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

/// Created with the types, before the domains and tables that may use them.
fn render(schema: &Schema, part: Part, list: &mut Statements) {
    for collation in &schema.collations {
        let object = format!("collation `{}`", collation.name);
        match part {
            Part::Types => list.push("Collations", object, |out| create_collation(collation, out)),
            Part::Comments if collation.comment.is_some() => {
                list.push(COMMENTS, object, |out| comment_on_collation(collation, out));
            }
            _ => {}
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{CollationDef, CollationProvider, QualifiedName};

    /// Every collation of the schemas read. The ICU locale's column is `colliculocale` in
    /// Postgres 15 and 16 and `colllocale` from 17 (before 15, `collcollate` held it): read
    /// through `to_jsonb` so one query fits them all.
    fn collations_query() -> String {
        format!(
            "
SELECT n.nspname::text, c.collname::text, c.collprovider::text,
       coalesce(pg_catalog.to_jsonb(c) ->> 'colllocale',
                pg_catalog.to_jsonb(c) ->> 'colliculocale', c.collcollate),
       c.collcollate, c.collctype, c.collisdeterministic,
       pg_catalog.obj_description(c.oid, 'pg_collation')
FROM pg_catalog.pg_collation c
JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
WHERE n.nspname = ANY($1) AND {}
ORDER BY 1, 2",
            not_member("pg_catalog.pg_collation", "c.oid")
        )
    }

    /// Reads every collation of the schemas read.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let rows = reader.in_namespaces("reading collations", &collations_query())?;
        for row in rows {
            let provider = match row.get::<_, String>(2).as_str() {
                "i" => CollationProvider::Icu,
                _ => CollationProvider::Libc,
            };
            let locale: Option<String> = row.get(3);
            let collate: Option<String> = row.get(4);
            let ctype: Option<String> = row.get(5);
            let (locale, lc_ctype) = match provider {
                CollationProvider::Icu => (locale.unwrap_or_default(), None),
                CollationProvider::Libc => {
                    let collate = collate.unwrap_or_default();
                    let ctype = ctype.filter(|ctype| *ctype != collate);
                    (collate, ctype)
                }
            };
            reader.schema.collations.push(CollationDef {
                name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
                provider,
                locale,
                lc_ctype,
                deterministic: row.get(6),
                comment: row.get(7),
            });
        }
        Ok(())
    }
}
