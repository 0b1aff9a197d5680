//! Table constraints: primary keys, unique and check constraints (written inside
//! `CREATE TABLE`) and foreign keys (added with `ALTER TABLE` once every table exists).

use super::column_list;
use schema_core::{
    quote_ident, Check, Deferrable, ForeignKey, PrimaryKey, QualifiedName, ReferentialAction,
    Unique,
};
use std::fmt::{self, Write};

/// `ALTER TABLE table ADD CONSTRAINT name FOREIGN KEY ...`. Rendering foreign keys apart
/// from `CREATE TABLE` lets tables reference each other in a cycle.
pub fn add_foreign_key(
    table: &QualifiedName,
    key: &ForeignKey,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "ALTER TABLE {}\n    ADD ", table.to_sql())?;
    foreign_key_clause(key, out)?;
    out.write_str(";\n")
}

/// `CONSTRAINT name FOREIGN KEY (columns) REFERENCES table (columns)`, then the actions
/// that differ from `NO ACTION` and the deferrability when the key is deferrable.
pub fn foreign_key_clause(key: &ForeignKey, out: &mut impl Write) -> fmt::Result {
    write!(out, "CONSTRAINT {} FOREIGN KEY ", quote_ident(&key.name))?;
    column_list(&key.columns, out)?;
    write!(out, " REFERENCES {} ", key.references.to_sql())?;
    column_list(&key.referenced_columns, out)?;
    if let Some(action) = action(key.on_delete) {
        write!(out, " ON DELETE {action}")?;
    }
    if let Some(action) = action(key.on_update) {
        write!(out, " ON UPDATE {action}")?;
    }
    match key.deferrable {
        Deferrable::No => Ok(()),
        Deferrable::InitiallyImmediate => out.write_str(" DEFERRABLE INITIALLY IMMEDIATE"),
        Deferrable::InitiallyDeferred => out.write_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
}

/// The SQL for an action, `None` for Postgres's default `NO ACTION`.
fn action(action: ReferentialAction) -> Option<&'static str> {
    match action {
        ReferentialAction::NoAction => None,
        ReferentialAction::Restrict => Some("RESTRICT"),
        ReferentialAction::Cascade => Some("CASCADE"),
        ReferentialAction::SetNull => Some("SET NULL"),
        ReferentialAction::SetDefault => Some("SET DEFAULT"),
    }
}

/// `CONSTRAINT name PRIMARY KEY (columns)`
pub fn primary_key_clause(key: &PrimaryKey, out: &mut impl Write) -> fmt::Result {
    write!(out, "CONSTRAINT {} PRIMARY KEY ", quote_ident(&key.name))?;
    column_list(&key.columns, out)
}

/// `CONSTRAINT name UNIQUE (columns)`
pub fn unique_clause(unique: &Unique, out: &mut impl Write) -> fmt::Result {
    write!(out, "CONSTRAINT {} UNIQUE ", quote_ident(&unique.name))?;
    column_list(&unique.columns, out)
}

/// `CONSTRAINT name CHECK (expression)`
pub fn check_clause(check: &Check, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CONSTRAINT {} CHECK ({})",
        quote_ident(&check.name),
        check.expression
    )
}
