//! An extension as `Extension::new("pgcrypto")`, or `Extension::in_schema(..)` when it
//! lives in a schema of its own.

use super::lit;
use schema_core::Extension;

/// The builder expression for `extension`.
pub(crate) fn expr(extension: &Extension) -> String {
    match &extension.schema {
        None => format!("Extension::new({})", lit(&extension.name)),
        Some(schema) => format!(
            "Extension::in_schema({}, {})",
            lit(&extension.name),
            lit(schema)
        ),
    }
}
