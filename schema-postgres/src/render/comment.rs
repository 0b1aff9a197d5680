//! `COMMENT ON`: doc comments as database comments.

use crate::literal::quote_literal;
use schema_core::{quote_ident, QualifiedName};
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

/// Postgres stores no empty comment: `IS ''` removes the comment like `IS NULL`.
fn comment_text(comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    match comment {
        Some(text) => out.write_str(&quote_literal(text))?,
        None => out.write_str("NULL")?,
    }
    out.write_str(";\n")
}
