//! Default privileges: `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE
//! ... ON TABLES|SEQUENCES|FUNCTIONS|TYPES|SCHEMAS TO|FROM role`, the privileges objects get
//! when they are created.
//!
//! The canonical form, which building a schema produces, is one [`DefaultPrivilege`] per
//! creating role, schema, kind of object, grantee, grant option and direction, with its
//! privileges sorted: the shape `pg_default_acl` has once read as differences from
//! Postgres's built-in defaults.
//!
//! A grant of default privileges also stands for the grants it gives the objects the app
//! creates: building a schema adds them to the grants of its tables, sequences, functions
//! and schemas in scope (see [`DefaultPrivilege::grants`]), so a plan that creates a table
//! after the default privileges does not revoke what Postgres granted on it, and a schema
//! built from code equals the database created from it.

use crate::diff::Change;
use crate::error::error;
use crate::kinds::grant::schema_declared;
use crate::kinds::role::role_declared;
use crate::kinds::Kind;
use crate::{Grant, GrantObject, Privilege, QualifiedName, Schema, SchemaBuilder, SchemaError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// `ALTER DEFAULT PRIVILEGES [FOR ROLE for_role] [IN SCHEMA in_schema] GRANT privileges ON
/// objects TO to [WITH GRANT OPTION]`, or with `revoke`, `REVOKE privileges ON objects FROM
/// to`: a built-in default taken away, such as `EXECUTE` on functions from `PUBLIC`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultPrivilege {
    /// The role whose new objects get the privileges (`FOR ROLE`); `None` for the role
    /// that applies the migrations, which is how a database read shows its own role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_role: Option<String>,
    /// Only objects created in this schema (`IN SCHEMA`); `None` for every schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_schema: Option<String>,
    /// The kind of object.
    pub on: DefaultObjects,
    /// The privileges, sorted; [`Privilege::All`] is spelt out when the schema is built.
    pub privileges: Vec<Privilege>,
    /// The role that receives them, or `public` for every role.
    pub to: String,
    /// `WITH GRANT OPTION`: the grantee may grant them on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_grant_option: bool,
    /// A built-in default revoked rather than a privilege granted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revoke: bool,
}

/// The kinds of object default privileges apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultObjects {
    /// `TABLES`: tables, views and materialized views.
    Tables,
    /// `SEQUENCES`.
    Sequences,
    /// `FUNCTIONS`: functions, procedures and aggregates.
    Functions,
    /// `TYPES`: enums, domains, composite types.
    Types,
    /// `SCHEMAS`: only without `IN SCHEMA`.
    Schemas,
}

impl DefaultObjects {
    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            DefaultObjects::Tables => "TABLES",
            DefaultObjects::Sequences => "SEQUENCES",
            DefaultObjects::Functions => "FUNCTIONS",
            DefaultObjects::Types => "TYPES",
            DefaultObjects::Schemas => "SCHEMAS",
        }
    }

    /// The privileges Postgres knows for this kind of object, in canonical order: what
    /// [`Privilege::All`] stands for.
    pub fn applicable_privileges(self) -> &'static [Privilege] {
        use Privilege::*;
        match self {
            DefaultObjects::Tables => &[
                Select, Insert, Update, Delete, Truncate, References, Trigger,
            ],
            DefaultObjects::Sequences => &[Select, Update, Usage],
            DefaultObjects::Functions => &[Execute],
            DefaultObjects::Types => &[Usage],
            DefaultObjects::Schemas => &[Usage, Create],
        }
    }

    /// What every role holds on such an object unless revoked: the built-in defaults a
    /// revoke from `public` may take away.
    pub fn public_by_default(self) -> &'static [Privilege] {
        match self {
            DefaultObjects::Functions => &[Privilege::Execute],
            DefaultObjects::Types => &[Privilege::Usage],
            _ => &[],
        }
    }
}

impl DefaultPrivilege {
    /// Grants `privileges` on the `on` objects created from now on to `to`.
    pub fn new(privileges: &[Privilege], on: DefaultObjects, to: &str) -> Self {
        DefaultPrivilege {
            for_role: None,
            in_schema: None,
            on,
            privileges: privileges.to_vec(),
            to: to.to_string(),
            with_grant_option: false,
            revoke: false,
        }
    }

    /// Revokes a built-in default: `privileges` on the `on` objects created from now on
    /// from `to` (`public`, or the creating role itself).
    pub fn revoke(privileges: &[Privilege], on: DefaultObjects, to: &str) -> Self {
        DefaultPrivilege {
            revoke: true,
            ..DefaultPrivilege::new(privileges, on, to)
        }
    }

    /// Only for objects `role` creates (`FOR ROLE`).
    pub fn for_role(mut self, role: &str) -> Self {
        self.for_role = Some(role.to_string());
        self
    }

    /// Only for objects created in `schema` (`IN SCHEMA`).
    pub fn in_schema(mut self, schema: &str) -> Self {
        self.in_schema = Some(schema.to_string());
        self
    }

    /// Adds `WITH GRANT OPTION`.
    pub fn with_grant_option(mut self) -> Self {
        self.with_grant_option = true;
        self
    }

    /// The key the canonical form and the diff use: everything but the privileges.
    fn key(&self) -> Key {
        (
            self.for_role.clone(),
            self.in_schema.clone(),
            self.on,
            self.to.clone(),
            self.with_grant_option,
            self.revoke,
        )
    }

    fn from_key(key: &Key, privileges: Vec<Privilege>) -> Self {
        let (for_role, in_schema, on, to, with_grant_option, revoke) = key.clone();
        DefaultPrivilege {
            for_role,
            in_schema,
            on,
            privileges,
            to,
            with_grant_option,
            revoke,
        }
    }
}

type Key = (
    Option<String>,
    Option<String>,
    DefaultObjects,
    String,
    bool,
    bool,
);

/// For messages: ``default privileges for role `owner` in schema `app` on tables to `reader` ``.
impl fmt::Display for DefaultPrivilege {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("default privileges")?;
        if let Some(role) = &self.for_role {
            write!(f, " for role `{role}`")?;
        }
        if let Some(schema) = &self.in_schema {
            write!(f, " in schema `{schema}`")?;
        }
        let direction = if self.revoke { "from" } else { "to" };
        write!(
            f,
            " on {} {direction} `{}`",
            self.on.as_str().to_ascii_lowercase(),
            self.to
        )
    }
}

impl SchemaBuilder {
    /// Adds default privileges: what objects get when they are created from now on
    /// (`ALTER DEFAULT PRIVILEGES`).
    pub fn add_default_privilege(mut self, privilege: DefaultPrivilege) -> Self {
        self.schema.default_privileges.push(privilege);
        self
    }
}

/// The privileges each key holds.
fn privileges(schema: &Schema) -> BTreeMap<Key, BTreeSet<Privilege>> {
    schema
        .default_privileges
        .iter()
        .map(|d| (d.key(), d.privileges.iter().copied().collect()))
        .collect()
}

impl Kind for DefaultPrivilege {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.default_privileges
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.default_privileges
    }

    /// Default privileges belong to a role in the whole database: always managed, as
    /// roles are. A database read holds only those of the schemas it read.
    fn qualified_name(&self) -> Option<&QualifiedName> {
        None
    }

    /// `ALL` spelt out, one entry per key, a privilege held with grant option not listed
    /// again without it, a grant of a built-in default to `public` across schemas dropped
    /// (every role has it already), sorted.
    fn canonicalize(list: &mut Vec<Self>) {
        let mut merged: BTreeMap<Key, BTreeSet<Privilege>> = BTreeMap::new();
        for entry in list.drain(..) {
            let privileges = merged.entry(entry.key()).or_default();
            for privilege in &entry.privileges {
                if *privilege == Privilege::All {
                    privileges.extend(entry.on.applicable_privileges());
                } else {
                    privileges.insert(*privilege);
                }
            }
        }
        let with_option: BTreeMap<Key, BTreeSet<Privilege>> = merged
            .iter()
            .filter(|(key, _)| key.4)
            .map(|(key, privileges)| {
                let mut plain = key.clone();
                plain.4 = false;
                (plain, privileges.clone())
            })
            .collect();
        for (key, mut privileges) in merged {
            let (_, in_schema, on, to, option, revoke) = &key;
            if to == "public" && in_schema.is_none() && !option && !revoke {
                for builtin in on.public_by_default() {
                    privileges.remove(builtin);
                }
            }
            if let Some(stronger) = with_option.get(&key) {
                privileges.retain(|p| !stronger.contains(p));
            }
            if !privileges.is_empty() {
                list.push(DefaultPrivilege::from_key(
                    &key,
                    privileges.into_iter().collect(),
                ));
            }
        }
    }

    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        for entry in &schema.default_privileges {
            let object = entry.to_string();
            for role in entry.for_role.iter().chain([&entry.to]) {
                if !role_declared(schema, role) {
                    errors.push(error(
                        object.clone(),
                        format!(
                            "names role `{role}`, which is not declared; declare it with `.add_role(Role::new(\"{role}\"))`, or `.add_external_role(\"{role}\")` if the app does not own it"
                        ),
                    ));
                }
            }
            if entry.for_role.as_deref() == Some("public") {
                errors.push(error(
                    object.clone(),
                    "is for role `public`, which creates no objects; name a role".into(),
                ));
            }
            if let Some(name) = &entry.in_schema {
                if !schema_declared(schema, name) {
                    errors.push(error(
                        object.clone(),
                        format!("is in schema `{name}`, which is not declared"),
                    ));
                }
                if entry.on == DefaultObjects::Schemas {
                    errors.push(error(
                        object.clone(),
                        "is on schemas in a schema, which Postgres refuses; leave out `in_schema`"
                            .into(),
                    ));
                }
                if entry.revoke {
                    errors.push(error(
                        object.clone(),
                        "revokes in one schema, which Postgres ignores: a schema's default privileges only add to those of every schema; revoke without `in_schema`".into(),
                    ));
                }
            }
            if entry.to == "public" && entry.with_grant_option {
                errors.push(error(
                    object.clone(),
                    "is `WITH GRANT OPTION` to `public`, which Postgres refuses".into(),
                ));
            }
            if entry.revoke && entry.with_grant_option {
                errors.push(error(
                    object.clone(),
                    "revokes `WITH GRANT OPTION`; a revoke takes away the privileges themselves, leave the option out".into(),
                ));
            }
            if entry.revoke
                && entry.to != "public"
                && entry
                    .for_role
                    .as_ref()
                    .is_some_and(|owner| *owner != entry.to)
            {
                errors.push(error(
                    object.clone(),
                    format!(
                        "revokes from `{}`, which holds nothing by default on what `{}` creates; a revoke is from `public` or from the creating role itself",
                        entry.to,
                        entry.for_role.as_deref().unwrap_or_default()
                    ),
                ));
            }
            if entry.revoke && entry.to == "public" {
                for privilege in &entry.privileges {
                    if !entry.on.public_by_default().contains(privilege) {
                        errors.push(error(
                            object.clone(),
                            format!(
                                "revokes `{}` from `public`, which `public` does not hold by default; only `execute` on functions and `usage` on types are",
                                privilege.as_str().to_ascii_lowercase()
                            ),
                        ));
                    }
                }
            }
            let applicable = entry.on.applicable_privileges();
            for (privilege, valid) in super::grant::inapplicable(&entry.privileges, applicable) {
                errors.push(error(
                    object.clone(),
                    format!(
                        "names `{privilege}`, which does not apply to {}; expected one of {valid}",
                        entry.on.as_str().to_ascii_lowercase()
                    ),
                ));
            }
        }
    }

    /// What each key gains is granted (or revoked, for a revoked built-in) and what it
    /// loses revoked (or granted back); a privilege that moves between with and without
    /// grant option is revoked first, then granted again (`ALTER DEFAULT PRIVILEGES ...
    /// REVOKE` takes the privilege with its option).
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let old = privileges(from);
        let new = privileges(to);
        for (key, held) in &old {
            let wanted = new.get(key);
            let lost: Vec<Privilege> = held
                .iter()
                .filter(|p| wanted.is_none_or(|w| !w.contains(p)))
                .copied()
                .collect();
            if !lost.is_empty() {
                let mut undo = DefaultPrivilege::from_key(key, lost);
                undo.revoke = !undo.revoke;
                changes.push(Change::AlterDefaultPrivileges { def: undo });
            }
        }
        for (key, wanted) in &new {
            let held = old.get(key);
            let gained: Vec<Privilege> = wanted
                .iter()
                .filter(|p| held.is_none_or(|h| !h.contains(p)))
                .copied()
                .collect();
            if !gained.is_empty() {
                changes.push(Change::AlterDefaultPrivileges {
                    def: DefaultPrivilege::from_key(key, gained),
                });
            }
        }
    }
}

/// The grants every entry of `schema` gives its objects (see [`DefaultPrivilege::grants`]),
/// which building a schema adds to its grants.
pub(crate) fn implied_grants(schema: &Schema) -> Vec<Grant> {
    schema
        .default_privileges
        .iter()
        .flat_map(|entry| entry.grants(schema))
        .collect()
}

impl DefaultPrivilege {
    /// The grants this gives the objects of `schema` in its scope: the grants a database
    /// created from the schema holds, since its script sets default privileges before it
    /// creates anything. None for another role's default privileges (`FOR ROLE`), whose
    /// objects the migrations do not create, for a revoke, and for types, on which the
    /// model holds no grants.
    pub fn grants(&self, schema: &Schema) -> Vec<Grant> {
        if self.for_role.is_some() || self.revoke {
            return Vec::new();
        }
        let in_scope =
            |name: &QualifiedName| self.in_schema.as_ref().is_none_or(|s| *s == name.schema);
        let objects: Vec<GrantObject> = match self.on {
            DefaultObjects::Tables => {
                let tables = schema.tables.iter().map(|t| &t.name);
                let views = schema.views.iter().map(|v| &v.name);
                tables
                    .chain(views)
                    .filter(|n| in_scope(n))
                    .cloned()
                    .map(GrantObject::Table)
                    .collect()
            }
            DefaultObjects::Sequences => {
                let declared = schema.sequences.iter().map(|s| s.name.clone());
                let identity = schema.tables.iter().flat_map(|t| {
                    t.columns.iter().filter(|c| c.identity.is_some()).map(|c| {
                        QualifiedName::new(
                            t.name.schema.clone(),
                            format!("{}_{}_seq", t.name.name, c.name),
                        )
                    })
                });
                declared
                    .chain(identity)
                    .filter(|n| in_scope(n))
                    .map(GrantObject::Sequence)
                    .collect()
            }
            // Aggregates are routines Postgres gives `FUNCTIONS` defaults to as well.
            DefaultObjects::Functions => schema
                .functions
                .iter()
                .map(|f| {
                    let arguments = f.arguments.iter().filter(|a| a.mode.is_input());
                    (&f.name, arguments.map(|a| a.ty.clone()).collect())
                })
                .chain(schema.aggregates.iter().map(|a| (&a.name, a.input_types())))
                .filter(|(name, _)| in_scope(name))
                .map(|(name, arguments)| GrantObject::Overload {
                    function: name.clone(),
                    arguments,
                })
                .collect(),
            // `public` is there before any script runs: no default applies to it.
            DefaultObjects::Schemas => schema
                .schemas
                .iter()
                .filter(|s| *s != crate::DEFAULT_SCHEMA)
                .cloned()
                .map(GrantObject::Schema)
                .collect(),
            DefaultObjects::Types => Vec::new(),
        };
        objects
            .into_iter()
            .map(|on| Grant {
                on,
                privileges: self.privileges.clone(),
                to: self.to.clone(),
                with_grant_option: self.with_grant_option,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Role, TableDef};
    use DefaultObjects::*;
    use Privilege::*;

    #[test]
    fn entries_merge_and_drop_the_builtin_defaults() {
        let mut list = vec![
            DefaultPrivilege::new(&[Select], Tables, "app"),
            DefaultPrivilege::new(&[Insert, Select], Tables, "app"),
            DefaultPrivilege::new(&[All], Sequences, "app").in_schema("public"),
            DefaultPrivilege::new(&[Execute], Functions, "public"),
            DefaultPrivilege::new(&[Execute], Functions, "public").in_schema("public"),
            DefaultPrivilege::new(&[Select], Tables, "admin").with_grant_option(),
            DefaultPrivilege::new(&[Select, Delete], Tables, "admin"),
        ];
        DefaultPrivilege::canonicalize(&mut list);
        assert_eq!(
            list,
            vec![
                DefaultPrivilege::new(&[Delete], Tables, "admin"),
                DefaultPrivilege::new(&[Select], Tables, "admin").with_grant_option(),
                DefaultPrivilege::new(&[Select, Insert], Tables, "app"),
                DefaultPrivilege::new(&[Select, Update, Usage], Sequences, "app")
                    .in_schema("public"),
                DefaultPrivilege::new(&[Execute], Functions, "public").in_schema("public"),
            ]
        );
    }

    #[test]
    fn checks_name_the_role_and_schema_at_fault() {
        let errors = Schema::builder()
            .add_default_privilege(
                DefaultPrivilege::new(&[Select], Tables, "reader").in_schema("reports"),
            )
            .add_default_privilege(DefaultPrivilege::revoke(&[Select], Tables, "public"))
            .add_default_privilege(
                DefaultPrivilege::revoke(&[Execute], Functions, "public").in_schema("public"),
            )
            .add_default_privilege(DefaultPrivilege::new(&[Execute], Tables, "public"))
            .add_default_privilege(
                DefaultPrivilege::new(&[Usage], Schemas, "public").in_schema("public"),
            )
            .add_default_privilege(
                DefaultPrivilege::revoke(&[Select], Tables, "public").for_role("public"),
            )
            .add_default_privilege(
                DefaultPrivilege::revoke(&[Select], Tables, "reader").for_role("writer"),
            )
            .build()
            .unwrap_err()
            .to_string();
        for expected in [
            "default privileges in schema `reports` on tables to `reader`: names role `reader`, which is not declared",
            "default privileges in schema `reports` on tables to `reader`: is in schema `reports`, which is not declared",
            "default privileges on tables from `public`: revokes `select` from `public`, which `public` does not hold by default",
            "default privileges in schema `public` on functions from `public`: revokes in one schema, which Postgres ignores",
            "default privileges on tables to `public`: names `execute`, which does not apply to tables",
            "default privileges in schema `public` on schemas to `public`: is on schemas in a schema, which Postgres refuses",
            "default privileges for role `public` on tables from `public`: is for role `public`, which creates no objects",
            "default privileges for role `writer` on tables from `reader`: revokes from `reader`, which holds nothing by default on what `writer` creates",
            "default privileges for role `writer` on tables from `reader`: names role `writer`, which is not declared",
        ] {
            assert!(errors.contains(expected), "{expected}\nnot in\n{errors}");
        }
    }

    #[test]
    fn a_grant_and_its_removal_are_undone_in_the_other_direction() {
        let role = || Role::new("reader");
        let without = Schema::builder().add_role(role()).build().unwrap();
        let with = Schema::builder()
            .add_role(role())
            .add_default_privilege(DefaultPrivilege::new(&[Select], Tables, "reader"))
            .add_default_privilege(DefaultPrivilege::revoke(&[Execute], Functions, "public"))
            .build()
            .unwrap();
        let added: Vec<String> = crate::diff::diff(&without, &with)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            added,
            [
                "grant default privileges on tables to `reader`",
                "revoke default privileges on functions from `public`",
            ]
        );
        let removed: Vec<String> = crate::diff::diff(&with, &without)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            removed,
            [
                "revoke default privileges on tables from `reader`",
                "grant default privileges on functions to `public`",
            ]
        );
    }

    #[test]
    fn the_objects_in_scope_hold_the_grants_they_give() {
        let schema = Schema::builder()
            .add_role(Role::new("reader"))
            .add_table(TableDef::new(QualifiedName::parse("users")))
            .add_default_privilege(DefaultPrivilege::new(&[Select], Tables, "reader"))
            .add_default_privilege(
                DefaultPrivilege::new(&[Insert], Tables, "reader").for_role("reader"),
            )
            .build()
            .unwrap();
        assert_eq!(
            schema.grants,
            vec![Grant::new(&[Select], GrantObject::table("users"), "reader")]
        );
    }
}
