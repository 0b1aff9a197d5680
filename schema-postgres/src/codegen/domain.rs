//! A domain as `DomainDef::new(..).with_check(..)`, with `NOT NULL`, its default and its
//! comment as struct fields (the builder has no methods for them).

use super::names::{name_text, sql_type_expr};
use super::{default_expr, lit, some_text, with_fields};
use schema_core::{naming, DomainDef};

/// Whether the builder can say everything it holds.
pub(crate) fn supported(def: &DomainDef) -> bool {
    name_text(&def.name).is_some() && def.checks.iter().all(|c| !c.no_inherit)
}

/// The builder expression for `def`.
pub(crate) fn expr(def: &DomainDef) -> String {
    let mut base = format!(
        "DomainDef::new({}, {})",
        lit(&name_text(&def.name).expect("supported")),
        sql_type_expr(&def.base)
    );
    let default_name = naming::check(&def.name.name, None);
    for check in &def.checks {
        let name = if check.name == default_name {
            "None".to_owned()
        } else {
            format!("Some({})", lit(&check.name))
        };
        base.push_str(&format!(".with_check({name}, {})", lit(&check.expression)));
    }
    if let Some(collation) = &def.collation {
        base.push_str(&format!(".collate({})", lit(collation)));
    }
    let mut fields = Vec::new();
    if def.not_null {
        fields.push("not_null: true".to_owned());
    }
    if let Some(default) = &def.default {
        fields.push(format!("default: Some({})", default_expr(default)));
    }
    if let Some(comment) = &def.comment {
        fields.push(format!("comment: {}", some_text(comment)));
    }
    with_fields("DomainDef", fields, base)
}
