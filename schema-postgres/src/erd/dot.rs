//! Graphviz DOT: one cluster per Postgres schema (external tables in a cluster of their
//! own), each box an HTML-like table with a row per column, foreign keys drawn from the
//! referencing column's row to the referenced box with crow's-foot ends.

use super::graph::{Diagram, EdgeKind, NodeKind};
use std::fmt::Write as _;

/// The diagram as DOT text, for `dot -Tsvg` or any Graphviz tool.
pub fn dot(diagram: &Diagram) -> String {
    let mut out = String::from(
        "digraph schema {\n    graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.4, ranksep=1.0, splines=true, overlap=false];\n    node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n    edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n",
    );
    for (cluster, (schema, external)) in diagram.groups().into_iter().enumerate() {
        let label = if external {
            format!("{schema} (external)")
        } else {
            schema.to_string()
        };
        let _ = writeln!(
            out,
            "    subgraph cluster_{cluster} {{\n        label=\"{}\";\n        style={};\n        color=\"#999999\";",
            quoted(&label),
            if external { "dashed" } else { "rounded" }
        );
        for (i, node) in diagram.nodes.iter().enumerate() {
            if node.name.schema == schema && (node.kind == NodeKind::External) == external {
                let _ = writeln!(out, "        n{i} [label=<{}>];", html_table(node));
            }
        }
        out.push_str("    }\n");
    }
    // Boxes without lines (enums) would all sit in the first rank, one long column;
    // invisible lines put them in rows of three instead.
    let loose: Vec<usize> = (0..diagram.nodes.len())
        .filter(|&i| !diagram.edges.iter().any(|e| e.from == i || e.to == i))
        .collect();
    for pair in loose.chunks(3).flat_map(|row| row.windows(2)) {
        let _ = writeln!(out, "    n{} -> n{} [style=invis];", pair[0], pair[1]);
    }
    for edge in &diagram.edges {
        match &edge.kind {
            EdgeKind::ForeignKey {
                name,
                columns,
                optional,
                one_to_one,
            } => {
                let port = column_port(diagram, edge.from, &columns[0]);
                let _ = writeln!(
                    out,
                    "    n{}{port} -> n{} [dir=both, arrowtail={}, arrowhead={}, tooltip=\"{}\"];",
                    edge.from,
                    edge.to,
                    if *one_to_one { "teeodot" } else { "crowodot" },
                    if *optional { "teeodot" } else { "teetee" },
                    quoted(name)
                );
            }
            EdgeKind::Reads => {
                let _ = writeln!(
                    out,
                    "    n{} -> n{} [style=dashed, arrowhead=vee, label=\"reads\"];",
                    edge.from, edge.to
                );
            }
        }
    }
    out.push_str("}\n");
    out
}

/// `:cN:e`, the port of the column's row, so that the line starts at the column.
fn column_port(diagram: &Diagram, node: usize, column: &str) -> String {
    diagram.nodes[node]
        .rows
        .iter()
        .position(|r| r.name == column)
        .map(|row| format!(":c{row}:e"))
        .unwrap_or_default()
}

fn html_table(node: &super::graph::Node) -> String {
    let (header, border) = match node.kind {
        NodeKind::Table => ("#dbe8f6", "solid"),
        NodeKind::View | NodeKind::MaterializedView => ("#e2f3e2", "dashed"),
        NodeKind::Enum => ("#f6eedb", "solid"),
        NodeKind::External => ("#eeeeee", "dashed"),
    };
    let mut title = format!("<B>{}</B>", escape(&node.name.name));
    let mut sub = node.kind.label().to_string();
    for badge in node.badges() {
        let _ = write!(sub, " · {badge}");
    }
    let _ = write!(title, "<BR/><FONT POINT-SIZE=\"9\">{}</FONT>", escape(&sub));
    let mut out = format!(
        "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" STYLE=\"{}\"><TR><TD COLSPAN=\"2\" BGCOLOR=\"{header}\">{title}</TD></TR>",
        if border == "dashed" { "dashed" } else { "rounded" }
    );
    for (i, row) in node.rows.iter().enumerate() {
        let mut name = escape(&row.name);
        if row.primary_key {
            name = format!("<U>{name}</U>");
        }
        let mut marks = Vec::new();
        if row.primary_key {
            marks.push("PK");
        }
        if row.foreign_key {
            marks.push("FK");
        }
        if row.ty.is_empty() {
            // An enum's value: one cell.
            let _ = write!(
                out,
                "<TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\" PORT=\"c{i}\">{name}</TD></TR>"
            );
            continue;
        }
        let mut ty = escape(&row.ty);
        if row.nullable && node.kind == NodeKind::Table {
            ty.push('?');
        }
        if !marks.is_empty() {
            let _ = write!(ty, " {}", marks.join(" "));
        }
        let _ = write!(
            out,
            "<TR><TD ALIGN=\"LEFT\">{name}</TD><TD ALIGN=\"LEFT\" PORT=\"c{i}\"><FONT COLOR=\"#666666\">{ty}</FONT></TD></TR>"
        );
    }
    out.push_str("</TABLE>");
    out
}

/// Text inside an HTML-like label.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text inside a DOT double-quoted string.
fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
