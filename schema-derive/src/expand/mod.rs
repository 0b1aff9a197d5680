//! Code generation. The generated code describes the type as a literal of
//! `schemata::__private` specs and hands it to one builder function there, so that the
//! code per column is a few lines of data, not logic (compile time is a feature).
//!
//! Only fields that differ from a spec's constructor are written, and every path is
//! absolute, so user items named like ours cannot interfere.

mod allow;
mod column;
mod constraint;
mod function;
mod index;
mod pg_enum;
mod policy;
mod query;
mod table;
mod trigger;
mod view;

pub(crate) use function::{function, function_placeholder};
pub(crate) use pg_enum::{pg_enum, pg_enum_placeholder};
pub(crate) use table::{table, table_placeholder};
pub(crate) use view::{view, view_placeholder};

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::DeriveInput;

/// What is emitted beside the errors of a table or a view: the trait implemented with
/// bodies that never run (the `compile_error!` stops the build), so that code using the
/// type does not pile unrelated "trait not implemented" errors on top of the real ones.
/// `query` is the typed-query half of the same.
fn placeholder(
    input: &DeriveInput,
    query: TokenStream,
    object_trait: TokenStream,
    def_fn: TokenStream,
    def_type: TokenStream,
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #query

        const _: () = {
            #[automatically_derived]
            impl #impl_generics #object_trait for #ident #ty_generics #where_clause {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::core::unreachable!()
                }

                fn #def_fn() -> #def_type {
                    ::core::unreachable!()
                }
            }
        };
    }
}

/// The fields of a spec literal that differ from its constructor's.
#[derive(Default)]
struct Fields(Vec<TokenStream>);

impl Fields {
    fn push(&mut self, name: &str, value: TokenStream) {
        let name = syn::Ident::new(name, proc_macro2::Span::call_site());
        self.0.push(quote!(#name: #value));
    }

    /// An `Option<&str>` field, written only when set.
    fn option<T: ToTokens>(&mut self, name: &str, value: Option<T>) {
        if let Some(value) = value {
            self.push(name, some(value));
        }
    }

    /// A slice field, written only when not empty.
    fn slice(&mut self, name: &str, items: &[TokenStream]) {
        if !items.is_empty() {
            self.push(name, quote!(&[#(#items),*]));
        }
    }

    /// `Spec { fields.., ..base }`, or just `base` when no field differs.
    fn build(self, path: TokenStream, base: TokenStream) -> TokenStream {
        if self.0.is_empty() {
            return base;
        }
        let fields = self.0;
        quote!(#path { #(#fields,)* ..#base })
    }
}

fn some(value: impl ToTokens) -> TokenStream {
    quote!(::core::option::Option::Some(#value))
}

fn option(value: Option<impl ToTokens>) -> TokenStream {
    match value {
        Some(value) => some(value),
        None => quote!(::core::option::Option::None),
    }
}
