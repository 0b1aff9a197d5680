//! Lints on extensions.

use super::{Finding, Lint};
use crate::name::DEFAULT_SCHEMA;
use crate::schema::Schema;

pub(super) fn check(schema: &Schema, findings: &mut Vec<Finding>) {
    for extension in &schema.extensions {
        // Without `WITH SCHEMA` an extension lands in the first schema of the search path,
        // which is `public`.
        let in_public = extension
            .schema
            .as_deref()
            .is_none_or(|schema| schema == DEFAULT_SCHEMA);
        if !in_public {
            continue;
        }
        findings.push(Finding::new(
            Lint::ExtensionInPublic,
            format!("{DEFAULT_SCHEMA}.{}", extension.name),
            format!(
                "`{}` puts its functions, types and operators in `public`, where the Data API \
                 serves them beside the app's own and a schema diff mistakes them for the app's",
                extension.name
            ),
            format!(
                "install it in its own schema: `Extension::in_schema(\"{}\", \"extensions\")`",
                extension.name
            ),
        ));
    }
}
