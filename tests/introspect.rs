//! Hand-written SQL fixtures, introspected from a real PostgreSQL and snapshotted as the
//! snapshot JSON users see, with the notes on what the model could not hold.

mod common;

use common::TestDb;
use schemata::postgres::introspect::{introspect_with_notes, IntrospectOptions};
use schemata::snapshot;

/// Applies `tests/fixtures/introspect/{fixture}.sql` to a fresh database and returns the
/// introspected snapshot followed by the notes.
fn inspect(fixture: &str, options: &IntrospectOptions) -> String {
    let path = format!(
        "{}/tests/fixtures/introspect/{fixture}.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let sql = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut db = TestDb::fresh();
    db.execute_script(&sql);
    report(&mut db, options)
}

fn report(db: &mut TestDb, options: &IntrospectOptions) -> String {
    let introspection = introspect_with_notes(&mut db.client, options)
        .unwrap_or_else(|e| panic!("introspection failed: {e}"));
    let mut text = snapshot::to_json(&introspection.schema);
    if !introspection.notes.is_empty() {
        text.push_str("\nnotes:\n");
        for note in &introspection.notes {
            text.push_str(&format!("- {note}\n"));
        }
    }
    // The snapshot must read back as the same schema.
    let read = snapshot::from_json(&snapshot::to_json(&introspection.schema))
        .unwrap_or_else(|e| panic!("the snapshot does not read back: {e}"));
    assert_eq!(read, introspection.schema);
    text
}

#[test]
fn every_object_kind() {
    insta::assert_snapshot!(inspect("every_kind", &IntrospectOptions::default()));
}

#[test]
fn awkward_names_and_several_schemas() {
    insta::assert_snapshot!(inspect("awkward_names", &IntrospectOptions::default()));
}

#[test]
fn partitions_are_reported_not_read() {
    insta::assert_snapshot!(inspect("partitioned", &IntrospectOptions::default()));
}

#[test]
fn what_the_model_lacks_is_noted() {
    insta::assert_snapshot!(inspect("unsupported", &IntrospectOptions::default()));
}

#[test]
fn supabase_platform_schemas_become_external() {
    let options = IntrospectOptions {
        exclude_supabase: true,
        ..IntrospectOptions::default()
    };
    insta::assert_snapshot!(inspect("supabase_like", &options));
}

#[test]
fn selected_schemas_only() {
    insta::assert_snapshot!(inspect(
        "awkward_names",
        &IntrospectOptions::schemas(["app"])
    ));
}

#[test]
fn a_missing_schema_is_an_error() {
    let mut db = TestDb::fresh();
    let error = introspect_with_notes(
        &mut db.client,
        &IntrospectOptions::schemas(["public", "nope", "gone"]),
    )
    .unwrap_err();
    assert_eq!(error.to_string(), "schemas `nope`, `gone` do not exist");
}

#[test]
fn an_empty_database() {
    let mut db = TestDb::fresh();
    assert_eq!(
        report(&mut db, &IntrospectOptions::default()),
        "{\n  \"format_version\": 1,\n  \"schema\": {}\n}\n"
    );
}

#[test]
fn a_table_with_300_columns() {
    let mut db = TestDb::fresh();
    let columns: Vec<String> = (1..=300)
        .map(|i| {
            let ty = ["integer", "text", "boolean", "numeric(12,4)", "uuid"][i % 5];
            format!("c{i:03} {ty}")
        })
        .collect();
    db.client
        .batch_execute(&format!("CREATE TABLE wide ({})", columns.join(", ")))
        .unwrap();
    let schema =
        schemata::postgres::introspect::introspect(&mut db.client, &IntrospectOptions::default())
            .unwrap();
    let names: Vec<&str> = schema.tables[0]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let expected: Vec<String> = (1..=300).map(|i| format!("c{i:03}")).collect();
    assert_eq!(names, expected);
    assert_eq!(
        schema.tables[0].columns[2].ty,
        schemata::SqlType::Numeric {
            precision: Some(12),
            scale: Some(4)
        }
    );
}

#[test]
fn what_postgres_accepts_but_a_written_schema_should_not_is_a_note() {
    let mut db = TestDb::fresh();
    db.execute_script(
        "CREATE TABLE accounts (id integer PRIMARY KEY);
         CREATE TABLE notes (id integer PRIMARY KEY, owner bigint REFERENCES accounts);
         CREATE POLICY mine ON notes USING (owner = 1);",
    );
    let introspection =
        introspect_with_notes(&mut db.client, &IntrospectOptions::default()).unwrap();
    let notes: Vec<String> = introspection
        .notes
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        notes,
        [
            "foreign key `notes_owner_fkey` on table `public.notes` column `owner` has type `bigint` but references `public.accounts.id` of type `integer`",
            "policy `mine` on table `public.notes` has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`",
        ]
    );
    // Nothing was dropped: the policy and the foreign key are in the schema.
    let notes_table = &introspection.schema.tables[1];
    assert_eq!(notes_table.policies[0].name, "mine");
    assert_eq!(notes_table.foreign_keys[0].name, "notes_owner_fkey");
    // The same schema written by hand is refused.
    assert!(schemata::SchemaBuilder::from_schema(introspection.schema)
        .build()
        .is_err());
}
