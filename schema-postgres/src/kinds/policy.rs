//! Row-level security: the switches on a table and its policies.

use schema_core::{quote_ident, Policy, PolicyCommand, QualifiedName};
use std::fmt::{self, Write};

/// `ALTER TABLE table ENABLE ROW LEVEL SECURITY`
pub fn enable_rls(table: &QualifiedName, out: &mut impl Write) -> fmt::Result {
    writeln!(
        out,
        "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;",
        table.to_sql()
    )
}

/// `ALTER TABLE table FORCE ROW LEVEL SECURITY`: the policies bind the table's owner too.
pub fn force_rls(table: &QualifiedName, out: &mut impl Write) -> fmt::Result {
    writeln!(
        out,
        "ALTER TABLE {} FORCE ROW LEVEL SECURITY;",
        table.to_sql()
    )
}

/// `CREATE POLICY name ON table`, one clause per line, leaving out the defaults
/// (`AS PERMISSIVE`, `FOR ALL`, `TO PUBLIC`).
pub fn create_policy(table: &QualifiedName, policy: &Policy, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE POLICY {} ON {}",
        quote_ident(&policy.name),
        table.to_sql()
    )?;
    if policy.restrictive {
        out.write_str("\n    AS RESTRICTIVE")?;
    }
    if policy.command != PolicyCommand::All {
        write!(out, "\n    FOR {}", policy.command.as_str())?;
    }
    for (i, role) in policy.roles.iter().enumerate() {
        out.write_str(if i == 0 { "\n    TO " } else { ", " })?;
        out.write_str(&quote_ident(role))?;
    }
    if let Some(using) = &policy.using {
        write!(out, "\n    USING ({using})")?;
    }
    if let Some(check) = &policy.with_check {
        write!(out, "\n    WITH CHECK ({check})")?;
    }
    out.write_str(";\n")
}
