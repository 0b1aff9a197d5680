//! `CREATE EXTENSION` and the roles the app owns.

use crate::literal::{dollar_quote, quote_literal};
use schema_core::{quote_ident, Extension, Role};
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

/// A `DO` block creating the role unless one of that name exists, then granting it
/// membership of its parent roles.
///
/// Roles belong to the whole cluster, not to one database, so a script for a new database
/// cannot assume the role is new: an existing role is kept as it is (its attributes are
/// not changed). Two scripts applied at the same time (tests in parallel databases) can
/// both find the role missing; the loser of that race gets a unique violation, which is
/// caught, as is a membership granted twice.
pub fn create_role(role: &Role, out: &mut impl Write) -> fmt::Result {
    let mut attributes = vec![if role.login { "LOGIN" } else { "NOLOGIN" }];
    if !role.inherit {
        attributes.push("NOINHERIT");
    }
    if role.bypass_rls {
        attributes.push("BYPASSRLS");
    }
    let name = quote_ident(&role.name);
    let mut body = format!(
        "
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {literal}) THEN
        CREATE ROLE {name} {attributes};
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END;
",
        literal = quote_literal(&role.name),
        attributes = attributes.join(" "),
    );
    for parent in &role.member_of {
        body.push_str(&format!(
            "BEGIN
    GRANT {} TO {name};
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END;
",
            quote_ident(parent)
        ));
    }
    // A DO body is one block: wrap the sequence of blocks in an outer one.
    writeln!(
        out,
        "DO {};",
        dollar_quote(&format!("\nBEGIN\n{}END\n", indent(&body)))
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("    {line}\n")
            }
        })
        .collect()
}
