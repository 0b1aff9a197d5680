//! `CREATE DOMAIN` and `CREATE TYPE ... AS (...)`.

use super::table::default_value;
use schema_core::{quote_ident, CompositeDef, DomainDef};
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

/// `CREATE TYPE name AS (attribute type, ...)`, one attribute per line.
pub fn create_composite(composite: &CompositeDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE TYPE {} AS (", composite.name.to_sql())?;
    for (i, attribute) in composite.attributes.iter().enumerate() {
        out.write_str(if i == 0 { "\n    " } else { ",\n    " })?;
        write!(out, "{} {}", quote_ident(&attribute.name), attribute.ty)?;
    }
    if !composite.attributes.is_empty() {
        out.write_char('\n')?;
    }
    out.write_str(");\n")
}
