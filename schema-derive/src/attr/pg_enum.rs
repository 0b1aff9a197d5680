//! `#[pg_enum(...)]`, on the enum and on its variants.

use super::{parse_attr, set, RenameRule, Set};
use crate::ctxt::Ctxt;
use syn::{Attribute, LitStr};

/// All `#[pg_enum(...)]` attributes of an enum, merged.
#[derive(Default)]
pub(crate) struct Enum {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    pub rename_all: Option<Set<RenameRule>>,
    pub renamed_from: Option<Set<LitStr>>,
}

/// All `#[pg_enum(...)]` attributes of a variant, merged.
#[derive(Default)]
pub(crate) struct Variant {
    pub label: Option<Set<LitStr>>,
    pub renamed_from: Option<Set<LitStr>>,
}

const ENUM_KEYS: &[&str] = &["name", "schema", "rename_all", "renamed_from"];

const VARIANT_KEYS: &[&str] = &["label", "renamed_from"];

impl Enum {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Enum {
        let mut e = Enum::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("pg_enum")) {
            parse_attr(cx, attr, "#[pg_enum(...)]", |item| {
                match item.name.as_str() {
                    "name" => set(cx, &mut e.name, item, item.non_empty_string()?),
                    "schema" => set(cx, &mut e.schema, item, item.non_empty_string()?),
                    "rename_all" => set(cx, &mut e.rename_all, item, item.keyword()?),
                    "renamed_from" => {
                        set(cx, &mut e.renamed_from, item, item.non_empty_string()?)
                    }
                    "label" => {
                        return Err(syn::Error::new_spanned(
                            &item.key,
                            "`label` belongs on a variant, not on the enum: write `#[pg_enum(label = \"...\")]` above the variant",
                        ))
                    }
                    _ => return Err(item.unknown(ENUM_KEYS)),
                }
                Ok(())
            });
        }
        e
    }
}

impl Variant {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Variant {
        let mut v = Variant::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("pg_enum")) {
            parse_attr(cx, attr, "#[pg_enum(...)]", |item| {
                match item.name.as_str() {
                    "label" => set(cx, &mut v.label, item, item.non_empty_string()?),
                    "renamed_from" => set(cx, &mut v.renamed_from, item, item.non_empty_string()?),
                    _ => return Err(item.unknown(VARIANT_KEYS)),
                }
                Ok(())
            });
        }
        v
    }
}
