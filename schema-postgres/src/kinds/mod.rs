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
