//! `CREATE SCHEMA`.

use schema_core::quote_ident;
use std::fmt::{self, Write};

/// `CREATE SCHEMA name`
pub fn create_schema(name: &str, out: &mut impl Write) -> fmt::Result {
    writeln!(out, "CREATE SCHEMA {};", quote_ident(name))
}
