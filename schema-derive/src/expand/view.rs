//! `#[derive(View)]`: the view's spec and the reading half of the typed-query items.

use super::index::index;
use super::query;
use super::trigger::{trigger, trigger_function_checks};
use super::{option, placeholder, Fields};
use crate::ast::{Columns, Field, View};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::DeriveInput;

pub(crate) fn view(v: &View) -> TokenStream {
    let ident = v.ident;
    let schema = &v.schema;
    let name = &v.name;
    let a = &v.attrs;
    let query = &a.sql.as_ref().expect("checked").value;
    let columns: Vec<TokenStream> = v
        .column_fields()
        .into_iter()
        .map(|field| {
            let name = &field.column;
            let ty = column_type(field);
            let comment = option(field.comment.as_deref());
            quote! {
                ::schemata::__private::ViewColumnSpec { name: #name, ty: #ty, comment: #comment }
            }
        })
        .collect();
    let indexes: Vec<TokenStream> = v.indexes.iter().map(|i| index(v, i)).collect();
    let triggers: Vec<TokenStream> = v.triggers.iter().map(|t| trigger(v, t)).collect();
    let checks_of_types = trigger_function_checks(&v.triggers);
    let mut fields = Fields::default();
    if a.materialized.is_some() {
        fields.push("materialized", quote!(true));
    }
    if a.security_invoker.is_some() {
        fields.push("security_invoker", quote!(true));
    }
    if a.security_barrier.is_some() {
        fields.push("security_barrier", quote!(true));
    }
    if let Some(check) = &a.check_option {
        let variant = check.value.variant();
        fields.push(
            "check_option",
            quote!(::core::option::Option::Some(::schemata::CheckOption::#variant)),
        );
    }
    fields.slice("columns", &columns);
    fields.slice("indexes", &indexes);
    fields.slice("triggers", &triggers);
    fields.option("comment", v.comment.as_deref());
    let spec = fields.build(
        quote!(::schemata::__private::ViewSpec),
        quote!(::schemata::__private::ViewSpec::new(#schema, #name, #query)),
    );
    let iden_enum = query::iden_enum(&query::Rows::view(v));
    let typed = query::view_impls(v);
    quote! {
        #iden_enum

        const _: () = {
            #[automatically_derived]
            impl ::schemata::View for #ident {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::schemata::QualifiedName::new(#schema, #name)
                }

                fn view_def() -> ::schemata::ViewDef {
                    ::schemata::__private::view_def(&#spec)
                }
            }
            #checks_of_types
            #typed
        };
    }
}

/// A field's type as a column type: `sql_type`, or the field type's `PgType`.
fn column_type(field: &Field) -> TokenStream {
    match &field.attrs.sql_type {
        Some(sql_type) => {
            let text = &sql_type.value;
            let nullable = field.is_option();
            quote!(::schemata::__private::ColumnType::Sql { text: #text, nullable: #nullable })
        }
        None => {
            let ty = field.ty;
            quote_spanned! {ty.span()=>
                ::schemata::__private::ColumnType::Rust {
                    sql_type: <#ty as ::schemata::PgType>::sql_type,
                    nullable: <#ty as ::schemata::PgType>::nullable,
                }
            }
        }
    }
}

/// Beside the errors of `#[derive(View)]`: the `View` impl and the typed columns.
pub(crate) fn view_placeholder(input: &DeriveInput) -> TokenStream {
    placeholder(
        input,
        query::view_placeholder(input),
        quote!(::schemata::View),
        quote!(view_def),
        quote!(::schemata::ViewDef),
    )
}
