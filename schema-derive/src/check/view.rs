//! Rules of `#[derive(View)]`.

use super::column::{duplicate_columns, field_list, known_column};
use super::trigger::{triggers, Owner};
use crate::ast::{Columns, View};
use crate::attr;
use crate::ctxt::Ctxt;
use syn::ext::IdentExt;

pub(crate) fn view(cx: &Ctxt, view: &View) {
    let a = &view.attrs;
    if a.sql.is_none() && !a.written.iter().any(|k| k == "sql") {
        cx.error_spanned_by(
            view.ident,
            "missing `sql = ...` in `#[view(...)]`, as in `#[view(sql = \"SELECT ...\")]` or `#[view(sql = include_str!(\"sql/v.sql\"))]`",
        );
    }
    if let (Some(_), Some(invoker)) = (&a.materialized, &a.security_invoker) {
        cx.error_spanned_by(
            invoker,
            "`security_invoker` applies to plain views; a materialized view's rows are computed with its owner's rights",
        );
    }
    if a.materialized.is_none() {
        if let Some(index) = view.indexes.first() {
            let message = "indexes need a materialized view; add `materialized` to `#[view(...)]`";
            match index.keys.first().map(|k| &k.target) {
                Some(attr::IndexTarget::Field(ident)) => cx.error_spanned_by(ident, message),
                Some(attr::IndexTarget::Expression(sql)) => cx.error_spanned_by(sql, message),
                None => cx.error_spanned_by(view.ident, message),
            }
        }
    }
    if view.column_fields().is_empty() {
        cx.error_spanned_by(
            view.ident,
            "a view needs at least one field: its fields are the columns its query produces",
        );
    }
    const VIEW_COLUMN_KEYS: &[&str] = &["name", "sql_type", "skip"];
    for field in &view.fields {
        for key in &field.attrs.keys {
            let name = key.unraw().to_string();
            if !VIEW_COLUMN_KEYS.contains(&name.as_str()) {
                cx.error_spanned_by(
                    key,
                    format!("`{name}` does not apply to a view column; a view column takes only `name`, `sql_type` and `skip`"),
                );
            }
        }
    }
    duplicate_columns(cx, view);
    for index in &view.indexes {
        for key in &index.keys {
            if let attr::IndexTarget::Field(ident) = &key.target {
                known_column(cx, view, ident);
            }
        }
        field_list(cx, view, &index.include);
    }
    let owner = if a.materialized.is_some() {
        Owner::MaterializedView
    } else {
        Owner::View
    };
    triggers(cx, view, &view.triggers, owner);
}
