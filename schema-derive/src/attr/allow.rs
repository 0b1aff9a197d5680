//! `allow(lint, reason = "...")` in `#[table(...)]`, `#[policy(...)]` and
//! `#[function(...)]`: a lint the object keeps on purpose, with the reason beside it.

use super::{set, Item, Set};
use crate::ctxt::Ctxt;
use syn::{Ident, LitStr};

/// One `allow(...)`.
pub(crate) struct Allow {
    /// The lint's name as Supabase spells it: `unindexed_foreign_keys`.
    pub lint: Ident,
    pub reason: LitStr,
}

const ALLOW_KEYS: &[&str] = &["reason"];

const EXAMPLE: &str = "allow(unindexed_foreign_keys, reason = \"...\")";

/// `allow(lint, reason = "...")`; `None` after reporting a malformed entry inside.
pub(super) fn allow(cx: &Ctxt, item: &Item) -> syn::Result<Option<Allow>> {
    let mut lint: Option<Ident> = None;
    let mut reason: Option<Set<LitStr>> = None;
    let written = item.list(cx, "allow(lint, reason = \"...\")", |inner| {
        if inner.is_bare() && inner.name != "reason" {
            if lint.is_some() {
                cx.error_spanned_by(
                    &inner.key,
                    format!("`allow(...)` names one lint; write one `{EXAMPLE}` per lint"),
                );
                return Ok(());
            }
            lint = Some(inner.key.clone());
            return Ok(());
        }
        match inner.name.as_str() {
            "reason" => set(cx, &mut reason, inner, inner.non_empty_string()?),
            _ => return Err(inner.unknown(ALLOW_KEYS)),
        }
        Ok(())
    })?;
    let Some(lint) = lint else {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("`allow(...)` names no lint; write `{EXAMPLE}`"),
        ));
    };
    if !written.iter().any(|k| k == "reason") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!(
                "missing `reason = \"...\"` in `allow({lint})`: say why the finding is intended, as in `{EXAMPLE}`"
            ),
        ));
    }
    // Written but malformed (and reported): `None`.
    Ok(reason.map(|reason| Allow {
        lint,
        reason: reason.value,
    }))
}
