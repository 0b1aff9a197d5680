//! A sequence as `SequenceDef::new(..)` with its options and owner.

use super::lit;
use super::names::{name_text, sql_type_expr};
use schema_core::{QualifiedName, SequenceDef, DEFAULT_SCHEMA};

/// The table text `owned_by` takes for the owner: it reads an unqualified name in the
/// sequence's schema, and `public.t` as unqualified too, so a sequence outside `public`
/// owned by a table in `public` has none.
fn owner_text(def: &SequenceDef, table: &QualifiedName) -> Option<String> {
    if table.schema == def.name.schema {
        (!table.name.contains('.')).then(|| table.name.clone())
    } else if table.schema == DEFAULT_SCHEMA {
        None
    } else {
        name_text(table)
    }
}

/// Whether the builder can say everything it holds.
pub(crate) fn supported(def: &SequenceDef) -> bool {
    name_text(&def.name).is_some()
        && def
            .owned_by
            .as_ref()
            .is_none_or(|owner| owner_text(def, &owner.table).is_some())
}

/// The builder expression for `def`.
pub(crate) fn expr(def: &SequenceDef) -> String {
    let mut text = format!(
        "SequenceDef::new({})",
        lit(&name_text(&def.name).expect("supported"))
    );
    let options = &def.options;
    if let Some(ty) = &options.data_type {
        text.push_str(&format!(".data_type({})", sql_type_expr(ty)));
    }
    let numbers = [
        ("increment", options.increment),
        ("min_value", options.min_value),
        ("max_value", options.max_value),
        ("start", options.start),
        ("cache", options.cache),
    ];
    for (method, value) in numbers {
        if let Some(value) = value {
            text.push_str(&format!(".{method}({value})"));
        }
    }
    if options.cycle {
        text.push_str(".cycle()");
    }
    if let Some(owner) = &def.owned_by {
        let table = owner_text(def, &owner.table).expect("supported");
        text.push_str(&format!(
            ".owned_by({}, {})",
            lit(&table),
            lit(&owner.column)
        ));
    }
    if let Some(comment) = &def.comment {
        text.push_str(&format!(".comment({})", lit(comment)));
    }
    text
}
