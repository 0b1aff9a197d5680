//! The model of a derive input: the struct or enum with its parsed attributes and the
//! database names they resolve to, keeping references to the original tokens for spans.
//! Building it checks the input's shape; `check.rs` then checks the rules between parts.

use crate::attr;
use crate::ctxt::Ctxt;
use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Type, Visibility};

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

/// A field of a `#[derive(Table)]` struct.
pub(crate) struct Field<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub ty: &'a Type,
    pub attrs: attr::Column,
    /// The column name (`#[column(name)]` or the field's name).
    pub column: String,
    pub comment: Option<String>,
}

/// A `#[derive(PgEnum)]` enum.
pub(crate) struct Enum<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Enum,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub variants: Vec<Variant<'a>>,
}

/// A variant of a `#[derive(PgEnum)]` enum.
pub(crate) struct Variant<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Variant,
    /// The label stored in the database.
    pub label: String,
    pub comment: Option<String>,
}

pub(crate) const DEFAULT_SCHEMA: &str = "public";

#[path = "ast_objects.rs"]
mod objects;
pub(crate) use objects::*;

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
        let fields = Field::all(cx, named, &["table", "index", "policy", "trigger"]);
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

impl<'a> Enum<'a> {
    /// `None` when the input is not an enum (reported).
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Enum<'a>> {
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error_spanned_by(
                    data.struct_token,
                    "`#[derive(PgEnum)]` needs an enum whose variants are the values; for a table, derive `Table`",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`#[derive(PgEnum)]` needs an enum, not a union",
                );
                return None;
            }
        };
        reject_generics(
            cx,
            &input.generics,
            "PgEnum",
            "a Postgres enum type has one fixed set of values",
        );
        if data.variants.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "enum `{}` has no variants; a Postgres enum type needs at least one value",
                    input.ident
                ),
            );
        }

        let attrs = attr::Enum::from_attrs(cx, &input.attrs);
        let rule = attrs.rename_all.as_ref().map(|r| r.value);
        let variants = data
            .variants
            .iter()
            .map(|variant| {
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(
                        &variant.fields,
                        format!(
                            "variant `{}` carries data; a Postgres enum value is a bare label, so `#[derive(PgEnum)]` needs unit variants",
                            variant.ident
                        ),
                    );
                }
                let attrs = attr::Variant::from_attrs(cx, &variant.attrs);
                let label = match &attrs.label {
                    Some(label) => label.value.value(),
                    None => rename(&variant.ident.unraw().to_string(), rule),
                };
                Variant {
                    ident: &variant.ident,
                    attrs,
                    label,
                    comment: attr::doc_comment(&variant.attrs),
                }
            })
            .collect();
        let (schema, name) = object_name(&input.ident, &attrs.name, &attrs.schema);
        Some(Enum {
            ident: &input.ident,
            attrs,
            schema,
            name,
            comment: attr::doc_comment(&input.attrs),
            variants,
        })
    }
}

/// The label of a variant under `rename_all` (`snake_case` when none is given).
fn rename(variant: &str, rule: Option<attr::RenameRule>) -> String {
    use attr::RenameRule::*;
    match rule.unwrap_or(SnakeCase) {
        SnakeCase => variant.to_snake_case(),
        LowerCase => variant.to_lowercase(),
        UpperCase => variant.to_uppercase(),
        ScreamingSnakeCase => variant.to_shouty_snake_case(),
        KebabCase => variant.to_kebab_case(),
        CamelCase => variant.to_lower_camel_case(),
        PascalCase => variant.to_upper_camel_case(),
    }
}

fn reject_generics(cx: &Ctxt, generics: &Generics, derive: &str, why: &str) {
    let message = format!("`#[derive({derive})]` does not support generic parameters: {why}");
    if !generics.params.is_empty() {
        cx.error_spanned_by(generics, message);
    } else if let Some(where_clause) = &generics.where_clause {
        cx.error_spanned_by(where_clause, message);
    }
}

/// The schema and name of a derived object: as given in its attribute, or `public` and the
/// snake_case of the Rust type's name.
pub(crate) fn object_name(
    ident: &Ident,
    name: &Option<attr::Set<syn::LitStr>>,
    schema: &Option<attr::Set<syn::LitStr>>,
) -> (String, String) {
    let name = match name {
        Some(name) => name.value.value(),
        None => ident.unraw().to_string().to_snake_case(),
    };
    let schema = match schema {
        Some(schema) => schema.value.value(),
        None => DEFAULT_SCHEMA.to_string(),
    };
    (schema, name)
}

impl<'a> Field<'a> {
    /// The columns of a struct: each named field with its `#[column(...)]` settings.
    /// `struct_only` lists the attributes that belong on the struct, reported on a field.
    pub(crate) fn all(
        cx: &Ctxt,
        named: &'a syn::FieldsNamed,
        struct_only: &[&str],
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
                    None => ident.unraw().to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use attr::RenameRule::*;

    #[test]
    fn rename_rules_follow_serde() {
        let cases = [
            (None, "in_progress"),
            (Some(SnakeCase), "in_progress"),
            (Some(LowerCase), "inprogress"),
            (Some(UpperCase), "INPROGRESS"),
            (Some(ScreamingSnakeCase), "IN_PROGRESS"),
            (Some(KebabCase), "in-progress"),
            (Some(CamelCase), "inProgress"),
            (Some(PascalCase), "InProgress"),
        ];
        for (rule, label) in cases {
            assert_eq!(rename("InProgress", rule), label, "{rule:?}");
        }
    }
}
