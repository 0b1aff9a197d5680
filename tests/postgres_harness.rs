//! The shared Postgres test harness itself.

mod common;

use common::{locate, redact, url_for_database, TestDb};

#[test]
fn urls_name_the_test_database() {
    assert_eq!(
        url_for_database("postgres://u:p@h:5432/postgres", "t1"),
        "postgres://u:p@h:5432/t1"
    );
    assert_eq!(
        url_for_database("postgres://u:p@h:5432", "t1"),
        "postgres://u:p@h:5432/t1"
    );
    assert_eq!(
        url_for_database("postgresql://h/db?sslmode=disable", "t1"),
        "postgresql://h/t1?sslmode=disable"
    );
    assert_eq!(
        url_for_database("host=h user=u", "t1"),
        "host=h user=u dbname=t1"
    );
    assert_eq!(
        redact("postgres://postgres:secret@127.0.0.1:5432/postgres"),
        "postgres://postgres:***@127.0.0.1:5432/postgres"
    );
    assert_eq!(redact("postgres://127.0.0.1/db"), "postgres://127.0.0.1/db");
}

#[test]
fn error_positions_become_lines() {
    assert_eq!(locate("select 1;\nselect x;", 18), (2, 8, "select x;"));
    // Postgres counts characters: `é` is one.
    assert_eq!(locate("é;\nfrom", 4), (2, 1, "from"));
}

#[test]
fn each_test_gets_its_own_database_and_it_is_dropped() {
    let name;
    {
        let mut first = TestDb::fresh();
        let second = TestDb::fresh();
        assert_ne!(first.name, second.name);
        name = first.name.clone();
        let current: String = first
            .client
            .query_one("SELECT current_database()::text", &[])
            .unwrap()
            .get(0);
        assert_eq!(current, first.name);
        // The URL reaches the same database.
        let mut again = postgres::Client::connect(&first.url, postgres::NoTls).unwrap();
        let current: String = again
            .query_one("SELECT current_database()::text", &[])
            .unwrap()
            .get(0);
        assert_eq!(current, name);
        first.execute_script("CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
    }
    let mut check = TestDb::fresh();
    let left: i64 = check
        .client
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "database `{name}` was not dropped");
}

#[test]
fn a_failing_script_names_the_line() {
    let result = std::panic::catch_unwind(|| {
        let mut db = TestDb::fresh();
        db.execute_script("CREATE TABLE ok (id int);\n\nCREATE TABLE bad (id nosuchtype);\n");
    });
    let panic = result.expect_err("the script should fail");
    let message = panic
        .downcast_ref::<String>()
        .expect("a formatted panic message");
    assert!(
        message.contains("type \"nosuchtype\" does not exist"),
        "{message}"
    );
    assert!(
        message.contains(
            "at line 3, column 22:\nCREATE TABLE bad (id nosuchtype);\n                     ^"
        ),
        "{message}"
    );
}
