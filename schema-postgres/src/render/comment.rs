//! `COMMENT ON`: doc comments as database comments.

use crate::literal::quote_literal;
use schema_core::{quote_ident, FunctionDef, QualifiedName, ViewDef};
use std::fmt::{self, Write};

/// `COMMENT ON TYPE name IS '...'`, or `IS NULL` to remove it. For an enum, pass
/// [`crate::enum_type_comment`], which carries the values' comments too.
pub fn comment_on_type(
    name: &QualifiedName,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON TYPE {} IS ", name.to_sql())?;
    comment_text(comment, out)
}

/// `COMMENT ON TABLE name IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_table(
    table: &QualifiedName,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON TABLE {} IS ", table.to_sql())?;
    comment_text(comment, out)
}

/// `COMMENT ON COLUMN table.column IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_column(
    table: &QualifiedName,
    column: &str,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(
        out,
        "COMMENT ON COLUMN {}.{} IS ",
        table.to_sql(),
        quote_ident(column)
    )?;
    comment_text(comment, out)
}

/// `COMMENT ON FUNCTION name(types) IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_function(
    function: &FunctionDef,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON FUNCTION {} IS ", function.signature())?;
    comment_text(comment, out)
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

/// `COMMENT ON DOMAIN name IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_domain(
    name: &QualifiedName,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON DOMAIN {} IS ", name.to_sql())?;
    comment_text(comment, out)
}

/// `COMMENT ON ROLE name IS '...'`, or `IS NULL` to remove it. Roles belong to the
/// cluster, so the comment is seen from every database.
pub fn comment_on_role(role: &str, comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    write!(out, "COMMENT ON ROLE {} IS ", quote_ident(role))?;
    comment_text(comment, out)
}

/// Postgres stores no empty comment: `IS ''` removes the comment like `IS NULL`.
fn comment_text(comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    match comment {
        Some(text) => out.write_str(&quote_literal(text))?,
        None => out.write_str("NULL")?,
    }
    out.write_str(";\n")
}
