//! Enum types.

use crate::name::QualifiedName;
use serde::{Deserialize, Serialize};

/// A Postgres enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumDef {
    /// Schema-qualified type name.
    pub name: QualifiedName,
    /// Values in sort order (Postgres compares enum values by declared position).
    pub values: Vec<EnumValue>,
    /// `COMMENT ON TYPE` text, from the enum's doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The type's former name, for the diff engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// One value (label) of an enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The label stored in the database.
    pub label: String,
    /// The variant's doc comment. Postgres has no comment on an enum value, so these are
    /// listed in the type's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The value's former label, for the diff engine (`ALTER TYPE ... RENAME VALUE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

impl EnumDef {
    /// An enum type with the given labels.
    pub fn new(name: QualifiedName, labels: &[&str]) -> Self {
        EnumDef {
            name,
            values: labels
                .iter()
                .map(|label| EnumValue {
                    label: label.to_string(),
                    comment: None,
                    renamed_from: None,
                })
                .collect(),
            comment: None,
            renamed_from: None,
        }
    }
}
