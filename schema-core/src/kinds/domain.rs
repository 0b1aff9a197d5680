//! Domains: a base type with constraints, its checks and its diff.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::enum_type::unknown_enum;
use crate::kinds::{Kind, Namespace};
use crate::types::type_name;
use crate::validate::identifier_length;
use crate::{Check, DefaultValue, QualifiedName, Schema, SchemaBuilder, SchemaError, SqlType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// `COLLATE`: the collation of a text domain where not its base type's (`C`, or a
    /// declared [`CollationDef`](crate::CollationDef)), as for columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
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
            collation: None,
            comment: None,
        }
    }

    /// Sets the collation (`COLLATE "C"`).
    pub fn collate(mut self, collation: &str) -> Self {
        self.collation = Some(collation.to_string());
        self
    }

    /// Adds a check. Without a name it is called `{domain}_check`, as Postgres calls it.
    pub fn with_check(mut self, name: Option<&str>, expression: &str) -> Self {
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| crate::naming::check(&self.name.name, None));
        self.checks.push(Check {
            no_inherit: Default::default(),
            name,
            expression: expression.to_string(),
            comment: None,
        });
        self
    }

    /// The type as columns use it: `email_address`, or `app.email_address` outside
    /// `public` (how Postgres's `format_type` prints it).
    pub fn sql_type(&self) -> SqlType {
        SqlType::Custom(type_name(&self.name))
    }
}

impl SchemaBuilder {
    /// Adds a domain.
    pub fn add_domain(mut self, domain: DomainDef) -> Self {
        self.schema.domains.push(domain);
        self
    }
}

impl Kind for DomainDef {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.domains
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.domains
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        Some(&self.name)
    }

    fn claim(&self) -> Option<(Namespace, String)> {
        Some((Namespace::Type, format!("domain `{}`", self.name)))
    }

    fn canonicalize(list: &mut Vec<Self>) {
        list.sort_by(|a, b| a.name.cmp(&b.name));
        for domain in list {
            domain.checks.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }

    /// Checks every domain: a known base type, constraint names used once.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        for domain in &schema.domains {
            let object = format!("domain `{}`", domain.name);
            identifier_length("type name", &object, &domain.name.name, errors);
            for check in &domain.checks {
                identifier_length("constraint name", &object, &check.name, errors);
            }
            unknown_enum(schema, &object, "has base type", &domain.base, errors);
            let mut names = BTreeSet::new();
            for check in &domain.checks {
                if !names.insert(&check.name) {
                    errors.push(error(
                        object.clone(),
                        format!("constraint name `{}` is used twice", check.name),
                    ));
                }
                if check.no_inherit {
                    errors.push(error(
                        object.clone(),
                        format!(
                            "check `{}` is `NO INHERIT`, which only a table's checks can be",
                            check.name
                        ),
                    ));
                }
                if check.comment.is_some() {
                    errors.push(error(
                        object.clone(),
                        format!(
                            "check `{}` has a comment, which only a table's constraints can have here; put it in the domain's comment",
                            check.name
                        ),
                    ));
                }
            }
        }
    }

    /// Domains created or altered.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.domains, &to.domains);
        let domains = match_by(from, to, |d| &d.name);
        for def in domains.added {
            changes.push(Change::CreateDomain { def: def.clone() });
        }
        for (old, new) in domains.common {
            if old != new {
                changes.push(Change::AlterDomain {
                    from: old.clone(),
                    to: new.clone(),
                });
            }
        }
    }

    /// Domains dropped: among the last drops, after what uses them.
    fn diff_dropped(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.domains, &to.domains);
        for def in match_by(from, to, |d| &d.name).removed {
            changes.push(Change::DropDomain { def: def.clone() });
        }
    }
}
