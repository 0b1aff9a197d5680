//! Views and materialized views: `CREATE [MATERIALIZED] VIEW` and `COMMENT ON`, their
//! normal form, the steps that create and drop them, and their catalog rows.

use super::comment::comment_text;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use schema_core::diff::Change;
use schema_core::{quote_ident, ViewDef};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes and its normalisation.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.views.iter_mut().for_each(normalize),
    ..super::Kind::steps(steps)
};

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
    super::with_options(&options(view), out)?;
    let query = view.query.trim().trim_end_matches(';').trim_end();
    writeln!(out, " AS\n{query};")
}

/// The `WITH (...)` options of a view, as `(name, value)` in SQL, in a fixed order.
fn options(view: &ViewDef) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if view.security_invoker {
        options.push(("security_invoker".into(), "true".into()));
    }
    if view.security_barrier {
        options.push(("security_barrier".into(), "true".into()));
    }
    if let Some(check) = view.check_option {
        options.push(("check_option".into(), check.as_str().into()));
    }
    options.extend(super::storage_options(&view.storage));
    options
}

/// `ALTER [MATERIALIZED] VIEW name SET (...)` for the options `to` adds or changes, and
/// `RESET (...)` for those it drops.
pub fn alter_view_options(from: &ViewDef, to: &ViewDef, out: &mut impl Write) -> fmt::Result {
    let kind = if to.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    };
    let object = format!("{kind} {}", to.name.to_sql());
    super::alter_options(&object, &options(from), &options(to), out)
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

/// The query (without a final `;`) in its normal form, column types as for table columns,
/// and the rules of its indexes and triggers.
pub(crate) fn normalize(view: &mut ViewDef) {
    rules::comment(&mut view.comment);
    view.query = rules::expression(view.query.trim().trim_end_matches(';'));
    for column in &mut view.columns {
        rules::comment(&mut column.comment);
        column.ty = rules::column_type(&column.ty);
    }
    view.indexes.iter_mut().for_each(super::index::normalize);
    view.triggers.iter_mut().for_each(super::trigger::normalize);
}

/// Postgres's spelling of the query and the trigger conditions, from the view of the same
/// name in `printed`.
#[cfg(feature = "introspect")]
pub(crate) fn graft(view: &mut ViewDef, printed: &schema_core::Schema) {
    if let Some(from) = printed.view(&view.name) {
        view.query.clone_from(&from.query);
        super::trigger::graft(&mut view.triggers, &from.triggers);
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateView { def } => b.create_view(change, def),
        Change::DropView { def } => b.drop_view(change, def),
        Change::SetViewOptions { from, to } => {
            let text = sql(|o| alter_view_options(from, to, o));
            let mut node = Builder::node(Phase::CreateView, change.to_string(), text, &[]);
            node.uses_new.push(Object::Table(&to.name));
            b.push(node);
        }
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

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::note::Note;
    use crate::kinds::column::catalog::{column_type, ColumnRow};
    use postgres::types::Oid;
    use schema_core::{CheckOption, Index, QualifiedName, ViewColumn, ViewDef};
    use std::collections::BTreeSet;

    pub(crate) struct ViewRow {
        pub(crate) oid: Oid,
        pub(crate) schema: String,
        pub(crate) name: String,
        /// `v` or `m`.
        pub(crate) kind: String,
        pub(crate) query: String,
        pub(crate) options: Vec<String>,
        pub(crate) comment: Option<String>,
    }

    pub(crate) fn views_query() -> String {
        format!(
            "
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text,
       pg_catalog.pg_get_viewdef(c.oid, true),
       COALESCE(c.reloptions, ARRAY[]::text[]),
       (SELECT ds.description FROM pg_catalog.pg_description ds
        WHERE ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND ds.objsubid = 0)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1) AND {}
ORDER BY 2, 3",
            not_member("pg_catalog.pg_class", "c.oid")
        )
    }

    impl ViewRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            ViewRow {
                oid: row.get(0),
                schema: row.get(1),
                name: row.get(2),
                kind: row.get(3),
                query: row.get(4),
                options: row.get(5),
                comment: row.get(6),
            }
        }
    }

    pub(crate) fn view(
        row: ViewRow,
        columns: Vec<ColumnRow>,
        indexes: Vec<Index>,
        enums: &BTreeSet<QualifiedName>,
        notes: &mut Vec<Note>,
    ) -> ViewDef {
        let name = QualifiedName::new(row.schema, row.name);
        let mut view = if row.kind == "m" {
            ViewDef::materialized(name, &row.query)
        } else {
            ViewDef::new(name, &row.query)
        };
        view.query = view.query.trim().trim_end_matches(';').to_string();
        view.columns = columns
            .into_iter()
            .map(|column| ViewColumn {
                ty: column_type(&column, enums),
                name: column.name,
                comment: column.comment,
            })
            .collect();
        view.indexes = indexes;
        view.comment = row.comment;
        for option in &row.options {
            match option.split_once('=') {
                Some(("security_invoker", value)) => view.security_invoker = is_true(value),
                Some(("security_barrier", value)) => view.security_barrier = is_true(value),
                Some(("check_option", "local")) => view.check_option = Some(CheckOption::Local),
                Some(("check_option", "cascaded")) => {
                    view.check_option = Some(CheckOption::Cascaded)
                }
                Some((name, value)) => {
                    view.storage.insert(name.to_string(), value.to_string());
                }
                None => notes.push(Note::new(
                    format!("{} `{}`", view.kind(), view.name),
                    format!(
                        "has option `{option}`, which the model cannot read, so it was left out"
                    ),
                )),
            }
        }
        view
    }

    /// A boolean storage parameter as `reloptions` may spell it.
    fn is_true(value: &str) -> bool {
        matches!(value, "true" | "on" | "yes" | "1")
    }
}
