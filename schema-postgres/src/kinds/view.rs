//! `CREATE VIEW` and `CREATE MATERIALIZED VIEW`.

use super::comment::comment_text;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::Hazard;
use schema_core::diff::Change;
use schema_core::{quote_ident, ViewDef};
use std::fmt::{self, Write};

/// `CREATE [MATERIALIZED] VIEW name (columns) [WITH (security_invoker = true)] AS` and the
/// query on the following lines. The column list gives the query's columns the declared
/// names; Postgres rejects a list longer than what the query produces.
pub fn create_view(view: &ViewDef, out: &mut impl Write) -> fmt::Result {
    out.write_str(if view.materialized {
        "CREATE MATERIALIZED VIEW "
    } else {
        "CREATE VIEW "
    })?;
    out.write_str(&view.name.to_sql())?;
    if !view.columns.is_empty() {
        out.write_str(" (")?;
        for (i, column) in view.columns.iter().enumerate() {
            if i > 0 {
                out.write_str(", ")?;
            }
            out.write_str(&quote_ident(&column.name))?;
        }
        out.write_char(')')?;
    }
    if view.security_invoker {
        out.write_str(" WITH (security_invoker = true)")?;
    }
    let query = view.query.trim().trim_end_matches(';').trim_end();
    writeln!(out, " AS\n{query};")
}

/// `COMMENT ON [MATERIALIZED] VIEW name IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_view(view: &ViewDef, comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    let kind = if view.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    };
    write!(out, "COMMENT ON {kind} {} IS ", view.name.to_sql())?;
    comment_text(comment, out)
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateView { def } => b.create_view(change, def),
        Change::DropView { def } => b.drop_view(change, def),
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_view(&mut self, change: &'a Change, def: &'a ViewDef) {
        let mut text = sql(|o| create_view(def, o));
        for index in &def.indexes {
            text.push_str(&sql(|o| super::index::create_index(&def.name, index, o)));
        }
        if let Some(comment) = &def.comment {
            text.push_str(&sql(|o| comment_on_view(def, Some(comment), o)));
        }
        for column in &def.columns {
            if let Some(comment) = &column.comment {
                text.push_str(&sql(|o| {
                    super::column::comment_on_column(&def.name, &column.name, Some(comment), o)
                }));
            }
        }
        // A materialized view computes its rows when created.
        let list: &[Hazard] = if def.materialized {
            &[Hazard::ScansTable]
        } else {
            &[]
        };
        let mut node = Self::node(Phase::CreateView, change.to_string(), text, list);
        node.adds.push(Object::Table(&def.name));
        for index in &def.indexes {
            node.adds.push(Object::Index(&def.name.schema, &index.name));
        }
        node.uses_new.push(Object::Schema(&def.name.schema));
        node.uses_new
            .extend(self.sql_needs(Side::New, &def.name, &def.query));
        for column in &def.columns {
            node.uses_new.extend(self.type_needs(Side::New, &column.ty));
        }
        self.push(node);
        for trigger in &def.triggers {
            self.create_trigger(&def.name, trigger);
        }
    }

    pub(crate) fn drop_view(&mut self, change: &'a Change, def: &'a ViewDef) {
        let kind = if def.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        };
        let mut node = Self::node(
            Phase::DropView,
            change.to_string(),
            format!("DROP {kind} {};\n", def.name.to_sql()),
            &[],
        );
        node.removes.push(Object::Table(&def.name));
        for index in &def.indexes {
            node.removes
                .push(Object::Index(&def.name.schema, &index.name));
        }
        for trigger in &def.triggers {
            node.removes.push(Object::Trigger(&def.name, &trigger.name));
        }
        node.uses_old.push(Object::Schema(&def.name.schema));
        node.uses_old
            .extend(self.sql_needs(Side::Old, &def.name, &def.query));
        self.push(node);
    }
}
