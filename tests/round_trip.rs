//! Model -> DDL -> fresh database -> introspection -> the same model.
//!
//! For the demo app, the three ported apps and every hand-built fixture schema of the
//! renderer: render it (with stand-ins for its external objects), apply it to a fresh
//! database, read the database back, and compare with the model. Expressions are compared
//! in Postgres's spelling, obtained in a second, throwaway database
//! (`canonical_expressions`); everything else (names, types, keys, actions, indexes,
//! policies, comments, function bodies, view queries, triggers, grants) comes straight
//! from the model, so the check is as strict as the renderer is faithful. A failure prints
//! both sides as snapshot JSON with a line diff.

use schemata_example_apps::{coaching, demo, photography, therapy};
mod common;

use common::TestDb;
use schemata::postgres::introspect::{introspect_with_notes, IntrospectOptions};
use schemata::postgres::normalize::{canonical_expressions, comparable, owned_schemas};
use schemata::postgres::plan::{diff, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{snapshot, Schema};
use schemata_testkit::fixtures;

/// Applies `model` to a fresh database and reads it back; nothing may be left out.
fn apply_and_read(name: &str, model: &Schema) -> Schema {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(model, &RenderOptions { stand_ins: true }));
    let read = introspect_with_notes(
        &mut db.client,
        &IntrospectOptions::schemas(owned_schemas(model)),
    )
    .unwrap_or_else(|e| panic!("`{name}`: introspection failed: {e}"));
    assert!(
        read.notes.is_empty(),
        "`{name}`: introspection left things out: {:#?}",
        read.notes
    );
    read.schema
}

/// Panics with a unified diff of the two schemas' snapshots when they differ.
fn assert_same(case: &str, expected: &Schema, actual: &Schema, what: &str) {
    if expected == actual {
        return;
    }
    let expected = snapshot::to_json(expected);
    let actual = snapshot::to_json(actual);
    let diff = similar::TextDiff::from_lines(&expected, &actual)
        .unified_diff()
        .context_radius(6)
        .header("model", "database")
        .to_string();
    panic!("`{case}`: {what}\n{diff}");
}

fn server() -> postgres::Config {
    common::database_url()
        .parse()
        .expect("DATABASE_URL is a connection string")
}

/// Model -> DDL -> database -> model, compared with Postgres's spelling of expressions.
fn assert_round_trip(name: &str, model: &Schema) {
    let live = apply_and_read(name, model);
    // Not vacuous: every kind the model has is read back, as many of each.
    let counts = |s: &Schema| {
        [
            s.tables.len(),
            s.tables.iter().filter(|t| t.partition_of.is_some()).count(),
            s.tables.iter().map(|t| t.triggers.len()).sum(),
            s.functions.len(),
            s.views.len(),
            s.views
                .iter()
                .map(|v| v.indexes.len() + v.triggers.len())
                .sum(),
            s.domains.len(),
            s.composites.len(),
            s.extensions.len(),
            s.grants.len(),
        ]
    };
    assert_eq!(
        counts(&live),
        counts(&comparable(model)),
        "`{name}`: object counts"
    );
    let expected =
        canonical_expressions(&server(), model).unwrap_or_else(|e| panic!("`{name}`: {e}"));
    assert_same(
        name,
        &comparable(&expected),
        &comparable(&live),
        "the database does not read back as the model",
    );
    // And so the migration from the database to the model is empty.
    let plan = diff(
        &comparable(&live),
        &comparable(&expected),
        &PlanOptions::default(),
    )
    .unwrap_or_else(|e| panic!("`{name}`: {e}"));
    assert!(plan.is_empty(), "`{name}`: the plan is not empty:\n{plan}");
}

#[test]
fn the_demo_app_reads_back_as_its_model() {
    assert_round_trip("demo", &demo::schema());
}

#[test]
fn the_coaching_app_reads_back_as_its_model() {
    assert_round_trip("coaching", &coaching::schema());
}

#[test]
fn the_therapy_app_reads_back_as_its_model() {
    assert_round_trip("therapy", &therapy::schema());
}

#[test]
fn the_photography_app_reads_back_as_its_model() {
    assert_round_trip("photography", &photography::schema());
}

#[test]
fn every_fixture_reads_back_as_its_model() {
    for case in fixtures::all() {
        assert_round_trip(case.name, &case.schema);
    }
}

#[test]
fn every_object_fixture_reads_back_as_its_model() {
    for case in fixtures::objects::all() {
        assert_round_trip(case.name, &case.schema);
    }
}

/// Where the fixtures spell expressions the way Postgres prints them back (or as plain
/// literals), the offline rules alone make model and database equal: no Postgres needed.
/// (The other fixtures need Postgres: `price > 0` on a numeric column reads back as
/// `price > 0::numeric`, `LIKE` as `~~`, and so on.)
#[test]
fn offline_rules_settle_what_they_can() {
    for name in [
        "column_types",
        "defaults",
        "foreign_keys",
        "comments",
        "awkward_names",
        "non_public_schema",
        "enums",
        "empty",
        "row_level_security",
    ] {
        let model = fixtures::case(name);
        let live = apply_and_read(name, &model);
        assert_same(
            name,
            &comparable(&model),
            &comparable(&live),
            "the offline rules do not settle the difference",
        );
    }
}

/// The reverse direction: a database introspected, rendered and applied again reads back
/// as itself, with no help from Postgres: what Postgres prints is a fixed point of the
/// offline rules, which is what comparing two databases relies on.
#[test]
fn introspected_schemas_render_back_to_themselves() {
    let apps = [
        ("demo", demo::schema()),
        ("coaching", coaching::schema()),
        ("therapy", therapy::schema()),
        ("photography", photography::schema()),
    ];
    let cases = fixtures::all()
        .into_iter()
        .chain(fixtures::objects::all())
        .map(|case| (case.name, case.schema));
    for (name, model) in apps.into_iter().chain(cases) {
        let mut first = apply_and_read(name, &model);
        // External objects are the model's declarations (the database shows only their
        // use); the stand-ins need them.
        first.external = model.external.clone();
        let second = apply_and_read(name, &first);
        assert_same(
            name,
            &comparable(&first),
            &comparable(&second),
            "an introspected schema does not read back as itself",
        );
    }
}

/// The comparison is not vacuous: a database that drifted from the model fails it, with
/// the drift in the diff.
#[test]
fn a_drifted_table_shows_the_difference() {
    let model = fixtures::case("constraints");
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&model, &RenderOptions { stand_ins: true }));
    db.execute_script(
        "ALTER TABLE accounts ALTER COLUMN age SET NOT NULL;
         ALTER TABLE accounts DROP CONSTRAINT accounts_email_format;",
    );
    let live = introspect_with_notes(&mut db.client, &IntrospectOptions::default())
        .unwrap()
        .schema;
    let expected = canonical_expressions(&server(), &model).unwrap();
    let failure = std::panic::catch_unwind(|| {
        assert_same(
            "constraints",
            &comparable(&expected),
            &comparable(&live),
            "drifted",
        )
    })
    .expect_err("the drift is noticed");
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(message.contains("--- model\n+++ database\n"), "{message}");
    assert!(
        message.contains("\n-            \"nullable\": true\n+            \"nullable\": false\n"),
        "{message}"
    );
    assert!(
        message.contains("\n-            \"name\": \"accounts_email_format\",\n"),
        "{message}"
    );
}

/// The comparison is not vacuous for the new kinds either: a changed function body, view
/// query, trigger or grant shows.
#[test]
fn a_drifted_function_shows_the_difference() {
    let model = fixtures::objects::case("views");
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&model, &RenderOptions { stand_ins: true }));
    db.execute_script(
        "CREATE OR REPLACE FUNCTION b_is_named(value text) RETURNS boolean LANGUAGE sql
         IMMUTABLE AS $$SELECT length(value) > 0$$;",
    );
    let live = introspect_with_notes(&mut db.client, &IntrospectOptions::default())
        .unwrap()
        .schema;
    let expected = canonical_expressions(&server(), &model).unwrap();
    let failure = std::panic::catch_unwind(|| {
        assert_same(
            "views",
            &comparable(&expected),
            &comparable(&live),
            "drifted",
        )
    })
    .expect_err("the drift is noticed");
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("-        \"body\": \"SELECT length(trim(value)) > 0\"\n+        \"body\": \"SELECT length(value) > 0\"\n"),
        "{message}"
    );
}
