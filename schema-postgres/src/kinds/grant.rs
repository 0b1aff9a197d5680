//! `GRANT` privileges on objects.

use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::plan::Hazard;
use schema_core::diff::Change;
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

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::Grant { grant } => b.grant(change, grant),
        Change::Revoke { grant } => b.revoke(change, grant),
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    /// The object a grant is on, as the graph knows it.
    pub(crate) fn grant_target(on: &'a GrantObject) -> Vec<Object<'a>> {
        match on {
            GrantObject::Table(name) | GrantObject::Sequence(name) => vec![Object::Table(name)],
            GrantObject::Column { table, column } => {
                vec![Object::Table(table), Object::Column(table, column)]
            }
            GrantObject::Function(name) => vec![Object::Function(name)],
            GrantObject::Schema(name) => vec![Object::Schema(name)],
        }
    }

    pub(crate) fn grant(&mut self, change: &'a Change, grant: &'a Grant) {
        let text = sql(|o| self::grant(self.new_schema, grant, o));
        let mut node = Self::node(
            Phase::Grant,
            change.to_string(),
            text,
            &[Hazard::ChangesAuthorization],
        );
        node.uses_new.extend(Self::grant_target(&grant.on));
        node.uses_new.push(Object::Role(&grant.to));
        self.push(node);
    }

    pub(crate) fn revoke(&mut self, change: &'a Change, grant: &'a Grant) {
        let privileges: Vec<String> = grant
            .privileges
            .iter()
            .map(|p| match &grant.on {
                GrantObject::Column { column, .. } => {
                    format!("{} ({})", p.as_str(), quote_ident(column))
                }
                _ => p.as_str().to_string(),
            })
            .collect();
        let option = if grant.with_grant_option {
            "GRANT OPTION FOR "
        } else {
            ""
        };
        let object = sql(|o| self::object(self.old_schema, &grant.on, o));
        let grantee = if grant.to == "public" {
            "PUBLIC".to_string()
        } else {
            quote_ident(&grant.to).into_owned()
        };
        let text = format!(
            "REVOKE {option}{} ON {object} FROM {grantee};\n",
            privileges.join(", ")
        );
        let mut node = Self::node(
            Phase::Revoke,
            change.to_string(),
            text,
            &[Hazard::ChangesAuthorization],
        );
        node.uses_old.extend(Self::grant_target(&grant.on));
        self.push(node);
    }
}
