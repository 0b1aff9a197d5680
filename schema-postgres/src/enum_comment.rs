//! Comments on enum values, which Postgres does not have: they travel inside the type's
//! comment (the rule is on [`enum_type_comment`]), and introspection takes them out again
//! with [`split_enum_type_comment`].

use schema_core::EnumDef;
use std::collections::BTreeMap;

/// The `COMMENT ON TYPE` text for an enum, with its values' comments; `None` when nothing
/// is commented.
///
/// Postgres cannot comment on an enum value, so the values' comments are appended to the
/// type's comment: the type's own comment, a blank line, then one line per commented value,
/// `- label: text`, in the enum's order. A value comment spanning several lines continues
/// on lines indented by two spaces, so the list itself never contains a blank line:
///
/// ```text
/// Who may do what.
///
/// - admin: Can do everything
/// - member: Can read and write
///   their own rows
/// ```
///
/// Without a type comment the text is the list alone; without value comments it is the
/// type comment alone.
pub fn enum_type_comment(def: &EnumDef) -> Option<String> {
    let mut list = String::new();
    for value in &def.values {
        let Some(comment) = &value.comment else {
            continue;
        };
        if !list.is_empty() {
            list.push('\n');
        }
        list.push_str("- ");
        list.push_str(&value.label);
        list.push_str(": ");
        for (i, line) in comment.lines().enumerate() {
            if i > 0 {
                list.push_str("\n  ");
            }
            list.push_str(line);
        }
    }
    match (&def.comment, list.is_empty()) {
        (None, true) => None,
        (Some(comment), true) => Some(comment.clone()),
        (None, false) => Some(list),
        (Some(comment), false) => Some(format!("{comment}\n\n{list}")),
    }
}

/// Splits a `COMMENT ON TYPE` text written by [`enum_type_comment`] back into the type's
/// own comment and the comments of its values, keyed by label.
///
/// The value list is the part after the last blank line (or the whole text), and only if
/// every line of it is `- label: text` for one of `labels`, or a continuation line; any
/// other text is the type's comment as a whole. A type comment whose last paragraph looks
/// exactly like such a list is therefore read as one: the format cannot tell them apart.
pub fn split_enum_type_comment(
    text: &str,
    labels: &[&str],
) -> (Option<String>, BTreeMap<String, String>) {
    let (head, tail) = match text.rfind("\n\n") {
        Some(at) => (Some(&text[..at]), &text[at + 2..]),
        None => (None, text),
    };
    match parse_value_list(tail, labels) {
        Some(values) => (head.map(str::to_string), values),
        None => (Some(text.to_string()), BTreeMap::new()),
    }
}

fn parse_value_list(text: &str, labels: &[&str]) -> Option<BTreeMap<String, String>> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for line in text.split('\n') {
        if let Some(continued) = line.strip_prefix("  ") {
            let comment = values.get_mut(current?)?;
            comment.push('\n');
            comment.push_str(continued);
            continue;
        }
        let item = line.strip_prefix("- ")?;
        // The longest matching label wins, so `a` does not steal `a: b: text`'s label `a: b`.
        let label = labels
            .iter()
            .filter(|label| {
                item.strip_prefix(**label)
                    .is_some_and(|rest| rest.starts_with(": "))
            })
            .max_by_key(|label| label.len())?;
        let comment = &item[label.len() + 2..];
        if values
            .insert(label.to_string(), comment.to_string())
            .is_some()
        {
            return None;
        }
        current = Some(label);
    }
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema_core::QualifiedName;

    fn def(comment: Option<&str>, values: &[(&str, Option<&str>)]) -> EnumDef {
        let labels: Vec<&str> = values.iter().map(|(label, _)| *label).collect();
        let mut def = EnumDef::new(QualifiedName::parse("role"), &labels);
        def.comment = comment.map(str::to_string);
        for (value, (_, comment)) in def.values.iter_mut().zip(values) {
            value.comment = comment.map(str::to_string);
        }
        def
    }

    fn round_trip(def: &EnumDef) {
        let labels: Vec<&str> = def.values.iter().map(|v| v.label.as_str()).collect();
        let text = enum_type_comment(def).expect("something is commented");
        let (comment, values) = split_enum_type_comment(&text, &labels);
        assert_eq!(comment, def.comment, "{text}");
        for value in &def.values {
            assert_eq!(values.get(&value.label), value.comment.as_ref(), "{text}");
        }
    }

    #[test]
    fn writes_the_documented_layout() {
        let role = def(
            Some("Who may do what."),
            &[
                ("admin", Some("Can do everything")),
                ("guest", None),
                ("member", Some("Can read and write\ntheir own rows")),
            ],
        );
        assert_eq!(
            enum_type_comment(&role).unwrap(),
            "Who may do what.\n\n- admin: Can do everything\n- member: Can read and write\n  their own rows"
        );
        assert_eq!(enum_type_comment(&def(None, &[("a", None)])), None);
        assert_eq!(
            enum_type_comment(&def(None, &[("a", Some("x"))])).unwrap(),
            "- a: x"
        );
    }

    #[test]
    fn reads_back_what_it_writes() {
        round_trip(&def(Some("Type."), &[("a", Some("x")), ("b", None)]));
        round_trip(&def(None, &[("a", Some("x")), ("b", Some("y\n\nz"))]));
        round_trip(&def(Some("One.\n\nTwo."), &[("a", Some("x"))]));
        round_trip(&def(Some("Only the type."), &[("a", None)]));
        round_trip(&def(None, &[("a", Some("1")), ("a: b", Some("2"))]));
        round_trip(&def(Some("It's"), &[("it's", Some("quote's"))]));
    }

    #[test]
    fn other_text_is_the_type_comment() {
        let labels = ["a", "b"];
        for text in [
            "Plain.",
            "Intro.\n\n- c: unknown label",
            "- a: x\n- a: twice",
        ] {
            let (comment, values) = split_enum_type_comment(text, &labels);
            assert_eq!(comment.as_deref(), Some(text));
            assert!(values.is_empty());
        }
    }
}
