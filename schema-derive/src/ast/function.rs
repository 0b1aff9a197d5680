//! The model of a `#[derive(Function)]` input.

use super::{object_name, reject_generics};
use crate::attr;
use crate::ctxt::Ctxt;
use syn::{Data, DeriveInput, Fields, Ident};

/// A `#[derive(Function)]` unit struct.
pub(crate) struct Function<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Function,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
}

impl<'a> Function<'a> {
    /// `None` when the input is not a unit struct (reported).
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Function<'a>> {
        let unit = matches!(&input.data, Data::Struct(data) if matches!(data.fields, Fields::Unit));
        if !unit {
            cx.error_spanned_by(
                &input.ident,
                "`#[derive(Function)]` needs a unit struct (`struct HasRole;`): the struct only names the function, whose definition is in `#[function(...)]`",
            );
            return None;
        }
        reject_generics(
            cx,
            &input.generics,
            "Function",
            "a database function has one fixed signature",
        );
        let attrs = attr::Function::from_attrs(cx, &input.attrs);
        let (schema, name) = object_name(&input.ident, &attrs.name, &attrs.schema);
        Some(Function {
            ident: &input.ident,
            attrs,
            schema,
            name,
            comment: attr::doc_comment(&input.attrs),
        })
    }
}
