//! Stand-ins for external objects, so a script that references Supabase's `auth.users`,
//! `auth.uid()` or `authenticated` applies to a plain Postgres (tests, local development).
//! Schemas, roles and tables are created only where missing; functions are replaced
//! (`CREATE OR REPLACE`), so stand-ins are for databases that lack the real objects.

use crate::literal::{dollar_quote, quote_literal};
use schema_core::{quote_ident, External, ExternalFunction, ExternalTable};
use std::collections::BTreeSet;
use std::fmt::{self, Write};

/// The schemas external tables and functions live in, sorted, each once.
pub(super) fn external_schemas(external: &External) -> BTreeSet<&str> {
    let tables = external.tables.iter().map(|t| t.name.schema.as_str());
    let functions = external.functions.iter().map(|f| f.name.schema.as_str());
    tables.chain(functions).collect()
}

/// `CREATE SCHEMA IF NOT EXISTS name`
pub fn create_schema_if_missing(name: &str, out: &mut impl Write) -> fmt::Result {
    writeln!(out, "CREATE SCHEMA IF NOT EXISTS {};", quote_ident(name))
}

/// A `DO` block creating a `NOLOGIN` role unless one of that name exists. Roles belong to
/// the whole cluster, not to one database, so two scripts applied at the same time (tests
/// in parallel databases) can both find the role missing: the loser of that race gets a
/// unique violation, which is caught as well.
pub fn create_role_if_missing(role: &str, out: &mut impl Write) -> fmt::Result {
    let body = format!(
        "
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {name}) THEN
        CREATE ROLE {role} NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
",
        name = quote_literal(role),
        role = quote_ident(role),
    );
    writeln!(out, "DO {};", dollar_quote(&body))
}

/// `CREATE TABLE IF NOT EXISTS` with the declared columns, the first one as primary key
/// (what foreign keys to the table reference by default).
pub fn create_stand_in_table(table: &ExternalTable, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE TABLE IF NOT EXISTS {} (", table.name.to_sql())?;
    for (i, column) in table.columns.iter().enumerate() {
        out.write_str(if i == 0 { "\n    " } else { ",\n    " })?;
        write!(out, "{} {}", quote_ident(&column.name), column.ty)?;
        if i == 0 {
            out.write_str(" PRIMARY KEY")?;
        }
    }
    if !table.columns.is_empty() {
        out.write_char('\n')?;
    }
    out.write_str(");\n")
}

/// `CREATE OR REPLACE FUNCTION name(arguments) RETURNS type LANGUAGE sql STABLE` with the
/// function's stand-in body, or `select null::type` when it has none.
///
/// `OR REPLACE` rather than a check for existence: a function with that signature already
/// there is replaced. Only give stand-ins to a database that lacks the real objects.
pub fn create_stand_in_function(function: &ExternalFunction, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE OR REPLACE FUNCTION {}(",
        function.name.to_sql()
    )?;
    for (i, argument) in function.arguments.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        write!(out, "{argument}")?;
    }
    let body = match &function.stand_in {
        Some(sql) => sql.clone(),
        None => format!("select null::{}", function.returns),
    };
    writeln!(
        out,
        ") RETURNS {}\n    LANGUAGE sql STABLE\n    AS {};",
        function.returns,
        dollar_quote(&body)
    )
}
