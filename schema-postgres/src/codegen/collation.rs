//! A collation as `CollationDef::icu(..)` or `CollationDef::libc(..)`.

use super::lit;
use super::names::name_text;
use schema_core::{CollationDef, CollationProvider};

/// Whether the builder can name it.
pub(crate) fn supported(def: &CollationDef) -> bool {
    name_text(&def.name).is_some()
}

/// The builder expression for `def`.
pub(crate) fn expr(def: &CollationDef) -> String {
    let name = name_text(&def.name).expect("supported");
    let constructor = match def.provider {
        CollationProvider::Icu => "icu",
        CollationProvider::Libc => "libc",
    };
    let mut text = format!(
        "CollationDef::{constructor}({}, {})",
        lit(&name),
        lit(&def.locale)
    );
    if let Some(lc_ctype) = &def.lc_ctype {
        text.push_str(&format!(".lc_ctype({})", lit(lc_ctype)));
    }
    if !def.deterministic {
        text.push_str(".nondeterministic()");
    }
    if let Some(comment) = &def.comment {
        text.push_str(&format!(".comment({})", lit(comment)));
    }
    text
}
