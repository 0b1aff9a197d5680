//! Objects the app uses but does not own, such as Supabase's `auth.users`, `auth.uid()` and
//! the `authenticated` role: they can be referenced, and are never created or dropped.

use crate::{QualifiedName, SqlType};
use serde::{Deserialize, Serialize};

/// Everything external a schema refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct External {
    /// Tables foreign keys may point at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<ExternalTable>,
    /// Functions expressions may call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<ExternalFunction>,
    /// Roles policies may name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

impl External {
    /// Whether nothing external is declared.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.functions.is_empty() && self.roles.is_empty()
    }
}

/// A table owned by someone else, with the columns the schema refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalTable {
    /// Schema-qualified name, such as `auth.users`.
    pub name: QualifiedName,
    /// The columns foreign keys may reference; the first one is taken as the primary key.
    pub columns: Vec<ExternalColumn>,
}

/// A column of an external table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalColumn {
    /// Column name.
    pub name: String,
    /// Column type.
    #[serde(rename = "type")]
    pub ty: SqlType,
}

impl ExternalTable {
    /// An external table such as `"auth.users"`.
    pub fn new(name: &str) -> Self {
        ExternalTable {
            name: QualifiedName::parse(name),
            columns: Vec::new(),
        }
    }

    /// Adds a column; the first column added is the primary key.
    pub fn column(mut self, name: &str, ty: SqlType) -> Self {
        self.columns.push(ExternalColumn {
            name: name.to_string(),
            ty,
        });
        self
    }
}

/// A function owned by someone else, such as `auth.uid()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalFunction {
    /// Schema-qualified name.
    pub name: QualifiedName,
    /// Argument types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<SqlType>,
    /// Return type.
    pub returns: SqlType,
    /// A SQL body for the stand-in that rendering can create on a plain Postgres lacking
    /// the real function (`select null::<returns>` when none is given). Never part of the
    /// schema proper: the real function belongs to someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stand_in: Option<String>,
}

impl ExternalFunction {
    /// A function without arguments, such as `ExternalFunction::new("auth.uid", SqlType::Uuid)`.
    pub fn new(name: &str, returns: SqlType) -> Self {
        ExternalFunction {
            name: QualifiedName::parse(name),
            arguments: Vec::new(),
            returns,
            stand_in: None,
        }
    }

    /// Adds an argument type.
    pub fn argument(mut self, ty: SqlType) -> Self {
        self.arguments.push(ty);
        self
    }

    /// The body of the stand-in function, a `LANGUAGE sql` query such as
    /// `select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid`.
    pub fn stand_in(mut self, sql: &str) -> Self {
        self.stand_in = Some(sql.to_string());
        self
    }
}
