//! Grants: `GRANT` privileges on objects, the steps that grant and revoke them, and their
//! catalog rows.

use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use schema_core::diff::Change;
use schema_core::{quote_ident, Grant, GrantObject, Schema};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

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
        GrantObject::Function(_) | GrantObject::Overload { .. } => {
            match on.with_arguments(schema) {
                GrantObject::Overload {
                    function,
                    arguments,
                } => {
                    let arguments: Vec<String> =
                        arguments.iter().map(ToString::to_string).collect();
                    // `ON FUNCTION` does not name a procedure.
                    let procedure = schema
                        .function_overload(&function, &arguments)
                        .is_some_and(|f| f.is_procedure());
                    let keyword = if procedure { "PROCEDURE" } else { "FUNCTION" };
                    write!(
                        out,
                        "{keyword} {}({})",
                        function.to_sql(),
                        arguments.join(", ")
                    )
                }
                // Not in the schema (a plan's revoke on what the new side dropped): Postgres
                // finds a name without overloads alone.
                _ => write!(
                    out,
                    "FUNCTION {}",
                    on.function_name().expect("a function").to_sql()
                ),
            }
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
            GrantObject::Table(name) => vec![Object::Table(name)],
            GrantObject::Sequence(name) => vec![Object::Named(super::sequence::SEQUENCE, name)],
            GrantObject::Column { table, column } => {
                vec![Object::Table(table), Object::Column(table, column)]
            }
            GrantObject::Function(name) | GrantObject::Overload { function: name, .. } => {
                vec![Object::Function(name)]
            }
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

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::note::Note;
    use schema_core::{Grant, GrantObject, Privilege, QualifiedName, SqlType};

    pub(crate) struct GrantRow {
        pub(crate) schema: String,
        /// The object's name (`None` for a schema).
        pub(crate) name: Option<String>,
        /// `r`, `p`, `v`, `m`, `S` (relations), `f` (functions), `n` (schemas).
        pub(crate) kind: String,
        pub(crate) column: Option<String>,
        /// The grantee's name, `public` for everyone.
        pub(crate) grantee: String,
        pub(crate) privilege: String,
        pub(crate) grantable: bool,
        /// A function's argument types (`format_type`), what tells its overloads apart.
        pub(crate) arguments: Option<Vec<String>>,
    }

    pub(crate) fn grants_query() -> String {
        let grantee = "CASE WHEN a.grantee = 0 THEN 'public' ELSE r.rolname::text END";
        format!(
            "
SELECT n.nspname::text, c.relname::text, c.relkind::text, NULL::text, {grantee},
       a.privilege_type, a.is_grantable, NULL::text[]
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
-- Objects without an access list (most of them) are left out before `aclexplode`.
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname = ANY($1) AND c.relacl IS NOT NULL
  AND a.grantee <> c.relowner AND {class_member}
UNION ALL
SELECT n.nspname::text, c.relname::text, c.relkind::text, att.attname::text, {grantee},
       a.privilege_type, a.is_grantable, NULL::text[]
FROM pg_catalog.pg_attribute att
JOIN pg_catalog.pg_class c ON c.oid = att.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
-- $2: the relations read with a column that has privileges of its own.
WHERE att.attrelid = ANY($2) AND att.attacl IS NOT NULL AND att.attnum > 0
  AND NOT att.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
  AND n.nspname = ANY($1) AND a.grantee <> c.relowner AND {class_member}
UNION ALL
SELECT n.nspname::text, p.proname::text, 'f', NULL::text, {grantee},
       a.privilege_type, a.is_grantable,
       ARRAY(SELECT pg_catalog.format_type(u.t, NULL)
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY u(t, ord)
             ORDER BY u.ord)
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
WHERE n.nspname = ANY($1) AND a.grantee <> p.proowner
  AND NOT (a.grantee = 0 AND a.privilege_type = 'EXECUTE' AND NOT a.is_grantable)
  AND {proc_member}
  -- A routine kept as text carries its privileges in its definition; an aggregate the
  -- model holds has them here, as a function has.
  AND NOT {kept_as_text}
UNION ALL
SELECT n.nspname::text, NULL::text, 'n', NULL::text, {grantee},
       a.privilege_type, a.is_grantable, NULL::text[]
FROM pg_catalog.pg_namespace n
CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
WHERE n.nspname = ANY($1) AND a.grantee <> n.nspowner
  AND NOT (n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'USAGE')
ORDER BY 1, 2, 4, 5, 6, 8",
            class_member = not_member("pg_catalog.pg_class", "c.oid"),
            proc_member = not_member("pg_catalog.pg_proc", "p.oid"),
            kept_as_text = crate::kinds::opaque::catalog::kept_as_text(),
        )
    }

    impl GrantRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            GrantRow {
                schema: row.get(0),
                name: row.get(1),
                kind: row.get(2),
                column: row.get(3),
                grantee: row.get(4),
                privilege: row.get(5),
                grantable: row.get(6),
                arguments: row.get(7),
            }
        }
    }

    /// A privilege as the catalog spells it (`aclexplode`'s `SELECT`), if the model has it.
    pub(crate) fn privilege_named(text: &str) -> Option<Privilege> {
        Some(match text {
            "SELECT" => Privilege::Select,
            "INSERT" => Privilege::Insert,
            "UPDATE" => Privilege::Update,
            "DELETE" => Privilege::Delete,
            "TRUNCATE" => Privilege::Truncate,
            "REFERENCES" => Privilege::References,
            "TRIGGER" => Privilege::Trigger,
            "USAGE" => Privilege::Usage,
            "EXECUTE" => Privilege::Execute,
            "CREATE" => Privilege::Create,
            _ => return None,
        })
    }

    pub(crate) fn grant(row: GrantRow, notes: &mut Vec<Note>) -> Option<Grant> {
        let privilege = match privilege_named(&row.privilege) {
            Some(privilege) => privilege,
            None => {
                let other = &row.privilege;
                notes.push(Note::new(
                    format!("grant of `{other}` to `{}`", row.grantee),
                    "is a privilege the model does not have, and was left out".into(),
                ));
                return None;
            }
        };
        let name =
            |n: Option<String>| QualifiedName::new(row.schema.clone(), n.unwrap_or_default());
        let on = match (row.kind.as_str(), row.column) {
            ("n", _) => GrantObject::Schema(row.schema.clone()),
            // Named with its argument types; building the schema names it by name alone
            // when it has no overloads.
            ("f", _) => GrantObject::Overload {
                function: name(row.name),
                arguments: (row.arguments.iter().flatten())
                    .map(|t| SqlType::parse(t))
                    .collect(),
            },
            ("S", _) => GrantObject::Sequence(name(row.name)),
            (_, Some(column)) => GrantObject::Column {
                table: name(row.name),
                column,
            },
            (_, None) => GrantObject::Table(name(row.name)),
        };
        Some(Grant {
            on,
            privileges: vec![privilege],
            to: row.grantee,
            with_grant_option: row.grantable,
        })
    }
}
