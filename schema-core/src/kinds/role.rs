//! Roles the app owns: the model, the checks, and which role names a policy or grant may
//! use. Roles are cluster-wide, so a plan creates them but never drops or alters them.

use crate::diff::Change;
use crate::error::error;
use crate::kinds::Kind;
use crate::validate::identifier_length;
use crate::{QualifiedName, Schema, SchemaBuilder, SchemaError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A role the app owns and creates (as opposed to an external role such as Supabase's
/// `authenticated`, which it only names). Roles belong to the whole cluster, not to one
/// database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// Role name.
    pub name: String,
    /// `LOGIN`: may connect (a user rather than a group).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub login: bool,
    /// `NOINHERIT` when false: members do not get the role's privileges automatically.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub inherit: bool,
    /// `BYPASSRLS`: row-level security does not apply to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bypass_rls: bool,
    /// Roles it is a member of (`GRANT parent TO role`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_of: Vec<String>,
    /// `COMMENT ON ROLE` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

impl Role {
    /// A `NOLOGIN INHERIT` role: a group to grant privileges to.
    pub fn new(name: &str) -> Self {
        Role {
            name: name.to_string(),
            login: false,
            inherit: true,
            bypass_rls: false,
            member_of: Vec::new(),
            comment: None,
        }
    }

    /// Makes it a member of `parent`, so it has `parent`'s privileges.
    pub fn member_of(mut self, parent: &str) -> Self {
        self.member_of.push(parent.to_string());
        self
    }

    /// Lets it log in.
    pub fn login(mut self) -> Self {
        self.login = true;
        self
    }
}

impl SchemaBuilder {
    /// Adds a role the app owns: the DDL creates it (where missing; roles belong to the
    /// whole cluster). For a role that exists already, such as Supabase's
    /// `authenticated`, use [`external_role`](Self::add_external_role).
    pub fn add_role(mut self, role: Role) -> Self {
        self.schema.roles.push(role);
        self
    }
}

impl Kind for Role {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.roles
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.roles
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        None
    }

    fn canonicalize(list: &mut Vec<Self>) {
        list.sort_by(|a, b| a.name.cmp(&b.name));
        for role in list {
            role.member_of.sort();
            role.member_of.dedup();
        }
    }

    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        let mut seen = BTreeSet::new();
        for role in &schema.roles {
            let object = format!("role `{}`", role.name);
            identifier_length("role name", &object, &role.name, errors);
            if !seen.insert(&role.name) {
                errors.push(error(object.clone(), "is declared twice".into()));
            }
            if schema.external.roles.contains(&role.name) {
                errors.push(error(
                    object.clone(),
                    "is declared both as a role the app owns and as an external role; keep one"
                        .into(),
                ));
            }
            if role.name == "public" || role.name.starts_with("pg_") {
                errors.push(error(
                    object.clone(),
                    "is a name Postgres reserves (`public`, `pg_*`); choose another".into(),
                ));
            }
            for parent in &role.member_of {
                if parent == &role.name {
                    errors.push(error(
                        object.clone(),
                        "is declared a member of itself".into(),
                    ));
                } else if !role_declared(schema, parent) || parent == "public" {
                    errors.push(error(
                        object.clone(),
                        format!("is a member of role `{parent}`, which is not declared"),
                    ));
                }
            }
        }
    }

    /// Roles created: those the new side owns that the old side neither owns nor references.
    /// Roles are never dropped (they are cluster-wide, other databases may use them).
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let known: BTreeSet<&String> = from
            .roles
            .iter()
            .map(|r| &r.name)
            .chain(&from.external.roles)
            .collect();
        for role in &to.roles {
            if !known.contains(&role.name) {
                changes.push(Change::CreateRole { def: role.clone() });
            }
        }
    }
}

/// Whether a policy or grant may name `role`: one the app owns, an external one, or
/// `public` (everyone).
pub(crate) fn role_declared(schema: &Schema, role: &str) -> bool {
    role == "public"
        || schema.roles.iter().any(|r| r.name == role)
        || schema.external.roles.iter().any(|r| r == role)
}
