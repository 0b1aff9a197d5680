//! `schemactl inspect` as a user runs it: the built binary, its stdout, stderr and exit
//! code. Every failure must be one `error:` line, a non-zero exit, and no panic.

mod common;

use common::TestDb;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn schemactl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemactl"))
        .args(args)
        // The URL must come from the arguments; a backtrace must never be printed.
        .env_remove("DATABASE_URL")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run schemactl")
}

/// Asserts a failed run printed exactly `expected` (one line) on stderr and nothing on
/// stdout.
fn assert_fails_with(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail; stderr: {stderr}");
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr, format!("{expected}\n"));
    assert!(output.stdout.is_empty());
}

/// `host:port` of the test server, as the error messages name it.
fn server_address() -> (String, u16) {
    let config: postgres::Config = common::database_url().parse().unwrap();
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(host) => host.clone(),
        #[cfg(unix)]
        postgres::config::Host::Unix(path) => path.display().to_string(),
    };
    (host, config.get_ports().first().copied().unwrap_or(5432))
}

fn url(user: &str, password: &str, database: &str) -> String {
    let (host, port) = server_address();
    format!("postgres://{user}:{password}@{host}:{port}/{database}")
}

/// A login role with a password, dropped at the end of the test.
struct Role {
    name: String,
    password: &'static str,
}

impl Role {
    fn create() -> Role {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "schemata_cli_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let password = "right password";
        admin()
            .batch_execute(&format!("CREATE ROLE {name} LOGIN PASSWORD '{password}'"))
            .unwrap();
        Role { name, password }
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        let _ = admin().batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
    }
}

fn admin() -> postgres::Client {
    postgres::Client::connect(&common::database_url(), postgres::NoTls)
        .expect("connect to the test server")
}

#[test]
fn prints_the_snapshot() {
    let mut db = TestDb::fresh();
    db.execute_script(
        "CREATE SCHEMA app;
         CREATE TABLE app.\"userId\" (id integer PRIMARY KEY, name text NOT NULL DEFAULT 'x');
         CREATE TABLE other (id integer);",
    );
    let output = schemactl(&["inspect", "--url", &db.url, "--schema", "app"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let expected = schemata::postgres::introspect::introspect(
        &mut db.client,
        &schemata::postgres::introspect::IntrospectOptions::schemas(["app"]),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        schemata::snapshot::to_json(&expected)
    );
    assert_eq!(expected.tables.len(), 1);
}

#[test]
fn notes_go_to_stderr() {
    let mut db = TestDb::fresh();
    db.execute_script(
        "CREATE UNLOGGED TABLE scratch (at date CONSTRAINT scratch_at_key UNIQUE DEFERRABLE);
         CREATE SEQUENCE counter;
         CREATE TABLE derived () INHERITS (scratch);
         CREATE POLICY everyone ON scratch USING (true);",
    );
    let output = schemactl(&["inspect", "--url", &db.url]);
    assert!(output.status.success());
    // The sequence, the unlogged table, its deferrable unique constraint and the table
    // inheriting from it are read, so only the policy Postgres ignores is noted.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("\"counter\""), "{stdout}");
    assert!(stdout.contains("\"inherits\""), "{stdout}");
    assert!(stdout.contains("\"unlogged\": true"), "{stdout}");
    assert!(
        stdout.contains("\"deferrable\": \"initially_immediate\""),
        "{stdout}"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "note: policy `everyone` on table `public.scratch` has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`\n"
    );
}

#[test]
fn unreachable_server() {
    // Nothing listens on port 1.
    let output = schemactl(&[
        "inspect",
        "--url",
        "postgres://postgres:postgres@127.0.0.1:1/postgres",
    ]);
    assert_fails_with(
        &output,
        "error: cannot connect to 127.0.0.1:1/postgres: connection refused (os error 111)",
    );
}

#[test]
fn wrong_password() {
    let role = Role::create();
    let output = schemactl(&["inspect", "--url", &url(&role.name, "wrong", "postgres")]);
    let (host, port) = server_address();
    assert_fails_with(
        &output,
        &format!(
            "error: cannot connect to {host}:{port}/postgres: password authentication failed for user \"{}\"",
            role.name
        ),
    );
    // The right password works, so it was the password that failed.
    let output = schemactl(&[
        "inspect",
        "--url",
        &url(&role.name, role.password, "postgres"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn missing_database() {
    // The credentials of DATABASE_URL, so that any server the tests run against works.
    let missing = common::url_for_database(&common::database_url(), "schemata_no_such_database");
    let output = schemactl(&["inspect", "--url", &missing]);
    let (host, port) = server_address();
    assert_fails_with(
        &output,
        &format!(
            "error: cannot connect to {host}:{port}/schemata_no_such_database: database \"schemata_no_such_database\" does not exist"
        ),
    );
}

#[test]
fn no_connect_privilege() {
    let db = TestDb::fresh();
    let role = Role::create();
    admin()
        .batch_execute(&format!(
            "REVOKE CONNECT ON DATABASE {} FROM PUBLIC",
            db.name
        ))
        .unwrap();
    let output = schemactl(&[
        "inspect",
        "--url",
        &url(&role.name, role.password, &db.name),
    ]);
    let (host, port) = server_address();
    assert_fails_with(
        &output,
        &format!(
            "error: cannot connect to {host}:{port}/{0}: permission denied for database \"{0}\" (User does not have CONNECT privilege)",
            db.name
        ),
    );
}

#[test]
fn no_privilege_on_the_catalog() {
    let mut db = TestDb::fresh();
    let role = Role::create();
    db.execute_script("REVOKE SELECT ON pg_catalog.pg_policy FROM PUBLIC;");
    let output = schemactl(&[
        "inspect",
        "--url",
        &url(&role.name, role.password, &db.name),
    ]);
    let (host, port) = server_address();
    assert_fails_with(
        &output,
        &format!(
            "error: cannot read the schema of {host}:{port}/{}: reading policies: permission denied for table pg_policy",
            db.name
        ),
    );
}

#[test]
fn missing_schema() {
    let db = TestDb::fresh();
    let output = schemactl(&["inspect", "--url", &db.url, "--schema", "nope"]);
    let (host, port) = server_address();
    assert_fails_with(
        &output,
        &format!(
            "error: cannot read the schema of {host}:{port}/{}: schema `nope` does not exist",
            db.name
        ),
    );
}

#[test]
fn invalid_url() {
    let output = schemactl(&["inspect", "--url", "postgres://u:p@host:notaport/db"]);
    assert_fails_with(
        &output,
        "error: invalid database URL: invalid connection string: invalid value for option `port`",
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let output = schemactl(&["inspect"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--url <URL>"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `verify` applies a snapshot to a database and rolls it back, naming the object Postgres
/// refuses; `stand-ins` prints the stand-ins alone.
#[test]
fn verify_and_stand_ins() {
    use schemata::{ExternalFunction, FunctionDef, Language, Returns, Schema, SqlType};
    let good = Schema::builder()
        .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
        .add_function(FunctionDef::new(
            "me",
            Returns::Type(SqlType::Uuid),
            Language::Sql,
            "SELECT auth.uid()",
        ))
        .build()
        .unwrap();
    let bad = Schema::builder()
        .add_function(FunctionDef::new(
            "broken",
            Returns::Type(SqlType::Integer),
            Language::Sql,
            "SELECT no_such_column FROM no_such_table",
        ))
        .build()
        .unwrap();
    let dir = std::env::temp_dir().join(format!("schemata_cli_verify_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, schema: &Schema| {
        let path = dir.join(name);
        std::fs::write(&path, schemata::snapshot::to_json(schema)).unwrap();
        path.display().to_string()
    };
    let (good, bad) = (write("good.json", &good), write("bad.json", &bad));
    let mut db = TestDb::fresh();

    let output = schemactl(&[
        "verify",
        "--url",
        &db.url,
        "--snapshot",
        &good,
        "--stand-ins",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = schemactl(&["verify", "--url", &db.url, "--snapshot", &bad]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("function `public.broken`: Postgres rejects it"),
        "{stderr}"
    );
    // Nothing was left behind.
    let functions: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname IN ('public', 'auth')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(functions, 0);

    let output = schemactl(&["stand-ins", "--snapshot", &good]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("auth.uid()"), "{stdout}");
    assert!(!stdout.contains("public.me"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}
