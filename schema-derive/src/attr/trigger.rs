//! `#[trigger(...)]`, on tables and views.

use super::{parse_attr, set, set_flag, skip_item, within, Item, Set};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::{token, Attribute, Ident, LitStr, Token};

/// One `#[trigger(...)]` attribute.
pub(crate) struct Trigger {
    /// The attribute's path, where errors about the trigger as a whole point.
    pub attr: Ident,
    pub name: Option<Set<LitStr>>,
    /// Every timing written (`before`, `after`, `instead_of`); one is required.
    pub timings: Vec<(TriggerTiming, Ident)>,
    pub events: Option<Set<Vec<TriggerEvent>>>,
    pub for_each_statement: Option<Ident>,
    pub when: Option<Set<LitStr>>,
    pub function: Option<Set<FunctionTarget>>,
    pub args: Vec<LitStr>,
    /// `constraint`: `CREATE CONSTRAINT TRIGGER`.
    pub constraint: Option<Ident>,
    /// `deferrable`: `DEFERRABLE INITIALLY IMMEDIATE`, for a constraint trigger.
    pub deferrable: Option<Ident>,
    /// `initially_deferred`: `DEFERRABLE INITIALLY DEFERRED`, for a constraint trigger.
    pub initially_deferred: Option<Ident>,
    /// `old_table = "..."`: `REFERENCING OLD TABLE AS`.
    pub old_table: Option<Set<LitStr>>,
    /// `new_table = "..."`: `REFERENCING NEW TABLE AS`.
    pub new_table: Option<Set<LitStr>>,
    /// `firing = "disabled" | "replica" | "always"`: `ALTER TABLE ... DISABLE TRIGGER`,
    /// `ENABLE REPLICA TRIGGER`, `ENABLE ALWAYS TRIGGER`.
    pub firing: Option<Set<TriggerFiring>>,
    /// `comment = "..."`: `COMMENT ON TRIGGER`.
    pub comment: Option<Set<LitStr>>,
}

/// `firing = "..."`: when the trigger fires, if not as Postgres's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TriggerFiring {
    Disabled,
    Replica,
    Always,
}

impl TriggerFiring {
    pub(crate) fn variant(self) -> Ident {
        let name = match self {
            TriggerFiring::Disabled => "Disabled",
            TriggerFiring::Replica => "Replica",
            TriggerFiring::Always => "Always",
        };
        Ident::new(name, Span::call_site())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

impl TriggerTiming {
    pub(crate) fn variant(self) -> Ident {
        let name = match self {
            TriggerTiming::Before => "Before",
            TriggerTiming::After => "After",
            TriggerTiming::InsteadOf => "InsteadOf",
        };
        Ident::new(name, Span::call_site())
    }
}

/// One entry of `events(...)`.
pub(crate) struct TriggerEvent {
    pub key: Ident,
    pub kind: TriggerEventKind,
    /// `update(field, ...)`: `UPDATE OF` columns.
    pub fields: Vec<Ident>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TriggerEventKind {
    Insert,
    Update,
    Delete,
    Truncate,
}

impl TriggerEventKind {
    pub(crate) fn variant(self) -> Ident {
        let name = match self {
            TriggerEventKind::Insert => "Insert",
            TriggerEventKind::Update => "Update",
            TriggerEventKind::Delete => "Delete",
            TriggerEventKind::Truncate => "Truncate",
        };
        Ident::new(name, Span::call_site())
    }
}

/// `function = SetUpdatedAt` (a `#[derive(Function)]` type) or `function = "auth.hook"`.
pub(crate) enum FunctionTarget {
    Type(syn::Path),
    Named(LitStr),
}

const TRIGGER_KEYS: &[&str] = &[
    "name",
    "before",
    "after",
    "instead_of",
    "events",
    "for_each_statement",
    "when",
    "function",
    "args",
    "constraint",
    "deferrable",
    "initially_deferred",
    "old_table",
    "new_table",
    "firing",
    "comment",
];

const TRIGGER_EVENTS: &[&str] = &["insert", "update", "delete", "truncate"];

/// Every `#[trigger(...)]` attribute, one trigger each.
pub(crate) fn triggers(cx: &Ctxt, attrs: &[Attribute]) -> Vec<Trigger> {
    let mut triggers = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("trigger")) {
        let mut trigger = Trigger {
            attr: attr.path().segments[0].ident.clone(),
            name: None,
            timings: Vec::new(),
            events: None,
            for_each_statement: None,
            when: None,
            function: None,
            args: Vec::new(),
            constraint: None,
            deferrable: None,
            initially_deferred: None,
            old_table: None,
            new_table: None,
            firing: None,
            comment: None,
        };
        let mut args: Option<Set<Vec<LitStr>>> = None;
        parse_attr(cx, attr, "#[trigger(...)]", |item| {
            match item.name.as_str() {
                "name" => set(cx, &mut trigger.name, item, item.non_empty_string()?),
                "before" | "after" | "instead_of" => {
                    let key = item.flag()?;
                    let timing = match item.name.as_str() {
                        "before" => TriggerTiming::Before,
                        "after" => TriggerTiming::After,
                        _ => TriggerTiming::InsteadOf,
                    };
                    trigger.timings.push((timing, key));
                }
                "events" => {
                    let events = trigger_events(cx, item)?;
                    set(cx, &mut trigger.events, item, events);
                }
                "for_each_statement" => set_flag(cx, &mut trigger.for_each_statement, item)?,
                "when" => set(cx, &mut trigger.when, item, item.non_empty_string()?),
                "function" => set(cx, &mut trigger.function, item, function_target(item)?),
                "constraint" => set_flag(cx, &mut trigger.constraint, item)?,
                "deferrable" => set_flag(cx, &mut trigger.deferrable, item)?,
                "initially_deferred" => set_flag(cx, &mut trigger.initially_deferred, item)?,
                "old_table" => set(cx, &mut trigger.old_table, item, item.non_empty_string()?),
                "new_table" => set(cx, &mut trigger.new_table, item, item.non_empty_string()?),
                "firing" => set(cx, &mut trigger.firing, item, firing(item)?),
                "comment" => set(cx, &mut trigger.comment, item, item.string()?),
                "args" => {
                    let list = string_list(item)?;
                    set(cx, &mut args, item, list);
                }
                "updated_at" => {
                    return Err(syn::Error::new_spanned(
                        &item.key,
                        "the one-line `updated_at` trigger is a key of `#[table(...)]`: write `#[table(updated_at)]`",
                    ))
                }
                _ => return Err(item.unknown(TRIGGER_KEYS)),
            }
            Ok(())
        });
        trigger.args = args.map(|a| a.value).unwrap_or_default();
        triggers.push(trigger);
    }
    triggers
}

/// `firing = "disabled" | "replica" | "always"`.
fn firing(item: &Item) -> syn::Result<TriggerFiring> {
    let text = item.non_empty_string()?;
    match text.value().as_str() {
        "disabled" => Ok(TriggerFiring::Disabled),
        "replica" => Ok(TriggerFiring::Replica),
        "always" => Ok(TriggerFiring::Always),
        other => Err(syn::Error::new_spanned(
            &text,
            format!("unknown trigger firing `{other}`; expected \"disabled\" (`DISABLE TRIGGER`), \"replica\" (`ENABLE REPLICA TRIGGER`) or \"always\" (`ENABLE ALWAYS TRIGGER`); leave it out for Postgres's default"),
        )),
    }
}

/// `events(insert, update(field, ...), delete, truncate)`.
fn trigger_events(cx: &Ctxt, item: &Item) -> syn::Result<Vec<TriggerEvent>> {
    let mut events: Vec<TriggerEvent> = Vec::new();
    let written = item.list(cx, "events(...)", |inner| {
        let kind = match inner.name.as_str() {
            "insert" => TriggerEventKind::Insert,
            "update" => TriggerEventKind::Update,
            "delete" => TriggerEventKind::Delete,
            "truncate" => TriggerEventKind::Truncate,
            _ => {
                let valid: Vec<String> = TRIGGER_EVENTS.iter().map(|k| format!("`{k}`")).collect();
                return Err(syn::Error::new_spanned(
                    &inner.key,
                    format!(
                        "unknown trigger event `{}`; expected one of {}",
                        inner.name,
                        valid.join(", ")
                    ),
                ));
            }
        };
        let fields = if kind == TriggerEventKind::Update && inner.input.peek(token::Paren) {
            let fields = inner.fields(cx)?;
            if fields.is_empty() {
                return Err(syn::Error::new_spanned(
                    &inner.key,
                    "`update()` names no field; write `update` for every update, or `update(field, ...)` for updates of those columns",
                ));
            }
            fields
        } else {
            inner.flag()?;
            Vec::new()
        };
        if events.iter().any(|e| e.kind == kind) {
            cx.error_spanned_by(
                &inner.key,
                format!("duplicate `{}` in `events(...)`", inner.name),
            );
        } else {
            events.push(TriggerEvent {
                key: inner.key.clone(),
                kind,
                fields,
            });
        }
        Ok(())
    })?;
    if written.is_empty() {
        return Err(syn::Error::new_spanned(
            &item.key,
            "`events()` is empty: name at least one of `insert`, `update`, `delete`, `truncate`",
        ));
    }
    Ok(events)
}

/// `function = Type` or `function = "schema.name"`.
fn function_target(item: &Item) -> syn::Result<FunctionTarget> {
    const FORM: &str =
        "expected `function = Type` (a `#[derive(Function)]` type) or `function = \"schema.name\"`";
    if !item.input.peek(Token![=]) {
        return Err(syn::Error::new_spanned(&item.key, FORM));
    }
    item.input.parse::<Token![=]>()?;
    if item.input.peek(LitStr) {
        let lit: LitStr = item.input.parse()?;
        let text = lit.value();
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() > 2
            || parts
                .iter()
                .any(|p| p.trim().is_empty() || p.contains(['(', ' ']))
        {
            return Err(syn::Error::new_spanned(
                lit,
                "expected a function name, `\"name\"` or `\"schema.name\"`, without arguments",
            ));
        }
        return Ok(FunctionTarget::Named(lit));
    }
    let fork = item.input.fork();
    match fork.parse::<syn::Path>() {
        Ok(_) if fork.is_empty() || fork.peek(Token![,]) => {
            Ok(FunctionTarget::Type(item.input.parse()?))
        }
        _ => {
            let tokens = skip_item(item.input);
            Err(syn::Error::new_spanned(tokens, FORM))
        }
    }
}

/// `args("a", "b")`.
fn string_list(item: &Item) -> syn::Result<Vec<LitStr>> {
    if !item.input.peek(token::Paren) {
        return Err(syn::Error::new_spanned(
            &item.key,
            "expected `args(\"...\", ...)`: the arguments are string constants",
        ));
    }
    let content;
    syn::parenthesized!(content in item.input);
    within(&content, |content| {
        let list = content.parse_terminated(|input| input.parse::<LitStr>(), Token![,]);
        list.map(|l| l.into_iter().collect()).map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected a string constant: the arguments are passed to the function as text",
            )
        })
    })
}
