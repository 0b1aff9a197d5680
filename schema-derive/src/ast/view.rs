//! The model of a `#[derive(View)]` input.

use super::column::{Columns, Field};
use super::{object_name, reject_generics};
use crate::attr;
use crate::ctxt::Ctxt;
use syn::{Data, DeriveInput, Fields, Ident, Visibility};

/// A `#[derive(View)]` struct.
pub(crate) struct View<'a> {
    pub ident: &'a Ident,
    /// The struct's visibility, which the generated query handles share.
    pub vis: &'a Visibility,
    pub attrs: attr::View,
    pub indexes: Vec<attr::Index>,
    pub triggers: Vec<attr::Trigger>,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub fields: Vec<Field<'a>>,
}

impl Columns for View<'_> {
    fn ident(&self) -> &Ident {
        self.ident
    }
    fn all_fields(&self) -> &[Field<'_>] {
        &self.fields
    }
}

impl<'a> View<'a> {
    /// `None` when the input is not a struct with named fields (reported).
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<View<'a>> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                _ => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`#[derive(View)]` needs a struct with named fields, which become the view's columns",
                    );
                    return None;
                }
            },
            _ => {
                cx.error_spanned_by(
                    &input.ident,
                    "`#[derive(View)]` needs a struct with named fields, which become the view's columns",
                );
                return None;
            }
        };
        reject_generics(
            cx,
            &input.generics,
            "View",
            "a view has one fixed set of columns",
        );
        attr::reject(
            cx,
            &input.attrs,
            &["table", "policy", "column"],
            "does not apply to a view; a view takes `#[view(...)]`, `#[index(...)]` (materialized views) and `#[trigger(...)]`",
        );
        let attrs = attr::View::from_attrs(cx, &input.attrs);
        let indexes = attr::indexes(cx, &input.attrs);
        let triggers = attr::triggers(cx, &input.attrs);
        let fields = Field::all(cx, named, &["view", "index", "trigger"], None);
        let (schema, name) = object_name(&input.ident, &attrs.name, &attrs.schema);
        Some(View {
            ident: &input.ident,
            vis: &input.vis,
            attrs,
            indexes,
            triggers,
            schema,
            name,
            comment: attr::doc_comment(&input.attrs),
            fields,
        })
    }
}
