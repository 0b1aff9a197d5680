//! `CREATE VIEW` and `CREATE MATERIALIZED VIEW`.

use super::comment::comment_text;
use schema_core::{quote_ident, ViewDef};
use std::fmt::{self, Write};

/// `CREATE [MATERIALIZED] VIEW name (columns) [WITH (security_invoker = true)] AS` and the
/// query on the following lines. The column list gives the query's columns the declared
/// names; Postgres rejects a list longer than what the query produces.
pub fn create_view(view: &ViewDef, out: &mut impl Write) -> fmt::Result {
    out.write_str(if view.materialized {
        "CREATE MATERIALIZED VIEW "
    } else {
        "CREATE VIEW "
    })?;
    out.write_str(&view.name.to_sql())?;
    if !view.columns.is_empty() {
        out.write_str(" (")?;
        for (i, column) in view.columns.iter().enumerate() {
            if i > 0 {
                out.write_str(", ")?;
            }
            out.write_str(&quote_ident(&column.name))?;
        }
        out.write_char(')')?;
    }
    if view.security_invoker {
        out.write_str(" WITH (security_invoker = true)")?;
    }
    let query = view.query.trim().trim_end_matches(';').trim_end();
    writeln!(out, " AS\n{query};")
}

/// `COMMENT ON [MATERIALIZED] VIEW name IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_view(view: &ViewDef, comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    let kind = if view.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    };
    write!(out, "COMMENT ON {kind} {} IS ", view.name.to_sql())?;
    comment_text(comment, out)
}
