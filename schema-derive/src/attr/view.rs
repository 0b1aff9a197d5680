//! `#[view(...)]`.

use super::{parse_attr, set, set_flag, Keyword, Set, Written};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::{Attribute, Expr, Ident, LitStr};

/// All `#[view(...)]` attributes of a struct, merged.
#[derive(Default)]
pub(crate) struct View {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    pub sql: Option<Set<Expr>>,
    pub materialized: Option<Ident>,
    pub security_invoker: Option<Ident>,
    pub security_barrier: Option<Ident>,
    pub check_option: Option<Set<CheckOption>>,
    /// Every key written; see [`Function::written`].
    pub written: Written,
}

const VIEW_KEYS: &[&str] = &[
    "name",
    "schema",
    "sql",
    "materialized",
    "security_invoker",
    "security_barrier",
    "check_option",
];

keywords! {
    /// `check_option`: `schemata::CheckOption`.
    CheckOption, "check_option", case_sensitive = false, {
        "local" => Local,
        "cascaded" => Cascaded,
    }
}

impl_keyword!(CheckOption);

impl View {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> View {
        let mut v = View::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("view")) {
            let written = parse_attr(cx, attr, "#[view(...)]", |item| {
                match item.name.as_str() {
                    "name" => set(cx, &mut v.name, item, item.non_empty_string()?),
                    "schema" => set(cx, &mut v.schema, item, item.non_empty_string()?),
                    "sql" => set(cx, &mut v.sql, item, item.expression()?),
                    "materialized" => set_flag(cx, &mut v.materialized, item)?,
                    "security_invoker" => set_flag(cx, &mut v.security_invoker, item)?,
                    "security_barrier" => set_flag(cx, &mut v.security_barrier, item)?,
                    "check_option" => set(cx, &mut v.check_option, item, item.keyword()?),
                    _ => return Err(item.unknown(VIEW_KEYS)),
                }
                Ok(())
            });
            v.written.extend(written);
        }
        v
    }
}
