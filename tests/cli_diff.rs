//! `schemactl diff` as a user runs it: between snapshot files and live databases in all
//! four combinations, its exit codes, and its messages.

mod common;

use common::TestDb;
use schemata::postgres::{to_sql, RenderOptions};
use schemata::snapshot::to_json;
use schemata::Schema;
use schemata_testkit::pairs::{self, Pair};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn schemactl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemactl"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run schemactl")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A snapshot file in a directory of its own, removed at the end of the test.
struct SnapshotFile {
    dir: PathBuf,
    path: String,
}

impl SnapshotFile {
    fn write(schema: &Schema) -> SnapshotFile {
        Self::write_text(&to_json(schema))
    }

    fn write_text(text: &str) -> SnapshotFile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "schemata_cli_diff_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("snapshot.json");
        std::fs::write(&path, text).unwrap();
        SnapshotFile {
            path: path.display().to_string(),
            dir,
        }
    }
}

impl Drop for SnapshotFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh database holding `schema`.
fn database(schema: &Schema) -> TestDb {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(schema, &RenderOptions { stand_ins: true }));
    db
}

/// Runs a plan the way its README tells users to: `psql -v ON_ERROR_STOP=1`, which sends
/// statement after statement (a single multi-statement query would be one transaction, in
/// which `CREATE INDEX CONCURRENTLY` cannot run).
fn apply_with_psql(url: &str, sql: &str) {
    use std::io::Write;
    let mut psql = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("psql runs (it comes with the postgresql package .ci/run installs)");
    psql.stdin
        .take()
        .unwrap()
        .write_all(sql.as_bytes())
        .unwrap();
    let output = psql.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "psql failed: {}
{sql}",
        stderr(&output)
    );
}

fn assert_succeeds(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
    assert!(output.stderr.is_empty(), "stderr: {}", stderr(output));
}

const NO_CHANGES: &str = "-- No changes: the schemas are the same.\n";

#[test]
fn the_same_snapshot_gives_comments_only() {
    let pair = pairs::pair("indexes");
    let file = SnapshotFile::write(&pair.old);
    let output = schemactl(&["diff", "--from", &file.path, "--to", &file.path]);
    assert_succeeds(&output);
    assert_eq!(stdout(&output), NO_CHANGES);
}

#[test]
fn snapshot_to_snapshot_prints_the_plan() {
    let pair = pairs::pair("indexes");
    let (old, new) = (
        SnapshotFile::write(&pair.old),
        SnapshotFile::write(&pair.new),
    );
    let output = schemactl(&["diff", "--from", &old.path, "--to", &new.path]);
    assert_succeeds(&output);
    let sql = stdout(&output);
    assert!(sql.starts_with("-- Migration plan: 11 steps.\n"), "{sql}");
    assert!(
        sql.contains(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_newest_first ON public.posts (created_at DESC);"
        ),
        "{sql}"
    );
    assert!(sql.contains("SET lock_timeout = '1s';"), "{sql}");
}

#[test]
fn offline_and_lock_timeout_options() {
    let pair = pairs::pair("indexes");
    let (old, new) = (
        SnapshotFile::write(&pair.old),
        SnapshotFile::write(&pair.new),
    );
    let output = schemactl(&[
        "diff",
        "--from",
        &old.path,
        "--to",
        &new.path,
        "--offline",
        "--lock-timeout",
        "0",
        "--statement-timeout",
        "0",
    ]);
    assert_succeeds(&output);
    let sql = stdout(&output);
    assert!(!sql.contains("CONCURRENTLY"), "{sql}");
    assert!(!sql.contains("lock_timeout"), "{sql}");
    assert!(!sql.contains("statement_timeout"), "{sql}");
    let output = schemactl(&[
        "diff",
        "--from",
        &old.path,
        "--to",
        &new.path,
        "--lock-timeout",
        "1500",
        "--statement-timeout",
        "30000",
    ]);
    let sql = stdout(&output);
    assert!(sql.contains("SET lock_timeout = '1500ms';"), "{sql}");
    // Catalog changes are bounded; index builds, which read the whole table, are not.
    assert!(
        sql.contains("SET statement_timeout = '30s';\nDROP INDEX CONCURRENTLY"),
        "{sql}"
    );
    assert!(
        sql.contains("SET statement_timeout = 0;\nCREATE INDEX CONCURRENTLY"),
        "{sql}"
    );
}

#[test]
fn data_loss_is_refused_without_allow_hazards() {
    let pair = pairs::pair("drop_column");
    let (old, new) = (
        SnapshotFile::write(&pair.old),
        SnapshotFile::write(&pair.new),
    );
    let output = schemactl(&["diff", "--from", &old.path, "--to", &new.path]);
    assert_eq!(output.status.code(), Some(3), "stderr: {}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        "error: the plan deletes data; review these steps and run again with --allow-hazards to print it:\n  - step 2: drop column `public.users.legacy`\n"
    );

    let output = schemactl(&[
        "diff",
        "--from",
        &old.path,
        "--to",
        &new.path,
        "--allow-hazards",
    ]);
    assert_succeeds(&output);
    let sql = stdout(&output);
    assert!(
        sql.contains("-- hazard deletes-data: data is deleted and cannot be recovered\n-- hazard access-exclusive-lock: reads and writes on the table wait for this step\nSET lock_timeout = '1s';\nSET statement_timeout = '60s';\nBEGIN;\n-- squawk-ignore ban-drop-column -- the change asks for it: drop column `public.users.legacy`\nALTER TABLE public.users DROP COLUMN IF EXISTS legacy;\nCOMMIT;\n"),
        "{sql}"
    );
}

#[test]
fn hazards_other_than_data_loss_do_not_stop_the_plan() {
    let pair = pairs::pair("nullability");
    let (old, new) = (
        SnapshotFile::write(&pair.old),
        SnapshotFile::write(&pair.new),
    );
    let output = schemactl(&["diff", "--from", &old.path, "--to", &new.path]);
    assert_succeeds(&output);
    assert!(stdout(&output).contains("-- hazard may-fail-on-existing-data"));
}

/// All four combinations of database and snapshot, and the plan applied to the database
/// leaves nothing to do.
#[test]
fn databases_and_snapshots_in_every_combination() {
    let pair: Pair = pairs::pair("demo_app_evolves");
    let db = database(&pair.old);
    let old_file = SnapshotFile::write(&pair.old);
    let new_file = SnapshotFile::write(&pair.new);
    let other = database(&pair.new);

    // Database to its own snapshot, and back: nothing to do.
    for (from, to) in [(&db.url, &old_file.path), (&old_file.path, &db.url)] {
        let output = schemactl(&["diff", "--from", from, "--to", to]);
        assert_succeeds(&output);
        assert_eq!(stdout(&output), NO_CHANGES, "{from} -> {to}");
    }
    // Database to database.
    let output = schemactl(&["diff", "--from", &db.url, "--to", &other.url]);
    assert_succeeds(&output);
    assert!(stdout(&output).contains("CREATE TYPE public.session_status"));

    // Database to the new snapshot: run the plan, then there is nothing left to do.
    let output = schemactl(&["diff", "--from", &db.url, "--to", &new_file.path]);
    assert_succeeds(&output);
    apply_with_psql(&db.url, &stdout(&output));
    let output = schemactl(&["diff", "--from", &db.url, "--to", &new_file.path]);
    assert_succeeds(&output);
    assert_eq!(stdout(&output), NO_CHANGES);
    let output = schemactl(&["diff", "--from", &db.url, "--to", &other.url]);
    assert_eq!(stdout(&output), NO_CHANGES);
}

#[test]
fn snapshot_expressions_are_spelled_through_a_scratch_server() {
    // A check written the way a user writes it reads back from Postgres differently.
    let schema = Schema::builder()
        .add_table(
            schemata::TableDef::new(schemata::QualifiedName::parse("prices"))
                .with_column(schemata::Column::new(
                    "amount",
                    schemata::SqlType::parse("numeric"),
                    false,
                ))
                .with_check(Some("positive"), None, "amount > 0"),
        )
        .build()
        .unwrap();
    let db = database(&schema);
    let file = SnapshotFile::write(&schema);
    // Without a scratch server, the database's own server spells it (a throwaway database
    // there); offline, the check would differ in spelling only and be dropped and re-added.
    let same_server = schemactl(&["diff", "--from", &db.url, "--to", &file.path]);
    assert_succeeds(&same_server);
    assert_eq!(stdout(&same_server), NO_CHANGES);
    let server = common::database_url();
    let through = schemactl(&[
        "diff",
        "--from",
        &db.url,
        "--to",
        &file.path,
        "--scratch-url",
        &server,
    ]);
    assert_succeeds(&through);
    assert_eq!(stdout(&through), NO_CHANGES);
}

fn assert_fails_with(output: &Output, expected: &str) {
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(output));
    assert!(output.stdout.is_empty());
    assert_eq!(stderr(output), format!("{expected}\n"));
}

#[test]
fn unplannable_changes_name_the_object() {
    let (_, old, new) = pairs::refused()
        .into_iter()
        .find(|(name, ..)| *name == "refused_uuid_to_integer")
        .unwrap();
    let (old, new) = (SnapshotFile::write(&old), SnapshotFile::write(&new));
    let output = schemactl(&["diff", "--from", &old.path, "--to", &new.path]);
    assert_fails_with(
        &output,
        "error: cannot plan the migration: column `public.t.v`: Postgres has no cast from `uuid` to `integer`; add a new column, copy the data over in a migration of your own, then drop the old one",
    );
}

#[test]
fn bad_sources_are_one_line_errors() {
    let output = schemactl(&[
        "diff",
        "--from",
        "/no/such/snapshot.json",
        "--to",
        "/no/such/snapshot.json",
    ]);
    assert_fails_with(&output, "error: cannot read snapshot `/no/such/snapshot.json`: No such file or directory (os error 2)");

    let broken = SnapshotFile::write_text("{\"format_version\": 1, \"schema\": {\"tables\": [}");
    let output = schemactl(&["diff", "--from", &broken.path, "--to", &broken.path]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        message.starts_with(&format!("error: snapshot `{}`: ", broken.path)),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");

    let output = schemactl(&[
        "diff",
        "--from",
        "postgres://u:p@127.0.0.1:1/db",
        "--to",
        &broken.path,
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        message.starts_with("error: cannot connect to 127.0.0.1:1/db: "),
        "{message}"
    );
    assert!(
        !message.contains(":p@"),
        "the password must not be printed: {message}"
    );
}

#[test]
fn missing_arguments_are_usage_errors() {
    let output = schemactl(&["diff", "--from", "a.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--to <DST>"),
        "{}",
        stderr(&output)
    );
}

/// A snapshot whose check or default would end the statement it is pasted into is refused,
/// naming the object, before any plan is printed: an edited snapshot cannot smuggle
/// `DROP TABLE` into a migration.
#[test]
fn a_snapshot_that_would_inject_sql_is_refused() {
    use schemata::{Column, DefaultValue, QualifiedName, SqlType, TableDef};
    let customers = TableDef::new(QualifiedName::parse("customers"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("amount", SqlType::Integer, false))
        .with_primary_key(None, &["id"]);
    let old = Schema::builder()
        .add_table(customers.clone())
        .build()
        .unwrap();
    let safe = customers.with_check(Some("customers_amount_check"), None, "amount >= 0");
    let new = Schema::builder().add_table(safe).build().unwrap();
    let from = SnapshotFile::write(&old);

    // The same snapshot edited by hand: the check closes the statement and drops a table.
    let edited = to_json(&new).replace("amount >= 0", "amount >= 0); DROP TABLE customers; --");
    assert!(edited.contains("DROP TABLE customers"));
    let to = SnapshotFile::write_text(&edited);
    let output = schemactl(&["diff", "--from", &from.path, "--to", &to.path]);
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(
        !stdout(&output).contains("DROP TABLE"),
        "{}",
        stdout(&output)
    );
    let message = stderr(&output);
    assert!(
        message.contains("table `public.customers`: check `customers_amount_check` is not one SQL expression: the expression's parentheses are unbalanced"),
        "{message}"
    );

    // A default expression the same way.
    let mut with_default = new.clone();
    with_default.tables[0].columns[1].default =
        Some(DefaultValue::Expression("0; DROP TABLE customers".into()));
    let edited = to_json(&new).replace(
        "\"name\": \"amount\",",
        "\"name\": \"amount\", \"default\": {\"expression\": \"0; DROP TABLE customers\"},",
    );
    let to = SnapshotFile::write_text(&edited);
    let output = schemactl(&["diff", "--from", &from.path, "--to", &to.path]);
    assert!(!output.status.success(), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(
        message.contains("the default of column `amount` is not one SQL expression: the expression contains `;` outside quotes"),
        "{message}"
    );
    // The builder refuses the same schema, naming the same object.
    let error = schemata::SchemaBuilder::from_schema(with_default)
        .build()
        .unwrap_err()
        .to_string();
    assert!(error.contains("the default of column `amount`"), "{error}");
}

/// No false drift: the demo and the three apps, applied to a database and compared with
/// their snapshots without `--scratch-url`, give no changes: the snapshot's expressions are
/// spelled through a throwaway database on the same server.
#[test]
fn apps_compared_with_their_snapshots_show_no_drift() {
    use schemata_example_apps::{coaching, demo, photography, therapy};
    let apps: [(&str, Schema); 4] = [
        ("demo", demo::schema()),
        ("coaching", coaching::schema()),
        ("photography", photography::schema()),
        ("therapy", therapy::schema()),
    ];
    for (name, schema) in apps {
        let db = TestDb::fresh();
        let sql = to_sql(&schema, &RenderOptions { stand_ins: true });
        apply_with_psql(&db.url, &sql);
        let snapshot = SnapshotFile::write(&schema);
        let output = schemactl(&["diff", "--from", &db.url, "--to", &snapshot.path]);
        assert_succeeds(&output);
        assert_eq!(
            stdout(&output),
            "-- No changes: the schemas are the same.\n",
            "{name}: {}",
            stderr(&output)
        );
    }
}

/// A role that may not create a database cannot spell the snapshot through the server: the
/// comparison falls back to the offline rules and says so on stderr.
#[test]
fn without_createdb_the_offline_comparison_is_announced() {
    use schemata_example_apps::demo;
    let schema = demo::schema();
    let mut db = TestDb::fresh();
    let sql = to_sql(&schema, &RenderOptions { stand_ins: true });
    apply_with_psql(&db.url, &sql);
    let role = format!("schemata_nocreatedb_{}", std::process::id());
    db.client
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'pw' NOCREATEDB;
             GRANT USAGE ON SCHEMA public, auth TO {role};"
        ))
        .unwrap();
    let url = db.url.clone();
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    let limited = format!("{scheme}://{role}:pw@{host}");
    let snapshot = SnapshotFile::write(&schema);
    let output = schemactl(&["diff", "--from", &limited, "--to", &snapshot.path]);
    let message = stderr(&output);
    db.client
        .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role};"))
        .unwrap();
    assert!(
        message.contains("expressions were compared offline, so they may differ only in spelling"),
        "{message}"
    );
    assert!(message.contains("--scratch-url"), "{message}");
}

/// Supabase installs extensions into its own `extensions` schema, which `diff` leaves out
/// by default. An extension the snapshot declares there is compared like any other; the
/// ones the platform installed itself, and the schema, are left alone.
#[test]
fn extensions_in_supabases_extensions_schema_converge() {
    use schemata::Extension;
    let mut db = TestDb::fresh();
    // What a Supabase project has before the app's first migration.
    db.execute_script(
        "CREATE SCHEMA extensions;
         CREATE EXTENSION hstore SCHEMA extensions;
         CREATE EXTENSION citext SCHEMA extensions;",
    );
    let model = |extensions: &[&str]| {
        let mut builder = Schema::builder();
        for name in extensions {
            builder = builder.add_extension(Extension::in_schema(name, "extensions"));
        }
        builder.build().unwrap()
    };

    // citext is declared and there: nothing to do; hstore is the platform's: left alone.
    let declared = SnapshotFile::write(&model(&["citext"]));
    let output = schemactl(&["diff", "--from", &db.url, "--to", &declared.path]);
    assert_succeeds(&output);
    assert_eq!(stdout(&output), NO_CHANGES);

    // A new one is created in the existing schema, and then there is nothing to do.
    let more = SnapshotFile::write(&model(&["citext", "ltree"]));
    let output = schemactl(&["diff", "--from", &db.url, "--to", &more.path]);
    assert_succeeds(&output);
    let sql = stdout(&output);
    assert!(
        sql.contains("CREATE EXTENSION IF NOT EXISTS ltree WITH SCHEMA extensions;"),
        "{sql}"
    );
    assert!(!sql.contains("hstore") && !sql.contains("DROP"), "{sql}");
    apply_with_psql(&db.url, &sql);
    let output = schemactl(&["diff", "--from", &db.url, "--to", &more.path]);
    assert_succeeds(&output);
    assert_eq!(stdout(&output), NO_CHANGES);
    let installed: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE n.nspname = 'extensions'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(installed, 3);
}

/// Supabase's platform sets default privileges in `public` for its roles `postgres` and
/// `supabase_admin`, so every table an app creates there is granted to `anon`,
/// `authenticated` and `service_role`. A model that declares none of them leaves both the
/// defaults and what they granted alone; read without leaving Supabase out, the same
/// database would have them revoked.
#[test]
fn supabases_default_privileges_are_left_alone() {
    use schemata::{Column, Identity, QualifiedName, SqlType, TableDef};
    let mut db = TestDb::fresh();
    // Roles belong to the cluster: created unless another test made them first.
    db.execute_script(
        "DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'supabase_admin'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END LOOP;
END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
    GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
    GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
    GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
-- The app's first migration, run after the platform's.
CREATE TABLE public.notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);",
    );
    let mut id = Column::new("id", SqlType::BigInt, false);
    id.identity = Some(Identity::Always);
    let model = Schema::builder()
        .add_table(
            TableDef::new(QualifiedName::parse("notes"))
                .with_column(id)
                .with_column(Column::new("body", SqlType::Text, true))
                .with_primary_key(None, &["id"]),
        )
        .build()
        .unwrap();
    assert!(model.default_privileges.is_empty() && model.grants.is_empty());
    let snapshot = SnapshotFile::write(&model);

    // Supabase's schemas (and platform objects) left out, as `diff` does by default.
    let output = schemactl(&["diff", "--from", &db.url, "--to", &snapshot.path]);
    assert_succeeds(&output);
    assert_eq!(stdout(&output), NO_CHANGES);
    let output = schemactl(&["diff", "--from", &snapshot.path, "--to", &db.url]);
    assert_succeeds(&output);
    assert_eq!(stdout(&output), NO_CHANGES);

    // Read as a database of the app's own, the same defaults and grants are revoked.
    let output = schemactl(&[
        "diff",
        "--from",
        &db.url,
        "--to",
        &snapshot.path,
        "--schema",
        "public",
    ]);
    assert_succeeds(&output);
    let sql = stdout(&output);
    for expected in [
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLES FROM anon;",
        "ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM service_role;",
        "REVOKE SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.notes FROM authenticated;",
    ] {
        assert!(sql.contains(expected), "{expected}\nnot in\n{sql}");
    }
}
