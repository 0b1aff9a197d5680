//! The model of a `#[derive(PgEnum)]` input.

use super::{object_name, reject_generics};
use crate::attr;
use crate::ctxt::Ctxt;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident};

/// A `#[derive(PgEnum)]` enum.
pub(crate) struct Enum<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Enum,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub variants: Vec<Variant<'a>>,
}

/// A variant of a `#[derive(PgEnum)]` enum.
pub(crate) struct Variant<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Variant,
    /// The label stored in the database.
    pub label: String,
    pub comment: Option<String>,
}

impl<'a> Enum<'a> {
    /// `None` when the input is not an enum (reported).
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Enum<'a>> {
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error_spanned_by(
                    data.struct_token,
                    "`#[derive(PgEnum)]` needs an enum whose variants are the values; for a table, derive `Table`",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`#[derive(PgEnum)]` needs an enum, not a union",
                );
                return None;
            }
        };
        reject_generics(
            cx,
            &input.generics,
            "PgEnum",
            "a Postgres enum type has one fixed set of values",
        );
        if data.variants.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "enum `{}` has no variants; a Postgres enum type needs at least one value",
                    input.ident
                ),
            );
        }

        let attrs = attr::Enum::from_attrs(cx, &input.attrs);
        let rule = attrs.rename_all.as_ref().map(|r| r.value);
        let variants = data
            .variants
            .iter()
            .map(|variant| {
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(
                        &variant.fields,
                        format!(
                            "variant `{}` carries data; a Postgres enum value is a bare label, so `#[derive(PgEnum)]` needs unit variants",
                            variant.ident
                        ),
                    );
                }
                let attrs = attr::Variant::from_attrs(cx, &variant.attrs);
                let label = match &attrs.label {
                    Some(label) => label.value.value(),
                    None => rule
                        .unwrap_or(attr::RenameRule::SnakeCase)
                        .label(&variant.ident.unraw().to_string()),
                };
                Variant {
                    ident: &variant.ident,
                    attrs,
                    label,
                    comment: attr::doc_comment(&variant.attrs),
                }
            })
            .collect();
        let (schema, name) = object_name(&input.ident, &attrs.name, &attrs.schema);
        Some(Enum {
            ident: &input.ident,
            attrs,
            schema,
            name,
            comment: attr::doc_comment(&input.attrs),
            variants,
        })
    }
}
