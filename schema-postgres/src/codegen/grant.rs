//! A grant as `.grant(&[Privilege::Select], GrantObject::table(..), &["role"])`, or
//! `.add_grant(Grant::new(..).with_grant_option())`.

use super::lit;
use super::names::name_text;
use schema_core::{Grant, GrantObject, QualifiedName};

/// The Postgres schema whose module registers the grant: its object's, or none for a
/// grant on a schema (registered in `mod.rs`).
pub(crate) fn namespace(grant: &Grant) -> Option<&str> {
    grant.on.object_name().map(|name| name.schema.as_str())
}

/// Whether the builder can name its object.
pub(crate) fn supported(grant: &Grant) -> bool {
    grant
        .on
        .object_name()
        .is_none_or(|name| name_text(name).is_some())
}

/// The builder call for `grant`, from the `.` on.
pub(crate) fn call(grant: &Grant) -> String {
    let name = |name: &QualifiedName| lit(&name_text(name).expect("supported"));
    let on = match &grant.on {
        GrantObject::Table(table) => format!("GrantObject::table({})", name(table)),
        GrantObject::Column { table, column } => {
            format!("GrantObject::column({}, {})", name(table), lit(column))
        }
        GrantObject::Sequence(sequence) => format!("GrantObject::sequence({})", name(sequence)),
        GrantObject::Function(function) => format!("GrantObject::function({})", name(function)),
        GrantObject::Overload {
            function,
            arguments,
        } => {
            let arguments: Vec<String> = arguments.iter().map(ToString::to_string).collect();
            let signature = format!(
                "{}({})",
                name_text(function).expect("supported"),
                arguments.join(", ")
            );
            format!("GrantObject::function({})", lit(&signature))
        }
        GrantObject::Schema(schema) => format!("GrantObject::schema({})", lit(schema)),
    };
    let privileges: Vec<String> = grant
        .privileges
        .iter()
        .map(|p| format!("Privilege::{p:?}"))
        .collect();
    let privileges = privileges.join(", ");
    if grant.with_grant_option {
        format!(
            ".add_grant(Grant::new(&[{privileges}], {on}, {}).with_grant_option())",
            lit(&grant.to)
        )
    } else {
        format!(".grant(&[{privileges}], {on}, &[{}])", lit(&grant.to))
    }
}
