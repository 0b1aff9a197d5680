//! A table column's spec.

use super::{some, Fields};
use crate::ast::Field;
use crate::attr::Literal;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

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
    fields.option("generated", a.generated.as_ref().map(|g| &g.value));
    fields.option("comment", field.comment.as_deref());
    fields.option("renamed_from", a.renamed_from.as_ref().map(|r| &r.value));
    fields.build(
        quote!(::schemata::__private::ColumnSpec),
        quote!(::schemata::__private::ColumnSpec::new(#name, #ty)),
    )
}
