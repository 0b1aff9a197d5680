//! Extensions (`pgcrypto`, `pg_trgm`, `citext`, ...) and the roles the app owns.

use serde::{Deserialize, Serialize};

/// `CREATE EXTENSION`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The extension's name, as in `pg_available_extensions`.
    pub name: String,
    /// `WITH SCHEMA`: where its objects go; the first schema on the search path when
    /// `None` (usually `public`). Supabase installs extensions in `extensions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

impl Extension {
    /// An extension in the default schema.
    pub fn new(name: &str) -> Self {
        Extension {
            name: name.to_string(),
            schema: None,
        }
    }

    /// An extension whose objects go into `schema`.
    pub fn in_schema(name: &str, schema: &str) -> Self {
        Extension {
            name: name.to_string(),
            schema: Some(schema.to_string()),
        }
    }
}

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
