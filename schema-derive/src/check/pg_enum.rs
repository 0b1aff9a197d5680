//! Rules of `#[derive(PgEnum)]`.

use crate::ast::Enum;
use crate::ctxt::Ctxt;
use std::collections::BTreeMap;
use syn::Ident;

pub(crate) fn pg_enum(cx: &Ctxt, def: &Enum) {
    let mut seen: BTreeMap<&str, &Ident> = BTreeMap::new();
    for variant in &def.variants {
        if let Some(first) = seen.get(variant.label.as_str()) {
            let message = format!(
                "label `{}` is already used by variant `{first}`; give one of them another `#[pg_enum(label = \"...\")]`",
                variant.label
            );
            match &variant.attrs.label {
                Some(label) => cx.error_spanned_by(&label.value, message),
                None => cx.error_spanned_by(variant.ident, message),
            }
        } else {
            seen.insert(&variant.label, variant.ident);
        }
    }
}
