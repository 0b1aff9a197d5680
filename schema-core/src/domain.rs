//! Domains and composite types: user-defined types that columns, arguments and other
//! types use by name (as [`SqlType::Custom`]).

use crate::name::QualifiedName;
use crate::table::{Check, DefaultValue};
use crate::types::SqlType;
use serde::{Deserialize, Serialize};

/// `CREATE DOMAIN`: a base type with constraints, such as an email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainDef {
    /// Schema-qualified name; types share a namespace with tables and views.
    pub name: QualifiedName,
    /// The underlying type.
    #[serde(rename = "type")]
    pub base: SqlType,
    /// `NOT NULL`: no value of the domain is NULL.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_null: bool,
    /// `DEFAULT`, for columns of the domain that have none of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `CONSTRAINT name CHECK (...)`, the value written `VALUE`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// `COMMENT ON DOMAIN` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl DomainDef {
    /// A domain without constraints.
    pub fn new(name: &str, base: SqlType) -> Self {
        DomainDef {
            name: QualifiedName::parse(name),
            base,
            not_null: false,
            default: None,
            checks: Vec::new(),
            comment: None,
        }
    }

    /// Adds a check. Without a name it is called `{domain}_check`, as Postgres calls it.
    pub fn with_check(mut self, name: Option<&str>, expression: &str) -> Self {
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| crate::naming::check(&self.name.name, None));
        self.checks.push(Check {
            name,
            expression: expression.to_string(),
        });
        self
    }

    /// The type as columns use it: `email_address`, or `app.email_address` outside
    /// `public` (how Postgres's `format_type` prints it).
    pub fn sql_type(&self) -> SqlType {
        SqlType::Custom(type_name(&self.name))
    }
}

/// `CREATE TYPE ... AS (...)`: a row type with named attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeDef {
    /// Schema-qualified name.
    pub name: QualifiedName,
    /// Attributes in order.
    pub attributes: Vec<CompositeAttribute>,
    /// `COMMENT ON TYPE` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An attribute of a composite type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeAttribute {
    /// Attribute name.
    pub name: String,
    /// Attribute type.
    #[serde(rename = "type")]
    pub ty: SqlType,
}

impl CompositeDef {
    /// A composite type without attributes.
    pub fn new(name: &str) -> Self {
        CompositeDef {
            name: QualifiedName::parse(name),
            attributes: Vec::new(),
            comment: None,
        }
    }

    /// Adds an attribute.
    pub fn attribute(mut self, name: &str, ty: SqlType) -> Self {
        self.attributes.push(CompositeAttribute {
            name: name.to_string(),
            ty,
        });
        self
    }

    /// The type as columns and functions use it.
    pub fn sql_type(&self) -> SqlType {
        SqlType::Custom(type_name(&self.name))
    }
}

/// A user-defined type's name as `format_type` prints it: unqualified in `public`.
pub(crate) fn type_name(name: &QualifiedName) -> String {
    if name.schema == crate::DEFAULT_SCHEMA {
        crate::quote_ident(&name.name).into_owned()
    } else {
        name.to_sql()
    }
}
