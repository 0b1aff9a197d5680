//! An app's own binary (`schemata::cli::run`): `migrate new` writes migration files a
//! migration tool can run, `check` catches a forgotten migration, and the files applied
//! the way sqlx applies them leave nothing to migrate.

mod common;

use common::TestDb;
use schemata::cli::{run_from, SNAPSHOT_FILE};
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::canonical_expressions;
use schemata::postgres::plan::{diff, PlanOptions};
use schemata::Schema;
use schemata_testkit::pairs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A migrations directory of its own, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "schemata_app_cli_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        Dir(path)
    }

    fn arg(&self) -> String {
        self.0.display().to_string()
    }

    /// The migration files, in the order their names sort (the order tools run them).
    fn migrations(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.0)
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|f| f.file_name().unwrap() != SNAPSHOT_FILE);
        files.sort_by_key(|f| version(f));
        files
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn version(file: &Path) -> u64 {
    let name = file.file_name().unwrap().to_string_lossy();
    let digits: String = name
        .trim_start_matches('V')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

fn app(schema: &Schema, args: &[&str]) -> ExitCode {
    let mut full = vec!["app"];
    full.extend_from_slice(args);
    run_from(schema.clone(), full)
}

fn code(exit: ExitCode) -> String {
    format!("{exit:?}")
}

fn exit(n: u8) -> String {
    code(ExitCode::from(n))
}

/// Runs migration files as sqlx does: each in a transaction, unless its first line is
/// `-- no-transaction`; the file as one query either way.
fn apply_like_sqlx(db: &mut TestDb, files: &[PathBuf]) {
    for file in files {
        let sql = std::fs::read_to_string(file).unwrap();
        let script = if sql.starts_with("-- no-transaction\n") {
            sql.clone()
        } else {
            format!("BEGIN;\n{sql}\nCOMMIT;")
        };
        if let Err(error) = db.client.batch_execute(&script) {
            panic!(
                "{} fails: {}\n{sql}",
                file.display(),
                common::describe_script_error(&script, &error)
            );
        }
    }
}

fn nothing_left(db: &mut TestDb, schema: &Schema) {
    let options = IntrospectOptions {
        schemas: Vec::new(),
        exclude_supabase: true,
    };
    let live = introspect(&mut db.client, &options).unwrap();
    // The model's expressions in Postgres's spelling, as the database prints them.
    let server: postgres::Config = common::database_url().parse().unwrap();
    let wanted = canonical_expressions(&server, schema).unwrap();
    let plan = diff(&live, &wanted, &PlanOptions::default()).unwrap();
    assert!(plan.is_empty(), "left to do:\n{}", plan.to_sql());
}

#[test]
fn migrations_written_apply_and_converge() {
    for name in [
        "indexes",
        "nullability",
        "enum_value_used_at_once",
        "demo_app_evolves",
    ] {
        let pair = pairs::pair(name);
        let dir = Dir::new();
        assert_eq!(
            code(app(
                &pair.old,
                &[
                    "migrate",
                    "new",
                    "init",
                    "--dir",
                    &dir.arg(),
                    "--layout",
                    "sqlx"
                ]
            )),
            exit(0)
        );
        assert_eq!(
            code(app(&pair.old, &["check", "--dir", &dir.arg()])),
            exit(0),
            "{name}"
        );
        let first = dir.migrations();
        assert_eq!(
            first.len(),
            1,
            "{name}: one file creates everything: {first:?}"
        );

        // The code moves on: `check` notices, `migrate new` catches up.
        assert_eq!(
            code(app(&pair.new, &["check", "--dir", &dir.arg()])),
            exit(1),
            "{name}"
        );
        assert_eq!(
            code(app(
                &pair.new,
                &[
                    "migrate",
                    "new",
                    "next",
                    "--dir",
                    &dir.arg(),
                    "--layout",
                    "sqlx"
                ]
            )),
            exit(0),
            "{name}"
        );
        assert_eq!(
            code(app(&pair.new, &["check", "--dir", &dir.arg()])),
            exit(0),
            "{name}"
        );

        let mut db = TestDb::fresh();
        let files = dir.migrations();
        apply_like_sqlx(&mut db, &files[..1]);
        nothing_left(&mut db, &pair.old);
        apply_like_sqlx(&mut db, &files[1..]);
        nothing_left(&mut db, &pair.new);
    }
}

#[test]
fn online_steps_get_files_of_their_own() {
    let pair = pairs::pair("indexes");
    let dir = Dir::new();
    let sqlx = ["--layout", "sqlx"];
    app(
        &pair.old,
        &[
            "migrate",
            "new",
            "init",
            "--dir",
            &dir.arg(),
            sqlx[0],
            sqlx[1],
        ],
    );
    app(
        &pair.new,
        &[
            "migrate",
            "new",
            "posts_indexes",
            "--dir",
            &dir.arg(),
            sqlx[0],
            sqlx[1],
        ],
    );
    let files = dir.migrations();
    let concurrent: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .filter(|sql| sql.contains("CONCURRENTLY"))
        .collect();
    assert!(!concurrent.is_empty());
    for file in &files {
        let sql = std::fs::read_to_string(file).unwrap();
        // psql runs the files outside a transaction, where SET LOCAL only warns.
        assert!(!sql.contains("SET LOCAL"), "{sql}");
    }
    for sql in concurrent {
        assert!(sql.starts_with("-- no-transaction\n"), "{sql}");
        assert_eq!(
            sql.matches(";\n").count(),
            1,
            "one statement per file outside a transaction: {sql}"
        );
    }
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names[1].ends_with("_posts_indexes_1.sql"), "{names:?}");
}

#[test]
fn refinery_layout_numbers_files_and_stays_in_transactions() {
    let pair = pairs::pair("indexes");
    let dir = Dir::new();
    let args = |name: &'static str| {
        [
            "migrate",
            "new",
            name,
            "--dir",
            &dir.arg(),
            "--layout",
            "refinery",
        ]
        .map(str::to_string)
    };
    let first = args("init");
    assert_eq!(
        code(app(
            &pair.old,
            &first.iter().map(String::as_str).collect::<Vec<_>>()
        )),
        exit(0)
    );
    let next = args("posts_indexes");
    assert_eq!(
        code(app(
            &pair.new,
            &next.iter().map(String::as_str).collect::<Vec<_>>()
        )),
        exit(0)
    );
    let names: Vec<String> = dir
        .migrations()
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["V1__init.sql", "V2__posts_indexes.sql"]);
    let sql = std::fs::read_to_string(dir.0.join("V2__posts_indexes.sql")).unwrap();
    assert!(!sql.contains("CONCURRENTLY"), "{sql}");
    let mut db = TestDb::fresh();
    apply_like_sqlx(&mut db, &dir.migrations());
    nothing_left(&mut db, &pair.new);
}

#[test]
fn data_loss_is_refused_and_nothing_is_written() {
    let pair = pairs::pair("drop_column");
    let dir = Dir::new();
    app(&pair.old, &["migrate", "new", "init", "--dir", &dir.arg()]);
    let snapshot = std::fs::read_to_string(dir.0.join(SNAPSHOT_FILE)).unwrap();
    assert_eq!(
        code(app(
            &pair.new,
            &["migrate", "new", "drop_legacy", "--dir", &dir.arg()]
        )),
        exit(3)
    );
    assert_eq!(dir.migrations().len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.0.join(SNAPSHOT_FILE)).unwrap(),
        snapshot
    );
    let allowed = [
        "migrate",
        "new",
        "drop_legacy",
        "--dir",
        &dir.arg(),
        "--allow-hazards",
    ];
    assert_eq!(code(app(&pair.new, &allowed)), exit(0));
    assert!(dir.migrations().len() > 1);
}

#[test]
fn bad_input_is_an_error() {
    let pair = pairs::pair("drop_column");
    let dir = Dir::new();
    assert_eq!(
        code(app(
            &pair.old,
            &["migrate", "new", "no spaces", "--dir", &dir.arg()]
        )),
        exit(1)
    );
    assert_eq!(
        code(app(&pair.old, &["check", "--dir", &dir.arg()])),
        exit(1)
    );
    assert_eq!(code(app(&pair.old, &["migrate", "frobnicate"])), exit(2));
}

#[test]
fn drift_against_a_live_database() {
    let pair = pairs::pair("nullability");
    let mut db = TestDb::fresh();
    db.execute_script(&schemata::postgres::to_sql(&pair.old, &Default::default()));
    assert_eq!(code(app(&pair.old, &["diff", "--db", &db.url])), exit(0));
    assert_eq!(code(app(&pair.new, &["diff", "--db", &db.url])), exit(0));
    assert_eq!(
        code(app(&Schema::default(), &["diff", "--db", &db.url])),
        exit(3)
    );
    // `--schema` limits what is read: another schema's tables are not the code's to drop.
    db.execute_script("CREATE SCHEMA other; CREATE TABLE other.kept (id bigint);");
    assert_eq!(code(app(&pair.old, &["diff", "--db", &db.url])), exit(3));
    assert_eq!(
        code(app(
            &pair.old,
            &["diff", "--db", &db.url, "--schema", "public"]
        )),
        exit(0)
    );
    assert_eq!(
        code(app(
            &pair.old,
            &["diff", "--db", &db.url, "--schema", "missing"]
        )),
        exit(1)
    );
}

/// `apply --db` migrates a live database to the code, and a second run has nothing to do.
#[test]
fn apply_migrates_a_database_to_the_code() {
    let pair = pairs::pair("indexes");
    let mut db = TestDb::fresh();
    db.execute_script(&schemata::postgres::to_sql(
        &pair.old,
        &schemata::postgres::RenderOptions::default(),
    ));
    assert_eq!(
        code(app(
            &pair.new,
            &["apply", "--db", &db.url, "--allow-hazards"]
        )),
        code(ExitCode::SUCCESS)
    );
    let live = introspect(&mut db.client, &IntrospectOptions::default()).unwrap();
    let server: postgres::Config = db.url.parse().unwrap();
    let wanted = canonical_expressions(&server, &pair.new).unwrap();
    let again = diff(&live, &wanted, &PlanOptions::default()).unwrap();
    assert!(again.is_empty(), "{}", again.to_sql());
    assert_eq!(
        code(app(&pair.new, &["apply", "--db", &db.url])),
        code(ExitCode::SUCCESS)
    );
}

/// The default layout: one file per migration, named by its real UTC time, applied by
/// `migrate apply` with the history; applying again finds nothing to do.
#[test]
fn schemata_layout_one_file_per_migration_applied_by_migrate_apply() {
    let pair = pairs::pair("indexes");
    let dir = Dir::new();
    for (schema, name) in [(&pair.old, "init"), (&pair.new, "posts_indexes")] {
        assert_eq!(
            code(app(schema, &["migrate", "new", name, "--dir", &dir.arg()])),
            exit(0)
        );
    }
    let files = dir.migrations();
    assert_eq!(files.len(), 2, "{files:?}");
    let versions: Vec<u64> = files.iter().map(|f| version(f)).collect();
    assert!(versions[0] < versions[1], "{versions:?}");
    for v in &versions {
        // YYYYMMDDHHMMSS: a real time, not a counter past 59 seconds.
        let (month, day) = ((v / 100_000_000) % 100, (v / 1_000_000) % 100);
        let (hour, minute, second) = ((v / 10_000) % 100, (v / 100) % 100, v % 100);
        assert!((1..=12).contains(&month) && (1..=31).contains(&day), "{v}");
        assert!(hour < 24 && minute < 60 && second < 60, "{v}");
    }
    let second = std::fs::read_to_string(&files[1]).unwrap();
    assert!(second.contains("-- runs outside a transaction"), "{second}");

    let mut db = TestDb::fresh();
    let (url, dir_arg) = (db.url.clone(), dir.arg());
    let args = ["migrate", "apply", "--db", &url, "--dir", &dir_arg];
    assert_eq!(code(app(&pair.new, &args)), exit(0));
    nothing_left(&mut db, &pair.new);
    let recorded: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM _schemata.migrations WHERE finished_at IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(recorded, 2);
    assert_eq!(code(app(&pair.new, &args)), exit(0));

    // A migration edited after it was applied is refused.
    std::fs::write(
        &files[1],
        second.replace("CONCURRENTLY", "CONCURRENTLY IF NOT EXISTS"),
    )
    .unwrap();
    assert_eq!(code(app(&pair.new, &args)), exit(1));
}
