//! `#[column(...)]` on a field.

use super::constraint::{actions, reference, Actions, Reference};
use super::{parse_attr, set, set_flag, skip_item, Item, Keyword, Set};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use quote::ToTokens;
use syn::{token, Attribute, Ident, Lit, LitStr, Token};

keywords! {
    /// `identity = "..."`: `schemata::Identity`.
    Identity, "identity kind", case_sensitive = false, {
        "by default" | "by_default" => ByDefault,
        "always" => Always,
    }
}

impl_keyword!(Identity);

keywords! {
    /// `storage = "..."`: `schemata::Storage`.
    Storage, "storage", case_sensitive = false, {
        "plain" => Plain,
        "external" => External,
        "extended" => Extended,
        "main" => Main,
    }
}

keywords! {
    /// `compression = "..."`: `schemata::Compression`.
    Compression, "compression method", case_sensitive = false, {
        "pglz" => Pglz,
        "lz4" => Lz4,
    }
}

impl_keyword!(Storage, Compression);

/// All `#[column(...)]` attributes of a field, merged.
#[derive(Default)]
pub(crate) struct Column {
    /// Every key written, in order, for `skip`'s conflicts.
    pub keys: Vec<Ident>,
    pub name: Option<Set<LitStr>>,
    pub sql_type: Option<Set<LitStr>>,
    pub primary_key: Option<Ident>,
    pub unique: Option<Ident>,
    pub check: Option<Set<LitStr>>,
    pub default: Option<Set<LitStr>>,
    pub default_value: Option<Set<Literal>>,
    pub references: Option<Set<Reference>>,
    pub actions: Actions,
    pub identity: Option<Set<Identity>>,
    /// `identity(start = 1000, increment = 10, ...)`: the options given, by name.
    pub identity_options: Vec<(Ident, IdentityOption)>,
    pub generated: Option<Set<LitStr>>,
    /// `collate = "..."`: the column's collation.
    pub collate: Option<Set<LitStr>>,
    /// `storage = "external"`: `SET STORAGE`.
    pub storage: Option<Set<Storage>>,
    /// `compression = "lz4"`: `COMPRESSION`.
    pub compression: Option<Set<Compression>>,
    /// `statistics = 1000`: `SET STATISTICS`.
    pub statistics: Option<Set<i64>>,
    /// `n_distinct = -0.5`: `SET (n_distinct = ...)`, as written.
    pub n_distinct: Option<Set<String>>,
    /// `n_distinct_inherited = ...`, as written.
    pub n_distinct_inherited: Option<Set<String>>,
    pub renamed_from: Option<Set<LitStr>>,
    pub skip: Option<Ident>,
}

/// One option of `identity(...)`, as Postgres names it in `CREATE SEQUENCE`.
pub(crate) enum IdentityOption {
    Start(i64),
    Increment(i64),
    MinValue(i64),
    MaxValue(i64),
    Cache(i64),
    Cycle,
}

const IDENTITY_KEYS: &[&str] = &[
    "always",
    "by_default",
    "start",
    "increment",
    "min_value",
    "max_value",
    "cache",
    "cycle",
];

/// `default_value = ...`.
pub(crate) enum Literal {
    Text(String),
    /// Digits as written, with their sign.
    Number(String),
    Boolean(bool),
}

const COLUMN_KEYS: &[&str] = &[
    "name",
    "sql_type",
    "primary_key",
    "unique",
    "check",
    "default",
    "default_value",
    "references",
    "on_delete",
    "on_update",
    "deferrable",
    "initially_deferred",
    "match_full",
    "identity",
    "generated",
    "collate",
    "storage",
    "compression",
    "statistics",
    "n_distinct",
    "n_distinct_inherited",
    "renamed_from",
    "skip",
];

impl Column {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Column {
        let mut c = Column::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("column")) {
            parse_attr(cx, attr, "#[column(...)]", |item| {
                c.keys.push(item.key.clone());
                match item.name.as_str() {
                    "name" => set(cx, &mut c.name, item, item.non_empty_string()?),
                    "sql_type" => set(cx, &mut c.sql_type, item, item.non_empty_string()?),
                    "collate" => set(cx, &mut c.collate, item, item.non_empty_string()?),
                    "storage" => set(cx, &mut c.storage, item, item.keyword::<Storage>()?),
                    "compression" => {
                        set(cx, &mut c.compression, item, item.keyword::<Compression>()?)
                    }
                    "statistics" => set(cx, &mut c.statistics, item, integer(item)?),
                    "n_distinct" => set(cx, &mut c.n_distinct, item, number(item)?),
                    "n_distinct_inherited" => {
                        set(cx, &mut c.n_distinct_inherited, item, number(item)?)
                    }
                    "primary_key" => set_flag(cx, &mut c.primary_key, item)?,
                    "unique" => set_flag(cx, &mut c.unique, item)?,
                    "check" => set(cx, &mut c.check, item, item.non_empty_string()?),
                    "default" => set(cx, &mut c.default, item, item.non_empty_string()?),
                    "default_value" => set(cx, &mut c.default_value, item, literal(item)?),
                    "references" => set(cx, &mut c.references, item, reference(item)?),
                    "identity" => {
                        let kind = if item.input.peek(Token![=]) {
                            item.keyword::<Identity>()?
                        } else if item.input.peek(token::Paren) {
                            identity_list(cx, item, &mut c.identity_options)?
                        } else {
                            item.flag()?;
                            Identity::ByDefault
                        };
                        set(cx, &mut c.identity, item, kind);
                    }
                    "generated" => set(cx, &mut c.generated, item, item.non_empty_string()?),
                    "renamed_from" => set(cx, &mut c.renamed_from, item, item.non_empty_string()?),
                    "skip" => set_flag(cx, &mut c.skip, item)?,
                    _ => {
                        if !actions(cx, &mut c.actions, item)? {
                            c.keys.pop();
                            return Err(item.unknown(COLUMN_KEYS));
                        }
                    }
                }
                Ok(())
            });
        }
        c
    }
}

/// `identity(always, start = 1000, increment = 10, min_value = 1, max_value = 9999,
/// cache = 20, cycle)`: the kind (by default unless `always`) and the sequence's options.
fn identity_list(
    cx: &Ctxt,
    item: &Item,
    options: &mut Vec<(Ident, IdentityOption)>,
) -> syn::Result<Identity> {
    let mut kind = None;
    item.list(cx, "#[column(identity(...))]", |inner| {
        let option = match inner.name.as_str() {
            "always" | "by_default" => {
                inner.flag()?;
                if kind.is_some() {
                    return Err(syn::Error::new_spanned(
                        &inner.key,
                        "`identity(...)` takes one of `always` and `by_default`",
                    ));
                }
                kind = Some(match inner.name.as_str() {
                    "always" => Identity::Always,
                    _ => Identity::ByDefault,
                });
                return Ok(());
            }
            "start" => IdentityOption::Start(integer(inner)?),
            "increment" => IdentityOption::Increment(integer(inner)?),
            "min_value" => IdentityOption::MinValue(integer(inner)?),
            "max_value" => IdentityOption::MaxValue(integer(inner)?),
            "cache" => IdentityOption::Cache(integer(inner)?),
            "cycle" => {
                inner.flag()?;
                IdentityOption::Cycle
            }
            _ => return Err(inner.unknown(IDENTITY_KEYS)),
        };
        if options.iter().any(|(key, _)| *key == inner.key) {
            return Err(syn::Error::new_spanned(&inner.key, inner.duplicate()));
        }
        options.push((inner.key.clone(), option));
        Ok(())
    })?;
    Ok(kind.unwrap_or(Identity::ByDefault))
}

/// `key = 42` or `key = -42`, an `i64`.
pub(super) fn integer(item: &Item) -> syn::Result<i64> {
    let expected = format!("expected an integer: `{} = 100`", item.name);
    if !item.input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(&item.key, expected));
    }
    item.input.parse::<Token![=]>()?;
    let negative = item.input.parse::<Option<Token![-]>>()?.is_some();
    let value = match item.input.parse::<syn::LitInt>() {
        Ok(lit) => lit,
        Err(_) => {
            let tokens = skip_item(item.input);
            return Err(syn::Error::new_spanned(tokens, expected));
        }
    };
    let digits = signed(negative, value.base10_digits());
    digits.parse::<i64>().map_err(|_| {
        syn::Error::new_spanned(&value, format!("`{digits}` does not fit in a bigint"))
    })
}

/// `key = 0.5` or `key = -1`: a number, its digits as written.
fn number(item: &Item) -> syn::Result<String> {
    let expected = format!(
        "expected a number: `{} = -0.5` or `{} = 1000`",
        item.name, item.name
    );
    if !item.input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(&item.key, expected));
    }
    item.input.parse::<Token![=]>()?;
    let negative = item.input.parse::<Option<Token![-]>>()?.is_some();
    let digits = match item.input.parse::<Lit>() {
        Ok(Lit::Int(i)) => i.base10_digits().to_string(),
        Ok(Lit::Float(f)) => f.base10_digits().to_string(),
        Ok(other) => return Err(syn::Error::new_spanned(other, expected)),
        Err(_) => {
            let tokens = skip_item(item.input);
            return Err(syn::Error::new_spanned(tokens, expected));
        }
    };
    Ok(signed(negative, &digits))
}

/// `default_value = "text" | 42 | -1.5 | true`.
pub(super) fn literal(item: &Item) -> syn::Result<Literal> {
    const EXPECTED: &str =
        "expected a string, number or boolean literal: `default_value = \"draft\"`, `default_value = 0` or `default_value = false`";
    if !item.input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(&item.key, EXPECTED));
    }
    item.input.parse::<Token![=]>()?;
    let negative = item.input.peek(Token![-]);
    let minus = if negative {
        Some(item.input.parse::<Token![-]>()?)
    } else {
        None
    };
    let lit = if item.input.peek(Lit) {
        Some(item.input.parse::<Lit>()?)
    } else {
        None
    };
    let value = match (&lit, negative) {
        (Some(Lit::Str(s)), false) => Some(Literal::Text(s.value())),
        (Some(Lit::Bool(b)), false) => Some(Literal::Boolean(b.value())),
        (Some(Lit::Int(i)), _) => Some(Literal::Number(signed(negative, i.base10_digits()))),
        (Some(Lit::Float(f)), _) => Some(Literal::Number(signed(negative, f.base10_digits()))),
        _ => None,
    };
    match value {
        Some(value) if item.is_bare() => Ok(value),
        _ => {
            let mut tokens = minus.map(|m| m.to_token_stream()).unwrap_or_default();
            tokens.extend(lit.map(|l| l.to_token_stream()));
            tokens.extend(skip_item(item.input));
            Err(syn::Error::new_spanned(tokens, EXPECTED))
        }
    }
}

fn signed(negative: bool, digits: &str) -> String {
    if negative {
        format!("-{digits}")
    } else {
        digits.to_string()
    }
}
