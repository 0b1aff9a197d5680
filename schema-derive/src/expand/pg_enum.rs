//! `#[derive(PgEnum)]`.

use super::query;
use super::{option, Fields};
use crate::ast::Enum;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn pg_enum(e: &Enum) -> TokenStream {
    let ident = e.ident;
    let schema = &e.schema;
    let name = &e.name;
    let values = e.variants.iter().map(|variant| {
        let label = &variant.label;
        let mut fields = Fields::default();
        fields.option("comment", variant.comment.as_deref());
        fields.option(
            "renamed_from",
            variant.attrs.renamed_from.as_ref().map(|r| &r.value),
        );
        fields.build(
            quote!(::schemata::__private::EnumValueSpec),
            quote!(::schemata::__private::EnumValueSpec::new(#label)),
        )
    });
    let comment = option(e.comment.as_deref());
    let renamed_from = option(e.attrs.renamed_from.as_ref().map(|r| &r.value));
    let query = query::pg_enum_impls(e);
    let labels = e.variants.iter().map(|variant| &variant.label);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schemata::PgEnum for #ident {
                fn enum_def() -> ::schemata::EnumDef {
                    ::schemata::__private::enum_def(&::schemata::__private::EnumSpec {
                        schema: #schema,
                        name: #name,
                        comment: #comment,
                        renamed_from: #renamed_from,
                        values: &[#(#values),*],
                    })
                }
            }

            #[automatically_derived]
            impl ::schemata::PgType for #ident {
                fn sql_type() -> ::schemata::SqlType {
                    ::schemata::SqlType::Enum(::schemata::QualifiedName::new(#schema, #name))
                }
                const ENUM_LABELS: ::core::option::Option<&'static [&'static str]> =
                    ::core::option::Option::Some(&[#(#labels),*]);
            }

            #query
        };
    }
}

/// Like [`super::table_placeholder`], for `#[derive(PgEnum)]`: both traits it implements.
pub(crate) fn pg_enum_placeholder(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let query = query::pg_enum_placeholder(input);
    quote! {
        #query

        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::schemata::PgEnum for #ident #ty_generics #where_clause {
                fn enum_def() -> ::schemata::EnumDef {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::schemata::PgType for #ident #ty_generics #where_clause {
                fn sql_type() -> ::schemata::SqlType {
                    ::core::unreachable!()
                }
            }
        };
    }
}
