//! `CREATE EXTENSION`.

use schema_core::{quote_ident, Extension};
use std::fmt::{self, Write};

/// `CREATE EXTENSION IF NOT EXISTS name [WITH SCHEMA schema]`. `IF NOT EXISTS` because
/// hosted Postgres (Supabase among them) often has common extensions installed already.
pub fn create_extension(extension: &Extension, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE EXTENSION IF NOT EXISTS {}",
        quote_ident(&extension.name)
    )?;
    if let Some(schema) = &extension.schema {
        write!(out, " WITH SCHEMA {}", quote_ident(schema))?;
    }
    out.write_str(";\n")
}
