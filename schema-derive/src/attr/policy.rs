//! `#[policy(...)]`: a row-level security policy of a table.

use super::allow::{allow, Allow};
use super::{parse_attr, set, set_flag, within, Item, Keyword, Set};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{token, Attribute, Ident, LitStr, Token};

keywords! {
    /// `command`: `schemata::PolicyCommand`.
    PolicyCommand, "policy command", case_sensitive = false, {
        "all" => All,
        "select" => Select,
        "insert" => Insert,
        "update" => Update,
        "delete" => Delete,
    }
}

impl_keyword!(PolicyCommand);

/// One `#[policy(...)]` attribute.
pub(crate) struct Policy {
    /// The attribute's path, where errors about the policy as a whole point.
    pub attr: Ident,
    pub name: LitStr,
    pub command: Option<Set<PolicyCommand>>,
    pub roles: Vec<String>,
    pub using: Option<Set<LitStr>>,
    pub with_check: Option<Set<LitStr>>,
    pub restrictive: Option<Ident>,
    pub allows: Vec<Allow>,
    /// `comment = "..."`: `COMMENT ON POLICY`.
    pub comment: Option<Set<LitStr>>,
}

const POLICY_KEYS: &[&str] = &[
    "name",
    "command",
    "roles",
    "using",
    "with_check",
    "restrictive",
    "allow",
    "comment",
];

/// Every `#[policy(...)]` attribute, one policy each.
pub(crate) fn policies(cx: &Ctxt, attrs: &[Attribute]) -> Vec<Policy> {
    let mut policies = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("policy")) {
        let mut name: Option<Set<LitStr>> = None;
        let mut command = None;
        let mut roles: Option<Set<Vec<String>>> = None;
        let mut using = None;
        let mut with_check = None;
        let mut restrictive = None;
        let mut allows = Vec::new();
        let mut comment = None;
        let written = parse_attr(cx, attr, "#[policy(...)]", |item| {
            match item.name.as_str() {
                "name" => set(cx, &mut name, item, item.non_empty_string()?),
                "command" => set(cx, &mut command, item, item.keyword::<PolicyCommand>()?),
                "roles" => {
                    let list = role_list(item)?;
                    set(cx, &mut roles, item, list);
                }
                "using" => set(cx, &mut using, item, item.non_empty_string()?),
                "with_check" => set(cx, &mut with_check, item, item.non_empty_string()?),
                "restrictive" => set_flag(cx, &mut restrictive, item)?,
                "allow" => allows.extend(allow(cx, item)?),
                "comment" => set(cx, &mut comment, item, item.non_empty_string()?),
                _ => return Err(item.unknown(POLICY_KEYS)),
            }
            Ok(())
        });
        let attr_ident = attr.path().segments[0].ident.clone();
        let Some(name) = name else {
            if written.iter().any(|k| k == "name") {
                continue; // Malformed, and reported.
            }
            cx.error_spanned_by(
                attr.path(),
                "missing `name = \"...\"` in `#[policy(...)]`: every policy needs a name, unique in its table",
            );
            continue;
        };
        policies.push(Policy {
            attr: attr_ident,
            name: name.value,
            command,
            roles: roles.map(|s| s.value).unwrap_or_default(),
            using,
            with_check,
            restrictive,
            allows,
            comment,
        });
    }
    policies
}

/// `roles(authenticated, "service_role")`.
fn role_list(item: &Item) -> syn::Result<Vec<String>> {
    if !item.input.peek(token::Paren) {
        return Err(syn::Error::new_spanned(
            &item.key,
            "expected `roles(role, ...)`, as in `roles(authenticated, \"service_role\")`",
        ));
    }
    let content;
    syn::parenthesized!(content in item.input);
    let roles = within(&content, role_names)?;
    if roles.is_empty() {
        return Err(syn::Error::new_spanned(
            &item.key,
            "`roles()` names no role; leave `roles` out to apply the policy to everyone (`PUBLIC`)",
        ));
    }
    Ok(roles)
}

fn role_names(content: ParseStream) -> syn::Result<Vec<String>> {
    let mut roles = Vec::new();
    while !content.is_empty() {
        if content.peek(LitStr) {
            let role: LitStr = content.parse()?;
            if role.value().is_empty() {
                return Err(syn::Error::new_spanned(role, "a role name cannot be empty"));
            }
            roles.push(role.value());
        } else if content.peek(Ident::peek_any) {
            roles.push(content.call(Ident::parse_any)?.unraw().to_string());
        } else {
            return Err(
                content.error("expected a role name: `authenticated` or `\"service_role\"`")
            );
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(roles)
}
