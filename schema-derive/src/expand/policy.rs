//! A row-level security policy of a table.

use super::allow::allows;
use super::Fields;
use crate::attr;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn policy(policy: &attr::Policy) -> TokenStream {
    let name = &policy.name;
    let mut fields = Fields::default();
    if policy.restrictive.is_some() {
        fields.push("restrictive", quote!(true));
    }
    if let Some(command) = &policy.command {
        let variant = command.value.variant();
        fields.push("command", quote!(::schemata::PolicyCommand::#variant));
    }
    if !policy.roles.is_empty() {
        let roles = &policy.roles;
        fields.push("roles", quote!(&[#(#roles),*]));
    }
    fields.option("using", policy.using.as_ref().map(|u| &u.value));
    fields.option("with_check", policy.with_check.as_ref().map(|w| &w.value));
    fields.slice("allow", &allows(&policy.allows));
    fields.option("comment", policy.comment.as_ref().map(|c| &c.value));
    fields.build(
        quote!(::schemata::__private::PolicySpec),
        quote!(::schemata::__private::PolicySpec::new(#name)),
    )
}
