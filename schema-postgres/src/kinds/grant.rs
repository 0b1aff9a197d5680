//! `GRANT` privileges on objects.

use schema_core::{quote_ident, Grant, GrantObject, Schema};
use std::fmt::{self, Write};

/// `GRANT privileges ON object TO role [WITH GRANT OPTION]`. A function is named with its
/// argument types, which are looked up in `schema` (its functions, then its external
/// ones); the role `public` is written `PUBLIC`.
pub fn grant(schema: &Schema, grant: &Grant, out: &mut impl Write) -> fmt::Result {
    out.write_str("GRANT ")?;
    for (i, privilege) in grant.privileges.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str(privilege.as_str())?;
        if let GrantObject::Column { column, .. } = &grant.on {
            write!(out, " ({})", quote_ident(column))?;
        }
    }
    out.write_str(" ON ")?;
    object(schema, &grant.on, out)?;
    out.write_str(" TO ")?;
    grantee(&grant.to, out)?;
    if grant.with_grant_option {
        out.write_str(" WITH GRANT OPTION")?;
    }
    out.write_str(";\n")
}

/// The object as `GRANT` and `REVOKE` name it.
pub(crate) fn object(schema: &Schema, on: &GrantObject, out: &mut impl Write) -> fmt::Result {
    match on {
        GrantObject::Table(name) | GrantObject::Column { table: name, .. } => {
            write!(out, "TABLE {}", name.to_sql())
        }
        GrantObject::Sequence(name) => write!(out, "SEQUENCE {}", name.to_sql()),
        GrantObject::Function(name) => {
            let arguments: Vec<String> = match schema.function(name) {
                Some(function) => function
                    .arguments
                    .iter()
                    .map(|a| a.ty.to_string())
                    .collect(),
                None => schema
                    .external
                    .functions
                    .iter()
                    .find(|f| &f.name == name)
                    .map(|f| f.arguments.iter().map(ToString::to_string).collect())
                    .unwrap_or_default(),
            };
            write!(out, "FUNCTION {}({})", name.to_sql(), arguments.join(", "))
        }
        GrantObject::Schema(name) => write!(out, "SCHEMA {}", quote_ident(name)),
    }
}

/// A role, or `PUBLIC`.
pub(crate) fn grantee(role: &str, out: &mut impl Write) -> fmt::Result {
    if role == "public" {
        out.write_str("PUBLIC")
    } else {
        out.write_str(&quote_ident(role))
    }
}
