//! Rules of `#[derive(Table)]` between the table's parts.

use super::column::{column, duplicate_columns, field_list, known_column, reference_arity};
use super::distribution::distribution;
use super::partition::partition_by;
use super::policy::policies;
use super::trigger::{triggers, Owner};
use crate::ast::{Field, Table};
use crate::attr;
use crate::ctxt::Ctxt;
use syn::ext::IdentExt;
use syn::Ident;

pub(crate) fn table(cx: &Ctxt, table: &Table) {
    for field in &table.fields {
        column(cx, field);
    }
    duplicate_columns(cx, table);
    query_names(cx, table);
    primary_key(cx, table);
    for unique in &table.attrs.uniques {
        field_list(cx, table, &unique.fields);
    }
    for key in &table.attrs.foreign_keys {
        field_list(cx, table, &key.fields);
        reference_arity(cx, &key.references, key.fields.len());
    }
    for index in &table.indexes {
        let columns: Vec<&Ident> = index
            .keys
            .iter()
            .filter_map(|key| match &key.target {
                attr::IndexTarget::Field(ident) => Some(ident),
                attr::IndexTarget::Expression(_) => None,
            })
            .collect();
        for ident in columns {
            known_column(cx, table, ident);
        }
        field_list(cx, table, &index.include);
    }
    policies(cx, table);
    triggers(cx, table, &table.triggers, Owner::Table);
    updated_at(cx, table);
    partition_by(cx, table);
    distribution(cx, table);
    if let (Some(_), Some(index)) = (
        &table.attrs.replica_identity,
        &table.attrs.replica_identity_index,
    ) {
        cx.error_spanned_by(
            &index.key,
            "a table has one replica identity: write `replica_identity = \"...\"` or `replica_identity_index = \"...\"`, not both",
        );
    }
}

/// The generated `{Struct}Iden` enum has a `Table` variant, and Rust reserves `Self`.
fn query_names(cx: &Ctxt, table: &Table) {
    for field in table.columns() {
        let variant = field.iden_variant();
        if variant == "Table" || variant == "Self" {
            cx.error_spanned_by(
                field.ident,
                format!(
                    "field `{}` would be `{}Iden::{variant}` in the generated sea-query identifiers, which {}; rename the field and keep the column with `#[column(name = \"{}\")]`",
                    field.ident,
                    table.ident,
                    if variant == "Table" { "names the table" } else { "is a keyword" },
                    field.column
                ),
            );
        }
    }
}

/// One primary key per table, on non-nullable known columns.
fn primary_key(cx: &Ctxt, table: &Table) {
    let mut first: Option<&Field> = None;
    for field in table.columns() {
        let Some(key) = &field.attrs.primary_key else {
            continue;
        };
        if let Some(list) = &table.attrs.primary_key {
            let fields: Vec<String> = list.fields.iter().map(|f| f.to_string()).collect();
            cx.error_spanned_by(
                key,
                format!(
                    "the table already has `#[table(primary_key({}))]`; a table has one primary key, so remove one of them",
                    fields.join(", ")
                ),
            );
        } else if let Some(first) = first {
            cx.error_spanned_by(
                key,
                format!(
                    "field `{}` is already the primary key; for a composite primary key write `#[table(primary_key({}, {}))]` instead",
                    first.ident, first.ident, field.ident
                ),
            );
        } else {
            first = Some(field);
        }
    }
    if let Some(list) = &table.attrs.primary_key {
        field_list(cx, table, &list.fields);
        for ident in &list.fields {
            if table.field(ident).is_some_and(|f| f.is_option()) {
                cx.error_spanned_by(
                    ident,
                    format!(
                        "field `{ident}` is an `Option`, but a primary key column cannot be NULL; make the field non-optional"
                    ),
                );
            }
        }
    }
}

/// `updated_at` needs the column it sets.
fn updated_at(cx: &Ctxt, table: &Table) {
    if let Some(updated_at) = &table.attrs.updated_at {
        match &updated_at.field {
            Some(field) => known_column(cx, table, field),
            None => {
                let has_field = table.columns().any(|f| f.ident.unraw() == "updated_at");
                if !has_field {
                    cx.error_spanned_by(
                        &updated_at.key,
                        format!(
                            "`updated_at` sets the field `updated_at`, which `{}` does not have; name the field with `updated_at = field`",
                            table.ident
                        ),
                    );
                }
            }
        }
    }
}
