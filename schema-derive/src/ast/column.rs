//! The fields that are columns, of tables and views.

use crate::attr;
use crate::ctxt::Ctxt;
use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use syn::ext::IdentExt;
use syn::{Ident, Type, Visibility};

/// A field of a `#[derive(Table)]` struct.
pub(crate) struct Field<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub ty: &'a Type,
    pub attrs: attr::Column,
    /// The column name: `#[column(name)]`, else the field's name under the table's
    /// `rename_all` rule, else the field's name.
    pub column: String,
    pub comment: Option<String>,
}

impl Field<'_> {
    /// The field's variant in the generated `{Struct}Iden` enum: `coach_id` -> `CoachId`.
    pub(crate) fn iden_variant(&self) -> Ident {
        let name = self.ident.unraw().to_string().to_upper_camel_case();
        Ident::new(&name, self.ident.span())
    }

    /// The field's typed column constant: `coach_id` -> `COACH_ID`.
    pub(crate) fn constant(&self) -> Ident {
        let name = self.ident.unraw().to_string().to_shouty_snake_case();
        Ident::new(&name, self.ident.span())
    }

    /// Whether the field's type is written `Option<...>`. The macro sees only tokens, so
    /// this is syntactic: an alias of `Option` is not recognised (the schema builder still
    /// catches a nullable primary key).
    pub(crate) fn is_option(&self) -> bool {
        fn is_option(ty: &Type) -> bool {
            match ty {
                Type::Path(path) if path.qself.is_none() => path
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Option" && !s.arguments.is_empty()),
                Type::Group(group) => is_option(&group.elem),
                Type::Paren(paren) => is_option(&paren.elem),
                _ => false,
            }
        }
        is_option(self.ty)
    }
}

impl<'a> Field<'a> {
    /// The columns of a struct: each named field with its `#[column(...)]` settings.
    /// `struct_only` lists the attributes that belong on the struct, reported on a field.
    pub(crate) fn all(
        cx: &Ctxt,
        named: &'a syn::FieldsNamed,
        struct_only: &[&str],
        rename_all: Option<attr::RenameRule>,
    ) -> Vec<Field<'a>> {
        named
            .named
            .iter()
            .map(|field| {
                let ident = field.ident.as_ref().expect("named field");
                attr::reject(
                    cx,
                    &field.attrs,
                    struct_only,
                    "belongs on the struct, not on a field",
                );
                let attrs = attr::Column::from_attrs(cx, &field.attrs);
                let column = match &attrs.name {
                    Some(name) => name.value.value(),
                    None => {
                        let field = ident.unraw().to_string();
                        match rename_all {
                            Some(rule) => rule.field(&field),
                            None => field,
                        }
                    }
                };
                Field {
                    ident,
                    vis: &field.vis,
                    ty: &field.ty,
                    attrs,
                    column,
                    comment: attr::doc_comment(&field.attrs),
                }
            })
            .collect()
    }
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
