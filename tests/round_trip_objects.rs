//! Model -> DDL -> fresh database -> introspection -> the same model, for functions,
//! triggers, views, partitions, domains, composite types, extensions and grants, and for
//! the three ported apps. As in `round_trip.rs`, expressions are compared in Postgres's
//! spelling (`canonical_expressions`), everything else as the model has it.

#[path = "../examples/apps/coaching/mod.rs"]
mod coaching;
mod common;
#[path = "../examples/demo/mod.rs"]
mod demo;
#[path = "../examples/apps/photography/mod.rs"]
mod photography;
#[path = "../examples/apps/therapy/mod.rs"]
mod therapy;

use common::TestDb;
use schemata::postgres::introspect::{introspect_with_notes, IntrospectOptions};
use schemata::postgres::normalize::{canonical_expressions, comparable, owned_schemas};
use schemata::postgres::plan::{diff, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{snapshot, Schema};
use schemata_testkit::fixtures::objects;

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

fn assert_same(case: &str, expected: &Schema, actual: &Schema) {
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
    panic!("`{case}`: the database does not read back as the model\n{diff}");
}

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
    let server: postgres::Config = common::database_url().parse().unwrap();
    let expected =
        canonical_expressions(&server, model).unwrap_or_else(|e| panic!("`{name}`: {e}"));
    assert_same(name, &comparable(&expected), &comparable(&live));
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
fn every_object_fixture_reads_back_as_its_model() {
    for case in objects::all() {
        assert_round_trip(case.name, &case.schema);
    }
}

/// The comparison is not vacuous for the new kinds either: a changed function body, view
/// query, trigger or grant shows.
#[test]
fn a_drifted_database_shows_the_difference() {
    let model = objects::case("views");
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&model, &RenderOptions { stand_ins: true }));
    db.execute_script(
        "CREATE OR REPLACE FUNCTION b_is_named(value text) RETURNS boolean LANGUAGE sql
         IMMUTABLE AS $$SELECT length(value) > 0$$;",
    );
    let live = introspect_with_notes(&mut db.client, &IntrospectOptions::default())
        .unwrap()
        .schema;
    let server: postgres::Config = common::database_url().parse().unwrap();
    let expected = canonical_expressions(&server, &model).unwrap();
    let failure = std::panic::catch_unwind(|| {
        assert_same("views", &comparable(&expected), &comparable(&live))
    })
    .expect_err("the drift is noticed");
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("-        \"body\": \"SELECT length(trim(value)) > 0\"\n+        \"body\": \"SELECT length(value) > 0\"\n"),
        "{message}"
    );
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

/// The reverse direction: an introspected schema, rendered and applied again, reads back
/// as itself with no help from Postgres (what Postgres prints is a fixed point).
#[test]
fn introspected_schemas_render_back_to_themselves() {
    let apps = [
        ("coaching", coaching::schema()),
        ("therapy", therapy::schema()),
        ("photography", photography::schema()),
    ];
    let fixtures = objects::all().into_iter().map(|c| (c.name, c.schema));
    for (name, model) in fixtures.chain(apps) {
        let mut first = apply_and_read(name, &model);
        // External objects are the model's declarations; the stand-ins need them.
        first.external = model.external.clone();
        let second = apply_and_read(name, &first);
        assert_same(name, &comparable(&first), &comparable(&second));
    }
}
