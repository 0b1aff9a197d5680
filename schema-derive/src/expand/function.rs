//! `#[derive(Function)]`.

use super::allow::allows;
use super::{option, Fields};
use crate::ast::Function;
use crate::attr::{ArgType, ReturnType};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::DeriveInput;

pub(crate) fn function(f: &Function) -> TokenStream {
    let ident = f.ident;
    let schema = &f.schema;
    let name = &f.name;
    let a = &f.attrs;
    // A procedure has no `returns` (checked): it returns `void`.
    let returns = match a.returns.as_ref().map(|r| &r.value) {
        Some(ReturnType::Sql(text)) => quote!(::schemata::__private::ReturnsSpec::Sql(#text)),
        Some(ReturnType::Rust(ty)) => quote_spanned! {ty.span()=>
            ::schemata::__private::ReturnsSpec::Rust(<#ty as ::schemata::PgType>::sql_type)
        },
        None => quote!(::schemata::__private::ReturnsSpec::Sql("void")),
    };
    let is_trigger = matches!(
        a.returns.as_ref().map(|r| &r.value),
        Some(ReturnType::Sql(text)) if text.value().trim().eq_ignore_ascii_case("trigger")
    );
    let language = a.language.as_ref().expect("checked").value.variant();
    let body = &a.body.as_ref().expect("checked").value;
    let mut fields = Fields::default();
    if let Some(args) = &a.args {
        let args: Vec<TokenStream> = args
            .value
            .iter()
            .map(|arg| {
                let name = option(arg.name.as_ref().map(|n| n.unraw().to_string()));
                let ty = match &arg.ty {
                    ArgType::Rust(ty) => quote_spanned! {ty.span()=>
                        ::schemata::__private::TypeSpec::Rust(<#ty as ::schemata::PgType>::sql_type)
                    },
                    ArgType::Sql(text) => quote!(::schemata::__private::TypeSpec::Sql(#text)),
                };
                let default = option(arg.default.as_ref());
                let mode = arg.mode.as_ref().map_or_else(
                    || quote!(In),
                    |(mode, _)| mode.variant().into_token_stream(),
                );
                quote! {
                    ::schemata::__private::ArgumentSpec {
                        mode: ::schemata::ArgumentMode::#mode,
                        name: #name,
                        ty: #ty,
                        default: #default,
                    }
                }
            })
            .collect();
        fields.slice("arguments", &args);
    }
    if a.procedure.is_some() {
        fields.push("procedure", quote!(true));
    }
    if let Some(volatility) = &a.volatility {
        let variant = volatility.value.variant();
        fields.push("volatility", quote!(::schemata::Volatility::#variant));
    }
    if a.strict.is_some() {
        fields.push("strict", quote!(true));
    }
    if a.security_definer.is_some() {
        fields.push("security_definer", quote!(true));
    }
    if a.leakproof.is_some() {
        fields.push("leakproof", quote!(true));
    }
    if let Some(parallel) = &a.parallel {
        let variant = parallel.value.variant();
        fields.push("parallel", quote!(::schemata::Parallel::#variant));
    }
    if let Some(cost) = &a.cost {
        let cost = cost.value;
        fields.push("cost", quote!(::core::option::Option::Some(#cost)));
    }
    if let Some(rows) = &a.rows {
        let rows = rows.value;
        fields.push("rows", quote!(::core::option::Option::Some(#rows)));
    }
    fields.option("search_path", a.search_path.as_ref().map(|p| &p.value));
    fields.option("comment", f.comment.as_deref());
    fields.slice("allow", &allows(&a.allows));
    let spec = fields.build(
        quote!(::schemata::__private::FunctionSpec),
        quote! {
            ::schemata::__private::FunctionSpec::new(
                #schema,
                #name,
                #returns,
                ::schemata::Language::#language,
                #body,
            )
        },
    );
    let trigger_impl = is_trigger.then(|| {
        quote! {
            #[automatically_derived]
            impl ::schemata::TriggerFunction for #ident {}
        }
    });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schemata::Function for #ident {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::schemata::QualifiedName::new(#schema, #name)
                }

                fn function_def() -> ::schemata::FunctionDef {
                    ::schemata::__private::function_def(&#spec)
                }
            }
            #trigger_impl
        };
    }
}

/// Beside the errors of `#[derive(Function)]`: both traits, so a bad attribute does not
/// also fail every trigger that names the function.
pub(crate) fn function_placeholder(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::schemata::Function for #ident #ty_generics #where_clause {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::core::unreachable!()
                }

                fn function_def() -> ::schemata::FunctionDef {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::schemata::TriggerFunction for #ident #ty_generics #where_clause {}
        };
    }
}
