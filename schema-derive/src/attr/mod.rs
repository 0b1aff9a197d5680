//! Attribute syntax: `#[table(...)]`, `#[index(...)]`, `#[policy(...)]`, `#[column(...)]`
//! and `#[pg_enum(...)]` parsed into plain values that keep their tokens for error spans.
//!
//! Only the syntax of each attribute is checked here (unknown, duplicate, malformed and
//! missing keys, unknown keyword values); rules between keys and between fields live in
//! `check`. A bad entry is reported and skipped, and parsing goes on with the next one,
//! so every mistake in an attribute list is reported at once.
//!
//! This module holds what every attribute shares: the list-of-keys parser and the keyword
//! enums' machinery. Each attribute (or object kind) parses in its own child module.

use crate::ctxt::Ctxt;
use proc_macro2::{TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{token, Attribute, Expr, Ident, Lit, LitStr, Meta, Token};

/// A key written with a value: the key's token for errors, and the parsed value.
pub(crate) struct Set<T> {
    pub key: Ident,
    pub value: T,
}

/// Declares an enum of keyword values written as strings in attributes, such as
/// `on_delete = "cascade"`. The first spelling of each variant is the canonical one,
/// listed in error messages; the others are accepted aliases.
macro_rules! keywords {
    ($(#[$doc:meta])* $name:ident, $what:literal, case_sensitive = $exact:literal,
     { $($text:literal $(| $alias:literal)* => $variant:ident,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        // Variant names mirror the `schemata` enums' (and serde's for rename rules).
        #[allow(clippy::enum_variant_names)]
        pub(crate) enum $name {
            $($variant,)*
        }

        impl $name {
            const WHAT: &'static str = $what;
            const CANONICAL: &'static [&'static str] = &[$($text),*];

            fn lookup(text: &str) -> Option<Self> {
                let folded;
                let text = if $exact {
                    text
                } else {
                    folded = text.trim().to_ascii_lowercase();
                    folded.as_str()
                };
                match text {
                    $($text $(| $alias)* => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// The variant's name, for naming the matching `schemata` enum variant.
            // Rename rules have no such enum.
            #[allow(dead_code)]
            pub(crate) fn variant(self) -> Ident {
                let name = match self {
                    $($name::$variant => stringify!($variant),)*
                };
                Ident::new(name, Span::call_site())
            }
        }
    };
}

/// What [`Item::keyword`] needs from a `keywords!` enum.
trait Keyword: Sized {
    fn find(text: &str) -> Option<Self>;
    fn canonical() -> &'static [&'static str];
    fn what() -> &'static str;
}

macro_rules! impl_keyword {
    ($($name:ident),*) => {$(
        impl Keyword for $name {
            fn find(text: &str) -> Option<Self> {
                $name::lookup(text)
            }
            fn canonical() -> &'static [&'static str] {
                $name::CANONICAL
            }
            fn what() -> &'static str {
                $name::WHAT
            }
        }
    )*};
}

mod allow;
mod column;
mod constraint;
mod distribution;
mod function;
mod index;
mod partition;
mod pg_enum;
mod policy;
mod rename;
mod table;
mod trigger;
mod view;

pub(crate) use allow::Allow;
pub(crate) use column::{Column, Identity, IdentityOption, Literal};
pub(crate) use constraint::{Actions, Reference, Target};
pub(crate) use distribution::ColocateWith;
pub(crate) use function::{ArgMode, ArgType, Function, Language, ReturnType};
pub(crate) use index::{indexes, Index, IndexTarget};
pub(crate) use pg_enum::{Enum, Variant};
pub(crate) use policy::{policies, Policy, PolicyCommand};
pub(crate) use rename::RenameRule;
pub(crate) use table::Table;
pub(crate) use trigger::{triggers, FunctionTarget, Trigger, TriggerEventKind, TriggerTiming};
pub(crate) use view::View;

/// Reports attributes of this derive written where they mean nothing, such as
/// `#[column(...)]` on the struct, which the compiler would otherwise accept silently.
pub(crate) fn reject(cx: &Ctxt, attrs: &[Attribute], names: &[&str], hint: &str) {
    for attr in attrs {
        if names.iter().any(|name| attr.path().is_ident(name)) {
            let name = attr.path().segments[0].ident.to_string();
            cx.error_spanned_by(attr.path(), format!("`#[{name}(...)]` {hint}"));
        }
    }
}

/// The doc comment: the one leading space rustdoc strips removed from each line, lines
/// joined with `\n`, trimmed; `None` when there is no text.
pub(crate) fn doc_comment(attrs: &[Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let Meta::NameValue(meta) = &attr.meta {
            if let Expr::Lit(expr) = &meta.value {
                if let Lit::Str(text) = &expr.lit {
                    // `split`, not `lines`: an empty `///` line is a paragraph break.
                    for line in text.value().split('\n') {
                        lines.push(line.strip_prefix(' ').unwrap_or(line).to_string());
                    }
                }
            }
        }
    }
    let text = lines.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// One `key`, `key = value` or `key(...)` entry, with the stream just after the key.
struct Item<'a, 'c> {
    key: Ident,
    /// The key without `r#`.
    name: String,
    input: ParseStream<'a>,
    /// Where the key was written, such as `#[table(...)]`, for messages.
    context: &'c str,
}

/// The entries of a list, in order: each key without `r#`, or `""` for an entry that is
/// not a key. Lets the callers tell a missing key from one that was written but malformed
/// (and reported already).
pub(crate) type Written = Vec<String>;

/// Parses one attribute's list.
fn parse_attr(
    cx: &Ctxt,
    attr: &Attribute,
    context: &str,
    mut f: impl FnMut(&Item) -> syn::Result<()>,
) -> Written {
    let mut written = Written::new();
    let result = attr.parse_args_with(|input: ParseStream| {
        written = parse_items(cx, context, input, &mut f);
        Ok(())
    });
    if let Err(error) = result {
        cx.syn_error(error);
    }
    written
}

/// Runs `f` on the content of a group; when it fails, skips the rest of the content, so
/// that syn does not add an "unexpected token" error on top of `f`'s.
fn within<T>(
    content: ParseStream,
    f: impl FnOnce(ParseStream) -> syn::Result<T>,
) -> syn::Result<T> {
    let result = f(content);
    if result.is_err() {
        skip_all(content);
    }
    result
}

/// Parses a comma-separated list of entries, handing each to `f`. An entry `f` rejects
/// is reported and skipped up to the next comma, so the entries after it are still read.
fn parse_items(
    cx: &Ctxt,
    context: &str,
    input: ParseStream,
    mut f: impl FnMut(&Item) -> syn::Result<()>,
) -> Written {
    let mut written = Written::new();
    while !input.is_empty() {
        if input.peek(Ident::peek_any) {
            let key = Ident::parse_any(input).expect("peeked an identifier");
            let name = key.unraw().to_string();
            written.push(name.clone());
            let item = Item {
                name,
                key,
                input,
                context,
            };
            if let Err(error) = f(&item) {
                cx.syn_error(error);
                skip_item(input);
            }
        } else {
            written.push(String::new());
            let tokens = skip_item(input);
            cx.error_spanned_by(tokens, format!("expected a key in `{context}`"));
        }
        if input.is_empty() {
            break;
        }
        if let Err(error) = input.parse::<Token![,]>() {
            cx.syn_error(error);
            // The rest cannot be split into entries reliably any more.
            skip_all(input);
        }
    }
    written
}

/// Consumes the tokens up to the next top-level comma, returning them (for error spans).
fn skip_item(input: ParseStream) -> TokenStream {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        match input.parse::<TokenTree>() {
            Ok(token) => tokens.extend([token]),
            Err(_) => break,
        }
    }
    tokens
}

fn skip_all(input: ParseStream) {
    while !input.is_empty() && input.parse::<TokenTree>().is_ok() {}
}

/// Stores a value, reporting a repeated key on its second occurrence.
fn set<T>(cx: &Ctxt, slot: &mut Option<Set<T>>, item: &Item, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(&item.key, item.duplicate());
    } else {
        *slot = Some(Set {
            key: item.key.clone(),
            value,
        });
    }
}

fn set_flag(cx: &Ctxt, slot: &mut Option<Ident>, item: &Item) -> syn::Result<()> {
    let key = item.flag()?;
    if slot.is_some() {
        cx.error_spanned_by(&item.key, item.duplicate());
    } else {
        *slot = Some(key);
    }
    Ok(())
}

impl Item<'_, '_> {
    /// The attribute written with only this entry, such as `#[column(unique)]`.
    fn example(&self, inner: &str) -> String {
        self.context.replace("...", inner)
    }

    fn duplicate(&self) -> String {
        format!("duplicate `{}` in `{}`", self.name, self.context)
    }

    fn unknown(&self, valid: &[&str]) -> syn::Error {
        let valid: Vec<String> = valid.iter().map(|k| format!("`{k}`")).collect();
        syn::Error::new_spanned(
            &self.key,
            format!(
                "unknown key `{}` in `{}`; expected one of {}",
                self.name,
                self.context,
                valid.join(", ")
            ),
        )
    }

    /// Whether the entry is a bare key, with neither `= value` nor `(...)`.
    fn is_bare(&self) -> bool {
        self.input.is_empty() || self.input.peek(Token![,])
    }

    /// A bare key, such as `unique`.
    fn flag(&self) -> syn::Result<Ident> {
        if self.is_bare() {
            return Ok(self.key.clone());
        }
        let tokens = skip_item(self.input);
        Err(syn::Error::new_spanned(
            tokens,
            format!(
                "`{}` takes no value; write `{}`",
                self.name,
                self.example(&self.name)
            ),
        ))
    }

    /// `key = "text"`.
    fn string(&self) -> syn::Result<LitStr> {
        let expected = format!("expected a string: `{} = \"...\"`", self.name);
        if !self.input.peek(Token![=]) {
            return Err(syn::Error::new_spanned(&self.key, expected));
        }
        self.input.parse::<Token![=]>()?;
        if self.input.peek(LitStr) {
            let fork = self.input.fork();
            fork.parse::<LitStr>()?;
            if fork.is_empty() || fork.peek(Token![,]) {
                return self.input.parse();
            }
        }
        let tokens = skip_item(self.input);
        if tokens.is_empty() {
            return Err(syn::Error::new_spanned(&self.key, expected));
        }
        Err(syn::Error::new_spanned(tokens, expected))
    }

    fn non_empty_string(&self) -> syn::Result<LitStr> {
        let lit = self.string()?;
        if lit.value().trim().is_empty() {
            return Err(syn::Error::new_spanned(
                &lit,
                format!("`{}` cannot be empty", self.name),
            ));
        }
        Ok(lit)
    }

    /// `key = "keyword"` for one of a fixed set of keywords.
    fn keyword<K: Keyword>(&self) -> syn::Result<K> {
        let lit = self.string()?;
        K::find(&lit.value()).ok_or_else(|| {
            let valid: Vec<String> = K::canonical().iter().map(|k| format!("`{k}`")).collect();
            syn::Error::new_spanned(
                &lit,
                format!(
                    "unknown {} `{}`; expected one of {}",
                    K::what(),
                    lit.value(),
                    valid.join(", ")
                ),
            )
        })
    }

    /// `key(...)`, each entry handed to `f`.
    fn list(
        &self,
        cx: &Ctxt,
        context: &str,
        f: impl FnMut(&Item) -> syn::Result<()>,
    ) -> syn::Result<Written> {
        if !self.input.peek(token::Paren) {
            let tokens = skip_item(self.input);
            let message = format!("expected `{}`", context);
            return Err(if tokens.is_empty() {
                syn::Error::new_spanned(&self.key, message)
            } else {
                syn::Error::new_spanned(tokens, message)
            });
        }
        let content;
        syn::parenthesized!(content in self.input);
        Ok(parse_items(cx, context, &content, f))
    }

    /// `key(field, field)`.
    fn fields(&self, cx: &Ctxt) -> syn::Result<Vec<Ident>> {
        let mut fields = Vec::new();
        let context = format!("{}(...)", self.name);
        self.list(cx, &context, |inner| {
            if !inner.is_bare() {
                let tokens = skip_item(inner.input);
                return Err(syn::Error::new_spanned(
                    tokens,
                    format!("expected a field name in `{}(...)`", self.name),
                ));
            }
            fields.push(inner.key.clone());
            Ok(())
        })?;
        Ok(fields)
    }

    /// `key = <any expression>`, such as `include_str!("sql/f.sql")` or a `const`.
    fn expression(&self) -> syn::Result<Expr> {
        let expected = format!(
            "expected a value: `{} = \"...\"` or `{} = include_str!(\"file.sql\")`",
            self.name, self.name
        );
        if !self.input.peek(Token![=]) {
            return Err(syn::Error::new_spanned(&self.key, expected));
        }
        self.input.parse::<Token![=]>()?;
        let expr: Expr = match self.input.parse() {
            Ok(expr) => expr,
            Err(_) => {
                let tokens = skip_item(self.input);
                return Err(if tokens.is_empty() {
                    syn::Error::new_spanned(&self.key, expected)
                } else {
                    syn::Error::new_spanned(tokens, expected)
                });
            }
        };
        if let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(text),
            ..
        }) = &expr
        {
            if text.value().trim().is_empty() {
                return Err(syn::Error::new_spanned(
                    text,
                    format!("`{}` cannot be empty", self.name),
                ));
            }
        }
        Ok(expr)
    }
}

#[cfg(test)]
mod tests {
    use super::constraint::parse_table_reference;
    use super::*;

    #[test]
    fn table_references_parse() {
        let parse = |s: &str| parse_table_reference(s);
        assert_eq!(parse("auth.users"), Some(("auth.users".into(), vec![])));
        assert_eq!(
            parse("users(id)"),
            Some(("users".into(), vec!["id".into()]))
        );
        assert_eq!(
            parse(" app.members ( org_id , user_id ) "),
            Some((
                "app.members".into(),
                vec!["org_id".into(), "user_id".into()]
            ))
        );
        for bad in [
            "",
            "users(",
            "users()",
            "users(a,)",
            "a.b.c",
            ".users",
            "my table",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn doc_comments_strip_rustdoc_space() {
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[doc = " First line."]),
            syn::parse_quote!(#[doc = ""]),
            syn::parse_quote!(#[doc = "   indented"]),
            syn::parse_quote!(#[doc = ""]),
        ];
        assert_eq!(
            doc_comment(&attrs).as_deref(),
            Some("First line.\n\n  indented")
        );
        let empty: Vec<Attribute> = vec![syn::parse_quote!(#[doc = "  "])];
        assert_eq!(doc_comment(&empty), None);
    }
}
