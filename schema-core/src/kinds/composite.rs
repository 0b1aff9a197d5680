//! Composite types: named lists of typed attributes, their checks and their diff.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::enum_type::unknown_enum;
use crate::kinds::{Kind, Namespace};
use crate::types::type_name;
use crate::validate::identifier_length;
use crate::{QualifiedName, Schema, SchemaBuilder, SchemaError, SqlType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

impl SchemaBuilder {
    /// Adds a composite type.
    pub fn add_composite(mut self, composite: CompositeDef) -> Self {
        self.schema.composites.push(composite);
        self
    }
}

impl Kind for CompositeDef {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.composites
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.composites
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        Some(&self.name)
    }

    fn claim(&self) -> Option<(Namespace, String)> {
        Some((Namespace::Type, format!("composite type `{}`", self.name)))
    }

    fn canonicalize(list: &mut Vec<Self>) {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// Checks every composite type: at least one attribute, each declared once with a known
    /// type.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        for composite in &schema.composites {
            let object = format!("composite type `{}`", composite.name);
            identifier_length("type name", &object, &composite.name.name, errors);
            for attribute in &composite.attributes {
                identifier_length("attribute name", &object, &attribute.name, errors);
            }
            if composite.attributes.is_empty() {
                errors.push(error(object.clone(), "has no attributes".into()));
            }
            let mut names = BTreeSet::new();
            for attribute in &composite.attributes {
                if !names.insert(&attribute.name) {
                    errors.push(error(
                        object.clone(),
                        format!("attribute `{}` is declared twice", attribute.name),
                    ));
                }
                let what = format!("has attribute `{}` of type", attribute.name);
                unknown_enum(schema, &object, &what, &attribute.ty, errors);
            }
        }
    }

    /// Composite types created or altered.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.composites, &to.composites);
        let composites = match_by(from, to, |c| &c.name);
        for def in composites.added {
            changes.push(Change::CreateComposite { def: def.clone() });
        }
        for (old, new) in composites.common {
            if old != new {
                changes.push(Change::AlterComposite {
                    from: old.clone(),
                    to: new.clone(),
                });
            }
        }
    }

    /// Composite types dropped: among the last drops, after what uses them.
    fn diff_dropped(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.composites, &to.composites);
        for def in match_by(from, to, |c| &c.name).removed {
            changes.push(Change::DropComposite { def: def.clone() });
        }
    }
}
