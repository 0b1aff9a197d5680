//! The model of a `#[derive(Function)]` or `#[derive(View)]` input. A child of `ast`,
//! sharing its field model and helpers.

use super::*;

/// A `#[derive(Function)]` unit struct.
pub(crate) struct Function<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Function,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
}

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

/// What names columns by field: tables and views.
pub(crate) trait Columns {
    /// The struct's name.
    fn ident(&self) -> &Ident;
    /// Every field, skipped ones included.
    fn all_fields(&self) -> &[Field<'_>];

    /// The field an attribute names, matched without `r#`.
    fn find_field(&self, ident: &Ident) -> Option<&Field<'_>> {
        let wanted = ident.unraw();
        self.all_fields().iter().find(|f| f.ident.unraw() == wanted)
    }

    /// The fields that are columns, in declared order.
    fn column_fields(&self) -> Vec<&Field<'_>> {
        self.all_fields()
            .iter()
            .filter(|f| f.attrs.skip.is_none())
            .collect()
    }

    /// The column name of a field an attribute names. Only valid after `check` passed.
    fn column_name(&self, ident: &Ident) -> &str {
        &self
            .find_field(ident)
            .expect("field names are checked before expansion")
            .column
    }
}

impl Columns for Table<'_> {
    fn ident(&self) -> &Ident {
        self.ident
    }
    fn all_fields(&self) -> &[Field<'_>] {
        &self.fields
    }
}

impl Columns for View<'_> {
    fn ident(&self) -> &Ident {
        self.ident
    }
    fn all_fields(&self) -> &[Field<'_>] {
        &self.fields
    }
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
        let fields = Field::all(cx, named, &["view", "index", "trigger"]);
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
