//! A table column's spec.

use super::{some, Fields};
use crate::ast::Field;
use crate::attr::{IdentityOption, Literal};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// For a text `default_value` on a column typed by Rust, a `const` check that the value is
/// one of the labels when that type is a `#[derive(PgEnum)]` enum: a misspelt label stops
/// the build at the attribute instead of at `build()` or in Postgres.
pub(super) fn enum_default_check(table: &str, field: &Field) -> Option<TokenStream> {
    let a = &field.attrs;
    let literal = a.default_value.as_ref()?;
    let Literal::Text(text) = &literal.value else {
        return None;
    };
    if a.sql_type.is_some() {
        return None;
    }
    let ty = field.ty;
    let message = format!(
        "`default_value = {text:?}` on column `{}` of table `{table}` is not a label of the enum `{}`",
        field.column,
        quote!(#ty).to_string().replace(' ', ""),
    );
    Some(quote_spanned! {literal.key.span()=>
        const _: () = ::schemata::__private::check_enum_default(
            <#ty as ::schemata::PgType>::ENUM_LABELS,
            #text,
            #message,
        );
    })
}

pub(super) fn column(field: &Field) -> TokenStream {
    let name = &field.column;
    let a = &field.attrs;
    let ty = match &a.sql_type {
        Some(sql_type) => {
            let text = &sql_type.value;
            let nullable = field.is_option();
            quote!(::schemata::__private::ColumnType::Sql { text: #text, nullable: #nullable })
        }
        None => {
            // Spanned on the field's type, so a missing `PgType` implementation is
            // reported there.
            let ty = field.ty;
            quote_spanned! {ty.span()=>
                ::schemata::__private::ColumnType::Rust {
                    sql_type: <#ty as ::schemata::PgType>::sql_type,
                    nullable: <#ty as ::schemata::PgType>::nullable,
                }
            }
        }
    };
    let mut fields = Fields::default();
    let default = match (&a.default, &a.default_value) {
        (Some(sql), _) => {
            let sql = &sql.value;
            Some(quote!(::schemata::__private::DefaultSpec::Expression(#sql)))
        }
        (None, Some(literal)) => Some(match &literal.value {
            Literal::Text(text) => quote!(::schemata::__private::DefaultSpec::Text(#text)),
            Literal::Number(digits) => {
                quote!(::schemata::__private::DefaultSpec::Number(#digits))
            }
            Literal::Boolean(value) => {
                quote!(::schemata::__private::DefaultSpec::Boolean(#value))
            }
        }),
        (None, None) => None,
    };
    if let Some(default) = default {
        fields.push("default", some(default));
    }
    if let Some(identity) = &a.identity {
        let variant = identity.value.variant();
        fields.push("identity", some(quote!(::schemata::Identity::#variant)));
    }
    if !a.identity_options.is_empty() {
        let mut options = Fields::default();
        for (_, option) in &a.identity_options {
            match option {
                IdentityOption::Start(v) => options.push("start", some(quote!(#v))),
                IdentityOption::Increment(v) => options.push("increment", some(quote!(#v))),
                IdentityOption::MinValue(v) => options.push("min_value", some(quote!(#v))),
                IdentityOption::MaxValue(v) => options.push("max_value", some(quote!(#v))),
                IdentityOption::Cache(v) => options.push("cache", some(quote!(#v))),
                IdentityOption::Cycle => options.push("cycle", quote!(true)),
            }
        }
        fields.push(
            "identity_options",
            options.build(
                quote!(::schemata::__private::IdentityOptionsSpec),
                quote!(::schemata::__private::IdentityOptionsSpec::DEFAULT),
            ),
        );
    }
    fields.option("generated", a.generated.as_ref().map(|g| &g.value));
    fields.option("collate", a.collate.as_ref().map(|c| &c.value));
    if let Some(storage) = &a.storage {
        let variant = storage.value.variant();
        fields.push("storage", some(quote!(::schemata::Storage::#variant)));
    }
    if let Some(compression) = &a.compression {
        let variant = compression.value.variant();
        fields.push(
            "compression",
            some(quote!(::schemata::Compression::#variant)),
        );
    }
    if let Some(statistics) = &a.statistics {
        // Out of the `i32` range is as wrong as any target above 10000: validation says so.
        let target = i32::try_from(statistics.value).unwrap_or(i32::MAX);
        fields.push("statistics", some(quote!(#target)));
    }
    fields.option("n_distinct", a.n_distinct.as_ref().map(|n| &n.value));
    fields.option(
        "n_distinct_inherited",
        a.n_distinct_inherited.as_ref().map(|n| &n.value),
    );
    fields.option("comment", field.comment.as_deref());
    fields.option("renamed_from", a.renamed_from.as_ref().map(|r| &r.value));
    fields.build(
        quote!(::schemata::__private::ColumnSpec),
        quote!(::schemata::__private::ColumnSpec::new(#name, #ty)),
    )
}
