//! Foreign keys, of a column (`references = ...`) or of a table (`foreign_key(...)`).

use super::{set, set_flag, skip_item, Item, Keyword, Set};
use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{Ident, LitStr, Token};

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

impl_keyword!(ReferentialAction);

/// `foreign_key(columns(...), references = ..., ...)`.
pub(crate) struct ForeignKey {
    pub fields: Vec<Ident>,
    pub references: Reference,
    pub name: Option<Set<LitStr>>,
    pub actions: Actions,
    /// `comment = "..."`: `COMMENT ON CONSTRAINT`.
    pub comment: Option<Set<LitStr>>,
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
    pub match_full: Option<Ident>,
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
            .chain(&self.match_full)
    }
}

const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "on_delete",
    "on_update",
    "name",
    "deferrable",
    "initially_deferred",
    "match_full",
    "comment",
];

/// `foreign_key(columns(...), references = ..., ...)`.
pub(super) fn foreign_key(cx: &Ctxt, item: &Item) -> syn::Result<Option<ForeignKey>> {
    let mut fields: Option<Set<Vec<Ident>>> = None;
    let mut references = None;
    let mut name = None;
    let mut comment = None;
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
            "comment" => set(cx, &mut comment, inner, inner.non_empty_string()?),
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
        comment,
    }))
}

/// Parses `on_delete`, `on_update`, `deferrable`, `initially_deferred` and `match_full`;
/// `false` when
/// the key is none of them.
pub(super) fn actions(cx: &Ctxt, actions: &mut Actions, item: &Item) -> syn::Result<bool> {
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
        "match_full" => set_flag(cx, &mut actions.match_full, item)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// `references = User` or `references = "schema.table(a, b)"`.
pub(super) fn reference(item: &Item) -> syn::Result<Reference> {
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
pub(super) fn parse_table_reference(text: &str) -> Option<(String, Vec<String>)> {
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
