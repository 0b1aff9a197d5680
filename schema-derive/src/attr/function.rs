//! `#[function(...)]`.

use super::allow::{allow, Allow};
use super::column::integer;
use super::{parse_attr, set, set_flag, skip_item, Item, Keyword, Set, Written};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
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
    /// `procedure`: `CREATE PROCEDURE` instead of `CREATE FUNCTION`.
    pub procedure: Option<Ident>,
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
/// optional `= "default"`, and optionally `out`, `inout` or `variadic` before the name.
pub(crate) struct FunctionArg {
    /// `out`, `inout` or `variadic` as written; `None` for an input argument.
    pub mode: Option<(ArgMode, Ident)>,
    /// `None` for `_`, an unnamed argument.
    pub name: Option<Ident>,
    /// The name or `_` as written, for error spans.
    pub key: Ident,
    pub ty: ArgType,
    pub default: Option<LitStr>,
}

/// How an argument passes a value, written before its name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgMode {
    Out,
    InOut,
    Variadic,
}

impl ArgMode {
    /// The variant of `schemata::ArgumentMode`.
    pub(crate) fn variant(self) -> Ident {
        let name = match self {
            ArgMode::Out => "Out",
            ArgMode::InOut => "InOut",
            ArgMode::Variadic => "Variadic",
        };
        Ident::new(name, Span::call_site())
    }
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
    "procedure",
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
                    "procedure" => set_flag(cx, &mut f.procedure, item)?,
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

/// `args(user_id: Uuid, role: "app_role" = "'user'", _: i32, out total: i64)`.
fn function_args(cx: &Ctxt, item: &Item) -> syn::Result<Vec<FunctionArg>> {
    const FORM: &str =
        "expected `name: Type`, `name: \"sql type\"` or `_: ...`, optionally preceded by `out`, `inout` or `variadic` and followed by `= \"default\"`, as in `args(user_id: Uuid, limit: \"integer\" = \"10\", out total: i64)`";
    let mut args = Vec::new();
    item.list(cx, "args(...)", |inner| {
        // `out total: i64`: a mode, then the name (an argument named `out` is `out: i64`).
        let mode = match inner.name.as_str() {
            "out" => Some(ArgMode::Out),
            "inout" => Some(ArgMode::InOut),
            "variadic" => Some(ArgMode::Variadic),
            _ => None,
        }
        .filter(|_| inner.input.peek(Ident::peek_any));
        let (mode, key) = match mode {
            Some(mode) => {
                let key = Ident::parse_any(inner.input)?;
                (Some((mode, inner.key.clone())), key)
            }
            None => (None, inner.key.clone()),
        };
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
            mode,
            name: (key != "_").then(|| key.clone()),
            key,
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
