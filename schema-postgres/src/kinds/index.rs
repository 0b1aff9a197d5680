//! `CREATE INDEX`.

use schema_core::{
    quote_ident, Index, IndexKey, IndexMethod, IndexTarget, NullsOrder, QualifiedName,
};
use std::fmt::{self, Write};

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (keys) [INCLUDE (...)] [WHERE ...]`.
/// The index lands in its table's schema, so its name is not qualified; `USING btree`
/// is left out, being the default.
pub fn create_index(table: &QualifiedName, index: &Index, out: &mut impl Write) -> fmt::Result {
    out.write_str(if index.unique {
        "CREATE UNIQUE INDEX "
    } else {
        "CREATE INDEX "
    })?;
    write!(out, "{} ON {}", quote_ident(&index.name), table.to_sql())?;
    if index.method != IndexMethod::Btree {
        write!(out, " USING {}", index.method.as_str())?;
    }
    out.write_str(" (")?;
    for (i, key) in index.keys.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        index_key(key, out)?;
    }
    out.write_char(')')?;
    if !index.include.is_empty() {
        out.write_str(" INCLUDE ")?;
        super::column_list(&index.include, out)?;
    }
    if let Some(predicate) = &index.predicate {
        write!(out, " WHERE {predicate}")?;
    }
    out.write_str(";\n")
}

/// `column` or `(expression)`, then the operator class, `DESC` and `NULLS ...`.
fn index_key(key: &IndexKey, out: &mut impl Write) -> fmt::Result {
    match &key.target {
        IndexTarget::Column(column) => out.write_str(&quote_ident(column))?,
        // Postgres requires the parentheses around anything but a column or a function
        // call; they are harmless around those.
        IndexTarget::Expression(sql) => write!(out, "({sql})")?,
    }
    if let Some(opclass) = &key.opclass {
        out.write_char(' ')?;
        operator_class(opclass, out)?;
    }
    if key.descending {
        out.write_str(" DESC")?;
    }
    match key.nulls {
        Some(NullsOrder::First) => out.write_str(" NULLS FIRST"),
        Some(NullsOrder::Last) => out.write_str(" NULLS LAST"),
        None => Ok(()),
    }
}

/// An operator class is looked up on the search path unless qualified
/// (`extensions.gin_trgm_ops`), so each part is quoted on its own.
fn operator_class(name: &str, out: &mut impl Write) -> fmt::Result {
    match name.split_once('.') {
        Some((schema, name)) => write!(out, "{}.{}", quote_ident(schema), quote_ident(name)),
        None => out.write_str(&quote_ident(name)),
    }
}
