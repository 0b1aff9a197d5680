//! `allow(...)` entries as `AllowSpec`s.

use crate::attr;
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

/// Each allow names its `Lint` variant, spanned on the lint the user wrote, so an unknown
/// lint is a compile error there (listing the variants) without the derive keeping its
/// own copy of the list.
pub(super) fn allows(allows: &[attr::Allow]) -> Vec<TokenStream> {
    allows
        .iter()
        .map(|allow| {
            let variant = Ident::new(
                &allow.lint.to_string().to_upper_camel_case(),
                allow.lint.span(),
            );
            let reason = &allow.reason;
            quote! {
                ::schemata::__private::AllowSpec {
                    lint: ::schemata::lint::Lint::#variant,
                    reason: #reason,
                }
            }
        })
        .collect()
}
