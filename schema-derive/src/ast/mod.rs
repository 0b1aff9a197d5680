//! The model of a derive input: the struct or enum with its parsed attributes and the
//! database names they resolve to, keeping references to the original tokens for spans.
//! Building it checks the input's shape; `check` then checks the rules between parts.

mod column;
mod function;
mod pg_enum;
mod table;
mod view;

pub(crate) use column::{Columns, Field};
pub(crate) use function::Function;
pub(crate) use pg_enum::Enum;
pub(crate) use table::Table;
pub(crate) use view::View;

use crate::attr;
use crate::ctxt::Ctxt;
use heck::ToSnakeCase;
use syn::ext::IdentExt;
use syn::{Generics, Ident};

const DEFAULT_SCHEMA: &str = "public";

pub(super) fn reject_generics(cx: &Ctxt, generics: &Generics, derive: &str, why: &str) {
    let message = format!("`#[derive({derive})]` does not support generic parameters: {why}");
    if !generics.params.is_empty() {
        cx.error_spanned_by(generics, message);
    } else if let Some(where_clause) = &generics.where_clause {
        cx.error_spanned_by(where_clause, message);
    }
}

/// The schema and name of a derived object: as given in its attribute, or `public` and the
/// snake_case of the Rust type's name.
pub(super) fn object_name(
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
