//! `CREATE TYPE ... AS ENUM`.

use crate::literal::quote_literal;
use schema_core::EnumDef;
use std::fmt::{self, Write};

/// `CREATE TYPE name AS ENUM (...)` with one label per line, in the enum's order (which
/// is the order Postgres sorts the values in).
pub fn create_enum(def: &EnumDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE TYPE {} AS ENUM (", def.name.to_sql())?;
    for (i, value) in def.values.iter().enumerate() {
        out.write_str(if i == 0 { "\n    " } else { ",\n    " })?;
        out.write_str(&quote_literal(&value.label))?;
    }
    if !def.values.is_empty() {
        out.write_char('\n')?;
    }
    out.write_str(");\n")
}
