//! `schemactl lint` and an app's `lint` as users run them: on a live database, on a
//! snapshot and on the code's schema the findings are the same; the output reads like
//! rustc's or is JSON; the exit code follows `--deny`.

mod common;

use common::TestDb;
use schemata::lint::{Lint, Report};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::snapshot::to_json;
use schemata::*;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Output};
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
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "schemata_cli_lint_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("snapshot.json");
        std::fs::write(&path, to_json(schema)).unwrap();
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

fn uuid(name: &str) -> Column {
    Column::new(name, SqlType::Uuid, false)
}

fn select_policy(name: &str, using: &str) -> Policy {
    Policy {
        comment: Default::default(),
        name: name.into(),
        restrictive: false,
        command: PolicyCommand::Select,
        roles: vec!["authenticated".into()],
        using: Some(using.into()),
        with_check: None,
        allow: Vec::new(),
    }
}

/// Lints that survive a trip through Postgres, each planted on its own object:
/// `auth_rls_initplan`, `multiple_permissive_policies`, `unindexed_foreign_keys` and
/// `duplicate_index` on `members`, `rls_disabled_in_public` on `teams`, `no_primary_key`
/// and `rls_enabled_no_policy` on `log`, `function_search_path_mutable` on `add_one`.
fn planted() -> Schema {
    let teams = TableDef::new(QualifiedName::parse("teams"))
        .with_column(uuid("id"))
        .with_primary_key(None, &["id"]);
    let mut members = TableDef::new(QualifiedName::parse("members"))
        .with_column(uuid("id"))
        .with_column(uuid("owner_id"))
        .with_column(uuid("team_id"))
        .with_primary_key(None, &["id"])
        .with_foreign_key(
            None,
            ForeignKey {
                comment: Default::default(),
                match_full: Default::default(),
                name: String::new(),
                columns: vec!["team_id".into()],
                references: QualifiedName::parse("teams"),
                referenced_columns: vec!["id".into()],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::NoAction,
                deferrable: Deferrable::No,
            },
        )
        .with_policy(select_policy("owners read", "owner_id = auth.uid()"))
        .with_policy(select_policy(
            "teammates read",
            "team_id is not null and (select auth.uid()) is not null",
        ));
    for name in ["members_owner_idx", "members_owner_again_idx"] {
        members = members.with_index(
            Some(name),
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("owner_id")],
                include: vec![],
                predicate: None,
            },
        );
    }
    members.row_level_security.enabled = true;
    let mut log = TableDef::new(QualifiedName::parse("log")).with_column(uuid("id"));
    log.row_level_security.enabled = true;
    let add_one = FunctionDef::new(
        "public.add_one",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "select $1 + 1",
    )
    .argument(Argument::new("n", SqlType::Integer))
    .volatility(Volatility::Immutable);
    Schema::builder()
        .add_table(teams)
        .add_table(members)
        .add_table(log)
        .add_function(add_one)
        .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
        .add_external_role("authenticated")
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}

/// `(lint, level, location)` of each finding, the part that must not depend on the source.
fn found(report: &Report) -> Vec<(String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.lint.to_string(),
                f.level.as_str().to_string(),
                f.location(),
            )
        })
        .collect()
}

fn json_report(output: &Output) -> Report {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(output), stderr(output)))
}

#[test]
fn a_database_a_snapshot_and_the_model_give_the_same_findings() {
    let schema = planted();
    let expected = found(&schemata::lint_with(&schema, &[]));
    let lints: Vec<&str> = expected.iter().map(|(lint, _, _)| lint.as_str()).collect();
    assert_eq!(
        lints,
        [
            "auth_rls_initplan",
            "duplicate_index",
            "function_search_path_mutable",
            "multiple_permissive_policies",
            "no_primary_key",
            "rls_disabled_in_public",
            "rls_enabled_no_policy",
            "unindexed_foreign_keys",
        ]
    );

    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&schema, &RenderOptions { stand_ins: true }));
    let live = schemactl(&["lint", "--url", &db.url, "--format", "json"]);
    assert_eq!(found(&json_report(&live)), expected, "{}", stderr(&live));

    let file = SnapshotFile::write(&schema);
    let snapshot = schemactl(&["lint", "--snapshot", &file.path, "--format", "json"]);
    assert_eq!(found(&json_report(&snapshot)), expected);
    // `rls_disabled_in_public` is an error: the default gate fails.
    assert_eq!(snapshot.status.code(), Some(4));
    assert_eq!(stderr(&snapshot), "error: 1 finding at `error` or above\n");
}

#[test]
fn human_output_reads_like_rustc() {
    let file = SnapshotFile::write(&planted());
    let output = schemactl(&["lint", "--snapshot", &file.path]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "warning[auth_rls_initplan]: policy re-evaluates an auth function for each row\n  \
             --> public.members, policy `owners read`\n"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("lint: 1 error, 4 warnings, 3 info\n"),
        "{text}"
    );
}

#[test]
fn the_threshold_decides_the_exit_code() {
    let mut schema = planted();
    let teams = schema
        .tables
        .iter_mut()
        .find(|t| t.name.name == "teams")
        .unwrap();
    teams.allow.push(lint::Allow::new(
        Lint::RlsDisabledInPublic,
        "reference data, readable by anyone on purpose",
    ));
    let file = SnapshotFile::write(&schema);
    let run = |deny: &str| schemactl(&["lint", "--snapshot", &file.path, "--deny", deny]);
    // The only error is allowed in the snapshot itself: the default gate passes.
    let errors = run("error");
    assert_eq!(errors.status.code(), Some(0), "{}", stderr(&errors));
    assert!(stdout(&errors).ends_with("lint: 0 errors, 4 warnings, 3 info (1 suppressed)\n"));
    let warnings = run("warning");
    assert_eq!(warnings.status.code(), Some(4));
    assert_eq!(
        stderr(&warnings),
        "error: 4 findings at `warning` or above\n"
    );
    assert_eq!(run("info").status.code(), Some(4));

    // An app's own binary: the same gate on the schema in code.
    let app = |args: &[&str]| {
        let mut full = vec!["app", "lint"];
        full.extend_from_slice(args);
        format!("{:?}", schemata::cli::run_from(schema.clone(), full))
    };
    let exit = |n: u8| format!("{:?}", ExitCode::from(n));
    assert_eq!(app(&[]), exit(0));
    assert_eq!(app(&["--deny", "warning", "--format", "json"]), exit(4));
    assert_eq!(app(&["--deny", "nothing"]), exit(2));
}

#[test]
fn a_source_is_required_and_must_be_readable() {
    let none = schemactl(&["lint"]);
    assert_eq!(none.status.code(), Some(2));
    let both = schemactl(&["lint", "--url", "postgres://x", "--snapshot", "x.json"]);
    assert_eq!(both.status.code(), Some(2));
    let missing = schemactl(&["lint", "--snapshot", "/nonexistent/schema.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).starts_with("error: cannot read snapshot `/nonexistent/schema.json`"));
    assert!(stdout(&missing).is_empty());
}
