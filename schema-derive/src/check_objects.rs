//! Rules for functions, views, triggers and partitioning that the macro can know, reported
//! at compile time on the token at fault. A child of `check`, sharing its helpers.

use super::*;
use crate::ast::{Function, View};
use crate::attr::{Language, ReturnType, Trigger, TriggerEventKind, TriggerTiming};
use quote::ToTokens;

/// The table's triggers, `updated_at` and `partition_by`.
pub(super) fn table(cx: &Ctxt, table: &Table) {
    triggers(cx, table, &table.triggers, Owner::Table);
    if let Some(updated_at) = &table.attrs.updated_at {
        match &updated_at.field {
            Some(field) => known_column(cx, table, field),
            None => {
                let has_field = table.columns().any(|f| f.ident.unraw() == "updated_at");
                if !has_field {
                    cx.error_spanned_by(
                        &updated_at.key,
                        format!(
                            "`updated_at` sets the field `updated_at`, which `{}` does not have; name the field with `updated_at = field`",
                            table.ident
                        ),
                    );
                }
            }
        }
    }
    if let Some(by) = &table.attrs.partition_by {
        let mut key_fields = Vec::new();
        for key in &by.value.keys {
            if let attr::IndexTarget::Field(ident) = key {
                known_column(cx, table, ident);
                key_fields.push(ident);
            }
        }
        let has_expression = key_fields.len() < by.value.keys.len();
        // A unique key of a partitioned table holds per partition only, so Postgres wants
        // the whole partition key in it.
        let mut keys: Vec<(Vec<&Ident>, TokenStream2)> = Vec::new();
        for field in table.columns() {
            if let Some(key) = &field.attrs.primary_key {
                keys.push((vec![field.ident], key.to_token_stream()));
            }
            if let Some(key) = &field.attrs.unique {
                keys.push((vec![field.ident], key.to_token_stream()));
            }
        }
        if let Some(list) = &table.attrs.primary_key {
            keys.push((list.fields.iter().collect(), list_tokens(&list.fields)));
        }
        for list in &table.attrs.uniques {
            keys.push((list.fields.iter().collect(), list_tokens(&list.fields)));
        }
        for (fields, tokens) in keys {
            let missing: Vec<String> = key_fields
                .iter()
                .filter(|k| !fields.iter().any(|f| f.unraw() == k.unraw()))
                .map(|k| format!("`{k}`"))
                .collect();
            if has_expression {
                cx.error_spanned_by(
                    tokens,
                    "the table is partitioned by an expression, so Postgres cannot enforce a unique key across its partitions",
                );
            } else if !missing.is_empty() {
                cx.error_spanned_by(
                    tokens,
                    format!(
                        "a unique key of a partitioned table must include the partition key; add {}",
                        missing.join(", ")
                    ),
                );
            }
        }
    }
}

type TokenStream2 = proc_macro2::TokenStream;

fn list_tokens(fields: &[Ident]) -> TokenStream2 {
    let mut tokens = TokenStream2::new();
    for field in fields {
        field.to_tokens(&mut tokens);
    }
    tokens
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Table,
    View,
    MaterializedView,
}

fn triggers(cx: &Ctxt, owner: &impl Columns, triggers: &[Trigger], kind: Owner) {
    let mut names = BTreeMap::new();
    for trigger in triggers {
        let Some(name) = &trigger.name else {
            cx.error_spanned_by(
                &trigger.attr,
                "missing `name = \"...\"` in `#[trigger(...)]`: every trigger needs a name, unique in its table",
            );
            continue;
        };
        if names.insert(name.value.value(), ()).is_some() {
            cx.error_spanned_by(
                &name.value,
                format!("trigger `{}` is declared twice", name.value.value()),
            );
        }
        if kind == Owner::MaterializedView {
            cx.error_spanned_by(&trigger.attr, "a materialized view cannot have triggers");
            continue;
        }
        let timing = match trigger.timings.as_slice() {
            [] => {
                cx.error_spanned_by(
                    &trigger.attr,
                    "missing the timing in `#[trigger(...)]`: write one of `before`, `after`, `instead_of`",
                );
                None
            }
            [(timing, _), rest @ ..] => {
                for (_, key) in rest {
                    cx.error_spanned_by(
                        key,
                        "a trigger has one timing; write one of `before`, `after`, `instead_of`",
                    );
                }
                Some(*timing)
            }
        };
        let row = trigger.for_each_statement.is_none();
        let events = match &trigger.events {
            Some(events) => &events.value[..],
            None => {
                cx.error_spanned_by(
                    &trigger.attr,
                    "missing `events(...)` in `#[trigger(...)]`, as in `events(insert, update(title))`",
                );
                &[]
            }
        };
        if trigger.function.is_none() {
            cx.error_spanned_by(
                &trigger.attr,
                "missing `function = ...` in `#[trigger(...)]`: name a `#[derive(Function)]` type that returns `trigger`",
            );
        }
        for event in events {
            for field in &event.fields {
                known_column(cx, owner, field);
            }
            if event.kind == TriggerEventKind::Truncate && row {
                cx.error_spanned_by(
                    &event.key,
                    "`truncate` triggers fire once per statement; add `for_each_statement`",
                );
            }
        }
        match (timing, kind) {
            (Some(TriggerTiming::InsteadOf), Owner::Table) => {
                let key = &trigger.timings[0].1;
                cx.error_spanned_by(
                    key,
                    "`instead_of` triggers are for views; on a table use `before` or `after`",
                );
            }
            (Some(TriggerTiming::InsteadOf), _) => {
                if let Some(key) = &trigger.for_each_statement {
                    cx.error_spanned_by(key, "`instead_of` triggers fire for each row");
                }
                if let Some(when) = &trigger.when {
                    cx.error_spanned_by(&when.key, "`instead_of` triggers cannot have `when`");
                }
                for event in events.iter().filter(|e| !e.fields.is_empty()) {
                    cx.error_spanned_by(
                        &event.key,
                        "`instead_of` triggers cannot name `update(...)` columns",
                    );
                }
            }
            (Some(_), Owner::View) if row => {
                let key = &trigger.timings[0].1;
                cx.error_spanned_by(
                    key,
                    "a view takes `instead_of` row triggers, or `before`/`after` triggers with `for_each_statement`",
                );
            }
            _ => {}
        }
    }
}

pub(crate) fn function(cx: &Ctxt, f: &Function) {
    let a = &f.attrs;
    let missing = |name: &str, key: &str, example: &str| {
        // A key written but malformed is reported already.
        if !a.written.iter().any(|k| k == name) {
            cx.error_spanned_by(
                f.ident,
                format!("missing `{key}` in `#[function(...)]`, as in `#[function({example})]`"),
            )
        }
    };
    if a.returns.is_none() {
        missing("returns", "returns = \"...\"", "returns = \"boolean\", ...");
    }
    if a.language.is_none() {
        missing("language", "language = \"...\"", "language = \"sql\", ...");
    }
    if a.body.is_none() {
        missing(
            "body",
            "body = ...",
            "body = include_str!(\"sql/f.sql\"), ...",
        );
    }
    let returns_trigger = match a.returns.as_ref().map(|r| &r.value) {
        Some(ReturnType::Sql(text)) => match check_returns(&text.value()) {
            Ok(is_trigger) => is_trigger,
            Err(message) => {
                cx.error_spanned_by(text, message);
                false
            }
        },
        _ => false,
    };
    if returns_trigger {
        if let Some(language) = &a.language {
            if language.value == Language::Sql {
                cx.error_spanned_by(
                    &language.key,
                    "a trigger function cannot be written in `sql`; use `language = \"plpgsql\"`",
                );
            }
        }
        if let Some(args) = &a.args {
            if !args.value.is_empty() {
                cx.error_spanned_by(
                    &args.key,
                    "a trigger function takes no arguments; pass values with the trigger's `args(...)` and read them from `TG_ARGV`",
                );
            }
        }
    }
    if let Some(args) = &a.args {
        let mut names: BTreeMap<String, ()> = BTreeMap::new();
        let mut default_seen = false;
        for arg in &args.value {
            if let Some(name) = &arg.name {
                if names.insert(name.unraw().to_string(), ()).is_some() {
                    cx.error_spanned_by(name, format!("argument `{name}` is declared twice"));
                }
            }
            if arg.default.is_some() {
                default_seen = true;
            } else if default_seen {
                cx.error_spanned_by(
                    &arg.key,
                    "an argument without a default cannot follow one with a default; give it a default or move it first",
                );
            }
        }
    }
    if let Some(path) = &a.search_path {
        let text = path.value.value();
        if !text.trim().is_empty() && text.split(',').any(|s| s.trim().is_empty()) {
            cx.error_spanned_by(
                &path.value,
                "expected schema names separated by commas, such as `\"public, pg_temp\"`, or `\"\"` for an empty path",
            );
        }
    }
}

/// Checks a `returns` text the way `schemata::Returns::parse` reads it: `Ok(true)` for
/// `trigger`.
fn check_returns(text: &str) -> Result<bool, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if lower == "trigger" {
        return Ok(true);
    }
    if let Some(rest) = lower.strip_prefix("table") {
        let rest = rest.trim();
        let inner = rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .ok_or("expected `table(name type, ...)`")?;
        let mut depth = 0usize;
        let mut columns = vec![String::new()];
        for c in inner.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    columns.push(String::new());
                    continue;
                }
                _ => {}
            }
            columns.last_mut().expect("one column").push(c);
        }
        for column in columns {
            let column = column.trim();
            if column.split_once(char::is_whitespace).is_none() {
                return Err(format!(
                    "expected `name type` for each column of `table(...)`, found `{column}`"
                ));
            }
        }
        return Ok(false);
    }
    if lower.starts_with("setof") && lower["setof".len()..].trim().is_empty() {
        return Err("expected `setof type`".into());
    }
    Ok(false)
}

pub(crate) fn view(cx: &Ctxt, view: &View) {
    let a = &view.attrs;
    if a.sql.is_none() && !a.written.iter().any(|k| k == "sql") {
        cx.error_spanned_by(
            view.ident,
            "missing `sql = ...` in `#[view(...)]`, as in `#[view(sql = \"SELECT ...\")]` or `#[view(sql = include_str!(\"sql/v.sql\"))]`",
        );
    }
    if let (Some(_), Some(invoker)) = (&a.materialized, &a.security_invoker) {
        cx.error_spanned_by(
            invoker,
            "`security_invoker` applies to plain views; a materialized view's rows are computed with its owner's rights",
        );
    }
    if a.materialized.is_none() {
        if let Some(index) = view.indexes.first() {
            let message = "indexes need a materialized view; add `materialized` to `#[view(...)]`";
            match index.keys.first().map(|k| &k.target) {
                Some(attr::IndexTarget::Field(ident)) => cx.error_spanned_by(ident, message),
                Some(attr::IndexTarget::Expression(sql)) => cx.error_spanned_by(sql, message),
                None => cx.error_spanned_by(view.ident, message),
            }
        }
    }
    if view.column_fields().is_empty() {
        cx.error_spanned_by(
            view.ident,
            "a view needs at least one field: its fields are the columns its query produces",
        );
    }
    const VIEW_COLUMN_KEYS: &[&str] = &["name", "sql_type", "skip"];
    for field in &view.fields {
        for key in &field.attrs.keys {
            let name = key.unraw().to_string();
            if !VIEW_COLUMN_KEYS.contains(&name.as_str()) {
                cx.error_spanned_by(
                    key,
                    format!("`{name}` does not apply to a view column; a view column takes only `name`, `sql_type` and `skip`"),
                );
            }
        }
    }
    duplicate_columns(cx, view);
    for index in &view.indexes {
        for key in &index.keys {
            if let attr::IndexTarget::Field(ident) = &key.target {
                known_column(cx, view, ident);
            }
        }
        field_list(cx, view, &index.include);
    }
    let owner = if a.materialized.is_some() {
        Owner::MaterializedView
    } else {
        Owner::View
    };
    triggers(cx, view, &view.triggers, owner);
}
