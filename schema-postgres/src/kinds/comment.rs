//! `COMMENT ON`: doc comments as database comments. Each kind writes its own `COMMENT ON`;
//! here are the text every one of them ends with and the one shared by enums and composite
//! types.

use crate::literal::quote_literal;
use schema_core::QualifiedName;
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

/// Postgres stores no empty comment: `IS ''` removes the comment like `IS NULL`.
pub(super) fn comment_text(comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    match comment {
        Some(text) => out.write_str(&quote_literal(text))?,
        None => out.write_str("NULL")?,
    }
    out.write_str(";\n")
}
