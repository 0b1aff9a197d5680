//! `#[index(...)]`, on tables and materialized views.

use super::{parse_attr, parse_items, set, set_flag, skip_item, within, Item, Set};
use crate::ctxt::Ctxt;
use syn::{token, Attribute, Ident, LitStr, Token};

/// One `#[index(...)]` attribute.
pub(crate) struct Index {
    pub name: Option<Set<LitStr>>,
    pub unique: Option<Ident>,
    /// `nulls_not_distinct`: NULLs conflict in a unique index (Postgres 15).
    pub nulls_not_distinct: Option<Ident>,
    /// The access method's SQL name, checked to be one word.
    pub method: Option<Set<LitStr>>,
    pub keys: Vec<IndexKey>,
    pub include: Vec<Ident>,
    pub predicate: Option<Set<LitStr>>,
    pub comment: Option<Set<LitStr>>,
}

/// One key of `on(...)`.
pub(crate) struct IndexKey {
    pub target: IndexTarget,
    /// `Some(true)` for `desc`, `Some(false)` for `asc`.
    pub descending: Option<bool>,
    /// `Some(true)` for `nulls_first`, `Some(false)` for `nulls_last`.
    pub nulls_first: Option<bool>,
    pub opclass: Option<LitStr>,
}

pub(crate) enum IndexTarget {
    Field(Ident),
    Expression(LitStr),
}

const INDEX_KEYS: &[&str] = &[
    "on",
    "name",
    "unique",
    "nulls_not_distinct",
    "method",
    "include",
    "where",
    "comment",
];

const INDEX_KEY_MODIFIERS: &[&str] = &["asc", "desc", "nulls_first", "nulls_last", "opclass"];

/// `method = "..."`: a built-in access method (`btree`, `hash`, `gist`, `spgist`, `gin`,
/// `brin`) or one an extension provides (`hnsw`, `bloom`), as one word.
fn index_method(item: &Item) -> syn::Result<LitStr> {
    let lit = item.non_empty_string()?;
    let name = lit.value().to_ascii_lowercase();
    let mut chars = name.chars();
    let word = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !word {
        return Err(syn::Error::new_spanned(
            &lit,
            format!(
                "index method `{}` is not one word; use a built-in one (`btree`, `hash`, `gist`, `spgist`, `gin`, `brin`) or the name of one an extension provides, such as `hnsw` or `bloom`",
                lit.value()
            ),
        ));
    }
    Ok(LitStr::new(&name, lit.span()))
}

/// Every `#[index(...)]` attribute, one index each.
pub(crate) fn indexes(cx: &Ctxt, attrs: &[Attribute]) -> Vec<Index> {
    let mut indexes = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("index")) {
        let mut name = None;
        let mut unique = None;
        let mut nulls_not_distinct: Option<Ident> = None;
        let mut method = None;
        let mut on: Option<Set<Vec<IndexKey>>> = None;
        let mut include: Option<Set<Vec<Ident>>> = None;
        let mut predicate = None;
        let mut comment = None;
        let written = parse_attr(cx, attr, "#[index(...)]", |item| {
            match item.name.as_str() {
                "name" => set(cx, &mut name, item, item.non_empty_string()?),
                "unique" => set_flag(cx, &mut unique, item)?,
                "nulls_not_distinct" => set_flag(cx, &mut nulls_not_distinct, item)?,
                "method" => set(cx, &mut method, item, index_method(item)?),
                "on" => {
                    let keys = index_keys(cx, item)?;
                    set(cx, &mut on, item, keys);
                }
                "include" => {
                    let fields = item.fields(cx)?;
                    set(cx, &mut include, item, fields);
                }
                "where" => set(cx, &mut predicate, item, item.non_empty_string()?),
                "comment" => set(cx, &mut comment, item, item.string()?),
                _ => return Err(item.unknown(INDEX_KEYS)),
            }
            Ok(())
        });
        let Some(on) = on else {
            if written.iter().any(|k| k == "on") {
                continue; // Malformed, and reported.
            }
            cx.error_spanned_by(
                attr.path(),
                "missing `on(...)` in `#[index(...)]`: name the indexed fields, as in `#[index(on(user_id, created_at(desc)))]`",
            );
            continue;
        };
        if let (Some(key), None) = (&nulls_not_distinct, &unique) {
            cx.error_spanned_by(
                key,
                "`nulls_not_distinct` is for unique indexes; add `unique`",
            );
        }
        indexes.push(Index {
            name,
            unique,
            nulls_not_distinct,
            method,
            keys: on.value,
            include: include.map(|s| s.value).unwrap_or_default(),
            predicate,
            comment,
        });
    }
    indexes
}

/// `on(field, field(desc, nulls_last), expr("lower(email)", opclass = "..."))`.
fn index_keys(cx: &Ctxt, item: &Item) -> syn::Result<Vec<IndexKey>> {
    let mut keys = Vec::new();
    let written = item.list(cx, "on(...)", |inner| {
        let is_expression = inner.name == "expr" && inner.input.peek(token::Paren);
        if is_expression {
            let content;
            syn::parenthesized!(content in inner.input);
            let key = within(&content, |content| {
                if !content.peek(LitStr) {
                    let tokens = skip_item(content);
                    return Err(syn::Error::new_spanned(
                        tokens,
                        "expected the expression as a string: `expr(\"lower(email)\")`",
                    ));
                }
                let mut key = IndexKey {
                    target: IndexTarget::Expression(content.parse()?),
                    descending: None,
                    nulls_first: None,
                    opclass: None,
                };
                if !content.is_empty() {
                    content.parse::<Token![,]>()?;
                    parse_items(cx, "expr(...)", content, |m| key_modifier(cx, &mut key, m));
                }
                Ok(key)
            })?;
            keys.push(key);
        } else {
            let mut key = IndexKey {
                target: IndexTarget::Field(inner.key.clone()),
                descending: None,
                nulls_first: None,
                opclass: None,
            };
            if inner.input.peek(token::Paren) {
                let context = format!("{}(...)", inner.name);
                inner.list(cx, &context, |m| key_modifier(cx, &mut key, m))?;
            } else if !inner.is_bare() {
                let tokens = skip_item(inner.input);
                return Err(syn::Error::new_spanned(
                    tokens,
                    "expected a field, `field(desc, ...)` or `expr(\"...\")`",
                ));
            }
            keys.push(key);
        }
        Ok(())
    })?;
    if written.is_empty() {
        return Err(syn::Error::new_spanned(
            &item.key,
            "`on()` is empty: name at least one field or `expr(\"...\")`, as in `on(user_id, created_at(desc))`",
        ));
    }
    Ok(keys)
}

fn key_modifier(cx: &Ctxt, key: &mut IndexKey, item: &Item) -> syn::Result<()> {
    match item.name.as_str() {
        "asc" | "desc" => {
            item.flag()?;
            if key.descending.is_some() {
                cx.error_spanned_by(
                    &item.key,
                    "the direction is already set; write one of `asc`, `desc`",
                );
            }
            key.descending = Some(item.name == "desc");
        }
        "nulls_first" | "nulls_last" => {
            item.flag()?;
            if key.nulls_first.is_some() {
                cx.error_spanned_by(
                    &item.key,
                    "the nulls order is already set; write one of `nulls_first`, `nulls_last`",
                );
            }
            key.nulls_first = Some(item.name == "nulls_first");
        }
        "opclass" => {
            let opclass = item.non_empty_string()?;
            if key.opclass.is_some() {
                cx.error_spanned_by(&item.key, item.duplicate());
            }
            key.opclass = Some(opclass);
        }
        _ => return Err(item.unknown(INDEX_KEY_MODIFIERS)),
    }
    Ok(())
}
