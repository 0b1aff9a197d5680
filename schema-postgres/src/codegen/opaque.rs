//! An object the structural model has no place for as `Opaque::new(kind, identity, sql)`
//! with its dependencies, the definition in `sql/*.sql` when it is long.

use super::lit;
use schema_core::Opaque;

/// The Postgres schema whose module registers it, or none for a database-wide object (a
/// cast, an event trigger, a publication), registered in `mod.rs`.
pub(crate) fn namespace(object: &Opaque) -> Option<&str> {
    object.name.as_ref().map(|name| name.schema.as_str())
}

/// The builder expression for `object`, its definition written as `definition` (a literal
/// or an `include_str!`).
pub(crate) fn expr(object: &Opaque, definition: &str) -> String {
    let mut text = format!(
        "Opaque::new({}, {}, {definition})",
        lit(&object.kind),
        lit(&object.identity)
    );
    for dependency in &object.depends_on {
        text.push_str(&format!(
            ".depends_on({}, {})",
            lit(&dependency.kind),
            lit(&dependency.identity)
        ));
    }
    if let Some(comment) = &object.comment {
        text.push_str(&format!(".comment({})", lit(comment)));
    }
    text
}
