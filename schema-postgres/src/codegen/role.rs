//! A role the database owns as `Role::new(..)`, with the settings its methods do not
//! cover (`inherit`, `bypass_rls`, the comment) as struct fields.

use super::{lit, some_text, with_fields};
use schema_core::Role;

/// The builder expression for `role`.
pub(crate) fn expr(role: &Role) -> String {
    let mut base = format!("Role::new({})", lit(&role.name));
    if role.login {
        base.push_str(".login()");
    }
    for parent in &role.member_of {
        base.push_str(&format!(".member_of({})", lit(parent)));
    }
    let mut fields = Vec::new();
    if !role.inherit {
        fields.push("inherit: false".to_owned());
    }
    if role.bypass_rls {
        fields.push("bypass_rls: true".to_owned());
    }
    if let Some(comment) = &role.comment {
        fields.push(format!("comment: {}", some_text(comment)));
    }
    with_fields("Role", fields, base)
}
