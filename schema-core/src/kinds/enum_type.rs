//! Enum types.

//!
//! Their checks and their diff (values added with a position, renamed, or the type rebuilt)
//! live here too.

use crate::diff::list::match_by;
use crate::diff::{Change, EnumValuePosition};
use crate::error::error;
use crate::{QualifiedName, Schema, SchemaError, SqlType};
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

/// An enum type named but not registered.
pub(crate) fn unknown_enum(
    schema: &Schema,
    object: &str,
    what: &str,
    ty: &SqlType,
    errors: &mut Vec<SchemaError>,
) {
    if let SqlType::Enum(name) = ty.element() {
        if schema.enum_type(name).is_none() {
            errors.push(error(
                object.to_string(),
                format!("{what} `{name}`, an enum type that is not registered; add it with `.enum_type::<...>()`"),
            ));
        }
    }
}

pub(crate) fn diff(from: &[EnumDef], to: &[EnumDef], out: &mut Vec<Change>) {
    let matched = match_by(from, to, |e| &e.name);
    for def in matched.added {
        out.push(Change::CreateEnum { def: def.clone() });
    }
    for (old, new) in matched.common {
        diff_values(old, new, out);
        if comments(old) != comments(new) {
            out.push(Change::SetEnumComment { def: new.clone() });
        }
    }
    for def in matched.removed {
        out.push(Change::DropEnum { def: def.clone() });
    }
}

/// What the type's comment is made of: its own and those of its values.
fn comments(def: &EnumDef) -> (Option<&String>, Vec<(&String, &String)>) {
    let values = def
        .values
        .iter()
        .filter_map(|v| Some((&v.label, v.comment.as_ref()?)))
        .collect();
    (def.comment.as_ref(), values)
}

/// Adds the new labels in place when the old labels keep their order in the new list;
/// otherwise (a label removed, or two swapped) the type is rebuilt.
fn diff_values(old: &EnumDef, new: &EnumDef, out: &mut Vec<Change>) {
    let old_labels: Vec<&str> = old.values.iter().map(|v| v.label.as_str()).collect();
    let new_labels: Vec<&str> = new.values.iter().map(|v| v.label.as_str()).collect();
    if old_labels == new_labels {
        return;
    }
    if !is_subsequence(&old_labels, &new_labels) {
        let removed = old_labels
            .iter()
            .filter(|l| !new_labels.contains(l))
            .map(|l| l.to_string())
            .collect();
        out.push(Change::RecreateEnum {
            from: old.clone(),
            to: new.clone(),
            removed,
        });
        return;
    }
    // Added in the new order, each after its predecessor (which exists by then) or, for
    // a new first label, before the first label there is.
    for (i, label) in new_labels.iter().enumerate() {
        if old_labels.contains(label) {
            continue;
        }
        let position = match i.checked_sub(1) {
            Some(prev) => EnumValuePosition::After(new_labels[prev].to_string()),
            None if old_labels.is_empty() => EnumValuePosition::Last,
            None => EnumValuePosition::Before(old_labels[0].to_string()),
        };
        out.push(Change::AddEnumValue {
            name: new.name.clone(),
            label: label.to_string(),
            position,
        });
    }
}

fn is_subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|s| rest.any(|l| l == s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::QualifiedName;

    fn diff(old: &[&str], new: &[&str]) -> Vec<Change> {
        let name = QualifiedName::parse("mood");
        let mut out = Vec::new();
        diff_values(
            &EnumDef::new(name.clone(), old),
            &EnumDef::new(name, new),
            &mut out,
        );
        out
    }

    fn added(changes: &[Change]) -> Vec<(String, EnumValuePosition)> {
        changes
            .iter()
            .map(|c| match c {
                Change::AddEnumValue {
                    label, position, ..
                } => (label.clone(), position.clone()),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn new_values_go_where_the_new_list_puts_them() {
        use EnumValuePosition::*;
        let changes = diff(&["b", "d"], &["a", "b", "c", "d", "e", "f"]);
        assert_eq!(
            added(&changes),
            [
                ("a".into(), Before("b".into())),
                ("c".into(), After("b".into())),
                ("e".into(), After("d".into())),
                ("f".into(), After("e".into())),
            ]
        );
        assert_eq!(added(&diff(&[], &["x"])), [("x".into(), Last)]);
        let two = added(&diff(&[], &["x", "y"]));
        assert_eq!(two[1], ("y".into(), After("x".into())));
    }

    #[test]
    fn removed_or_reordered_values_rebuild_the_type() {
        let removed = diff(&["a", "b", "c"], &["a", "c"]);
        assert!(
            matches!(&removed[..], [Change::RecreateEnum { removed, .. }] if removed == &["b"])
        );
        let swapped = diff(&["a", "b"], &["b", "a"]);
        assert!(
            matches!(&swapped[..], [Change::RecreateEnum { removed, .. }] if removed.is_empty())
        );
        assert!(diff(&["a", "b"], &["a", "b"]).is_empty());
    }
}
