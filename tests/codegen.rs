//! `schemactl codegen`: the demo's generated files as snapshots (read them: they are what
//! a user starts from), and the command as a user runs it. The round trip through a
//! database is `codegen_roundtrip.rs`.

use schemata_example_apps::demo;
mod common;

use common::TestDb;
use schemata::postgres::codegen::{generate, HEADER};
use schemata::postgres::{to_sql, RenderOptions};
use std::path::Path;
use std::process::{Command, Output};

fn schemactl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemactl"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run schemactl")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("schemata-codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_demo_generates_readable_rust() {
    let files = generate(&demo::schema(), "the demo");
    for (path, text) in &files {
        if path.extension().is_some_and(|e| e == "rs") {
            insta::assert_snapshot!(
                format!("demo_{}", path.display()).replace(['/', '.'], "_"),
                text
            );
        }
    }
    // The same schema gives the same bytes.
    assert_eq!(files, generate(&demo::schema(), "the demo"));
}

/// Every file of a generated tree, each under its path, as one text to read.
fn tree(files: &std::collections::BTreeMap<std::path::PathBuf, String>) -> String {
    files
        .iter()
        .map(|(path, text)| format!("=== {} ===\n{text}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The kinds written as builder calls and views as `#[derive(View)]`, from the fixtures
/// that use every option of each: the whole generated tree of each, read as a user would.
#[test]
fn builder_kinds_and_views_are_written_as_rust() {
    use schemata_testkit::{fixtures, pairs};
    let mut cases: Vec<(String, schemata::Schema)> = [
        "extensions_and_roles",
        "domains_and_composites",
        "views",
        "grants",
        "partitions",
        "default_privileges",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), fixtures::objects::case(name)))
    .collect();
    cases.push(("builder_kinds".into(), common::codegen::builder_kinds()));
    cases.push(("aggregates".into(), common::codegen::aggregates()));
    cases.push(("lenient".into(), common::codegen::lenient()));
    // Citus: distributed, colocated and reference tables, and a distributed schema.
    let citus = schemata::SchemaBuilder::from_schema(schemata_example_apps::multi_tenant::schema())
        .distributed_schema("tenant_a")
        .build()
        .unwrap();
    cases.push(("citus".into(), citus));
    for object in ["range type", "event trigger"] {
        let pair = pairs::opaque()
            .into_iter()
            .find(|p| p.name == format!("{object} created"))
            .expect("the opaque pairs have it");
        cases.push((format!("opaque_{}", object.replace(' ', "_")), pair.new));
    }
    for (name, schema) in cases {
        let files = generate(&schema, &format!("the fixture {name}"));
        assert!(
            !files.contains_key(Path::new("remaining.json")),
            "`{name}` kept objects out of Rust:\n{}",
            tree(&files)
        );
        insta::assert_snapshot!(format!("objects_{name}"), tree(&files));
    }
}

#[test]
fn codegen_writes_a_snapshot_as_rust_and_keeps_hand_written_files() {
    let dir = temp_dir("snapshot");
    let snapshot = dir.join("demo.json");
    std::fs::write(&snapshot, schemata::snapshot::to_json(&demo::schema())).unwrap();
    let out = dir.join("schema");
    let args = [
        "codegen",
        "--snapshot",
        snapshot.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];

    let first = schemactl(&args);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "stderr: {stderr}");
    let expected = generate(&demo::schema(), "the snapshot demo.json");
    assert!(
        stderr.starts_with(&format!(
            "wrote {} files to {}",
            expected.len(),
            out.display()
        )),
        "stderr: {stderr}"
    );
    for path in expected.keys() {
        assert!(out.join(path).is_file(), "{} missing", path.display());
    }
    let mod_rs = std::fs::read_to_string(out.join("mod.rs")).unwrap();
    assert!(mod_rs.starts_with(HEADER), "{mod_rs}");
    assert!(mod_rs.contains("from the snapshot demo.json"), "{mod_rs}");

    // Its own files it overwrites.
    assert!(schemactl(&args).status.success());

    // A file someone wrote is refused, and nothing is written...
    std::fs::write(out.join("public.rs"), "// my own edits\n").unwrap();
    let refused = schemactl(&args);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "error: `{}` exists and was not written by codegen (or its header was removed); move it away, or pass --force to overwrite it\n",
            out.join("public.rs").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(out.join("public.rs")).unwrap(),
        "// my own edits\n"
    );
    // ... unless forced.
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(schemactl(&forced).status.success());
    assert!(std::fs::read_to_string(out.join("public.rs"))
        .unwrap()
        .starts_with(HEADER));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn codegen_reads_a_live_database() {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&demo::schema(), &RenderOptions { stand_ins: true }));
    let dir = temp_dir("url");
    let out = dir.join("schema");
    let output = schemactl(&[
        "codegen",
        "--url",
        &db.url,
        "--schema",
        "public",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mod_rs = std::fs::read_to_string(out.join("mod.rs")).unwrap();
    assert!(
        mod_rs.contains("from the database ") && mod_rs.contains(&db.name),
        "{mod_rs}"
    );
    // The password is not in the header.
    assert!(!mod_rs.contains("postgres:postgres@"), "{mod_rs}");
    let public = std::fs::read_to_string(out.join("public.rs")).unwrap();
    assert!(public.contains("pub enum SessionStatus"), "{public}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn codegen_failures_are_one_line() {
    let output = schemactl(&[
        "codegen",
        "--snapshot",
        "/nonexistent/schema.json",
        "--out",
        "/tmp/never-written",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot read snapshot `/nonexistent/schema.json`"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!Path::new("/tmp/never-written").exists());
}

/// A table that inherits is written with `inherits`, listing only its own columns.
#[test]
fn inheriting_tables_are_written_with_inherits() {
    use schemata::{Column, QualifiedName, Schema, SqlType, TableDef};
    let schema = Schema::builder()
        .add_table(
            TableDef::new(QualifiedName::parse("items")).with_column(Column::new(
                "id",
                SqlType::BigInt,
                false,
            )),
        )
        .add_table(
            TableDef::new(QualifiedName::parse("heavy_items"))
                .with_column(Column::new("weight", SqlType::Integer, true))
                .inheriting("items"),
        )
        .build()
        .unwrap();
    let files = generate(&schema, "a test");
    let public = &files[Path::new("public.rs")];
    assert!(
        public.contains("#[table(inherits = \"public.items\")]\npub struct HeavyItem"),
        "{public}"
    );
    assert!(
        !files.contains_key(Path::new("remaining.json")),
        "{files:?}"
    );
}

/// A schema with many tables is written as several modules, groups of tables whose names
/// start alike, each file readable once rustfmt has laid it out; the layout is snapshotted
/// as the files and the structs each holds.
#[test]
fn a_large_schema_is_split_into_readable_modules() {
    let files = generate(&schemata_example_apps::coaching::schema(), "coaching");
    let dir = temp_dir("split");
    for (path, text) in &files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
    }
    let mut layout = String::new();
    for (path, text) in &files {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let file = dir.join(path);
        let status = Command::new("rustfmt")
            .args(["--edition", "2021"])
            .arg(&file)
            .status()
            .expect("rustfmt runs (the tests need it, see README's Tests)");
        assert!(status.success(), "rustfmt refuses {}", path.display());
        let formatted = std::fs::read_to_string(&file).unwrap();
        let lines = formatted.lines().count();
        assert!(lines < 800, "{} has {lines} lines", path.display());
        let structs: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("pub struct "))
            .map(|l| l.trim_end_matches([' ', '{', ';']))
            .collect();
        layout.push_str(&format!("{}: {}\n", path.display(), structs.join(", ")));
    }
    assert!(
        files.keys().filter(|p| p.starts_with("public")).count() > 2,
        "{layout}"
    );
    insta::assert_snapshot!(layout);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every fixture, the hand-built schemas that use every option of the model, is written
/// all as Rust: no `remaining.json` (the round trip applies them to Postgres first).
#[test]
fn every_fixture_is_written_as_rust() {
    use schemata_testkit::fixtures;
    let kept: Vec<String> = fixtures::all()
        .into_iter()
        .chain(fixtures::objects::all())
        .filter_map(|case| {
            let files = generate(&case.schema, "a fixture");
            let remaining = files.get(Path::new("remaining.json"))?;
            Some(format!("`{}`:\n{remaining}", case.name))
        })
        .collect();
    assert!(kept.is_empty(), "kept out of Rust:\n{}", kept.join("\n"));
}
