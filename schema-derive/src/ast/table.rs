//! The model of a `#[derive(Table)]` input.

use super::column::{Columns, Field};
use super::{object_name, reject_generics};
use crate::attr;
use crate::ctxt::Ctxt;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident, Visibility};

/// A `#[derive(Table)]` struct.
pub(crate) struct Table<'a> {
    pub ident: &'a Ident,
    /// The struct's visibility, which the generated query handles share.
    pub vis: &'a Visibility,
    pub attrs: attr::Table,
    pub indexes: Vec<attr::Index>,
    pub policies: Vec<attr::Policy>,
    pub triggers: Vec<attr::Trigger>,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub fields: Vec<Field<'a>>,
}

impl<'a> Table<'a> {
    /// `None` when the input is not a struct with named fields (reported).
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Table<'a>> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        "`#[derive(Table)]` needs named fields, which become the columns; a tuple struct has no column names",
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`#[derive(Table)]` needs a struct with named fields, which become the columns; a unit struct has none",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "`#[derive(Table)]` needs a struct with named fields; for a Postgres enum type, derive `PgEnum`",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`#[derive(Table)]` needs a struct with named fields, not a union",
                );
                return None;
            }
        };
        reject_generics(
            cx,
            &input.generics,
            "Table",
            "a table has one fixed set of columns",
        );
        attr::reject(
            cx,
            &input.attrs,
            &["column"],
            "belongs on a field; settings of the whole table go in `#[table(...)]`",
        );

        let attrs = attr::Table::from_attrs(cx, &input.attrs);
        let indexes = attr::indexes(cx, &input.attrs);
        let policies = attr::policies(cx, &input.attrs);
        let triggers = attr::triggers(cx, &input.attrs);
        let rename_all = attrs.rename_all.as_ref().map(|r| r.value);
        let fields = Field::all(
            cx,
            named,
            &["table", "index", "policy", "trigger"],
            rename_all,
        );
        let (schema, name) = object_name(&input.ident, &attrs.name, &attrs.schema);
        Some(Table {
            ident: &input.ident,
            vis: &input.vis,
            attrs,
            indexes,
            policies,
            triggers,
            schema,
            name,
            comment: attr::doc_comment(&input.attrs),
            fields,
        })
    }

    /// The field an attribute names, matched without `r#`.
    pub(crate) fn field(&self, ident: &Ident) -> Option<&Field<'a>> {
        let wanted = ident.unraw();
        self.fields.iter().find(|f| f.ident.unraw() == wanted)
    }

    /// The fields that are columns, in declared order.
    pub(crate) fn columns(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.attrs.skip.is_none())
    }

    /// The column name of a field an attribute names. Only valid after `check` passed.
    pub(crate) fn column_of(&self, ident: &Ident) -> &str {
        &self
            .field(ident)
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
