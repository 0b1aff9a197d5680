//! An index, of a table or a materialized view.

use super::{some, Fields};
use crate::ast::Columns;
use crate::attr::{self, IndexTarget};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn index(t: &impl Columns, index: &attr::Index) -> TokenStream {
    let keys: Vec<TokenStream> = index
        .keys
        .iter()
        .map(|key| {
            let target = match &key.target {
                IndexTarget::Field(ident) => {
                    let column = t.column_name(ident);
                    quote!(::schemata::__private::IndexTargetSpec::Column(#column))
                }
                IndexTarget::Expression(sql) => {
                    quote!(::schemata::__private::IndexTargetSpec::Expression(#sql))
                }
            };
            let mut fields = Fields::default();
            fields.option("opclass", key.opclass.as_ref());
            if key.descending == Some(true) {
                fields.push("descending", quote!(true));
            }
            if let Some(first) = key.nulls_first {
                let order = if first { quote!(First) } else { quote!(Last) };
                fields.push("nulls", some(quote!(::schemata::NullsOrder::#order)));
            }
            fields.build(
                quote!(::schemata::__private::IndexKeySpec),
                quote!(::schemata::__private::IndexKeySpec::new(#target)),
            )
        })
        .collect();
    let mut fields = Fields::default();
    fields.option("name", index.name.as_ref().map(|n| &n.value));
    if index.unique.is_some() {
        fields.push("unique", quote!(true));
    }
    if index.nulls_not_distinct.is_some() {
        fields.push("nulls_not_distinct", quote!(true));
    }
    if let Some(method) = &index.method {
        let name = &method.value;
        fields.push("method", quote!(#name));
    }
    let include: Vec<&str> = index.include.iter().map(|f| t.column_name(f)).collect();
    if !include.is_empty() {
        fields.push("include", quote!(&[#(#include),*]));
    }
    fields.option("predicate", index.predicate.as_ref().map(|p| &p.value));
    fields.option("comment", index.comment.as_ref().map(|c| &c.value));
    fields.build(
        quote!(::schemata::__private::IndexSpec),
        quote!(::schemata::__private::IndexSpec::new(&[#(#keys),*])),
    )
}
