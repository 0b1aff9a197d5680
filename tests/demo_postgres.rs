//! The demo app's DDL applied to a fresh PostgreSQL: every table, column, index, policy and
//! enum value the model declares is in the catalog, and the policies do what they say.

mod common;
use schemata_example_apps::demo;

use common::TestDb;
use schemata::postgres::{to_sql, RenderOptions};
use std::collections::BTreeSet;

fn applied_demo() -> (TestDb, schemata::Schema) {
    let schema = demo::schema();
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&schema, &RenderOptions { stand_ins: true }));
    (db, schema)
}

fn strings(db: &mut TestDb, sql: &str) -> BTreeSet<String> {
    db.client
        .query(sql, &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[test]
fn demo_app_meets_the_brief() {
    let schema = demo::schema();
    assert!(schema.tables.len() >= 10, "at least 10 tables");
    assert!(schema.enums.len() >= 4, "at least 4 enum types");
    for table in &schema.tables {
        assert!(table.row_level_security.enabled, "{} has RLS", table.name);
        assert!(!table.policies.is_empty(), "{} has policies", table.name);
    }
    let indexes: Vec<_> = schema.tables.iter().flat_map(|t| &t.indexes).collect();
    assert!(indexes
        .iter()
        .any(|i| i.keys.len() > 1 && i.keys.iter().any(|k| k.descending)));
    assert!(indexes.iter().any(|i| i.predicate.is_some()));
    assert!(indexes
        .iter()
        .any(|i| i.method == schemata::IndexMethod::Gin
            && i.keys
                .iter()
                .any(|k| matches!(k.target, schemata::IndexTarget::Expression(_)))));
    let keys: Vec<_> = schema.tables.iter().flat_map(|t| &t.foreign_keys).collect();
    assert!(keys.iter().any(|k| k.references.to_string() == "auth.users"
        && k.on_delete == schemata::ReferentialAction::Cascade));
    assert!(schema
        .tables
        .iter()
        .any(|t| t.uniques.iter().any(|u| u.columns.len() > 1)));
    assert!(schema.tables.iter().any(|t| !t.checks.is_empty()));
    assert!(schema.tables.iter().any(|t| t.comment.is_some()));
}

#[test]
fn every_declared_object_is_in_the_catalog() {
    let (mut db, schema) = applied_demo();

    let tables = strings(
        &mut db,
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
    );
    let expected: BTreeSet<String> = schema.tables.iter().map(|t| t.name.name.clone()).collect();
    assert_eq!(tables, expected);

    let columns = strings(
        &mut db,
        "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
              || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
    );
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(move |c| {
                let ty = match &c.ty {
                    // format_type qualifies only types outside the search path.
                    schemata::SqlType::Enum(name) => name.name.clone(),
                    other => other.to_string(),
                };
                let not_null = if c.nullable { "" } else { " not null" };
                format!("{}.{} {ty}{not_null}", t.name.name, c.name)
            })
        })
        .collect();
    assert_eq!(columns, expected);

    let indexes = strings(
        &mut db,
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'",
    );
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.indexes
                .iter()
                .map(|i| i.name.clone())
                .chain(t.primary_key.iter().map(|k| k.name.clone()))
                .chain(t.uniques.iter().map(|u| u.name.clone()))
        })
        .collect();
    assert_eq!(indexes, expected);

    let constraints = strings(
        &mut db,
        "SELECT conname::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND contype IN ('p', 'u', 'c', 'f')",
    );
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.primary_key
                .iter()
                .map(|k| k.name.clone())
                .chain(t.uniques.iter().map(|u| u.name.clone()))
                .chain(t.checks.iter().map(|c| c.name.clone()))
                .chain(t.foreign_keys.iter().map(|f| f.name.clone()))
        })
        .collect();
    assert_eq!(constraints, expected);

    let policies = strings(
        &mut db,
        "SELECT tablename || ': ' || policyname || ' ' || permissive || ' ' || cmd || ' '
              || array_to_string(roles, ',')
         FROM pg_policies WHERE schemaname = 'public'",
    );
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.policies.iter().map(move |p| {
                format!(
                    "{}: {} {} {} {}",
                    t.name.name,
                    p.name,
                    if p.restrictive {
                        "RESTRICTIVE"
                    } else {
                        "PERMISSIVE"
                    },
                    p.command.as_str(),
                    if p.roles.is_empty() {
                        "public".to_string()
                    } else {
                        p.roles.join(",")
                    }
                )
            })
        })
        .collect();
    assert_eq!(policies, expected);

    let rls = strings(
        &mut db,
        "SELECT relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'r'",
    );
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .map(|t| {
            let rls = t.row_level_security;
            format!("{} {} {}", t.name.name, rls.enabled, rls.forced)
        })
        .collect();
    assert_eq!(rls, expected);

    for def in &schema.enums {
        let labels: Vec<String> = db
            .client
            .query(
                "SELECT enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
                 WHERE t.typname = $1 ORDER BY enumsortorder",
                &[&def.name.name],
            )
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        let expected: Vec<String> = def.values.iter().map(|v| v.label.clone()).collect();
        assert_eq!(labels, expected, "labels of {}", def.name);
    }
}

/// The policies are not only created: signed in as one user, you see your own rows only.
#[test]
fn policies_restrict_what_a_signed_in_user_sees() {
    let (mut db, _) = applied_demo();
    db.execute_script(
        "INSERT INTO auth.users (id) VALUES
             ('00000000-0000-0000-0000-00000000000a'), ('00000000-0000-0000-0000-00000000000b'),
             ('00000000-0000-0000-0000-00000000000c');
         INSERT INTO users (id, email, role) VALUES
             ('00000000-0000-0000-0000-00000000000a', 'coach@example.com', 'coach'),
             ('00000000-0000-0000-0000-00000000000b', 'client@example.com', 'client'),
             ('00000000-0000-0000-0000-00000000000c', 'other@example.com', 'client');
         INSERT INTO sessions (coach_id, client_id, title, scheduled_at) VALUES
             ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000b', 'Kick-off', now()),
             ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000c', 'Review', now());
         GRANT USAGE ON SCHEMA public, auth TO authenticated;
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO authenticated;",
    );
    let visible = |db: &mut TestDb, user: &str| -> Vec<String> {
        let mut tx = db.client.transaction().unwrap();
        tx.batch_execute(&format!(
            "SET LOCAL ROLE authenticated;
             SELECT set_config('request.jwt.claim.sub', '{user}', true);"
        ))
        .unwrap();
        let titles = tx
            .query("SELECT title FROM sessions ORDER BY title", &[])
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        tx.rollback().unwrap();
        titles
    };
    assert_eq!(
        visible(&mut db, "00000000-0000-0000-0000-00000000000a"),
        ["Kick-off", "Review"]
    );
    assert_eq!(
        visible(&mut db, "00000000-0000-0000-0000-00000000000b"),
        ["Kick-off"]
    );
    assert_eq!(
        visible(&mut db, "00000000-0000-0000-0000-00000000000c"),
        ["Review"]
    );

    // A check constraint from `#[column(check = ...)]` is enforced.
    let error = db
        .client
        .batch_execute(
            "INSERT INTO sessions (coach_id, client_id, title, scheduled_at, rating)
             VALUES ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000b', 'x', now(), 9)",
        )
        .unwrap_err();
    assert_eq!(
        error.as_db_error().and_then(|e| e.constraint()),
        Some("sessions_rating_check")
    );
}
