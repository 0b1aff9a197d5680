//! Default privileges: `ALTER DEFAULT PRIVILEGES`, the steps that grant and revoke them,
//! their place in a script (before anything they apply to is created) and their catalog
//! rows (`pg_default_acl`, read as differences from Postgres's built-in defaults).

use super::grant::grantee;
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::render::{Part, Statements};
use schema_core::diff::Change;
use schema_core::{quote_ident, DefaultPrivilege, Schema};
use std::fmt::{self, Write};

/// `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT privileges ON objects TO
/// role [WITH GRANT OPTION]`, or `REVOKE privileges ON objects FROM role` when
/// `def.revoke`. Both can run again: granting what is held, or revoking what is not, does
/// nothing.
pub fn alter_default_privileges(def: &DefaultPrivilege, out: &mut impl Write) -> fmt::Result {
    out.write_str("ALTER DEFAULT PRIVILEGES")?;
    if let Some(role) = &def.for_role {
        write!(out, " FOR ROLE {}", quote_ident(role))?;
    }
    if let Some(schema) = &def.in_schema {
        write!(out, " IN SCHEMA {}", quote_ident(schema))?;
    }
    let privileges: Vec<&str> = def.privileges.iter().map(|p| p.as_str()).collect();
    let (verb, direction) = if def.revoke {
        ("REVOKE", "FROM")
    } else {
        ("GRANT", "TO")
    };
    write!(
        out,
        " {verb} {} ON {} {direction} ",
        privileges.join(", "),
        def.on.as_str()
    )?;
    grantee(&def.to, out)?;
    if def.with_grant_option && !def.revoke {
        out.write_str(" WITH GRANT OPTION")?;
    }
    out.write_str(";\n")
}

/// The steps for this kind's changes; false for a change of another kind.
fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    let Change::AlterDefaultPrivileges { def } = change else {
        return false;
    };
    let text = sql(|o| alter_default_privileges(def, o));
    // Early, before the tables, sequences and functions the plan creates, so they are
    // created with the privileges: the model counts them as held (see
    // `schema_core::DefaultPrivilege`).
    let mut node = Builder::node(
        Phase::DefaultPrivileges,
        change.to_string(),
        text,
        &[Hazard::ChangesAuthorization],
    );
    for role in def.for_role.iter().chain([&def.to]) {
        if role != "public" {
            node.uses_new.push(Object::Role(role));
        }
    }
    if let Some(schema) = &def.in_schema {
        node.uses_new.push(Object::Schema(schema));
    }
    b.push(node);
    true
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

/// With the roles, before the types, tables and functions: a database built from the
/// script is then as if the default privileges had always been there, its objects holding
/// what the defaults give them.
fn render(schema: &Schema, part: Part, list: &mut Statements) {
    if part != Part::Setup {
        return;
    }
    for def in &schema.default_privileges {
        list.push("Default privileges", def.to_string(), |out| {
            alter_default_privileges(def, out)
        });
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
mod catalog {
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{DefaultObjects, DefaultPrivilege};

    /// One row per grantee and privilege of `pg_default_acl`, as the model holds them. An
    /// entry for every schema replaces Postgres's built-in defaults for that role and kind
    /// (the owner holds everything, `PUBLIC` may execute functions and use types): what it
    /// adds is read as a grant, what it lacks of them as a revoke. An entry for one schema
    /// only adds to those. The role running the read is read as no role (`FOR ROLE` left
    /// out), as the model writes it.
    const DEFAULT_PRIVILEGES: &str = "
SELECT CASE WHEN d.defaclrole = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
            THEN NULL ELSE r.rolname::text END,
       n.nspname::text, d.defaclobjtype::text,
       CASE WHEN a.grantee = 0 THEN 'public' ELSE g.rolname::text END,
       a.privilege_type, a.is_grantable, a.revoke
FROM pg_catalog.pg_default_acl d
JOIN pg_catalog.pg_roles r ON r.oid = d.defaclrole
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL (
    SELECT CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END::\"char\" AS kind
) k
CROSS JOIN LATERAL (
    SELECT e.grantee, e.privilege_type, e.is_grantable, false AS revoke
    FROM pg_catalog.aclexplode(d.defaclacl) e
    WHERE d.defaclnamespace <> 0 OR NOT EXISTS (
        SELECT FROM pg_catalog.aclexplode(pg_catalog.acldefault(k.kind, d.defaclrole)) b
        WHERE b.grantee = e.grantee AND b.privilege_type = e.privilege_type
          AND b.is_grantable = e.is_grantable)
    UNION ALL
    SELECT b.grantee, b.privilege_type, false, true
    FROM pg_catalog.aclexplode(pg_catalog.acldefault(k.kind, d.defaclrole)) b
    WHERE d.defaclnamespace = 0 AND NOT EXISTS (
        SELECT FROM pg_catalog.aclexplode(d.defaclacl) e
        WHERE e.grantee = b.grantee AND e.privilege_type = b.privilege_type)
) a
LEFT JOIN pg_catalog.pg_roles g ON g.oid = a.grantee
WHERE d.defaclnamespace = 0 OR n.nspname = ANY($1)
ORDER BY 1, 2, 3, 4, 5";

    /// Reads the default privileges of every role, globally and in the schemas read.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let rows = reader.in_namespaces("reading default privileges", DEFAULT_PRIVILEGES)?;
        for row in rows {
            let on = match row.get::<_, String>(2).as_str() {
                "r" => DefaultObjects::Tables,
                "S" => DefaultObjects::Sequences,
                "f" => DefaultObjects::Functions,
                "T" => DefaultObjects::Types,
                _ => DefaultObjects::Schemas,
            };
            let named: String = row.get(4);
            let privilege = match crate::kinds::grant::catalog::privilege_named(&named) {
                Some(privilege) => privilege,
                None => {
                    let other = &named;
                    reader.notes.push(crate::introspect::Note::new(
                        format!("default privilege `{other}`"),
                        "is a privilege the model does not have, and was left out".into(),
                    ));
                    continue;
                }
            };
            let mut def = if row.get::<_, bool>(6) {
                DefaultPrivilege::revoke(&[privilege], on, &row.get::<_, String>(3))
            } else {
                DefaultPrivilege::new(&[privilege], on, &row.get::<_, String>(3))
            };
            def.for_role = row.get(0);
            def.in_schema = row.get(1);
            def.with_grant_option = row.get(5);
            reader.schema.default_privileges.push(def);
        }
        Ok(())
    }
}
