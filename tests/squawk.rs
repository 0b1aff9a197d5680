//! squawk, the Postgres migration linter, as an outside judge of the plans: over every
//! plan the convergence suite runs (the hand-written pairs and those of objects kept as
//! definition text, every object fixture created and dropped, the three apps created from
//! nothing, and seeded random pairs), squawk reports nothing. What it would report on
//! purpose (a drop the target schema asks for, a constraint added without NOT VALID to a
//! table created in the same plan) is silenced in
//! the plan itself with squawk's ignore comment and the reason.
//!
//! Needs the `squawk` command (`pip install squawk-cli`; `.ci/run` installs it). Without
//! it the test fails rather than pass unseen. `SCHEMATA_SQUAWK_KEEP=dir` keeps the plans
//! there for a look.

use schemata::postgres::plan::{diff, Plan, PlanOptions};
use schemata::Schema;
use schemata_example_apps::{coaching, photography, therapy};
use schemata_testkit::fixtures::objects;
use schemata_testkit::generate::random_pair;
use schemata_testkit::pairs;
use std::path::PathBuf;
use std::process::Command;

/// How many seeded random pairs: fixed seeds, so a finding repeats.
const RANDOM_PAIRS: u64 = 60;

fn plans() -> Vec<(String, Plan)> {
    let mut cases: Vec<(String, Schema, Schema)> = Vec::new();
    for pair in pairs::all().into_iter().chain(pairs::opaque()) {
        cases.push((pair.name.to_string(), pair.old, pair.new));
    }
    let nothing = |schema: &Schema| Schema {
        external: schema.external.clone(),
        ..Schema::default()
    };
    for case in objects::all() {
        let empty = nothing(&case.schema);
        cases.push((
            format!("create_{}", case.name),
            empty.clone(),
            case.schema.clone(),
        ));
        cases.push((format!("drop_{}", case.name), case.schema, empty));
    }
    for (name, schema) in [
        ("coaching", coaching::schema()),
        ("therapy", therapy::schema()),
        ("photography", photography::schema()),
    ] {
        cases.push((format!("app_{name}"), nothing(&schema), schema));
    }
    for seed in 0..RANDOM_PAIRS {
        let pair = random_pair(seed);
        cases.push((format!("random_{seed}"), pair.old, pair.new));
    }
    cases
        .into_iter()
        .map(|(name, old, new)| {
            let plan = diff(&old, &new, &PlanOptions::default())
                .unwrap_or_else(|error| panic!("pair `{name}`: {error}"));
            (name, plan)
        })
        .collect()
}

#[test]
fn squawk_finds_nothing_in_the_plans() {
    let dir = match std::env::var("SCHEMATA_SQUAWK_KEEP") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => std::env::temp_dir().join(format!("schemata-squawk-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).expect("create the plan directory");
    let mut files = Vec::new();
    for (name, plan) in plans() {
        let path = dir.join(format!("{name}.sql"));
        std::fs::write(&path, plan.to_sql()).expect("write a plan");
        files.push(path);
    }
    let output = Command::new("squawk")
        .args(["--reporter", "json", "--pg-version", "15"])
        .args(&files)
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run `squawk` ({error}); install it with `pip install squawk-cli`")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "squawk's output is not the JSON expected ({error}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let described: Vec<String> = findings
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default();
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let line = f["line"].as_u64().unwrap_or(0) as usize;
            format!(
                "{} in {}:{}: {}\n    {}",
                f["rule_name"].as_str().unwrap_or_default(),
                file,
                line + 1,
                f["message"].as_str().unwrap_or_default(),
                text.lines().nth(line).unwrap_or_default().trim()
            )
        })
        .collect();
    if std::env::var("SCHEMATA_SQUAWK_KEEP").is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        described.is_empty(),
        "squawk reports {} finding(s) in {} plans:\n{}",
        described.len(),
        files.len(),
        described.join("\n")
    );
}
