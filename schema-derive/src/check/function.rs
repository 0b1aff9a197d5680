//! Rules of `#[derive(Function)]`.

use crate::ast::Function;
use crate::attr::{ArgMode, ArgType, Language, ReturnType};
use crate::ctxt::Ctxt;
use std::collections::BTreeMap;
use syn::ext::IdentExt;

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
    if let Some(procedure) = &a.procedure {
        procedure_options(cx, f, procedure);
    } else if a.returns.is_none() {
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
        let last_input = args
            .value
            .iter()
            .rposition(|arg| !matches!(arg.mode, Some((ArgMode::Out, _))));
        for (i, arg) in args.value.iter().enumerate() {
            if let Some(name) = &arg.name {
                if names.insert(name.unraw().to_string(), ()).is_some() {
                    cx.error_spanned_by(name, format!("argument `{name}` is declared twice"));
                }
            }
            match &arg.mode {
                Some((ArgMode::Out, mode)) => {
                    if let Some(default) = &arg.default {
                        cx.error_spanned_by(
                            default,
                            format!("an `{mode}` argument cannot have a default; only input arguments have one"),
                        );
                    }
                    // OUT arguments are no part of the call: they break no run of defaults.
                    continue;
                }
                Some((ArgMode::Variadic, mode)) => {
                    if Some(i) != last_input {
                        cx.error_spanned_by(
                            mode,
                            "a `variadic` argument must be the last input argument (only `out` arguments may follow it)",
                        );
                    }
                    if let ArgType::Sql(text) = &arg.ty {
                        if !text.value().trim_end().ends_with("[]") {
                            cx.error_spanned_by(
                                text,
                                "a `variadic` argument takes the call's trailing values as an array: write an array type, such as `\"integer[]\"`",
                            );
                        }
                    }
                }
                _ => {}
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

/// A procedure returns nothing but its `out` and `inout` arguments, and takes none of the
/// options of a function called in a query (Postgres refuses them in `CREATE PROCEDURE`).
fn procedure_options(cx: &Ctxt, f: &Function, procedure: &syn::Ident) {
    let a = &f.attrs;
    if let Some(returns) = &a.returns {
        cx.error_spanned_by(
            &returns.key,
            "a procedure returns nothing; give its results as `out` or `inout` arguments in `args(...)`",
        );
    }
    let keys = [
        a.volatility.as_ref().map(|s| &s.key),
        a.strict.as_ref(),
        a.leakproof.as_ref(),
        a.parallel.as_ref().map(|s| &s.key),
        a.cost.as_ref().map(|s| &s.key),
        a.rows.as_ref().map(|s| &s.key),
    ];
    for key in keys.into_iter().flatten() {
        cx.error_spanned_by(
            key,
            format!("`{key}` is for functions; Postgres does not accept it on a `{procedure}`"),
        );
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
