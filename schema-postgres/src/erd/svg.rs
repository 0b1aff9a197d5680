//! SVG: the boxes and lines of a [`Layout`], drawn the same whichever engine placed them.
//! Every box is a `<g class="box">` with `data-name` (its qualified name) and every line
//! a `<path>` with `data-from`/`data-to`, which the HTML page uses to select and search.

use super::graph::{Diagram, EdgeKind, NodeKind};
use super::layout::{Layout, Path, Rect, ROW, TITLE};
use std::fmt::Write as _;

/// The diagram as a standalone SVG document. `classes` adds a class to each box (the
/// migration picture marks `added`, `altered`); empty for none.
pub fn svg(diagram: &Diagram, layout: &Layout, classes: &[&str]) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
        w = layout.width,
        h = layout.height
    );
    out.push_str(concat!(
        "<style>.box rect.frame{fill:#fff;stroke:#5b6b7d;stroke-width:1.2}.box .band{fill:#dbe8f6}",
        ".box.view .band,.box.materialized-view .band{fill:#e2f3e2}.box.enum .band{fill:#f6eedb}",
        ".box.external .band{fill:#eee}.box.external rect.frame,.box.view rect.frame{stroke-dasharray:4 3}",
        ".box.added rect.frame{stroke:#1a7f37;stroke-width:3}.box.altered rect.frame{stroke:#bf8700;stroke-width:3}",
        ".box.dropped rect.frame{stroke:#cf222e;stroke-width:3;stroke-dasharray:6 3}",
        ".title{font-weight:bold}.sub{font-size:10px;fill:#555}.ty{fill:#666}.pk{text-decoration:underline}",
        ".line{fill:none;stroke:#6b7785;stroke-width:1.2}.line.reads{stroke-dasharray:5 4}",
        ".group rect{fill:none;stroke:#aab;stroke-dasharray:2 0;rx:8}.group.external rect{stroke-dasharray:6 4}",
        ".group text{font-size:13px;fill:#445;font-weight:bold}</style>\n",
        "<defs>",
        "<marker id=\"many\" viewBox=\"0 0 12 12\" refX=\"1\" refY=\"6\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\"><path d=\"M11 1L1 6L11 11M1 6H12\" fill=\"none\" stroke=\"#6b7785\"/></marker>",
        "<marker id=\"one\" viewBox=\"0 0 12 12\" refX=\"11\" refY=\"6\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\"><path d=\"M6 1V11M9 1V11M0 6H12\" fill=\"none\" stroke=\"#6b7785\"/></marker>",
        "<marker id=\"zero-one\" viewBox=\"0 0 16 12\" refX=\"15\" refY=\"6\" markerWidth=\"16\" markerHeight=\"12\" orient=\"auto-start-reverse\"><circle cx=\"5\" cy=\"6\" r=\"3.5\" fill=\"#fff\" stroke=\"#6b7785\"/><path d=\"M11 1V11M8.5 6H16\" fill=\"none\" stroke=\"#6b7785\"/></marker>",
        "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M1 1L9 5L1 9\" fill=\"none\" stroke=\"#6b7785\"/></marker>",
        "</defs>\n"
    ));
    for (title, rect) in &layout.groups {
        let external = if title.ends_with("(external)") {
            " external"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<g class=\"group{external}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            rect.x, rect.y, rect.w, rect.h, rect.x + 8.0, rect.y + 15.0, escape(title)
        );
    }
    for (edge, (kind, points)) in diagram.edges.iter().zip(&layout.lines) {
        let d = path(*kind, points);
        let from = escape(&diagram.nodes[edge.from].name.to_string());
        let to = escape(&diagram.nodes[edge.to].name.to_string());
        match &edge.kind {
            EdgeKind::ForeignKey {
                name,
                optional,
                one_to_one,
                ..
            } => {
                let _ = writeln!(
                    out,
                    "<path class=\"line fk\" d=\"{d}\" data-from=\"{from}\" data-to=\"{to}\" marker-start=\"url(#{})\" marker-end=\"url(#{})\"><title>{}</title></path>",
                    if *one_to_one { "zero-one" } else { "many" },
                    if *optional { "zero-one" } else { "one" },
                    escape(name)
                );
            }
            EdgeKind::Reads => {
                let _ = writeln!(
                    out,
                    "<path class=\"line reads\" d=\"{d}\" data-from=\"{from}\" data-to=\"{to}\" marker-end=\"url(#arrow)\"><title>reads</title></path>"
                );
            }
        }
    }
    for (i, (node, rect)) in diagram.nodes.iter().zip(&layout.boxes).enumerate() {
        let kind = node.kind.label().replace(' ', "-");
        let extra = match classes.get(i) {
            Some(class) if !class.is_empty() => format!(" {class}"),
            _ => String::new(),
        };
        let mut sub = node.kind.label().to_string();
        if node.kind == NodeKind::Table || node.kind == NodeKind::External {
            sub = format!("{} · {}", node.name.schema, sub);
        }
        for badge in node.badges() {
            let _ = write!(sub, " · {badge}");
        }
        let Rect { x, y, w, h } = *rect;
        let _ = writeln!(
            out,
            "<g class=\"box {kind}{extra}\" data-name=\"{}\"><rect class=\"frame\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"4\"/><rect class=\"band\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/><text class=\"title\" x=\"{:.1}\" y=\"{:.1}\">{}</text><text class=\"sub\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            escape(&node.name.to_string()),
            x + 0.6,
            y + 0.6,
            w - 1.2,
            TITLE - 1.2,
            x + 8.0,
            y + 15.0,
            escape(&node.name.name),
            x + 8.0,
            y + 29.0,
            escape(&sub)
        );
        for (k, row) in node.rows.iter().enumerate() {
            let ry = y + TITLE + ROW * (k as f64 + 1.0) - 3.0;
            let mut ty = row.ty.clone();
            if row.nullable && node.kind == NodeKind::Table {
                ty.push('?');
            }
            for (mark, on) in [("PK", row.primary_key), ("FK", row.foreign_key)] {
                if on {
                    let _ = write!(ty, " {mark}");
                }
            }
            let _ = writeln!(
                out,
                "<text class=\"col{}\" x=\"{:.1}\" y=\"{ry:.1}\" data-column=\"{}\">{}</text><text class=\"ty\" x=\"{:.1}\" y=\"{ry:.1}\" text-anchor=\"end\">{}</text>",
                if row.primary_key { " pk" } else { "" },
                x + 8.0,
                escape(&row.name),
                escape(&row.name),
                x + w - 8.0,
                escape(&ty)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

fn path(kind: Path, points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (k, (x, y)) in points.iter().enumerate() {
        let command = match (kind, k) {
            (_, 0) => "M",
            (Path::Bezier, k) if k % 3 == 1 => "C",
            (Path::Bezier, _) => "",
            (Path::Polyline, _) => "L",
        };
        let _ = write!(d, "{command}{x:.1} {y:.1} ");
    }
    d.trim_end().to_string()
}

/// Text and attribute values in SVG and HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
