//! `#[function(...)]`.

use super::allow::{allow, Allow};
use super::column::integer;
use super::{parse_attr, set, set_flag, skip_item, Item, Keyword, Set, Written};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use quote::ToTokens;
use syn::{Attribute, Expr, Ident, LitStr, Token};

keywords! {
    /// `language`: `schemata::Language`.
    Language, "language", case_sensitive = false, {
        "sql" => Sql,
        "plpgsql" => Plpgsql,
    }
}

keywords! {
    /// `volatility`: `schemata::Volatility`.
    Volatility, "volatility", case_sensitive = false, {
        "volatile" => Volatile,
        "stable" => Stable,
        "immutable" => Immutable,
    }
}

keywords! {
    /// `parallel`: `schemata::Parallel`.
    Parallel, "parallel", case_sensitive = false, {
        "unsafe" => Unsafe,
        "restricted" => Restricted,
        "safe" => Safe,
    }
}

impl_keyword!(Language, Volatility, Parallel);

/// All `#[function(...)]` attributes of a struct, merged.
#[derive(Default)]
pub(crate) struct Function {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    pub args: Option<Set<Vec<FunctionArg>>>,
    pub returns: Option<Set<ReturnType>>,
    pub language: Option<Set<Language>>,
    pub volatility: Option<Set<Volatility>>,
    pub strict: Option<Ident>,
    pub security_definer: Option<Ident>,
    pub leakproof: Option<Ident>,
    pub parallel: Option<Set<Parallel>>,
    pub cost: Option<Set<u32>>,
    pub rows: Option<Set<u32>>,
    pub search_path: Option<Set<LitStr>>,
    pub body: Option<Set<Expr>>,
    pub allows: Vec<Allow>,
    /// Every key written, malformed ones included, so a missing key is told from one
    /// that was written wrong (and reported already).
    pub written: Written,
}

/// One entry of `args(...)`: `name: Type`, `name: "sql type"`, `_: ...`, with an
/// optional `= "default"`.
pub(crate) struct FunctionArg {
    /// `None` for `_`, an unnamed argument.
    pub name: Option<Ident>,
    /// The name or `_` as written, for error spans.
    pub key: Ident,
    pub ty: ArgType,
    pub default: Option<LitStr>,
}

/// A type written in an attribute: a Rust type implementing `PgType`, or SQL text.
pub(crate) enum ArgType {
    Rust(Box<syn::Type>),
    Sql(LitStr),
}

/// `returns = "setof uuid"` or `returns = bool`.
pub(crate) enum ReturnType {
    Sql(LitStr),
    Rust(Box<syn::Type>),
}

const FUNCTION_KEYS: &[&str] = &[
    "name",
    "schema",
    "args",
    "returns",
    "language",
    "volatility",
    "strict",
    "security_definer",
    "leakproof",
    "parallel",
    "cost",
    "rows",
    "search_path",
    "body",
    "allow",
];

impl Function {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Function {
        let mut f = Function::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("function")) {
            let written = parse_attr(cx, attr, "#[function(...)]", |item| {
                match item.name.as_str() {
                    "name" => set(cx, &mut f.name, item, item.non_empty_string()?),
                    "schema" => set(cx, &mut f.schema, item, item.non_empty_string()?),
                    "args" => {
                        let args = function_args(cx, item)?;
                        set(cx, &mut f.args, item, args);
                    }
                    "returns" => set(cx, &mut f.returns, item, return_type(item)?),
                    "language" => set(cx, &mut f.language, item, item.keyword()?),
                    "volatility" => set(cx, &mut f.volatility, item, item.keyword()?),
                    "strict" => set_flag(cx, &mut f.strict, item)?,
                    "security_definer" => set_flag(cx, &mut f.security_definer, item)?,
                    "leakproof" => set_flag(cx, &mut f.leakproof, item)?,
                    "parallel" => set(cx, &mut f.parallel, item, item.keyword()?),
                    "cost" => set(cx, &mut f.cost, item, estimate(item)?),
                    "rows" => set(cx, &mut f.rows, item, estimate(item)?),
                    "search_path" => set(cx, &mut f.search_path, item, item.string()?),
                    "allow" => f.allows.extend(allow(cx, item)?),
                    "body" => set(cx, &mut f.body, item, item.expression()?),
                    _ => return Err(item.unknown(FUNCTION_KEYS)),
                }
                Ok(())
            });
            f.written.extend(written);
        }
        f
    }
}

/// `cost = 10`, `rows = 50`: a positive whole number, as Postgres requires.
fn estimate(item: &Item) -> syn::Result<u32> {
    let key = &item.key;
    let value = integer(item)?;
    u32::try_from(value).ok().filter(|v| *v > 0).ok_or_else(|| {
        syn::Error::new_spanned(
            key,
            format!("`{key}` must be a positive whole number, not {value}"),
        )
    })
}

/// `args(user_id: Uuid, role: "app_role" = "'user'", _: i32)`.
fn function_args(cx: &Ctxt, item: &Item) -> syn::Result<Vec<FunctionArg>> {
    const FORM: &str =
        "expected `name: Type`, `name: \"sql type\"` or `_: ...`, optionally followed by `= \"default\"`, as in `args(user_id: Uuid, limit: \"integer\" = \"10\")`";
    let mut args = Vec::new();
    item.list(cx, "args(...)", |inner| {
        if !inner.input.peek(Token![:]) {
            let tokens = skip_item(inner.input);
            let mut spanned = inner.key.to_token_stream();
            spanned.extend(tokens);
            return Err(syn::Error::new_spanned(spanned, FORM));
        }
        inner.input.parse::<Token![:]>()?;
        let ty = if inner.input.peek(LitStr) {
            let lit: LitStr = inner.input.parse()?;
            if lit.value().trim().is_empty() {
                return Err(syn::Error::new_spanned(lit, "the type cannot be empty"));
            }
            ArgType::Sql(lit)
        } else {
            match inner.input.parse::<syn::Type>() {
                Ok(ty) => ArgType::Rust(Box::new(ty)),
                Err(_) => {
                    let tokens = skip_item(inner.input);
                    return Err(syn::Error::new_spanned(tokens, FORM));
                }
            }
        };
        let default = if inner.input.peek(Token![=]) {
            inner.input.parse::<Token![=]>()?;
            if !inner.input.peek(LitStr) {
                let tokens = skip_item(inner.input);
                return Err(syn::Error::new_spanned(
                    tokens,
                    "expected the default as a SQL expression in a string: `= \"10\"`",
                ));
            }
            Some(inner.input.parse::<LitStr>()?)
        } else {
            None
        };
        if !inner.is_bare() {
            let tokens = skip_item(inner.input);
            return Err(syn::Error::new_spanned(tokens, FORM));
        }
        args.push(FunctionArg {
            name: (inner.name != "_").then(|| inner.key.clone()),
            key: inner.key.clone(),
            ty,
            default,
        });
        Ok(())
    })?;
    Ok(args)
}

/// `returns = "setof uuid"` or `returns = bool`.
fn return_type(item: &Item) -> syn::Result<ReturnType> {
    const FORM: &str = "expected `returns = \"sql type\"` (such as `\"boolean\"`, `\"setof uuid\"`, `\"table(day date, total bigint)\"`, `\"trigger\"`, `\"void\"`) or `returns = RustType`";
    if !item.input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(&item.key, FORM));
    }
    item.input.parse::<Token![=]>()?;
    if item.input.peek(LitStr) {
        let lit: LitStr = item.input.parse()?;
        if lit.value().trim().is_empty() {
            return Err(syn::Error::new_spanned(lit, "`returns` cannot be empty"));
        }
        return Ok(ReturnType::Sql(lit));
    }
    let fork = item.input.fork();
    match fork.parse::<syn::Type>() {
        Ok(_) if fork.is_empty() || fork.peek(Token![,]) => {
            Ok(ReturnType::Rust(Box::new(item.input.parse()?)))
        }
        _ => {
            let tokens = skip_item(item.input);
            Err(syn::Error::new_spanned(tokens, FORM))
        }
    }
}
