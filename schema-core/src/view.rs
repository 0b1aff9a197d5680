//! Views and materialized views: a query with a name and typed columns.

use crate::name::QualifiedName;
use crate::naming;
use crate::table::Index;
use crate::trigger::Trigger;
use crate::types::SqlType;
use serde::{Deserialize, Serialize};

/// A view or a materialized view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDef {
    /// Schema-qualified name; views share a namespace with tables, indexes and types.
    pub name: QualifiedName,
    /// The columns the query produces, in order, with the types Postgres will infer for
    /// them. The names are given to the view (`CREATE VIEW v (a, b)`); the types are a
    /// promise that checking against a live database verifies.
    pub columns: Vec<ViewColumn>,
    /// The `SELECT` (or `VALUES`, `WITH ...`), verbatim, without a final `;`.
    pub query: String,
    /// `CREATE MATERIALIZED VIEW`: the rows are stored and refreshed on demand.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// `WITH (security_invoker = true)`: the tables' row-level security applies with the
    /// querying user's rights rather than the view owner's (plain views only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_invoker: bool,
    /// Indexes, on materialized views only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// `INSTEAD OF` triggers, on plain views only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// `COMMENT ON VIEW` / `COMMENT ON MATERIALIZED VIEW` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A column of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewColumn {
    /// Column name.
    pub name: String,
    /// The type Postgres infers from the query (`count(*)` is `bigint`).
    #[serde(rename = "type")]
    pub ty: SqlType,
    /// `COMMENT ON COLUMN` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ViewDef {
    /// A plain view.
    pub fn new(name: QualifiedName, query: &str) -> Self {
        ViewDef {
            name,
            columns: Vec::new(),
            query: query.to_string(),
            materialized: false,
            security_invoker: false,
            indexes: Vec::new(),
            triggers: Vec::new(),
            comment: None,
        }
    }

    /// A materialized view.
    pub fn materialized(name: QualifiedName, query: &str) -> Self {
        ViewDef {
            materialized: true,
            ..ViewDef::new(name, query)
        }
    }

    /// Adds a column.
    pub fn with_column(mut self, name: &str, ty: SqlType) -> Self {
        self.columns.push(ViewColumn {
            name: name.to_string(),
            ty,
            comment: None,
        });
        self
    }

    /// Adds an index (materialized views only). `name: None` gets Postgres's default.
    pub fn with_index(mut self, name: Option<&str>, mut index: Index) -> Self {
        index.name = name
            .map(str::to_string)
            .unwrap_or_else(|| naming::index(&self.name.name, &index.keys));
        self.indexes.push(index);
        self
    }

    /// Looks a column up by name.
    pub fn column(&self, name: &str) -> Option<&ViewColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// `view` or `materialized view`, for messages.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }
}
