//! The fixtures for functions, triggers, views, partitions, domains, composite types,
//! extensions, roles and grants applied to a fresh PostgreSQL: each script runs, and the
//! objects behave as declared.

mod common;

use common::TestDb;
use schemata::postgres::{to_sql, RenderOptions};
use schemata_testkit::fixtures::objects;

fn applied(name: &str) -> TestDb {
    let schema = objects::case(name);
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&schema, &RenderOptions { stand_ins: true }));
    db
}

fn one<T: for<'a> postgres::types::FromSql<'a>>(db: &mut TestDb, sql: &str) -> T {
    db.client.query_one(sql, &[]).unwrap().get(0)
}

fn rejects(db: &mut TestDb, sql: &str) -> String {
    match db.client.batch_execute(sql) {
        Ok(()) => panic!("Postgres accepted `{sql}`"),
        Err(error) => error
            .as_db_error()
            .map(|e| e.message().to_string())
            .unwrap_or_else(|| error.to_string()),
    }
}

#[test]
fn every_object_fixture_applies_to_a_fresh_database() {
    for case in objects::all() {
        let mut db = TestDb::fresh();
        let sql = to_sql(&case.schema, &RenderOptions { stand_ins: true });
        if let Err(error) = db.client.batch_execute(&sql) {
            panic!(
                "fixture `{}`: {}",
                case.name,
                common::describe_script_error(&sql, &error)
            );
        }
    }
}

#[test]
fn the_same_roles_can_be_created_by_many_databases_at_once() {
    let threads: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| applied("extensions_and_roles")))
        .collect();
    for thread in threads {
        let mut db = thread.join().unwrap();
        let member: bool = one(
            &mut db,
            "SELECT pg_has_role('schemata_fixture_support', 'schemata_fixture_staff', 'MEMBER')",
        );
        assert!(member);
        let attributes: String = one(
            &mut db,
            "SELECT rolcanlogin::text || rolinherit::text || rolbypassrls::text
             FROM pg_roles WHERE rolname = 'schemata_fixture_auditor'",
        );
        assert_eq!(attributes, "truefalsetrue");
        // citext's operators live in its schema, off the search path.
        let similar: bool = one(
            &mut db,
            "SELECT 'Coaching'::extensions.citext OPERATOR(extensions.=) 'COACHING'::extensions.citext",
        );
        assert!(similar);
    }
}

#[test]
fn domains_enforce_their_checks_and_defaults() {
    let mut db = applied("domains_and_composites");
    db.execute_script(
        "INSERT INTO billing.invoices (id, email, total, ship_to, tags)
         VALUES (1, 'a@b.c', ROW(12.5, 'EUR'), ROW('Main St 1', 'Springfield', '12345'), '{x}')",
    );
    let city: String = one(&mut db, "SELECT (ship_to).city FROM billing.invoices");
    assert_eq!(city, "Springfield");
    assert!(rejects(
        &mut db,
        "INSERT INTO billing.invoices (id, email, total) VALUES (2, 'nobody', ROW(1, 'EUR'))"
    )
    .contains("violates check constraint \"email_address_check\""));
    assert!(rejects(&mut db, "SELECT (-1)::billing.amount")
        .contains("violates check constraint \"amount_not_negative\""));
    let amount: String = one(
        &mut db,
        "SELECT pg_get_expr(typdefaultbin, 0) FROM pg_type WHERE typname = 'amount'",
    );
    assert_eq!(amount, "0");
}

#[test]
fn functions_run_with_their_settings() {
    let mut db = applied("functions");
    db.execute_script(
        "INSERT INTO members VALUES
         ('00000000-0000-0000-0000-000000000001', 'Ada', true),
         ('00000000-0000-0000-0000-000000000002', 'Bob', false)",
    );
    let admin: bool = one(
        &mut db,
        "SELECT is_admin('00000000-0000-0000-0000-000000000001')",
    );
    assert!(admin);
    let names: i64 = one(&mut db, "SELECT count(*) FROM member_names(1)");
    assert_eq!(names, 1);
    let others: i64 = one(&mut db, "SELECT others FROM member_summary()");
    assert_eq!(others, 1);
    let dollars: String = one(&mut db, "SELECT dollars(5)");
    assert_eq!(dollars, "$$5");
    let settings: String = one(
        &mut db,
        "SELECT array_to_string(proconfig, ';') || ' ' || prosecdef::text || ' ' || provolatile::text
         FROM pg_proc WHERE proname = 'is_admin'",
    );
    assert_eq!(settings, "search_path=public, pg_temp true s");
    db.execute_script("SELECT forget_member('00000000-0000-0000-0000-000000000002')");
    let left: i64 = one(&mut db, "SELECT count(*) FROM members");
    assert_eq!(left, 1);
}

#[test]
fn triggers_fire_as_declared() {
    let mut db = applied("triggers");
    db.execute_script(
        "INSERT INTO documents (id, title, body, updated_at) VALUES (1, 'Draft', 'text', '2000-01-01');
         UPDATE documents SET body = 'more text';
         UPDATE documents SET title = 'Final';
         INSERT INTO document_titles VALUES (2, 'Via the view');
         DELETE FROM documents WHERE id = 2;",
    );
    let recent: bool = one(
        &mut db,
        "SELECT updated_at > now() - interval '1 minute' FROM documents WHERE id = 1",
    );
    assert!(recent, "the updated_at trigger set the column");
    let indexed: bool = one(
        &mut db,
        "SELECT search @@ to_tsquery('english', 'final') FROM documents WHERE id = 1",
    );
    assert!(indexed, "the BEFORE trigger with UPDATE OF ran");
    let notes: Vec<String> = db
        .client
        .query("SELECT note FROM audit_log ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    // The WHEN condition held back the first update; each INSERT statement counted its
    // rows through the transition table; the deferred constraint trigger fired at commit,
    // once per row inserted or updated.
    assert_eq!(
        notes,
        [
            "1 added",
            "title changed on documents",
            "1 added",
            "deleted on documents",
            "checked on documents",
            "checked on documents",
            "checked on documents",
            "checked on documents"
        ],
    );
}

#[test]
fn views_are_created_after_what_they_read() {
    let mut db = applied("views");
    db.execute_script(
        "INSERT INTO members VALUES
         ('00000000-0000-0000-0000-000000000001', 'Ada', true),
         ('00000000-0000-0000-0000-000000000002', ' ', true);
         REFRESH MATERIALIZED VIEW member_stats;",
    );
    let admins: i64 = one(&mut db, "SELECT admin_count()");
    assert_eq!(admins, 1);
    let stats: i64 = one(&mut db, "SELECT members FROM member_stats WHERE is_admin");
    assert_eq!(stats, 2);
    let invoker: String = one(
        &mut db,
        "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'z_members'",
    );
    assert_eq!(invoker, "security_invoker=true");
    // The declared column types are the ones Postgres inferred.
    let schema = objects::case("views");
    for view in &schema.views {
        for column in &view.columns {
            let ty: String = db
                .client
                .query_one(
                    "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                     JOIN pg_class c ON c.oid = a.attrelid
                     WHERE c.relname = $1 AND a.attname = $2",
                    &[&view.name.name, &column.name],
                )
                .unwrap()
                .get(0);
            assert_eq!(ty, column.ty.to_string(), "{}.{}", view.name, column.name);
        }
    }
}

#[test]
fn partitions_route_rows_to_their_bounds() {
    let mut db = applied("partitions");
    db.execute_script(
        "INSERT INTO events (id, happened_at, kind) VALUES
         (1, '2025-06-01', 'a'), (2, '2025-06-02', 'b'), (3, '2027-01-01', 'c'), (4, '1999-01-01', 'd');
         INSERT INTO customers VALUES (1, 'DE'), (2, 'US');",
    );
    let placed: Vec<String> = db
        .client
        .query(
            "SELECT tableoid::regclass::text || ':' || id FROM events ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(placed[2], "events_2026:3");
    assert_eq!(placed[3], "events_older:4");
    assert!(placed[0].starts_with("events_2025_"));
    let europe: String = one(
        &mut db,
        "SELECT tableoid::regclass::text FROM customers WHERE id = 1",
    );
    assert_eq!(europe, "customers_europe");
    let tree: i64 = one(
        &mut db,
        "SELECT count(*) FROM pg_partition_tree('events') WHERE isleaf",
    );
    assert_eq!(tree, 4);
}

#[test]
fn grants_give_exactly_the_declared_privileges() {
    let mut db = applied("grants");
    let checks = [
        ("has_table_privilege('authenticated', 'app.notes', 'SELECT')", true),
        ("has_table_privilege('authenticated', 'app.notes', 'INSERT')", true),
        ("has_table_privilege('authenticated', 'app.notes', 'DELETE')", false),
        ("has_column_privilege('authenticated', 'app.notes', 'body', 'UPDATE')", true),
        ("has_column_privilege('authenticated', 'app.notes', 'owner', 'UPDATE')", false),
        ("has_table_privilege('schemata_fixture_writer', 'app.notes', 'TRUNCATE')", true),
        ("has_sequence_privilege('authenticated', 'app.notes_id_seq', 'USAGE')", true),
        ("has_function_privilege('schemata_fixture_writer', 'app.note_count(text)', 'EXECUTE WITH GRANT OPTION')", true),
        ("has_schema_privilege('authenticated', 'app', 'USAGE')", true),
        ("has_table_privilege('pg_monitor', 'app.recent_notes', 'SELECT')", true),
    ];
    for (check, expected) in checks {
        let held: bool = one(&mut db, &format!("SELECT {check}"));
        assert_eq!(held, expected, "{check}");
    }
}
