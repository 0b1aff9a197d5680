//! A view or materialized view as a `#[derive(View)]` struct, its fields the view's
//! columns; storage parameters, which the derive does not take, are added to what it
//! builds (`.add_view(V::view_def().with_storage(..))`).

use super::names::{snake, unraw, Scope};
use super::table::{
    doc_round_trips, snake_of_struct, trigger_function_plain, write_index, write_trigger,
};
use super::{doc, lit, Names};
use schema_core::{ViewColumn, ViewDef};
use std::fmt::Write;

/// Whether the derive can say everything this view holds.
pub(crate) fn supported(view: &ViewDef) -> bool {
    !view.columns.is_empty()
        && view.comment.as_deref().is_none_or(doc_round_trips)
        && view
            .columns
            .iter()
            .all(|c| c.comment.as_deref().is_none_or(doc_round_trips))
        && view.triggers.iter().all(trigger_function_plain)
}

/// The struct for `view`, named `ident`; `query` is the Rust expression of its SQL.
pub(crate) fn write(out: &mut String, view: &ViewDef, ident: &str, query: &str, names: &Names) {
    let mut fields = Scope::default();
    let columns: Vec<(String, &ViewColumn)> = view
        .columns
        .iter()
        .map(|c| (fields.unique(snake(&c.name)), c))
        .collect();
    let field_of = |column: &str| -> String {
        columns
            .iter()
            .find(|(_, c)| c.name == column)
            .map(|(field, _)| field.clone())
            .expect("indexes and triggers name the view's columns")
    };

    let mut attrs = Vec::new();
    if unraw(&snake_of_struct(ident)) != view.name.name {
        attrs.push(format!("name = {}", lit(&view.name.name)));
    }
    if view.name.schema != "public" {
        attrs.push(format!("schema = {}", lit(&view.name.schema)));
    }
    if view.materialized {
        attrs.push("materialized".into());
    }
    if view.security_invoker {
        attrs.push("security_invoker".into());
    }
    if view.security_barrier {
        attrs.push("security_barrier".into());
    }
    if let Some(option) = view.check_option {
        attrs.push(format!("check_option = {}", lit(option.as_str())));
    }
    attrs.push(format!("sql = {query}"));

    if let Some(comment) = &view.comment {
        doc(out, "", comment);
    }
    writeln!(out, "#[derive(View)]\n#[view({})]", attrs.join(", ")).unwrap();
    for index in &view.indexes {
        write_index(out, index, &view.name.name, &field_of);
    }
    for trigger in &view.triggers {
        write_trigger(out, trigger, &field_of, names);
    }
    writeln!(out, "pub struct {ident} {{").unwrap();
    for (field, column) in &columns {
        if let Some(comment) = &column.comment {
            doc(out, "    ", comment);
        }
        let mut attrs = Vec::new();
        if unraw(field) != column.name {
            attrs.push(format!("name = {}", lit(&column.name)));
        }
        let (ty, inferred) = super::names::rust_type(&column.ty, &|n| names.enum_type(n));
        if !inferred {
            attrs.push(format!("sql_type = {}", lit(&column.ty.to_string())));
        }
        if !attrs.is_empty() {
            writeln!(out, "    #[column({})]", attrs.join(", ")).unwrap();
        }
        // A view's column may be NULL whatever the tables under it say.
        writeln!(out, "    pub {field}: Option<{ty}>,").unwrap();
    }
    out.push_str("}\n");
}

/// The call registering the view named `ident`, from the `.` on.
pub(crate) fn call(view: &ViewDef, ident: &str) -> String {
    if view.storage.is_empty() {
        return format!(".view::<{ident}>()");
    }
    let mut text = format!(".add_view({ident}::view_def()");
    for (name, value) in &view.storage {
        write!(text, ".with_storage({}, {})", lit(name), lit(value)).unwrap();
    }
    text.push(')');
    text
}
