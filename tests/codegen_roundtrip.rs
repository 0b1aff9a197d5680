//! Database -> `schemactl codegen` -> compiled Rust -> DDL -> second database: the same.
//!
//! For the demo, the three apps, every fixture and 100 random schemas: render the
//! model's DDL, apply it to a fresh database and read it back; generate Rust from what was
//! read, into one temporary crate (one module per case, so it compiles once) that depends
//! on this workspace; build and run it, so it prints each case's schema as snapshot JSON;
//! apply that to a second fresh database, read it back and diff the two databases with the
//! library: the plan must be empty. The crate is built under `target/codegen-roundtrip`,
//! so later runs reuse the build, and it must be clippy-clean. Besides those, the objects
//! kept as definition text (each object of the opaque convergence pairs) and a case of
//! the builder-made kinds no fixture covers go through too, and every case must come out
//! all Rust: no `remaining.json`. The multi-tenant example (with a distributed schema) goes
//! through on the Citus cluster.
//!
//! `CODEGEN_CASES=demo,object_` runs only the cases whose names contain one of the
//! comma-separated words (a full run takes about six minutes).

use schemata_example_apps::{coaching, demo, multi_tenant, photography, therapy};
mod common;

use common::TestDb;
use schemata::postgres::codegen::generate;
use schemata::postgres::introspect::{introspect_with_notes, IntrospectOptions};
use schemata::postgres::normalize::{comparable, owned_schemas};
use schemata::postgres::plan::{diff, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{snapshot, Schema};
use schemata_testkit::{fixtures, generate::random_pair, pairs};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How many random schemas go through.
const RANDOM_CASES: u64 = 100;

/// Applies `model` (with stand-ins for its external objects) to a fresh database and reads
/// it back, with the model's external declarations (a database shows only their use).
fn apply_and_read(case: &str, model: &Schema) -> Schema {
    // A schema that Citus spreads goes to the Citus cluster, one statement at a time.
    let citus = !model.distributed_schemas.is_empty()
        || model.tables.iter().any(|t| t.distribution.is_some());
    let mut db = if citus {
        TestDb::fresh_citus()
    } else {
        TestDb::fresh()
    };
    let sql = to_sql(model, &RenderOptions { stand_ins: true });
    for statement in schemata::sql::split_statements(&sql) {
        db.execute_script(statement);
    }
    let read = introspect_with_notes(
        &mut db.client,
        &IntrospectOptions::schemas(owned_schemas(model)),
    )
    .unwrap_or_else(|e| panic!("`{case}`: introspection failed: {e}"));
    let mut schema = read.schema;
    // What the database shows of them (roles that grants name) is kept too.
    let mut external = model.external.clone();
    for role in std::mem::take(&mut schema.external.roles) {
        if !external.roles.contains(&role) {
            external.roles.push(role);
        }
    }
    for table in std::mem::take(&mut schema.external.tables) {
        if !external.tables.iter().any(|t| t.name == table.name) {
            external.tables.push(table);
        }
    }
    for function in std::mem::take(&mut schema.external.functions) {
        if !external.functions.contains(&function) {
            external.functions.push(function);
        }
    }
    schema.external = external;
    schema
}

fn cases() -> Vec<(String, Schema)> {
    let mut cases: Vec<(String, Schema)> = vec![
        ("demo".into(), demo::schema()),
        ("coaching".into(), coaching::schema()),
        ("therapy".into(), therapy::schema()),
        ("photography".into(), photography::schema()),
    ];
    for case in fixtures::all() {
        cases.push((format!("fixture_{}", case.name), case.schema));
    }
    for case in fixtures::objects::all() {
        cases.push((format!("object_{}", case.name), case.schema));
    }
    for pair in pairs::opaque() {
        if let Some(object) = pair.name.strip_suffix(" created") {
            cases.push((format!("opaque_{}", object.replace(' ', "_")), pair.new));
        }
    }
    cases.push(("builder_kinds".into(), common::codegen::builder_kinds()));
    cases.push(("aggregates".into(), common::codegen::aggregates()));
    cases.push(("lenient".into(), common::codegen::lenient()));
    // On the Citus cluster: distributed, colocated and reference tables, and a schema
    // sharded by schema.
    let citus = schemata::SchemaBuilder::from_schema(multi_tenant::schema())
        .distributed_schema("tenant_a")
        .add_table(
            schemata::TableDef::new(schemata::QualifiedName::parse("tenant_a.notes"))
                .with_column(schemata::Column::new(
                    "id",
                    schemata::SqlType::BigInt,
                    false,
                ))
                .with_primary_key(None, &["id"]),
        )
        .build()
        .expect("the Citus case builds");
    cases.push(("citus_multi_tenant".into(), citus));
    for seed in 0..RANDOM_CASES {
        cases.push((format!("random_{seed}"), random_pair(seed).old));
    }
    let only = std::env::var("CODEGEN_CASES").unwrap_or_default();
    let words: Vec<&str> = only.split(',').filter(|w| !w.is_empty()).collect();
    cases.retain(|(case, _)| words.is_empty() || words.iter().any(|w| case.contains(w)));
    cases
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The temporary crate: `src/cases/<case>/` holds each case's generated files, and
/// `main` writes each case's schema as `<case>.json` into the directory it is given.
fn write_crate(dir: &Path, generated: &[(String, Vec<(PathBuf, String)>)]) {
    let _ = std::fs::remove_dir_all(dir.join("src"));
    let cases_dir = dir.join("src/cases");
    std::fs::create_dir_all(&cases_dir).unwrap();
    let root = workspace();
    let manifest = format!(
        r#"[package]
name = "codegen-roundtrip"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
schemata = {{ path = {root:?}, package = "pg-schemata" }}
chrono = {{ version = "0.4", default-features = false, features = ["std", "clock"] }}
uuid = "1"
rust_decimal = "1"
serde_json = "1"

# Not a member of the workspace it sits in.
[workspace]
"#,
        root = root.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's versions, so nothing new is resolved or downloaded.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut cases_rs = String::new();
    let mut main = String::from(
        "mod cases;\n\nfn main() {\n    let out = std::path::PathBuf::from(std::env::args().nth(1).expect(\"an output directory\"));\n",
    );
    for (case, files) in generated {
        let case_dir = cases_dir.join(case);
        std::fs::create_dir_all(&case_dir).unwrap();
        for (path, text) in files {
            let path = case_dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        cases_rs.push_str(&format!("pub mod {case};\n"));
        main.push_str(&format!(
            "    std::fs::write(out.join(\"{case}.json\"), schemata::snapshot::to_json(&cases::{case}::schema())).unwrap();\n"
        ));
    }
    main.push_str("}\n");
    std::fs::write(dir.join("src/cases/mod.rs"), cases_rs).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/codegen-roundtrip/target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn databases_round_trip_through_generated_rust() {
    let cases = cases();
    // First database of each case, and the code generated from it.
    let mut read = Vec::new();
    let mut generated = Vec::new();
    let mut kept = Vec::new();
    for (case, model) in &cases {
        let first = apply_and_read(case, model);
        let files = generate(&first, &format!("the round-trip case {case}"));
        if let Some(remaining) = files.get(Path::new("remaining.json")) {
            kept.push(format!("`{case}`:\n{remaining}"));
        }
        generated.push((case.clone(), files.into_iter().collect::<Vec<_>>()));
        read.push((case.clone(), first));
    }

    let dir = workspace().join("target/codegen-roundtrip");
    write_crate(&dir, &generated);
    let out = dir.join("snapshots");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let run = cargo(&dir, &["run", "--quiet", "--", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "the generated crate does not build or run:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );

    for (case, first) in &read {
        let path = out.join(format!("{case}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("`{case}`: no snapshot from the generated crate: {e}"));
        let generated = snapshot::from_json(&text)
            .unwrap_or_else(|e| panic!("`{case}`: the generated schema is not a snapshot: {e}"));
        let second = apply_and_read(case, &generated);
        let plan = diff(
            &comparable(first),
            &comparable(&second),
            &PlanOptions::default(),
        )
        .unwrap_or_else(|e| panic!("`{case}`: {e}"));
        assert!(
            plan.is_empty(),
            "`{case}`: the database built from the generated code differs from the original; the migration between them:\n{plan}"
        );
        assert_eq!(
            comparable(first),
            comparable(&second),
            "`{case}`: the two databases read back differently"
        );
    }

    assert!(
        kept.is_empty(),
        "codegen kept objects out of Rust, in remaining.json:\n{}",
        kept.join("\n")
    );

    let clippy = cargo(&dir, &["clippy", "--quiet", "--", "-D", "warnings"]);
    assert!(
        clippy.status.success(),
        "the generated crate is not clippy-clean:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
}
