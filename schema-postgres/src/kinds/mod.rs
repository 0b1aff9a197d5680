//! One module per object kind, each holding everything about its kind in Postgres: its SQL
//! (`CREATE`, `ALTER`, `DROP`, `COMMENT ON`, written into a [`std::fmt::Write`]), its
//! normalisation rules, its plan steps with their hazards and graph edges (`steps`), and,
//! with the `introspect` feature, its catalog query and what its rows become (`catalog`).
//!
//! The engines (`render`, `normalize`, `plan`, `introspect`) loop over the kinds; a new kind
//! gets a file here and a line in each engine.

pub(crate) mod column;
pub(crate) mod comment;
pub(crate) mod composite;
pub(crate) mod constraint;
pub(crate) mod domain;
pub(crate) mod enum_type;
pub(crate) mod extension;
pub(crate) mod function;
pub(crate) mod grant;
pub(crate) mod index;
pub(crate) mod partition;
pub(crate) mod policy;
pub(crate) mod role;
pub(crate) mod schema;
pub(crate) mod sequence;
pub(crate) mod table;
pub(crate) mod trigger;
pub(crate) mod view;

use schema_core::quote_ident;
use std::fmt::{self, Write};

/// `WITH (...)` options, as `(name, value)` in SQL: the name quoted where needed, the value
/// bare when it is a number or a word, quoted otherwise.
fn storage_options(storage: &std::collections::BTreeMap<String, String>) -> Vec<(String, String)> {
    storage
        .iter()
        .map(|(name, value)| {
            let bare = !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
            let value = if bare {
                value.clone()
            } else {
                crate::literal::quote_literal(value)
            };
            (quote_ident(name).into_owned(), value)
        })
        .collect()
}

/// ` WITH (a = 1, b = x)`, or nothing for no options.
fn with_options(options: &[(String, String)], out: &mut impl Write) -> fmt::Result {
    if options.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = options.iter().map(|(n, v)| format!("{n} = {v}")).collect();
    write!(out, " WITH ({})", list.join(", "))
}

/// `ALTER {object} SET (...)` for the options `new` adds or changes and `RESET (...)` for
/// those it drops; `object` is such as `TABLE public.t`.
fn alter_options(
    object: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    out: &mut impl Write,
) -> fmt::Result {
    let set: Vec<String> = new
        .iter()
        .filter(|option| !old.contains(option))
        .map(|(name, value)| format!("{name} = {value}"))
        .collect();
    let reset: Vec<&str> = old
        .iter()
        .filter(|(name, _)| !new.iter().any(|(n, _)| n == name))
        .map(|(name, _)| name.as_str())
        .collect();
    if !set.is_empty() {
        writeln!(out, "ALTER {object} SET ({});", set.join(", "))?;
    }
    if !reset.is_empty() {
        writeln!(out, "ALTER {object} RESET ({});", reset.join(", "))?;
    }
    Ok(())
}

/// Writes `(a, b, c)` with each name quoted where needed.
fn column_list(columns: &[String], out: &mut impl Write) -> fmt::Result {
    out.write_char('(')?;
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str(&quote_ident(column))?;
    }
    out.write_char(')')
}
