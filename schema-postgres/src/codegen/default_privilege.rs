//! Default privileges as `.add_default_privilege(DefaultPrivilege::new(&[Privilege::Select],
//! DefaultObjects::Tables, "reader").in_schema("app"))`, or `DefaultPrivilege::revoke(..)`
//! for a built-in default taken away.

use super::lit;
use schema_core::DefaultPrivilege;

/// The expression for `privilege`.
pub(crate) fn expr(privilege: &DefaultPrivilege) -> String {
    let privileges: Vec<String> = privilege
        .privileges
        .iter()
        .map(|p| format!("Privilege::{p:?}"))
        .collect();
    let constructor = if privilege.revoke { "revoke" } else { "new" };
    let mut text = format!(
        "DefaultPrivilege::{constructor}(&[{}], DefaultObjects::{:?}, {})",
        privileges.join(", "),
        privilege.on,
        lit(&privilege.to)
    );
    if let Some(role) = &privilege.for_role {
        text.push_str(&format!(".for_role({})", lit(role)));
    }
    if let Some(schema) = &privilege.in_schema {
        text.push_str(&format!(".in_schema({})", lit(schema)));
    }
    if privilege.with_grant_option {
        text.push_str(".with_grant_option()");
    }
    text
}
