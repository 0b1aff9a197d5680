//! A composite type as `CompositeDef::new(..).attribute(..)`.

use super::names::{name_text, sql_type_expr};
use super::{lit, some_text, with_fields};
use schema_core::CompositeDef;

/// Whether the builder can name it.
pub(crate) fn supported(def: &CompositeDef) -> bool {
    name_text(&def.name).is_some()
}

/// The builder expression for `def`.
pub(crate) fn expr(def: &CompositeDef) -> String {
    let mut base = format!(
        "CompositeDef::new({})",
        lit(&name_text(&def.name).expect("supported"))
    );
    for attribute in &def.attributes {
        base.push_str(&format!(
            ".attribute({}, {})",
            lit(&attribute.name),
            sql_type_expr(&attribute.ty)
        ));
    }
    let fields = match &def.comment {
        Some(comment) => vec![format!("comment: {}", some_text(comment))],
        None => Vec::new(),
    };
    with_fields("CompositeDef", fields, base)
}
