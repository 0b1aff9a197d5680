//! Plan snapshots: every hand-written pair, online and offline, and the refused changes.
//! Read each snapshot before accepting it: it is the SQL users will run.

use super::{diff, PlanOptions};
use schemata_testkit::pairs;

#[test]
fn online_plans() {
    for pair in pairs::all() {
        let plan = diff(&pair.old, &pair.new, &PlanOptions::default())
            .unwrap_or_else(|error| panic!("pair `{}`: {error}", pair.name));
        insta::assert_snapshot!(pair.name, plan.to_sql());
    }
}

#[test]
fn offline_plans() {
    let options = PlanOptions {
        offline: true,
        lock_timeout: None,
    };
    for name in [
        "indexes",
        "nullability",
        "primary_keys",
        "check_constraints",
        "foreign_keys",
    ] {
        let pair = pairs::pair(name);
        let plan = diff(&pair.old, &pair.new, &options).unwrap();
        insta::assert_snapshot!(format!("offline_{name}"), plan.to_sql());
    }
}

#[test]
fn refused_changes_name_the_object_and_the_reason() {
    for (name, old, new) in pairs::refused() {
        let error = diff(&old, &new, &PlanOptions::default()).unwrap_err();
        insta::assert_snapshot!(name, error.to_string());
    }
}

#[test]
fn a_plan_reverses_to_nothing() {
    for pair in pairs::all() {
        let same = diff(&pair.new, &pair.new, &PlanOptions::default()).unwrap();
        assert!(same.is_empty(), "pair `{}`: {}", pair.name, same.to_sql());
    }
}

#[test]
fn plans_are_deterministic() {
    for pair in pairs::all() {
        let a = diff(&pair.old, &pair.new, &PlanOptions::default()).unwrap();
        let b = diff(&pair.old, &pair.new, &PlanOptions::default()).unwrap();
        assert_eq!(a, b, "pair `{}`", pair.name);
    }
}

#[test]
fn random_pairs_plan_without_errors() {
    for seed in 0..500 {
        let pair = schemata_testkit::generate::random_pair(seed);
        let plan = diff(&pair.old, &pair.new, &PlanOptions::default());
        assert!(plan.is_ok(), "seed {seed}: {}", plan.unwrap_err());
        let reverse = diff(&pair.new, &pair.old, &PlanOptions::default());
        assert!(
            reverse.is_ok(),
            "seed {seed}, reversed: {}",
            reverse.unwrap_err()
        );
    }
}
