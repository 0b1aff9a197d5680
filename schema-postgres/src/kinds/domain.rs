//! Domains: `CREATE DOMAIN` and `COMMENT ON DOMAIN`.

use super::column::default_value;
use super::comment::comment_text;
use schema_core::{quote_ident, DomainDef, QualifiedName};
use std::fmt::{self, Write};

/// `CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL]`, then each check on its own line.
pub fn create_domain(domain: &DomainDef, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE DOMAIN {} AS {}",
        domain.name.to_sql(),
        domain.base
    )?;
    if let Some(default) = &domain.default {
        out.write_str("\n    DEFAULT ")?;
        default_value(default, out)?;
    }
    if domain.not_null {
        out.write_str("\n    NOT NULL")?;
    }
    for check in &domain.checks {
        write!(
            out,
            "\n    CONSTRAINT {} CHECK ({})",
            quote_ident(&check.name),
            check.expression
        )?;
    }
    out.write_str(";\n")
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
