//! Keys and foreign keys of a table.

use super::{option, Fields};
use crate::attr::{self, Target};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub(super) fn key_spec(
    name: Option<&syn::LitStr>,
    columns: &[&str],
    deferrable: Option<&syn::LitStr>,
    comment: Option<&syn::LitStr>,
) -> TokenStream {
    let name = option(name);
    let comment = option(comment);
    let deferrable = match deferrable.map(|d| d.value()).as_deref() {
        Some("initially_deferred") => quote!(::schemata::Deferrable::InitiallyDeferred),
        Some(_) => quote!(::schemata::Deferrable::InitiallyImmediate),
        None => quote!(::schemata::Deferrable::No),
    };
    quote! {
        ::schemata::__private::KeySpec { name: #name, columns: &[#(#columns),*], deferrable: #deferrable, comment: #comment }
    }
}

pub(super) fn foreign_key(
    table: &syn::Ident,
    name: Option<&syn::LitStr>,
    columns: &[&str],
    reference: &attr::Reference,
    actions: &attr::Actions,
    comment: Option<&syn::LitStr>,
) -> TokenStream {
    let target = match &reference.target {
        // The spec is a constant, where `Self` means nothing: name the struct instead.
        Target::Type(path) if path.is_ident("Self") => {
            quote!(::schemata::__private::TargetSpec::Table(<#table as ::schemata::Table>::qualified_name))
        }
        Target::Type(path) => quote_spanned! {path.span()=>
            ::schemata::__private::TargetSpec::Table(<#path as ::schemata::Table>::qualified_name)
        },
        Target::Named(text) => quote!(::schemata::__private::TargetSpec::Named(#text)),
    };
    let mut fields = Fields::default();
    fields.option("name", name);
    if !reference.columns.is_empty() {
        let referenced = &reference.columns;
        fields.push("referenced_columns", quote!(&[#(#referenced),*]));
    }
    for (field, action) in [
        ("on_delete", &actions.on_delete),
        ("on_update", &actions.on_update),
    ] {
        if let Some(action) = action {
            let variant = action.value.variant();
            fields.push(field, quote!(::schemata::ReferentialAction::#variant));
        }
    }
    let deferrable = match (&actions.deferrable, &actions.initially_deferred) {
        // `INITIALLY DEFERRED` implies `DEFERRABLE`, as in Postgres.
        (_, Some(_)) => Some(quote!(InitiallyDeferred)),
        (Some(_), None) => Some(quote!(InitiallyImmediate)),
        (None, None) => None,
    };
    if let Some(variant) = deferrable {
        fields.push("deferrable", quote!(::schemata::Deferrable::#variant));
    }
    if actions.match_full.is_some() {
        fields.push("match_full", quote!(true));
    }
    fields.option("comment", comment);
    fields.build(
        quote!(::schemata::__private::ForeignKeySpec),
        quote!(::schemata::__private::ForeignKeySpec::new(&[#(#columns),*], #target)),
    )
}
