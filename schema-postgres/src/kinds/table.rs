//! `CREATE TABLE` with its columns and the constraints that live inside it.

use super::column::column_definition;
use super::comment::comment_text;
use super::constraint::{check_clause, primary_key_clause, unique_clause};
use super::partition::{partition_bound, partition_by};
use schema_core::{QualifiedName, TableDef};
use std::fmt::{self, Write};

/// `CREATE TABLE` with one column per line, then the primary key, unique and check
/// constraints, each with its explicit name, and `PARTITION BY` for a partitioned table.
/// Foreign keys are left out: they are added once every table exists
/// ([`super::constraint::add_foreign_key`]). A partition is `CREATE TABLE name PARTITION OF parent
/// FOR VALUES ...`, taking its columns and keys from its parent.
pub fn create_table(table: &TableDef, out: &mut impl Write) -> fmt::Result {
    if let Some(of) = &table.partition_of {
        write!(
            out,
            "CREATE TABLE {} PARTITION OF {}\n    ",
            table.name.to_sql(),
            of.parent.to_sql()
        )?;
        partition_bound(&of.bound, out)?;
        if let Some(by) = &table.partition_by {
            out.write_str("\n    ")?;
            partition_by(by, out)?;
        }
        return out.write_str(";\n");
    }
    write!(out, "CREATE TABLE {} (", table.name.to_sql())?;
    let mut first = true;
    for column in &table.columns {
        next_item(out, &mut first)?;
        column_definition(column, out)?;
    }
    if let Some(key) = &table.primary_key {
        next_item(out, &mut first)?;
        primary_key_clause(key, out)?;
    }
    for unique in &table.uniques {
        next_item(out, &mut first)?;
        unique_clause(unique, out)?;
    }
    for check in &table.checks {
        next_item(out, &mut first)?;
        check_clause(check, out)?;
    }
    // A table without columns is legal (`CREATE TABLE t ()`); keep it on one line.
    if !first {
        out.write_char('\n')?;
    }
    out.write_char(')')?;
    if let Some(by) = &table.partition_by {
        out.write_char(' ')?;
        partition_by(by, out)?;
    }
    out.write_str(";\n")
}

/// Ends the previous line of the table body with a comma, and indents the next one.
fn next_item(out: &mut impl Write, first: &mut bool) -> fmt::Result {
    if !*first {
        out.write_char(',')?;
    }
    *first = false;
    out.write_str("\n    ")
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
