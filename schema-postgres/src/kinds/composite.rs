//! Composite types: `CREATE TYPE ... AS (...)`.

use schema_core::{quote_ident, CompositeDef};
use std::fmt::{self, Write};

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
