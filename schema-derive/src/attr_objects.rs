//! Attribute syntax of the objects beyond tables and enums: `#[function(...)]`,
//! `#[view(...)]`, `#[trigger(...)]`, and the `partition_by(...)` and `updated_at` keys of
//! `#[table(...)]`. A child of `attr`, sharing its list-of-keys parser; like it, this
//! checks syntax only and reports every bad entry.

use super::*;

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

impl_keyword!(Language, Volatility);

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
    pub search_path: Option<Set<LitStr>>,
    pub body: Option<Set<Expr>>,
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

/// All `#[view(...)]` attributes of a struct, merged.
#[derive(Default)]
pub(crate) struct View {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    pub sql: Option<Set<Expr>>,
    pub materialized: Option<Ident>,
    pub security_invoker: Option<Ident>,
    /// Every key written; see [`Function::written`].
    pub written: Written,
}

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

/// `partition_by(range(field, expr("...")))`.
pub(crate) struct PartitionBy {
    pub strategy: PartitionStrategy,
    pub keys: Vec<IndexTarget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartitionStrategy {
    Range,
    List,
    Hash,
}

impl PartitionStrategy {
    pub(crate) fn variant(self) -> Ident {
        let name = match self {
            PartitionStrategy::Range => "Range",
            PartitionStrategy::List => "List",
            PartitionStrategy::Hash => "Hash",
        };
        Ident::new(name, Span::call_site())
    }
}

/// `updated_at` or `updated_at = field` in `#[table(...)]`.
pub(crate) struct UpdatedAt {
    pub key: Ident,
    /// The field written, or `None` for the field called `updated_at`.
    pub field: Option<Ident>,
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
    "search_path",
    "body",
];
const VIEW_KEYS: &[&str] = &["name", "schema", "sql", "materialized", "security_invoker"];
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
];
const TRIGGER_EVENTS: &[&str] = &["insert", "update", "delete", "truncate"];
const PARTITION_STRATEGIES: &[&str] = &["range", "list", "hash"];

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
                    "search_path" => set(cx, &mut f.search_path, item, item.string()?),
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
                    _ => return Err(item.unknown(VIEW_KEYS)),
                }
                Ok(())
            });
            v.written.extend(written);
        }
        v
    }
}

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

/// `partition_by(range(field, expr("...")))` in `#[table(...)]`; `None` when malformed
/// (and reported).
pub(super) fn partition_by(cx: &Ctxt, item: &Item) -> syn::Result<Option<PartitionBy>> {
    const EXAMPLE: &str = "`partition_by(range(created_at))`, `partition_by(list(region))` or `partition_by(hash(id))`";
    let mut result: Option<PartitionBy> = None;
    let written = item.list(cx, "partition_by(...)", |inner| {
        let strategy = match inner.name.as_str() {
            "range" => PartitionStrategy::Range,
            "list" => PartitionStrategy::List,
            "hash" => PartitionStrategy::Hash,
            _ => {
                let valid: Vec<String> = PARTITION_STRATEGIES
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect();
                return Err(syn::Error::new_spanned(
                    &inner.key,
                    format!(
                        "unknown partitioning strategy `{}`; expected one of {}",
                        inner.name,
                        valid.join(", ")
                    ),
                ));
            }
        };
        if result.is_some() {
            return Err(syn::Error::new_spanned(
                &inner.key,
                "a table is partitioned one way; write one strategy in `partition_by(...)`",
            ));
        }
        let mut keys = Vec::new();
        let context = format!("{}(...)", inner.name);
        let written = inner.list(cx, &context, |key| {
            if key.name == "expr" && key.input.peek(token::Paren) {
                let content;
                syn::parenthesized!(content in key.input);
                let sql = within(&content, |content| {
                    let lit: LitStr = content.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            "expected the expression as a string: `expr(\"lower(region)\")`",
                        )
                    })?;
                    if !content.is_empty() {
                        return Err(content.error("expected only the expression string"));
                    }
                    Ok(lit)
                })?;
                keys.push(IndexTarget::Expression(sql));
            } else if key.is_bare() {
                keys.push(IndexTarget::Field(key.key.clone()));
            } else {
                let tokens = skip_item(key.input);
                return Err(syn::Error::new_spanned(
                    tokens,
                    "expected a field or `expr(\"...\")`",
                ));
            }
            Ok(())
        })?;
        if written.is_empty() {
            return Err(syn::Error::new_spanned(
                &inner.key,
                format!("`{}()` names no key; as in {EXAMPLE}", inner.name),
            ));
        }
        result = Some(PartitionBy { strategy, keys });
        Ok(())
    })?;
    if result.is_none() && written.is_empty() {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("`partition_by()` is empty; write {EXAMPLE}"),
        ));
    }
    Ok(result)
}

/// `updated_at` or `updated_at = field` in `#[table(...)]`.
pub(super) fn updated_at(item: &Item) -> syn::Result<UpdatedAt> {
    if item.is_bare() {
        return Ok(UpdatedAt {
            key: item.key.clone(),
            field: None,
        });
    }
    if item.input.peek(Token![=]) {
        item.input.parse::<Token![=]>()?;
        if item.input.peek(Ident::peek_any) {
            let field = item.input.call(Ident::parse_any)?;
            if item.is_bare() {
                return Ok(UpdatedAt {
                    key: item.key.clone(),
                    field: Some(field),
                });
            }
        }
    }
    let tokens = skip_item(item.input);
    Err(syn::Error::new_spanned(
        tokens,
        "expected `updated_at` or `updated_at = field`",
    ))
}

impl Item<'_, '_> {
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
