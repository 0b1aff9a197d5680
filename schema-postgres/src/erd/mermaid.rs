//! Mermaid `erDiagram` text, which GitHub renders in READMEs, issues and pull requests.
//!
//! Mermaid's names and types are words (`[A-Za-z0-9_-]`, types also `()[]`), so other
//! characters become `_` there; each box's title (an alias in quotes) keeps the real
//! name, with `"` shown as `'` since a Mermaid string cannot hold one.

use super::graph::{Diagram, EdgeKind, NodeKind};
use std::fmt::Write as _;

/// The diagram as Mermaid text.
pub fn mermaid(diagram: &Diagram) -> String {
    let mut out = String::from("erDiagram\n");
    let ids: Vec<String> = diagram
        .nodes
        .iter()
        .map(|n| word(&format!("{}__{}", n.name.schema, n.name.name)))
        .collect();
    for (node, id) in diagram.nodes.iter().zip(&ids) {
        let mut title = format!("{} {}", node.kind.label(), node.name);
        let badges = node.badges();
        if !badges.is_empty() {
            let _ = write!(title, " ({})", badges.join(", "));
        }
        let _ = writeln!(out, "    {id}[\"{}\"] {{", title.replace('"', "'"));
        for row in &node.rows {
            if node.kind == NodeKind::Enum {
                let _ = writeln!(
                    out,
                    "        value {} \"{}\"",
                    word(&row.name),
                    row.name.replace('"', "'")
                );
                continue;
            }
            let mut keys = Vec::new();
            if row.primary_key {
                keys.push("PK");
            }
            if row.foreign_key {
                keys.push("FK");
            }
            let _ = write!(out, "        {} {}", type_word(&row.ty), word(&row.name));
            if !keys.is_empty() {
                let _ = write!(out, " {}", keys.join(", "));
            }
            if row.nullable
                && node.kind != NodeKind::View
                && node.kind != NodeKind::MaterializedView
            {
                out.push_str(" \"nullable\"");
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for edge in &diagram.edges {
        let (from, to) = (&ids[edge.from], &ids[edge.to]);
        match &edge.kind {
            EdgeKind::ForeignKey {
                columns,
                optional,
                one_to_one,
                ..
            } => {
                // Read from the referencing side: many (or one) rows point at exactly one
                // parent, or at zero or one when the key may be NULL.
                let many = if *one_to_one { "|o" } else { "}o" };
                let parent = if *optional { "o|" } else { "||" };
                let _ = writeln!(
                    out,
                    "    {from} {many}--{parent} {to} : \"{}\"",
                    columns.join(", ").replace('"', "'")
                );
            }
            EdgeKind::Reads => {
                let _ = writeln!(out, "    {from} }}o..o{{ {to} : \"reads\"");
            }
        }
    }
    out
}

/// `text` as a Mermaid word: letters, digits, `_` and `-`, not starting with a digit.
fn word(text: &str) -> String {
    mermaid_word(text, "_-")
}

/// A SQL type as a Mermaid type: `timestamp with time zone` becomes
/// `timestamp_with_time_zone`, `numeric(10,2)` `numeric(10_2)`.
fn type_word(ty: &str) -> String {
    mermaid_word(ty, "_-()[]")
}

/// `text` with every character but ASCII letters, digits and `also` made `_`, and a `_`
/// in front when it would start with anything but a letter or `_`.
fn mermaid_word(text: &str, also: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || also.contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}
