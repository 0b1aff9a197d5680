//! What `lint` reports for the demo and the three ported apps. The demo is the app every
//! new user reads first, so it gives no finding at all; the ported apps keep their
//! write-ups' patterns on purpose, and their counts per lint are what the library catches
//! in them (coaching reuses the demo's tables, which are clean, for part of its schema).

use schemata_example_apps::{coaching, demo, photography, therapy};

use schemata::lint::Finding;
use schemata::Schema;
use std::collections::BTreeMap;
use std::fmt::Write;

/// `lint_name: count`, one line per lint that fires, in name order.
fn counts(schema: &Schema) -> String {
    let findings: Vec<Finding> = schemata::lint(schema);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in &findings {
        *counts.entry(finding.lint.as_str()).or_default() += 1;
    }
    let mut text = String::new();
    for (lint, count) in counts {
        writeln!(text, "{lint}: {count}").unwrap();
    }
    text
}

#[test]
fn the_demo_is_clean() {
    assert_eq!(schemata::lint(&demo::schema()), []);
}

#[test]
fn coaching_lints() {
    insta::assert_snapshot!(counts(&coaching::schema()));
}

#[test]
fn therapy_lints() {
    insta::assert_snapshot!(counts(&therapy::schema()));
}

#[test]
fn photography_lints() {
    insta::assert_snapshot!(counts(&photography::schema()));
}

#[test]
fn every_app_lints_the_same_twice() {
    for schema in [
        demo::schema(),
        coaching::schema(),
        therapy::schema(),
        photography::schema(),
    ] {
        assert_eq!(schemata::lint(&schema), schemata::lint(&schema));
    }
}
