//! `schemactl erd --url` on the demo applied to a real PostgreSQL: the binary as a user
//! runs it.

mod common;

use common::TestDb;
use schemata::postgres::{to_sql, RenderOptions};
use schemata_example_apps::demo;
use std::process::Command;

fn erd(url: &str, format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_schemactl"))
        .args(["erd", "--url", url, "--format", format])
        .output()
        .expect("run schemactl");
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_demo_database_drawn() {
    let mut db = TestDb::fresh();
    let schema = demo::schema();
    db.execute_script(&to_sql(&schema, &RenderOptions { stand_ins: true }));

    let mermaid = erd(&db.url, "mermaid");
    for table in &schema.tables {
        assert!(
            mermaid.contains(&format!("[\"table {}", table.name)),
            "{} missing:\n{mermaid}",
            table.name
        );
    }
    let keys: usize = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    assert_eq!(mermaid.matches("--").count(), keys, "{mermaid}");

    let page = erd(&db.url, "html");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "the page fetches nothing"
    );
    // Each table's policies are in its details, USING text included (escaped).
    for table in &schema.tables {
        assert!(page.contains(&format!(
            "<section class=\"details\" data-name=\"{}\"",
            table.name
        )));
        for policy in &table.policies {
            assert!(
                page.contains(
                    &format!("CREATE POLICY {}", schemata::quote_ident(&policy.name))
                        .replace('"', "&quot;")
                ),
                "policy {} of {}",
                policy.name,
                table.name
            );
        }
    }
}
