//! Attribute syntax: `#[table(...)]`, `#[index(...)]`, `#[policy(...)]`, `#[column(...)]`
//! and `#[pg_enum(...)]` parsed into plain values that keep their tokens for error spans.
//!
//! Only the syntax of each attribute is checked here (unknown, duplicate, malformed and
//! missing keys, unknown keyword values); rules between keys and between fields live in
//! `check.rs`. A bad entry is reported and skipped, and parsing goes on with the next one,
//! so every mistake in an attribute list is reported at once.

use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{token, Attribute, Expr, Ident, Lit, LitStr, Meta, Token};

/// A key written with a value: the key's token for errors, and the parsed value.
pub(crate) struct Set<T> {
    pub key: Ident,
    pub value: T,
}

// ---------------------------------------------------------------------------------------
// Keyword values

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

keywords! {
    /// `on_delete` / `on_update`: `schemata::ReferentialAction`.
    ReferentialAction, "referential action", case_sensitive = false, {
        "no action" | "no_action" => NoAction,
        "restrict" => Restrict,
        "cascade" => Cascade,
        "set null" | "set_null" => SetNull,
        "set default" | "set_default" => SetDefault,
    }
}

keywords! {
    /// `method`: `schemata::IndexMethod`.
    IndexMethod, "index method", case_sensitive = false, {
        "btree" => Btree,
        "hash" => Hash,
        "gist" => Gist,
        "spgist" => Spgist,
        "gin" => Gin,
        "brin" => Brin,
    }
}

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

keywords! {
    /// `identity = "..."`: `schemata::Identity`.
    Identity, "identity kind", case_sensitive = false, {
        "by default" | "by_default" => ByDefault,
        "always" => Always,
    }
}

keywords! {
    /// `rename_all`: how variant names become enum labels. Spelled as serde spells them,
    /// so case matters.
    RenameRule, "`rename_all` rule", case_sensitive = true, {
        "snake_case" => SnakeCase,
        "lowercase" => LowerCase,
        "UPPERCASE" => UpperCase,
        "SCREAMING_SNAKE_CASE" => ScreamingSnakeCase,
        "kebab-case" => KebabCase,
        "camelCase" => CamelCase,
        "PascalCase" => PascalCase,
    }
}

// ---------------------------------------------------------------------------------------
// Parsed attributes

/// All `#[table(...)]` attributes of a struct, merged: keys may be split across several.
#[derive(Default)]
pub(crate) struct Table {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    pub rls: Option<Ident>,
    pub force_rls: Option<Ident>,
    pub primary_key: Option<KeyList>,
    pub uniques: Vec<KeyList>,
    pub checks: Vec<TableCheck>,
    pub foreign_keys: Vec<ForeignKey>,
    pub renamed_from: Option<Set<LitStr>>,
}

/// `primary_key(a, b, name = "...")` or `unique(a, b, name = "...")`.
pub(crate) struct KeyList {
    pub fields: Vec<Ident>,
    pub name: Option<Set<LitStr>>,
}

/// `check(name = "...", expr = "...")`.
pub(crate) struct TableCheck {
    pub name: LitStr,
    pub expr: LitStr,
}

/// `foreign_key(columns(...), references = ..., ...)`.
pub(crate) struct ForeignKey {
    pub fields: Vec<Ident>,
    pub references: Reference,
    pub name: Option<Set<LitStr>>,
    pub actions: Actions,
}

/// What a foreign key points at.
pub(crate) struct Reference {
    pub target: Target,
    /// Referenced columns; empty means the target's primary key.
    pub columns: Vec<String>,
    /// The value as written, for error spans.
    pub tokens: TokenStream,
}

pub(crate) enum Target {
    /// `references = User`: a `#[derive(Table)]` type.
    Type(syn::Path),
    /// `references = "auth.users(id)"`: any table by name, as `schema.table` text.
    Named(String),
}

/// The options of a foreign key, shared by the column and table forms.
#[derive(Default)]
pub(crate) struct Actions {
    pub on_delete: Option<Set<ReferentialAction>>,
    pub on_update: Option<Set<ReferentialAction>>,
    pub deferrable: Option<Ident>,
    pub initially_deferred: Option<Ident>,
}

impl Actions {
    /// The keys written, for "needs `references`" errors.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Ident> {
        let on_delete = self.on_delete.as_ref().map(|s| &s.key);
        let on_update = self.on_update.as_ref().map(|s| &s.key);
        on_delete
            .into_iter()
            .chain(on_update)
            .chain(&self.deferrable)
            .chain(&self.initially_deferred)
    }
}

/// One `#[index(...)]` attribute.
pub(crate) struct Index {
    pub name: Option<Set<LitStr>>,
    pub unique: Option<Ident>,
    pub method: Option<Set<IndexMethod>>,
    pub keys: Vec<IndexKey>,
    pub include: Vec<Ident>,
    pub predicate: Option<Set<LitStr>>,
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
}

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
    pub generated: Option<Set<LitStr>>,
    pub renamed_from: Option<Set<LitStr>>,
    pub skip: Option<Ident>,
}

/// `default_value = ...`.
pub(crate) enum Literal {
    Text(String),
    /// Digits as written, with their sign.
    Number(String),
    Boolean(bool),
}

/// All `#[pg_enum(...)]` attributes of an enum, merged.
#[derive(Default)]
pub(crate) struct Enum {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    pub rename_all: Option<Set<RenameRule>>,
    pub renamed_from: Option<Set<LitStr>>,
}

/// All `#[pg_enum(...)]` attributes of a variant, merged.
#[derive(Default)]
pub(crate) struct Variant {
    pub label: Option<Set<LitStr>>,
    pub renamed_from: Option<Set<LitStr>>,
}

// ---------------------------------------------------------------------------------------
// Entry points

const TABLE_KEYS: &[&str] = &[
    "name",
    "schema",
    "rls",
    "force_rls",
    "primary_key",
    "unique",
    "check",
    "foreign_key",
    "renamed_from",
];
const KEY_LIST_KEYS: &[&str] = &["name"];
const CHECK_KEYS: &[&str] = &["name", "expr"];
const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "on_delete",
    "on_update",
    "name",
    "deferrable",
    "initially_deferred",
];
const INDEX_KEYS: &[&str] = &["on", "name", "unique", "method", "include", "where"];
const INDEX_KEY_MODIFIERS: &[&str] = &["asc", "desc", "nulls_first", "nulls_last", "opclass"];
const POLICY_KEYS: &[&str] = &[
    "name",
    "command",
    "roles",
    "using",
    "with_check",
    "restrictive",
];
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
    "identity",
    "generated",
    "renamed_from",
    "skip",
];
const ENUM_KEYS: &[&str] = &["name", "schema", "rename_all", "renamed_from"];
const VARIANT_KEYS: &[&str] = &["label", "renamed_from"];

impl Table {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Table {
        let mut table = Table::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("table")) {
            parse_attr(cx, attr, "#[table(...)]", |item| {
                match item.name.as_str() {
                    "name" => set(cx, &mut table.name, item, item.non_empty_string()?),
                    "schema" => set(cx, &mut table.schema, item, item.non_empty_string()?),
                    "renamed_from" => {
                        set(cx, &mut table.renamed_from, item, item.non_empty_string()?)
                    }
                    "rls" => set_flag(cx, &mut table.rls, item)?,
                    "force_rls" => set_flag(cx, &mut table.force_rls, item)?,
                    "primary_key" => {
                        let list = key_list(cx, item)?;
                        if table.primary_key.is_some() {
                            cx.error_spanned_by(&item.key, item.duplicate());
                        } else {
                            table.primary_key = Some(list);
                        }
                    }
                    "unique" => table.uniques.push(key_list(cx, item)?),
                    "check" => {
                        if let Some(check) = table_check(cx, item)? {
                            table.checks.push(check);
                        }
                    }
                    "foreign_key" => {
                        if let Some(key) = foreign_key(cx, item)? {
                            table.foreign_keys.push(key);
                        }
                    }
                    _ => return Err(item.unknown(TABLE_KEYS)),
                }
                Ok(())
            });
        }
        table
    }
}

/// Every `#[index(...)]` attribute, one index each.
pub(crate) fn indexes(cx: &Ctxt, attrs: &[Attribute]) -> Vec<Index> {
    let mut indexes = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("index")) {
        let mut name = None;
        let mut unique = None;
        let mut method = None;
        let mut on: Option<Set<Vec<IndexKey>>> = None;
        let mut include: Option<Set<Vec<Ident>>> = None;
        let mut predicate = None;
        let written = parse_attr(cx, attr, "#[index(...)]", |item| {
            match item.name.as_str() {
                "name" => set(cx, &mut name, item, item.non_empty_string()?),
                "unique" => set_flag(cx, &mut unique, item)?,
                "method" => set(cx, &mut method, item, item.keyword::<IndexMethod>()?),
                "on" => {
                    let keys = index_keys(cx, item)?;
                    set(cx, &mut on, item, keys);
                }
                "include" => {
                    let fields = item.fields(cx)?;
                    set(cx, &mut include, item, fields);
                }
                "where" => set(cx, &mut predicate, item, item.non_empty_string()?),
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
        indexes.push(Index {
            name,
            unique,
            method,
            keys: on.value,
            include: include.map(|s| s.value).unwrap_or_default(),
            predicate,
        });
    }
    indexes
}

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
        });
    }
    policies
}

impl Column {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Column {
        let mut c = Column::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("column")) {
            parse_attr(cx, attr, "#[column(...)]", |item| {
                c.keys.push(item.key.clone());
                match item.name.as_str() {
                    "name" => set(cx, &mut c.name, item, item.non_empty_string()?),
                    "sql_type" => set(cx, &mut c.sql_type, item, item.non_empty_string()?),
                    "primary_key" => set_flag(cx, &mut c.primary_key, item)?,
                    "unique" => set_flag(cx, &mut c.unique, item)?,
                    "check" => set(cx, &mut c.check, item, item.non_empty_string()?),
                    "default" => set(cx, &mut c.default, item, item.non_empty_string()?),
                    "default_value" => set(cx, &mut c.default_value, item, literal(item)?),
                    "references" => set(cx, &mut c.references, item, reference(item)?),
                    "identity" => {
                        let kind = if item.input.peek(Token![=]) {
                            item.keyword::<Identity>()?
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

impl Enum {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Enum {
        let mut e = Enum::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("pg_enum")) {
            parse_attr(cx, attr, "#[pg_enum(...)]", |item| {
                match item.name.as_str() {
                    "name" => set(cx, &mut e.name, item, item.non_empty_string()?),
                    "schema" => set(cx, &mut e.schema, item, item.non_empty_string()?),
                    "rename_all" => set(cx, &mut e.rename_all, item, item.keyword()?),
                    "renamed_from" => {
                        set(cx, &mut e.renamed_from, item, item.non_empty_string()?)
                    }
                    "label" => {
                        return Err(syn::Error::new_spanned(
                            &item.key,
                            "`label` belongs on a variant, not on the enum: write `#[pg_enum(label = \"...\")]` above the variant",
                        ))
                    }
                    _ => return Err(item.unknown(ENUM_KEYS)),
                }
                Ok(())
            });
        }
        e
    }
}

impl Variant {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Variant {
        let mut v = Variant::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("pg_enum")) {
            parse_attr(cx, attr, "#[pg_enum(...)]", |item| {
                match item.name.as_str() {
                    "label" => set(cx, &mut v.label, item, item.non_empty_string()?),
                    "renamed_from" => set(cx, &mut v.renamed_from, item, item.non_empty_string()?),
                    _ => return Err(item.unknown(VARIANT_KEYS)),
                }
                Ok(())
            });
        }
        v
    }
}

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

// ---------------------------------------------------------------------------------------
// Keys with structure

/// `primary_key(a, b, name = "...")` / `unique(...)`. A bare `name` is a field called
/// `name`; `name = ` is the constraint's name.
fn key_list(cx: &Ctxt, item: &Item) -> syn::Result<KeyList> {
    let mut fields = Vec::new();
    let mut name = None;
    let context = format!("{}(...)", item.name);
    let written = item.list(cx, &context, |inner| {
        if inner.name == "name" && inner.input.peek(Token![=]) {
            set(cx, &mut name, inner, inner.non_empty_string()?);
        } else if inner.is_bare() {
            fields.push(inner.key.clone());
        } else {
            return Err(inner.unknown(KEY_LIST_KEYS));
        }
        Ok(())
    })?;
    // Only `name = ...` (or nothing) was written; a malformed entry is reported already.
    if fields.is_empty() && written.iter().all(|key| key == "name") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!(
                "`{0}(...)` names no field; write `{0}(field, ...)`",
                item.name
            ),
        ));
    }
    Ok(KeyList { fields, name })
}

/// `check(name = "...", expr = "...")`; `None` after reporting a missing key.
fn table_check(cx: &Ctxt, item: &Item) -> syn::Result<Option<TableCheck>> {
    let mut name = None;
    let mut expr = None;
    let written = item.list(cx, "check(...)", |inner| {
        match inner.name.as_str() {
            "name" => set(cx, &mut name, inner, inner.non_empty_string()?),
            "expr" => set(cx, &mut expr, inner, inner.non_empty_string()?),
            _ => return Err(inner.unknown(CHECK_KEYS)),
        }
        Ok(())
    })?;
    const EXAMPLE: &str = "check(name = \"positive_price\", expr = \"price > 0\")";
    let has = |key: &str| written.iter().any(|k| k == key);
    if !has("name") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("missing `name = \"...\"` in `check(...)`: a table check needs a name, as in `{EXAMPLE}`"),
        ));
    }
    if !has("expr") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!(
                "missing `expr = \"...\"` in `check(...)`: write the condition, as in `{EXAMPLE}`"
            ),
        ));
    }
    // Both written; `None` when one was malformed (and reported).
    Ok(name.zip(expr).map(|(name, expr)| TableCheck {
        name: name.value,
        expr: expr.value,
    }))
}

/// `foreign_key(columns(...), references = ..., ...)`.
fn foreign_key(cx: &Ctxt, item: &Item) -> syn::Result<Option<ForeignKey>> {
    let mut fields: Option<Set<Vec<Ident>>> = None;
    let mut references = None;
    let mut name = None;
    let mut actions_ = Actions::default();
    let written = item.list(cx, "foreign_key(...)", |inner| {
        match inner.name.as_str() {
            "columns" => {
                let list = inner.fields(cx)?;
                if list.is_empty() {
                    return Err(syn::Error::new_spanned(
                        &inner.key,
                        "`columns()` names no field; write `columns(field, ...)`",
                    ));
                }
                set(cx, &mut fields, inner, list);
            }
            "references" => set(cx, &mut references, inner, reference(inner)?),
            "name" => set(cx, &mut name, inner, inner.non_empty_string()?),
            _ => {
                if !actions(cx, &mut actions_, inner)? {
                    return Err(inner.unknown(FOREIGN_KEY_KEYS));
                }
            }
        }
        Ok(())
    })?;
    const EXAMPLE: &str =
        "foreign_key(columns(org_id, user_id), references = \"members(org_id, user_id)\")";
    let missing = |key: &str| !written.iter().any(|k| k == key);
    if missing("columns") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("missing `columns(...)` in `foreign_key(...)`, as in `{EXAMPLE}`"),
        ));
    }
    if missing("references") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("missing `references = ...` in `foreign_key(...)`, as in `{EXAMPLE}`"),
        ));
    }
    // Written but malformed: reported already.
    let (Some(fields), Some(references)) = (fields, references) else {
        return Ok(None);
    };
    Ok(Some(ForeignKey {
        fields: fields.value,
        references: references.value,
        name,
        actions: actions_,
    }))
}

/// Parses `on_delete`, `on_update`, `deferrable` and `initially_deferred`; `false` when
/// the key is none of them.
fn actions(cx: &Ctxt, actions: &mut Actions, item: &Item) -> syn::Result<bool> {
    match item.name.as_str() {
        "on_delete" => set(
            cx,
            &mut actions.on_delete,
            item,
            item.keyword::<ReferentialAction>()?,
        ),
        "on_update" => set(
            cx,
            &mut actions.on_update,
            item,
            item.keyword::<ReferentialAction>()?,
        ),
        "deferrable" => set_flag(cx, &mut actions.deferrable, item)?,
        "initially_deferred" => set_flag(cx, &mut actions.initially_deferred, item)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// `references = User` or `references = "schema.table(a, b)"`.
fn reference(item: &Item) -> syn::Result<Reference> {
    const FORMS: &str =
        "`references = Type` (a `#[derive(Table)]` type) or `references = \"schema.table(column)\"`";
    if !item.input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("expected {FORMS}"),
        ));
    }
    item.input.parse::<Token![=]>()?;
    if item.input.peek(LitStr) {
        let lit: LitStr = item.input.parse()?;
        let (table, columns) = parse_table_reference(&lit.value()).ok_or_else(|| {
            syn::Error::new_spanned(
                &lit,
                "expected `\"table\"`, `\"schema.table\"` or `\"schema.table(column, ...)\"`",
            )
        })?;
        return Ok(Reference {
            target: Target::Named(table),
            columns,
            tokens: lit.to_token_stream(),
        });
    }
    let fork = item.input.fork();
    match fork.parse::<syn::Path>() {
        Ok(_) if fork.is_empty() || fork.peek(Token![,]) => {
            let path: syn::Path = item.input.parse()?;
            Ok(Reference {
                tokens: path.to_token_stream(),
                target: Target::Type(path),
                columns: Vec::new(),
            })
        }
        _ => {
            let tokens = skip_item(item.input);
            Err(syn::Error::new_spanned(tokens, format!("expected {FORMS}")))
        }
    }
}

/// Splits `schema.table(a, b)` into `("schema.table", ["a", "b"])`; `None` when malformed.
fn parse_table_reference(text: &str) -> Option<(String, Vec<String>)> {
    let text = text.trim();
    let (table, columns) = match text.split_once('(') {
        Some((table, rest)) => {
            let inside = rest.strip_suffix(')')?;
            let columns: Vec<String> = inside.split(',').map(|c| c.trim().to_string()).collect();
            if columns
                .iter()
                .any(|c| c.is_empty() || c.contains(['(', ')']))
            {
                return None;
            }
            (table.trim(), columns)
        }
        None => (text, Vec::new()),
    };
    let well_formed = !table.is_empty()
        && !table.contains(char::is_whitespace)
        && !table.contains(')')
        && table.split('.').count() <= 2
        && table.split('.').all(|part| !part.is_empty());
    well_formed.then(|| (table.to_string(), columns))
}

/// `default_value = "text" | 42 | -1.5 | true`.
fn literal(item: &Item) -> syn::Result<Literal> {
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

// ---------------------------------------------------------------------------------------
// The list-of-keys parser

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
type Written = Vec<String>;

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

impl_keyword!(
    ReferentialAction,
    IndexMethod,
    PolicyCommand,
    Identity,
    RenameRule
);

#[cfg(test)]
mod tests {
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
