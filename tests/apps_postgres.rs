//! The three ported apps on a fresh PostgreSQL: each one's DDL applies, Postgres accepts
//! every function, view and policy with the declared view column types, the catalog
//! holds every declared object, and the functions and triggers do their job.

use schemata_example_apps::{coaching, photography, therapy};
mod common;

use common::TestDb;
use schemata::postgres::check::check;
use schemata::postgres::{to_sql, RenderOptions};
use schemata::Schema;
use std::collections::BTreeSet;

const STAND_INS: RenderOptions = RenderOptions { stand_ins: true };

fn apps() -> [(&'static str, Schema); 3] {
    [
        ("coaching", coaching::schema()),
        ("therapy", therapy::schema()),
        ("photography", photography::schema()),
    ]
}

fn applied(schema: &Schema) -> TestDb {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(schema, &STAND_INS));
    db
}

fn strings(db: &mut TestDb, sql: &str) -> BTreeSet<String> {
    db.client
        .query(sql, &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

fn one<T: for<'a> postgres::types::FromSql<'a>>(db: &mut TestDb, sql: &str) -> T {
    db.client
        .query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

#[test]
fn every_app_passes_the_check_against_postgres() {
    for (name, schema) in apps() {
        let mut db = TestDb::fresh();
        if let Err(rejection) = check(&mut db.client, &schema, &STAND_INS) {
            let statement = rejection.statement.clone().unwrap_or_default();
            panic!("{name}: {rejection}\n{statement}");
        }
        // The check left nothing behind.
        let tables: i64 = one(
            &mut db,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        );
        assert_eq!(tables, 0, "{name}");
    }
}

#[test]
fn every_declared_object_is_in_the_catalog() {
    for (name, schema) in apps() {
        let mut db = applied(&schema);
        let declared = |f: &dyn Fn(&Schema) -> Vec<String>| -> BTreeSet<String> {
            f(&schema).into_iter().collect()
        };
        let tables = strings(
            &mut db,
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
        );
        assert_eq!(
            tables,
            declared(&|s| s.tables.iter().map(|t| t.name.name.clone()).collect()),
            "{name}: tables"
        );
        let functions = strings(
            &mut db,
            "SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND NOT EXISTS (
                 SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
        );
        assert_eq!(
            functions,
            declared(&|s| s.functions.iter().map(|f| f.name.name.clone()).collect()),
            "{name}: functions"
        );
        let views = strings(
            &mut db,
            "SELECT relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND relkind IN ('v', 'm')",
        );
        assert_eq!(
            views,
            declared(&|s| s.views.iter().map(|v| v.name.name.clone()).collect()),
            "{name}: views"
        );
        let triggers = strings(
            &mut db,
            "SELECT c.relname || '.' || t.tgname FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal",
        );
        assert_eq!(
            triggers,
            declared(&|s| s
                .tables
                .iter()
                .flat_map(|t| t
                    .triggers
                    .iter()
                    .map(|g| format!("{}.{}", t.name.name, g.name)))
                .collect()),
            "{name}: triggers"
        );
        let policies = strings(
            &mut db,
            "SELECT tablename || '.' || policyname FROM pg_policies WHERE schemaname = 'public'",
        );
        assert_eq!(
            policies,
            declared(&|s| s
                .tables
                .iter()
                .flat_map(|t| t
                    .policies
                    .iter()
                    .map(|p| format!("{}.{}", t.name.name, p.name)))
                .collect()),
            "{name}: policies"
        );
        let indexes = strings(
            &mut db,
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'",
        );
        for table in &schema.tables {
            for index in &table.indexes {
                assert!(
                    indexes.contains(&index.name),
                    "{name}: index {}",
                    index.name
                );
            }
        }
        for view in &schema.views {
            for index in &view.indexes {
                assert!(
                    indexes.contains(&index.name),
                    "{name}: index {}",
                    index.name
                );
            }
        }
    }
}

#[test]
fn the_apps_cover_the_write_ups() {
    let coaching = coaching::schema();
    assert_eq!(
        coaching.enums.len(),
        16,
        "every enum of the coaching write-up"
    );
    assert_eq!(
        coaching.tables.len(),
        32,
        "every table the coaching write-up lists"
    );
    for function in [
        "get_notification_overview_stats",
        "get_notification_time_series",
        "get_user_engagement_metrics",
        "get_system_health_stats",
        "cleanup_old_notifications",
        "cleanup_mfa_data",
        "comprehensive_database_cleanup",
        "check_mfa_rate_limit",
        "log_audit_event",
        "verify_database_integrity",
        "get_database_statistics",
    ] {
        assert!(
            coaching.functions.iter().any(|f| f.name.name == function),
            "{function}"
        );
    }
    assert!(coaching.tables.iter().all(|t| t.row_level_security.enabled));
    let notification_type = coaching
        .enums
        .iter()
        .find(|e| e.name.name == "notification_type")
        .unwrap();
    assert_eq!(notification_type.values.len(), 14);

    let therapy = therapy::schema();
    assert_eq!(
        therapy.tables.len(),
        21,
        "every CREATE TABLE of the therapy write-up"
    );
    let has_role = therapy
        .functions
        .iter()
        .find(|f| f.name.name == "has_role")
        .unwrap();
    assert!(has_role.security_definer);

    let photography = photography::schema();
    assert_eq!(
        photography.tables.len(),
        30,
        "the 17 listed tables, clients, sessions, documents and the 12 planned ones"
    );
    assert!(photography
        .tables
        .iter()
        .all(|t| t.row_level_security.enabled));
}

#[test]
fn coaching_functions_triggers_and_views_work() {
    let mut db = applied(&coaching::schema());
    db.execute_script(
        "INSERT INTO auth.users VALUES ('00000000-0000-0000-0000-000000000001'),
                                       ('00000000-0000-0000-0000-000000000002');
         INSERT INTO users (id, email, role) VALUES
           ('00000000-0000-0000-0000-000000000001', 'coach@example.com', 'coach'),
           ('00000000-0000-0000-0000-000000000002', 'client@example.com', 'client');
         INSERT INTO conversations (id, created_by)
           VALUES ('10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001');
         INSERT INTO messages (conversation_id, sender_id, content)
           VALUES ('10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', 'hi');
         INSERT INTO notifications (user_id, type, title, message, sent_at, read_at)
           VALUES ('00000000-0000-0000-0000-000000000002', 'payment_reminder', 't', 'm', now(), now());
         UPDATE users SET email = 'coach@example.org', updated_at = '2000-01-01' WHERE role = 'coach';",
    );
    let touched: bool = one(
        &mut db,
        "SELECT last_message_at IS NOT NULL FROM conversations",
    );
    assert!(touched, "messages_touch_conversation ran");
    let updated: bool = one(
        &mut db,
        "SELECT updated_at > now() - interval '1 minute' FROM users WHERE role = 'coach'",
    );
    assert!(updated, "the updated_at trigger overrode the value written");
    let read_rate: String = one(
        &mut db,
        "SELECT read_rate::text FROM get_notification_overview_stats()",
    );
    assert_eq!(read_rate, "100.00");
    let dry_run: i64 = one(
        &mut db,
        "SELECT count(*) FROM comprehensive_database_cleanup()",
    );
    assert_eq!(dry_run, 4);
    db.execute_script("SELECT * FROM comprehensive_database_cleanup(false)");
    let stats: i64 = one(
        &mut db,
        "SELECT total FROM daily_notification_stats WHERE notification_type = 'payment_reminder'",
    );
    assert_eq!(stats, 1, "the cleanup refreshed the materialized view");
    let logged: String = one(&mut db, "SELECT action::text FROM maintenance_logs");
    assert_eq!(logged, "system_cleanup");
    let allowed: bool = one(
        &mut db,
        "SELECT check_mfa_rate_limit('00000000-0000-0000-0000-000000000001')",
    );
    assert!(allowed);
    let problems: i64 = one(
        &mut db,
        "SELECT problems FROM verify_database_integrity() WHERE check_name = 'messages from non-participants'",
    );
    assert_eq!(problems, 1);
    let tables: i64 = one(&mut db, "SELECT count(*) FROM get_database_statistics()");
    assert_eq!(tables, 32);
}

#[test]
fn therapy_functions_and_policies_work() {
    let mut db = applied(&therapy::schema());
    db.execute_script(
        "INSERT INTO auth.users VALUES ('00000000-0000-0000-0000-000000000001'),
                                       ('00000000-0000-0000-0000-000000000002');
         INSERT INTO profiles (id, email, name) VALUES
           ('00000000-0000-0000-0000-000000000001', 'a@example.com', 'A'),
           ('00000000-0000-0000-0000-000000000002', 'b@example.com', 'B');
         INSERT INTO user_roles (user_id, role) VALUES ('00000000-0000-0000-0000-000000000002', 'content_admin');
         INSERT INTO therapy_sessions (user_id, start_time, end_time, mood_after) VALUES
           ('00000000-0000-0000-0000-000000000001', now() - interval '1 day',
            now() - interval '1 day' + interval '50 minutes', 6);
         INSERT INTO crisis_interventions (user_id, intervention_type)
           VALUES ('00000000-0000-0000-0000-000000000001', 'call');
         SELECT aggregate_daily_analytics();",
    );
    let minutes: i32 = one(
        &mut db,
        "SELECT total_session_minutes FROM user_behavior_analytics",
    );
    assert_eq!(minutes, 50);
    let admin: bool = one(
        &mut db,
        "SELECT is_admin('00000000-0000-0000-0000-000000000002')",
    );
    assert!(admin);
    // Policies: a plain role signed in as the second user sees the crisis intervention
    // of the first only because it is an admin.
    db.execute_script(
        "CREATE ROLE therapy_reader_for_test NOLOGIN;
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO therapy_reader_for_test;
         GRANT USAGE ON SCHEMA auth TO therapy_reader_for_test;
         SET ROLE therapy_reader_for_test;
         SET request.jwt.claim.sub = '00000000-0000-0000-0000-000000000002';",
    );
    let seen: i64 = one(&mut db, "SELECT count(*) FROM crisis_interventions");
    let profiles: i64 = one(&mut db, "SELECT count(*) FROM profiles");
    db.execute_script(
        "RESET ROLE; DROP OWNED BY therapy_reader_for_test; DROP ROLE therapy_reader_for_test;",
    );
    assert_eq!(seen, 1, "admins see every crisis intervention");
    assert_eq!(profiles, 1, "users see their own profile only");
}

#[test]
fn photography_triggers_and_metrics_work() {
    let mut db = applied(&photography::schema());
    db.execute_script(
        "SET request.jwt.claims = '{\"email\": \"owner@studio.example\"}';
         INSERT INTO admin_users (email, can_view_analytics) VALUES ('owner@studio.example', true);
         INSERT INTO clients (first_name, last_name, email, notes)
           VALUES ('Ada', 'Lovelace', 'ada@example.com', 'wedding');
         INSERT INTO leads (first_name, email, message, source)
           VALUES ('Ada', 'ada@example.com', 'A wedding in June', 'instagram');
         UPDATE leads SET workflow_stage = 'consultation', status = 'converted';
         SELECT refresh_daily_business_metrics(CURRENT_DATE);
         REFRESH MATERIALIZED VIEW lead_conversion_funnel;",
    );
    let transition: String = one(
        &mut db,
        "SELECT from_stage || ' -> ' || to_stage || ' by ' || transitioned_by FROM workflow_transitions",
    );
    assert_eq!(
        transition,
        "inquiry -> consultation by owner@studio.example"
    );
    let previous: String = one(&mut db, "SELECT previous_stage FROM leads");
    assert_eq!(previous, "inquiry");
    let audited: Vec<String> = db
        .client
        .query(
            "SELECT table_name || ' ' || action FROM audit_log ORDER BY timestamp, table_name",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(audited, ["clients INSERT", "leads INSERT", "leads UPDATE"]);
    let changed: Vec<String> = one(
        &mut db,
        "SELECT changed_fields FROM audit_log WHERE action = 'UPDATE'",
    );
    assert!(
        changed.contains(&"workflow_stage".to_string()),
        "{changed:?}"
    );
    let found: bool = one(
        &mut db,
        "SELECT search_vector @@ to_tsquery('english', 'wedding') FROM leads",
    );
    assert!(found);
    let converted: i32 = one(
        &mut db,
        "SELECT converted_leads FROM daily_business_metrics",
    );
    assert_eq!(converted, 1);
    let rate: String = one(
        &mut db,
        "SELECT conversion_rate::text FROM lead_conversion_funnel",
    );
    assert_eq!(rate, "100.00");
}
