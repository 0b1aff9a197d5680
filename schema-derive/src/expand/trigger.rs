//! A trigger, of a table or a view.

use super::Fields;
use crate::ast::Columns;
use crate::attr::{FunctionTarget, Trigger};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub(super) fn trigger(owner: &impl Columns, trigger: &Trigger) -> TokenStream {
    let name = &trigger.name.as_ref().expect("checked").value;
    let timing = trigger.timings[0].0.variant();
    let events = trigger.events.as_ref().expect("checked");
    let kinds = events.value.iter().map(|e| e.kind.variant());
    let update_of: Vec<&str> = events
        .value
        .iter()
        .flat_map(|e| &e.fields)
        .map(|f| owner.column_name(f))
        .collect();
    let function = match &trigger.function.as_ref().expect("checked").value {
        FunctionTarget::Type(path) => quote_spanned! {path.span()=>
            ::schemata::__private::FunctionRef::Type(<#path as ::schemata::Function>::qualified_name)
        },
        FunctionTarget::Named(text) => quote!(::schemata::__private::FunctionRef::Named(#text)),
    };
    let mut fields = Fields::default();
    if !update_of.is_empty() {
        fields.push("update_of", quote!(&[#(#update_of),*]));
    }
    if trigger.for_each_statement.is_some() {
        fields.push("for_each_row", quote!(false));
    }
    fields.option("when", trigger.when.as_ref().map(|w| &w.value));
    if !trigger.args.is_empty() {
        let args = &trigger.args;
        fields.push("arguments", quote!(&[#(#args),*]));
    }
    if trigger.constraint.is_some() {
        let deferrable = if trigger.initially_deferred.is_some() {
            quote!(InitiallyDeferred)
        } else if trigger.deferrable.is_some() {
            quote!(InitiallyImmediate)
        } else {
            quote!(No)
        };
        fields.push(
            "constraint",
            quote!(::core::option::Option::Some(::schemata::Deferrable::#deferrable)),
        );
    }
    fields.option("old_table", trigger.old_table.as_ref().map(|t| &t.value));
    fields.option("new_table", trigger.new_table.as_ref().map(|t| &t.value));
    if let Some(firing) = &trigger.firing {
        let variant = firing.value.variant();
        fields.push("firing", quote!(::schemata::TriggerFiring::#variant));
    }
    fields.option("comment", trigger.comment.as_ref().map(|c| &c.value));
    fields.build(
        quote!(::schemata::__private::TriggerSpec),
        quote! {
            ::schemata::__private::TriggerSpec::new(
                #name,
                ::schemata::TriggerTiming::#timing,
                &[#(::schemata::TriggerEvent::#kinds),*],
                #function,
            )
        },
    )
}

/// For each `function = Type`, a check that `Type` is a trigger function, spanned on the
/// type, so misuse is a compile error there ("`X` is not a trigger function").
pub(super) fn trigger_function_checks(triggers: &[Trigger]) -> TokenStream {
    let paths = triggers
        .iter()
        .filter_map(|t| match t.function.as_ref().map(|f| &f.value) {
            Some(FunctionTarget::Type(path)) => Some(path),
            _ => None,
        });
    let checks = paths.map(|path| {
        quote_spanned! {path.span()=>
            let _ = __is_trigger_function::<#path>;
        }
    });
    let checks: Vec<TokenStream> = checks.collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        const _: () = {
            fn __is_trigger_function<T: ::schemata::TriggerFunction>() {}
            #(#checks)*
        };
    }
}
