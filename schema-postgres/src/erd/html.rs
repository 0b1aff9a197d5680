//! One self-contained HTML page: the SVG inline, a details panel per table (columns,
//! constraints, indexes, policies with their USING and WITH CHECK text, triggers,
//! comments; the SQL written by the same functions as the DDL), search, pan and zoom.
//! No network: the style and the script are inline too. Every name and SQL text is
//! escaped.

use super::graph::{Diagram, NodeKind};
use super::svg::escape;
use crate::statement;
use schema_core::Schema;
use std::fmt::Write as _;

/// A list beside the picture, such as a migration's steps: its title and its HTML
/// (escaped by the caller).
pub struct Aside {
    /// The heading.
    pub title: String,
    /// The body, already HTML.
    pub html: String,
}

/// The page. `svg` is the picture of `diagram`; `schema` gives the details.
pub fn html(
    title: &str,
    schema: &Schema,
    diagram: &Diagram,
    svg: &str,
    aside: Option<&Aside>,
) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    out.push_str(STYLE);
    out.push_str("</head><body>\n<header><input id=\"search\" type=\"search\" placeholder=\"Search a table or column\" autocomplete=\"off\"><span id=\"count\"></span><button id=\"fit\" type=\"button\">Fit</button>");
    let _ = write!(
        out,
        "<h1>{}</h1></header>\n<ul id=\"results\"></ul>\n",
        escape(title)
    );
    out.push_str("<main><div id=\"canvas\"><div id=\"stage\">\n");
    out.push_str(svg);
    out.push_str("</div></div>\n<aside id=\"panel\">\n");
    if let Some(aside) = aside {
        let _ = writeln!(
            out,
            "<section id=\"aside\"><h2>{}</h2>{}</section>",
            escape(&aside.title),
            aside.html
        );
    }
    out.push_str("<p id=\"hint\">Click a table for its columns, keys, indexes and policies. Drag to pan, wheel to zoom.</p>\n");
    for node in &diagram.nodes {
        details(schema, node, &mut out);
    }
    out.push_str("</aside></main>\n");
    out.push_str(SCRIPT);
    out.push_str("</body></html>\n");
    out
}

fn details(schema: &Schema, node: &super::graph::Node, out: &mut String) {
    let name = node.name.to_string();
    let _ = write!(
        out,
        "<section class=\"details\" data-name=\"{}\" hidden><h2>{}</h2><p class=\"kind\">{}</p>",
        escape(&name),
        escape(&name),
        node.kind.label()
    );
    let sql_list = |title: &str, items: Vec<String>, out: &mut String| {
        if !items.is_empty() {
            let _ = write!(out, "<h3>{title}</h3>");
            for item in items {
                let _ = write!(out, "<pre>{}</pre>", escape(&item));
            }
        }
    };
    let sql = |f: &dyn Fn(&mut String) -> std::fmt::Result| {
        let mut text = String::new();
        let _ = f(&mut text);
        text.trim_end().to_string()
    };
    match node.kind {
        NodeKind::Table => {
            let table = schema.table(&node.name).expect("a table node is a table");
            if let Some(comment) = &table.comment {
                let _ = write!(out, "<p class=\"comment\">{}</p>", escape(comment));
            }
            if let Some(placement) = &node.placement {
                let _ = write!(out, "<p>Citus: {}.</p>", escape(placement));
            }
            if let Some(count) = node.policies {
                let _ = write!(
                    out,
                    "<p>Row-level security on{}, {count} polic{}.</p>",
                    if table.row_level_security.forced {
                        " and forced"
                    } else {
                        ""
                    },
                    if count == 1 { "y" } else { "ies" }
                );
            }
            out.push_str("<h3>Columns</h3><table class=\"columns\">");
            for column in &table.columns {
                let mut marks = Vec::new();
                if node
                    .rows
                    .iter()
                    .any(|r| r.name == column.name && r.primary_key)
                {
                    marks.push("PK");
                }
                if node
                    .rows
                    .iter()
                    .any(|r| r.name == column.name && r.foreign_key)
                {
                    marks.push("FK");
                }
                let _ = write!(
                    out,
                    "<tr><td class=\"col\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&column.name),
                    escape(
                        // The definition without the name it starts with.
                        sql(&|o| statement::column_definition(column, o))
                            .strip_prefix(&format!("{} ", schema_core::quote_ident(&column.name)))
                            .unwrap_or_default()
                    ),
                    marks.join(" "),
                    escape(column.comment.as_deref().unwrap_or(""))
                );
            }
            out.push_str("</table>");
            let mut constraints = Vec::new();
            if let Some(key) = &table.primary_key {
                constraints.push(sql(&|o| statement::primary_key_clause(key, o)));
            }
            constraints.extend(
                table
                    .uniques
                    .iter()
                    .map(|u| sql(&|o| statement::unique_clause(u, o))),
            );
            constraints.extend(
                table
                    .checks
                    .iter()
                    .map(|c| sql(&|o| statement::check_clause(c, o))),
            );
            constraints.extend(
                table
                    .exclusions
                    .iter()
                    .map(|e| sql(&|o| statement::exclusion_clause(e, o))),
            );
            constraints.extend(
                table
                    .foreign_keys
                    .iter()
                    .map(|k| sql(&|o| statement::foreign_key_clause(k, o))),
            );
            sql_list("Constraints", constraints, out);
            sql_list(
                "Indexes",
                table
                    .indexes
                    .iter()
                    .map(|i| sql(&|o| statement::create_index(&table.name, i, o)))
                    .collect(),
                out,
            );
            sql_list(
                "Policies",
                table
                    .policies
                    .iter()
                    .map(|p| sql(&|o| statement::create_policy(&table.name, p, o)))
                    .collect(),
                out,
            );
            sql_list(
                "Triggers",
                table
                    .triggers
                    .iter()
                    .map(|t| sql(&|o| statement::create_trigger(&table.name, t, o)))
                    .collect(),
                out,
            );
        }
        NodeKind::View | NodeKind::MaterializedView => {
            if let Some(view) = schema.views.iter().find(|v| v.name == node.name) {
                sql_list(
                    "Definition",
                    vec![sql(&|o| statement::create_view(view, o))],
                    out,
                );
            }
        }
        NodeKind::Enum => {
            if let Some(def) = schema.enums.iter().find(|e| e.name == node.name) {
                if let Some(comment) = &def.comment {
                    let _ = write!(out, "<p class=\"comment\">{}</p>", escape(comment));
                }
            }
            out.push_str("<h3>Values</h3><ul>");
            for row in &node.rows {
                let _ = write!(out, "<li>{}</li>", escape(&row.name));
            }
            out.push_str("</ul>");
        }
        NodeKind::External => {
            out.push_str("<p>Referenced, not owned: another system (such as Supabase's auth) creates it.</p><ul>");
            for row in &node.rows {
                let _ = write!(out, "<li>{} {}</li>", escape(&row.name), escape(&row.ty));
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</section>\n");
}

const STYLE: &str = r#"<style>
*{box-sizing:border-box}body{margin:0;font:14px/1.4 Helvetica,Arial,sans-serif;color:#222;height:100vh;display:flex;flex-direction:column}
header{display:flex;gap:10px;align-items:center;padding:8px 12px;border-bottom:1px solid #ddd;background:#f7f8fa}
header h1{font-size:16px;margin:0 0 0 auto}#search{width:280px;padding:5px 8px}#count{color:#666;font-size:12px}
#results{position:absolute;top:44px;left:12px;z-index:2;margin:0;padding:0;list-style:none;background:#fff;border:1px solid #ccc;max-height:50vh;overflow:auto;width:360px}
#results:empty{display:none}#results li{padding:4px 8px;cursor:pointer}#results li:hover{background:#eef3fb}
main{flex:1;display:flex;min-height:0}#canvas{flex:1;overflow:hidden;position:relative;cursor:grab;background:#fcfcfd}
#stage{transform-origin:0 0;position:absolute;top:0;left:0}#panel{width:440px;overflow:auto;border-left:1px solid #ddd;padding:10px 14px}
#panel pre{white-space:pre-wrap;background:#f4f5f7;padding:6px;font-size:12px;margin:4px 0}#panel table{border-collapse:collapse;font-size:12px;width:100%}
#panel td{border-bottom:1px solid #eee;padding:2px 4px;vertical-align:top}#panel .col{font-weight:bold}#panel h2{font-size:16px;margin:6px 0}#panel h3{font-size:13px;margin:12px 0 4px}
.kind{color:#666;margin:0}.comment{font-style:italic}.box{cursor:pointer}.box.hit rect.frame{stroke:#0969da;stroke-width:3}.box.selected rect.frame{stroke:#8250df;stroke-width:3}
text.hit{fill:#0969da;font-weight:bold}.line.near{stroke:#8250df;stroke-width:2.2}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border:2px solid}.legend .added{border-color:#1a7f37}.legend .altered{border-color:#bf8700}.legend .dropped{border-color:#cf222e;border-style:dashed}
.step{border-bottom:1px solid #eee;padding:4px 0}.hazard{display:inline-block;background:#ffebe9;color:#a40e26;border-radius:3px;padding:0 4px;margin-right:4px;font-size:11px}
</style>
"#;

const SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var canvas = document.getElementById("canvas"), stage = document.getElementById("stage");
  var svg = stage.querySelector("svg"), search = document.getElementById("search");
  var results = document.getElementById("results"), count = document.getElementById("count");
  var view = { x: 0, y: 0, k: 1 };
  function apply() { stage.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.k + ")"; }
  function fit() {
    var w = svg.width.baseVal.value, h = svg.height.baseVal.value;
    view.k = Math.min(canvas.clientWidth / w, canvas.clientHeight / h, 1);
    view.x = (canvas.clientWidth - w * view.k) / 2; view.y = 0; apply();
  }
  var drag = null;
  canvas.addEventListener("mousedown", function (e) { drag = { x: e.clientX - view.x, y: e.clientY - view.y, moved: false }; canvas.style.cursor = "grabbing"; });
  window.addEventListener("mousemove", function (e) { if (drag) { view.x = e.clientX - drag.x; view.y = e.clientY - drag.y; drag.moved = true; apply(); } });
  window.addEventListener("mouseup", function () { canvas.style.cursor = ""; setTimeout(function () { drag = null; }, 0); });
  canvas.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
    var k = Math.max(0.05, Math.min(4, view.k * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
    view.x = px - (px - view.x) * k / view.k; view.y = py - (py - view.y) * k / view.k; view.k = k; apply();
  }, { passive: false });
  function boxes() { return Array.prototype.slice.call(svg.querySelectorAll("g.box")); }
  function select(name) {
    boxes().forEach(function (b) { b.classList.toggle("selected", b.getAttribute("data-name") === name); });
    svg.querySelectorAll("path.line").forEach(function (l) { l.classList.toggle("near", l.getAttribute("data-from") === name || l.getAttribute("data-to") === name); });
    document.querySelectorAll("section.details").forEach(function (s) { s.hidden = s.getAttribute("data-name") !== name; });
    document.getElementById("hint").hidden = true;
  }
  function center(box) {
    var b = box.getBBox();
    view.k = Math.max(view.k, 0.8);
    view.x = canvas.clientWidth / 2 - (b.x + b.width / 2) * view.k; view.y = canvas.clientHeight / 2 - (b.y + b.height / 2) * view.k; apply();
  }
  boxes().forEach(function (box) {
    box.addEventListener("click", function () { if (!drag || !drag.moved) { select(box.getAttribute("data-name")); } });
  });
  function find(term) {
    term = term.trim().toLowerCase(); results.textContent = ""; var found = 0;
    svg.querySelectorAll("text.hit").forEach(function (t) { t.classList.remove("hit"); });
    boxes().forEach(function (box) {
      var name = box.getAttribute("data-name"), hit = false;
      if (term && name.toLowerCase().indexOf(term) >= 0) { hit = true; add(name, name, box); }
      box.querySelectorAll("text[data-column]").forEach(function (t) {
        var column = t.getAttribute("data-column");
        if (term && column.toLowerCase().indexOf(term) >= 0) { hit = true; t.classList.add("hit"); add(name + "." + column, name, box); }
      });
      box.classList.toggle("hit", hit);
    });
    function add(label, name, box) {
      found++; var li = document.createElement("li"); li.textContent = label;
      li.setAttribute("data-name", name);
      li.addEventListener("click", function () { select(name); center(box); results.textContent = ""; });
      results.appendChild(li);
    }
    count.textContent = term ? found + (found === 1 ? " match" : " matches") : "";
  }
  search.addEventListener("input", function () { find(search.value); });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter" && results.firstChild) { results.firstChild.click(); } });
  document.getElementById("fit").addEventListener("click", fit);
  fit();
  var asked = /[#&]search=([^&]*)/.exec(location.hash);
  if (asked) { search.value = decodeURIComponent(asked[1]); find(search.value); }
})();
</script>
"#;
