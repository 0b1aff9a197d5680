//! One module per object kind, each holding everything about its kind in Postgres: its SQL
//! (`CREATE`, `ALTER`, `DROP`, `COMMENT ON`, written into a [`std::fmt::Write`]), its
//! normalisation rules, its plan steps with their hazards and graph edges (`steps`), its
//! statements in a whole-schema script (`render`) and, with the `introspect` feature, its
//! catalog query and what its rows become (`catalog`, `read`).
//!
//! Each module gives the engines a [`Kind`] and is named once, in [`KINDS`]: `plan` asks
//! every kind for the steps of each change, `normalize` and `render` loop over them, and
//! `introspect` lets each read its objects. Tables, functions and views are still rendered
//! and read by the engines themselves, which need them in places of their own (tables in
//! dependency order, functions and views interleaved by what their SQL names).

pub(crate) mod aggregate;
pub(crate) mod collation;
pub(crate) mod column;
pub(crate) mod comment;
pub(crate) mod composite;
pub(crate) mod constraint;
pub(crate) mod default_privilege;
pub(crate) mod distribution;
pub(crate) mod domain;
pub(crate) mod enum_type;
pub(crate) mod extension;
pub(crate) mod function;
pub(crate) mod grant;
pub(crate) mod index;
pub(crate) mod opaque;
pub(crate) mod partition;
pub(crate) mod policy;
pub(crate) mod role;
pub(crate) mod schema;
pub(crate) mod sequence;
pub(crate) mod table;
pub(crate) mod trigger;
pub(crate) mod view;

#[cfg(feature = "introspect")]
use crate::introspect::{IntrospectError, Reader};
use crate::plan::builder::Builder;
use crate::render::{Part, Statements};
use schema_core::diff::Change;
use schema_core::Schema;

/// What a kind gives the Postgres engines.
pub(crate) struct Kind {
    /// Adds the steps for a change of this kind; false for a change of another kind.
    pub steps: for<'a> fn(&mut Builder<'a>, &'a Change) -> bool,
    /// Applies the kind's normalisation rules to its objects in a schema.
    pub normalize: fn(&mut Schema),
    /// Adds the kind's statements for one part of a whole-schema script.
    pub render: fn(&Schema, Part, &mut Statements),
    /// Reads the kind's objects from the catalog into the schema being read.
    #[cfg(feature = "introspect")]
    pub read: fn(&mut Reader<'_, '_>) -> Result<(), IntrospectError>,
}

impl Kind {
    /// A kind that only plans steps: what else it needs, the engines or its table do.
    const fn steps(steps: for<'a> fn(&mut Builder<'a>, &'a Change) -> bool) -> Kind {
        Kind {
            steps,
            normalize: nothing_to_normalize,
            render: nothing_to_render,
            #[cfg(feature = "introspect")]
            read: nothing_to_read,
        }
    }
}

fn nothing_to_normalize(_: &mut Schema) {}

fn nothing_to_render(_: &Schema, _: Part, _: &mut Statements) {}

#[cfg(feature = "introspect")]
fn nothing_to_read(_: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
    Ok(())
}

/// Every kind, in the order a script creates them: within each part of a script (see
/// [`Part`]) the kinds add their statements in this order.
pub(crate) const KINDS: [Kind; 22] = [
    schema::KIND,
    extension::KIND,
    role::KIND,
    default_privilege::KIND,
    collation::KIND,
    enum_type::KIND,
    domain::KIND,
    composite::KIND,
    sequence::KIND,
    table::KIND,
    distribution::KIND,
    column::KIND,
    partition::KIND,
    constraint::KIND,
    index::KIND,
    policy::KIND,
    function::KIND,
    aggregate::KIND,
    view::KIND,
    trigger::KIND,
    grant::KIND,
    opaque::KIND,
];

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

/// A name Postgres looks up on the search path unless qualified (an operator class, a
/// collation): `extensions.gin_trgm_ops`, `"C"`, each part quoted on its own.
fn search_path_name(name: &str, out: &mut impl Write) -> fmt::Result {
    match name.split_once('.') {
        Some((schema, name)) => write!(out, "{}.{}", quote_ident(schema), quote_ident(name)),
        None => out.write_str(&quote_ident(name)),
    }
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
