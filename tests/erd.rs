//! `erd`: the demo's diagram as Mermaid and DOT (snapshots, read them when they change),
//! the filters, and names that need escaping.

use schemata::postgres::erd::graph::NodeKind;
use schemata::postgres::erd::{diagram, dot, mermaid, Filter};
use schemata::{Column, ForeignKey, QualifiedName, Schema, SqlType, TableDef};
use schemata_example_apps::demo;

fn everything() -> Filter {
    Filter::default()
}

#[test]
fn demo_mermaid() {
    insta::assert_snapshot!(mermaid(&diagram(&demo::schema(), &everything()).unwrap()));
}

#[test]
fn demo_dot() {
    insta::assert_snapshot!(dot(&diagram(&demo::schema(), &everything()).unwrap()));
}

/// Every table of the demo is a box, and every foreign key a line.
#[test]
fn every_table_and_key_is_drawn() {
    let schema = demo::schema();
    let text = mermaid(&diagram(&schema, &everything()).unwrap());
    for table in &schema.tables {
        let title = format!("[\"table {}", table.name);
        assert!(text.contains(&title), "no box for {}", table.name);
    }
    let keys: usize = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    assert_eq!(text.matches("--").count(), keys);
}

/// Mermaid's grammar, as far as the output uses it: every line is a header, an entity
/// opening or closing, an attribute made of words, or a relationship between two
/// declared entities.
#[test]
fn demo_mermaid_follows_the_grammar() {
    let text = mermaid(&diagram(&demo::schema(), &everything()).unwrap());
    let word = |w: &str| {
        !w.is_empty()
            && w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-()[]".contains(c))
    };
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("erDiagram"));
    let mut entities = Vec::new();
    let mut inside = false;
    for line in lines {
        let line = line.trim();
        if inside {
            if line == "}" {
                inside = false;
                continue;
            }
            let (words, comment) = match line.split_once(" \"") {
                Some((words, comment)) => (words, Some(comment)),
                None => (line, None),
            };
            if let Some(comment) = comment {
                assert!(
                    comment.ends_with('"') && !comment[..comment.len() - 1].contains('"'),
                    "{line}"
                );
            }
            let mut parts = words.splitn(3, ' ');
            assert!(word(parts.next().unwrap()), "type in {line}");
            assert!(word(parts.next().expect("a name")), "name in {line}");
            if let Some(keys) = parts.next() {
                assert!(
                    keys.split(", ").all(|k| ["PK", "FK", "UK"].contains(&k)),
                    "{line}"
                );
            }
        } else if let Some(head) = line.strip_suffix(" {") {
            let (id, alias) = head.split_once('[').expect("an alias");
            assert!(word(id), "{line}");
            assert!(
                alias.starts_with('"') && alias.ends_with("\"]") && alias.matches('"').count() == 2,
                "{line}"
            );
            entities.push(id.to_string());
            inside = true;
        } else {
            let (relation, label) = line.split_once(" : ").expect("a relationship");
            assert!(
                label.starts_with('"') && label.ends_with('"') && label.matches('"').count() == 2,
                "{line}"
            );
            let parts: Vec<&str> = relation.split(' ').collect();
            assert_eq!(parts.len(), 3, "{line}");
            assert!(entities.contains(&parts[0].to_string()), "{line}");
            assert!(entities.contains(&parts[2].to_string()), "{line}");
            let cardinality = ["|o", "||", "}o", "}|", "o|", "o{", "|{"];
            let (left, rest) = parts[1].split_at(2);
            let (line_kind, right) = rest.split_at(2);
            assert!(
                cardinality.contains(&left) && cardinality.contains(&right),
                "{line}"
            );
            assert!(line_kind == "--" || line_kind == "..", "{line}");
        }
    }
    assert!(!inside);
}

#[test]
fn around_a_table_keeps_its_neighbours_only() {
    let schema = demo::schema();
    let filter = Filter {
        around: Some((QualifiedName::parse("messages"), 1)),
        ..Filter::default()
    };
    let picture = diagram(&schema, &filter).unwrap();
    let names: Vec<String> = picture.nodes.iter().map(|n| n.name.to_string()).collect();
    let messages = schema.table(&QualifiedName::parse("messages")).unwrap();
    for fk in &messages.foreign_keys {
        assert!(names.contains(&fk.references.to_string()), "{names:?}");
    }
    // Nothing that is neither messages, a table it references, one referencing it, an
    // enum their columns use, nor an external table one of them references.
    for node in &picture.nodes {
        let table = schema.table(&node.name);
        let near = node.name == messages.name
            || messages
                .foreign_keys
                .iter()
                .any(|fk| fk.references == node.name)
            || table.is_some_and(|t| {
                t.foreign_keys
                    .iter()
                    .any(|fk| fk.references == messages.name)
            })
            || schema.enums.iter().any(|e| e.name == node.name)
            || node.kind == NodeKind::External;
        assert!(near, "{} is not next to messages", node.name);
    }
    assert!(names.len() < schema.tables.len());
    let error = diagram(
        &schema,
        &Filter {
            around: Some((QualifiedName::parse("nowhere"), 1)),
            ..Filter::default()
        },
    )
    .unwrap_err();
    assert!(error.contains("`public.nowhere`"), "{error}");
}

#[test]
fn table_globs_and_schemas_filter() {
    let schema = demo::schema();
    let filter = Filter {
        tables: vec![glob::Pattern::new("coach_*").unwrap()],
        ..Filter::default()
    };
    let picture = diagram(&schema, &filter).unwrap();
    let tables: Vec<&QualifiedName> = picture
        .nodes
        .iter()
        .filter(|n| schema.table(&n.name).is_some())
        .map(|n| &n.name)
        .collect();
    let expected: Vec<&QualifiedName> = schema
        .tables
        .iter()
        .filter(|t| t.name.name.starts_with("coach_"))
        .map(|t| &t.name)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(tables.len(), expected.len());
    let only_auth = Filter {
        schemas: vec!["nothing_here".into()],
        ..Filter::default()
    };
    assert!(diagram(&schema, &only_auth).unwrap().nodes.is_empty());
}

/// Names holding `<`, `&` and quotes come out escaped in DOT and as `'` in Mermaid.
#[test]
fn awkward_names_are_escaped() {
    let parent = TableDef::new(QualifiedName::new("odd", "a<b>&\"c\""))
        .with_column(Column::new("id", SqlType::Integer, false))
        .with_primary_key(None, &["id"]);
    let child = TableDef::new(QualifiedName::new("odd", "child"))
        .with_column(Column::new("parent", SqlType::Integer, true))
        .with_foreign_key(
            None,
            ForeignKey {
                comment: Default::default(),
                name: String::new(),
                columns: vec!["parent".into()],
                references: parent.name.clone(),
                referenced_columns: vec!["id".into()],
                on_delete: Default::default(),
                on_update: Default::default(),
                deferrable: Default::default(),
                match_full: false,
            },
        );
    let schema = Schema::builder()
        .add_namespace("odd")
        .add_table(parent)
        .add_table(child)
        .build()
        .unwrap();
    let picture = diagram(&schema, &everything()).unwrap();
    let text = dot(&picture);
    assert!(text.contains("a&lt;b&gt;&amp;&quot;c&quot;"), "{text}");
    assert!(!text.contains("a<b"), "{text}");
    let text = mermaid(&picture);
    assert!(text.contains("table odd.a<b>&'c'"), "{text}");
}

/// Both layouts, on the demo (14 tables) and the photography app (30): no two boxes
/// overlap, and (built-in layout) no line runs through a box.
#[test]
fn layouts_do_not_overlap_boxes_or_cross_them() {
    use schemata::postgres::erd::layout::{graphviz, layered, Layout, Rect};
    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }
    fn check(name: &str, layout: &Layout) {
        for (i, a) in layout.boxes.iter().enumerate() {
            for b in &layout.boxes[i + 1..] {
                assert!(!overlap(a, b), "{name}: boxes overlap: {a:?} {b:?}");
            }
        }
    }
    for (name, schema) in [
        ("demo", demo::schema()),
        ("photography", schemata_example_apps::photography::schema()),
    ] {
        let picture = diagram(&schema, &everything()).unwrap();
        let built_in = layered(&picture);
        check(name, &built_in);
        // Every segment of every line stays out of every box's inside (it may touch the
        // borders of the two boxes it joins).
        for (_, points) in &built_in.lines {
            for pair in points.windows(2) {
                let (x0, x1) = (pair[0].0.min(pair[1].0), pair[0].0.max(pair[1].0));
                let (y0, y1) = (pair[0].1.min(pair[1].1), pair[0].1.max(pair[1].1));
                let segment = Rect {
                    x: x0,
                    y: y0,
                    w: (x1 - x0).max(0.01),
                    h: (y1 - y0).max(0.01),
                };
                for b in &built_in.boxes {
                    let inside = Rect {
                        x: b.x + 0.5,
                        y: b.y + 0.5,
                        w: b.w - 1.0,
                        h: b.h - 1.0,
                    };
                    assert!(
                        !overlap(&segment, &inside),
                        "{name}: a line crosses the box at {b:?}"
                    );
                }
            }
        }
        let graphviz =
            graphviz(&picture).expect("Graphviz's dot is installed (apt-get install graphviz)");
        check(name, &graphviz);
        assert_eq!(graphviz.lines.len(), picture.edges.len());
    }
}

/// `diff --format html`: from the demo to the coaching app (which extends it), the new
/// tables are marked added, the changed ones altered, and every step is listed with its
/// hazards; the other way round the coaching app's own tables are marked dropped.
#[test]
fn a_migration_page_marks_what_the_plan_changes() {
    use schemata::postgres::erd::migration_html;
    use schemata::postgres::plan::{diff, PlanOptions};
    use schemata_example_apps::coaching;
    let (demo, coaching) = (demo::schema(), coaching::schema());
    let plan = diff(&demo, &coaching, &PlanOptions::default()).unwrap();
    let page = migration_html(&demo, &coaching, &plan).unwrap();
    for table in &coaching.tables {
        let class = match demo.table(&table.name) {
            None => "added",
            Some(old) if old != table => "altered",
            Some(_) => "",
        };
        let expected = format!(
            "<g class=\"box table{}{class}\" data-name=\"{}\"",
            if class.is_empty() { "" } else { " " },
            table.name
        );
        assert!(page.contains(&expected), "{expected}");
    }
    for step in &plan.steps {
        let description = step
            .description
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(
            page.contains(&description),
            "step {description} is not listed"
        );
    }
    let back = diff(&coaching, &demo, &PlanOptions::default()).unwrap();
    assert!(back.steps.iter().any(|s| !s.hazards.is_empty()));
    let page = migration_html(&coaching, &demo, &back).unwrap();
    for hazard in back.hazards() {
        assert!(
            page.contains(&format!("<span class=\"hazard\">{hazard}</span>")),
            "{hazard}"
        );
    }
    for table in coaching
        .tables
        .iter()
        .filter(|t| demo.table(&t.name).is_none())
    {
        assert!(
            page.contains(&format!(
                "<g class=\"box table dropped\" data-name=\"{}\"",
                table.name
            )),
            "{}",
            table.name
        );
    }
}

/// The app binary's `erd` draws the code's schema; a bad glob is an error naming it.
#[test]
fn the_app_binary_draws_its_schema() {
    use std::process::ExitCode;
    let run = |args: &[&str]| schemata::cli::run_from(demo::schema(), args.iter().copied());
    assert_eq!(
        run(&["app", "erd", "--format", "dot", "--table", "users"]),
        ExitCode::SUCCESS
    );
    assert_eq!(run(&["app", "erd", "--table", "[oops"]), ExitCode::FAILURE);
    assert_eq!(
        run(&["app", "erd", "--around", "nowhere"]),
        ExitCode::FAILURE
    );
}

/// Tables Citus spreads say how, in every format.
#[test]
fn citus_placement_is_drawn() {
    let schema = schemata_example_apps::multi_tenant::schema();
    let drawn = diagram(&schema, &everything()).unwrap();
    let text = mermaid(&drawn);
    assert!(
        text.contains("table public.members (distributed by org_id)"),
        "{text}"
    );
    assert!(
        text.contains("table public.plans (reference table)"),
        "{text}"
    );
    let graph = dot(&drawn);
    assert!(graph.contains("distributed by org_id"), "{graph}");
}
