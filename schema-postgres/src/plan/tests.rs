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
        ..PlanOptions::default()
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

/// RLS turned off on an exposed table: the step carries a `changes_authorization` finding,
/// printed as a comment under its hazards.
#[test]
fn steps_that_change_authorization_carry_a_lint_finding() {
    use schema_core::lint::Lint;
    use schema_core::{Column, Policy, PolicyCommand, QualifiedName, Schema, SqlType, TableDef};

    let notes = |rls: bool| {
        let mut table = TableDef::new(QualifiedName::parse("notes"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_primary_key(None, &["id"]);
        if rls {
            table.row_level_security.enabled = true;
            table = table.with_policy(Policy {
                comment: Default::default(),
                name: "everyone reads".into(),
                restrictive: false,
                command: PolicyCommand::Select,
                roles: Vec::new(),
                using: Some("true".into()),
                with_check: None,
                allow: Vec::new(),
            });
        }
        Schema::builder().add_table(table).build().unwrap()
    };
    let plan = diff(&notes(true), &notes(false), &PlanOptions::default()).unwrap();
    let lints: Vec<Lint> = plan.findings().map(|f| f.lint).collect();
    assert_eq!(lints, [Lint::ChangesAuthorization]);
    let text = plan.to_sql();
    assert!(
        text.contains("-- lint changes_authorization (warning): this step turns row-level security off on a table the Data API serves"),
        "{text}"
    );
}

/// A plan read back from its SQL is the plan: the `schemata` migration files rely on it.
#[test]
fn plans_read_back_from_their_sql() {
    for pair in pairs::all() {
        let plan = diff(&pair.old, &pair.new, &PlanOptions::default()).unwrap();
        let mut read = super::Plan::from_sql(&plan.to_sql())
            .unwrap_or_else(|e| panic!("pair `{}`: {e}", pair.name));
        let mut written = plan.clone();
        for step in written.steps.iter_mut().chain(read.steps.iter_mut()) {
            step.findings.clear();
        }
        assert_eq!(read, written, "pair `{}`", pair.name);
    }
}
