//! `apply` on a real Postgres: `schemactl apply` end to end, the deploy lock, retries on a
//! busy lock, resuming after a failed step, and the history refusing an edited migration.

mod common;

use common::TestDb;
use postgres::Client;
use schemata::postgres::apply::{apply, ApplyError, ApplyOptions, Progress};
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::normalized;
use schemata::postgres::plan::{diff, Plan, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::snapshot::to_json;
use schemata::{Column, Index, IndexKey, QualifiedName, Schema, SqlType, TableDef};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

fn schemactl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemactl"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run schemactl")
}

fn accounts(version: u8) -> Schema {
    let mut table = TableDef::new(QualifiedName::parse("accounts"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("balance", SqlType::Integer, false))
        .with_primary_key(None, &["id"]);
    if version >= 2 {
        table = table
            .with_column(Column::new("email", SqlType::Text, true))
            .with_check(Some("accounts_balance_check"), None, "balance >= 0")
            .with_index(
                Some("accounts_email_idx"),
                Index {
                    comment: Default::default(),
                    name: String::new(),
                    unique: false,
                    nulls_not_distinct: false,
                    method: Default::default(),
                    keys: vec![IndexKey::column("email")],
                    include: Vec::new(),
                    predicate: None,
                },
            );
    }
    Schema::builder().add_table(table).build().unwrap()
}

fn database(schema: &Schema) -> TestDb {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(schema, &RenderOptions::default()));
    db.execute_script("INSERT INTO accounts (id, balance) VALUES (1, 10), (2, 20);");
    db
}

fn live(client: &mut Client) -> Schema {
    introspect(client, &IntrospectOptions::default()).unwrap()
}

fn plan_to(client: &mut Client, target: &Schema) -> Plan {
    diff(&live(client), &normalized(target), &PlanOptions::default()).unwrap()
}

fn snapshot_file(schema: &Schema, name: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("schemata_apply_{}_{name}.json", std::process::id()));
    std::fs::write(&path, to_json(schema)).unwrap();
    path
}

fn quiet(_: Progress<'_>) {}

#[test]
fn schemactl_apply_migrates_records_and_then_has_nothing_to_do() {
    let mut db = database(&accounts(1));
    let target = snapshot_file(&accounts(2), "target");
    let target = target.to_str().unwrap();
    let output = schemactl(&["apply", "--url", &db.url, "--to", target]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("[1/"), "{stderr}");
    assert!(
        stderr.contains("add column `public.accounts.email`"),
        "{stderr}"
    );
    assert!(stderr.contains("applied 4 of 4 steps"), "{stderr}");

    // The database has the target schema, the history says so, the rows are there.
    assert!(plan_to(&mut db.client, &accounts(2)).is_empty());
    let row = db
        .client
        .query_one(
            "SELECT steps_total, steps_done, finished_at IS NOT NULL FROM _schemata.migrations",
            &[],
        )
        .unwrap();
    assert_eq!((row.get::<_, i32>(0), row.get::<_, i32>(1)), (4, 4));
    assert!(row.get::<_, bool>(2));
    let count: i64 = db
        .client
        .query_one("SELECT count(*) FROM accounts", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 2);

    // The history schema is not the app's: a second run finds nothing to do.
    let again = schemactl(&["apply", "--url", &db.url, "--to", target]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(stderr.contains("nothing to apply"), "{stderr}");
}

#[test]
fn schemactl_apply_refuses_to_delete_data_without_the_flag() {
    let db = database(&accounts(2));
    let target = snapshot_file(&accounts(1), "smaller");
    let target = target.to_str().unwrap();
    let output = schemactl(&["apply", "--url", &db.url, "--to", target]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("drop column `public.accounts.email`"),
        "{stderr}"
    );
    let output = schemactl(&["apply", "--url", &db.url, "--to", target, "--allow-hazards"]);
    assert!(output.status.success());
}

#[test]
fn a_step_waiting_for_a_busy_lock_is_retried_until_it_gets_it() {
    let mut db = database(&accounts(1));
    let target = snapshot_file(&accounts(2), "busy");
    let target = target.to_str().unwrap().to_string();
    // A long transaction holds the table until the deploy has waited a while.
    let mut holder = TestDb::connect_to(&db.url);
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let url = db.url.clone();
    let run = std::thread::spawn(move || {
        schemactl(&[
            "apply",
            "--url",
            &url,
            "--to",
            &target,
            "--lock-timeout",
            "100",
            "--max-retries",
            "30",
        ])
    });
    // Once the deploy has started (its history table exists), a second more: retries
    // happen whatever the time the command took to start on a busy machine.
    for _ in 0..1200 {
        let started: bool = db
            .client
            .query_one(
                "SELECT to_regclass('_schemata.migrations') IS NOT NULL",
                &[],
            )
            .unwrap()
            .get(0);
        if started {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1000));
    tx.commit().unwrap();
    let output = run.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("lock not granted in time; retry 1"),
        "{stderr}"
    );
    assert!(plan_to(&mut db.client, &accounts(2)).is_empty());
}

#[test]
fn two_deploys_at_once_run_each_step_once() {
    let mut db = database(&accounts(1));
    let plan = plan_to(&mut db.client, &accounts(2));
    let total = plan.steps.len();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let url = db.url.clone();
            let plan = plan.clone();
            std::thread::spawn(move || {
                let mut client = TestDb::connect_to(&url);
                let mut events = Vec::new();
                let applied = apply(
                    &mut client,
                    "0001_accounts",
                    &plan,
                    &ApplyOptions::default(),
                    &mut |event| events.push(format!("{event:?}")),
                )
                .unwrap();
                (applied, events)
            })
        })
        .collect();
    let results: Vec<_> = runs.into_iter().map(|r| r.join().unwrap()).collect();
    let run: usize = results.iter().map(|(applied, _)| applied.steps_run).sum();
    assert_eq!(run, total, "{results:?}");
    assert!(
        results
            .iter()
            .any(|(_, events)| events.iter().any(|e| e == "AlreadyApplied")),
        "{results:?}"
    );
    assert!(plan_to(&mut db.client, &accounts(2)).is_empty());
}

#[test]
fn a_failed_step_stops_the_run_and_the_next_run_resumes_there() {
    let mut db = database(&accounts(1));
    db.execute_script("UPDATE accounts SET balance = -5 WHERE id = 2;");
    let plan = plan_to(&mut db.client, &accounts(2));
    let failing = plan
        .steps
        .iter()
        .position(|s| s.sql.contains("VALIDATE CONSTRAINT"))
        .unwrap()
        + 1;
    let options = ApplyOptions::default();
    let error = apply(&mut db.client, "0002", &plan, &options, &mut quiet).unwrap_err();
    match &error {
        ApplyError::Step { number, .. } => assert_eq!(*number, failing),
        other => panic!("{other}"),
    }
    let text = error.to_string();
    assert!(text.contains("is violated by some row"), "{text}");
    assert!(
        text.contains(&format!("resumes at step {failing}")),
        "{text}"
    );

    db.execute_script("UPDATE accounts SET balance = 0 WHERE id = 2;");
    let mut events = Vec::new();
    let applied = apply(&mut db.client, "0002", &plan, &options, &mut |event| {
        events.push(format!("{event:?}"))
    })
    .unwrap();
    assert_eq!(events[0], format!("Resuming {{ from: {failing} }}"));
    assert_eq!(applied.steps_skipped, failing - 1);
    assert_eq!(applied.steps_run, plan.steps.len() - (failing - 1));
    assert!(plan_to(&mut db.client, &accounts(2)).is_empty());

    // The same name with other SQL is refused: an applied migration must not change.
    let other = plan_to(&mut db.client, &accounts(1));
    let options = ApplyOptions {
        allow_hazards: true,
        ..ApplyOptions::default()
    };
    let error = apply(&mut db.client, "0002", &other, &options, &mut quiet).unwrap_err();
    assert!(matches!(error, ApplyError::Edited { .. }), "{error}");
}

/// A new column with a volatile default is filled batch by batch outside a transaction
/// (the `DO` block commits between batches): every existing row gets its own value.
#[test]
fn a_volatile_default_is_backfilled_in_batches() {
    use schemata::DefaultValue;
    let mut db = database(&accounts(1));
    db.execute_script("INSERT INTO accounts SELECT g, 0 FROM generate_series(3, 2500) g;");
    let mut target = accounts(1);
    target.tables[0].columns.push(Column {
        default: Some(DefaultValue::Expression("gen_random_uuid()".into())),
        ..Column::new("token", SqlType::Uuid, false)
    });
    let options = PlanOptions {
        backfill_batch: 1000,
        ..PlanOptions::default()
    };
    let plan = diff(&live(&mut db.client), &normalized(&target), &options).unwrap();
    let text = plan.to_sql();
    assert!(text.contains("LIMIT 1000"), "{text}");
    assert!(!text.contains("rewrites-table"), "{text}");
    apply(
        &mut db.client,
        "tokens",
        &plan,
        &ApplyOptions::default(),
        &mut quiet,
    )
    .unwrap();
    let row = db
        .client
        .query_one(
            "SELECT count(*), count(DISTINCT token), count(token) FROM accounts",
            &[],
        )
        .unwrap();
    let (rows, distinct, filled): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
    assert_eq!((rows, distinct, filled), (2500, 2500, 2500));
    assert!(plan_to(&mut db.client, &target).is_empty());
}

/// Ten steps of every sort: columns, a check added NOT VALID then validated, an enum, a
/// new table with a foreign key, a unique index built concurrently, a policy, a rename.
fn many_steps() -> Schema {
    use schemata::{EnumDef, ForeignKey, Policy, PolicyCommand};
    let mut accounts = accounts(2)
        .tables
        .into_iter()
        .next()
        .unwrap()
        .with_column(Column::new(
            "tier",
            SqlType::Enum(QualifiedName::parse("tier")),
            true,
        ))
        .with_index(
            Some("accounts_email_key"),
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: true,
                nulls_not_distinct: false,
                method: Default::default(),
                keys: vec![IndexKey::column("email")],
                include: Vec::new(),
                predicate: None,
            },
        )
        .with_policy(Policy {
            comment: Default::default(),
            name: "owners".into(),
            restrictive: false,
            command: PolicyCommand::Select,
            roles: Vec::new(),
            using: Some("id > 0".into()),
            with_check: None,
            allow: Vec::new(),
        });
    accounts.row_level_security.enabled = true;
    let notes = TableDef::new(QualifiedName::parse("notes"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("account_id", SqlType::BigInt, false))
        .with_primary_key(None, &["id"])
        .with_foreign_key(
            None,
            ForeignKey {
                comment: Default::default(),
                match_full: Default::default(),
                name: String::new(),
                columns: vec!["account_id".into()],
                references: QualifiedName::parse("accounts"),
                referenced_columns: vec!["id".into()],
                on_delete: Default::default(),
                on_update: Default::default(),
                deferrable: Default::default(),
            },
        );
    Schema::builder()
        .add_enum(EnumDef::new(
            QualifiedName::parse("tier"),
            &["free", "paid"],
        ))
        .add_table(accounts)
        .add_table(notes)
        .build()
        .unwrap()
}

/// A deploy killed after any step (the process gone, its connection with it) finishes
/// when applied again, and leaves nothing to do. Twice per step: killed after the step
/// was recorded in the history, and killed after its work but before the record (only
/// possible for steps outside a transaction; forced here for every step), so that the
/// step runs a second time.
#[test]
fn a_deploy_killed_after_any_step_finishes_when_applied_again() {
    let target = many_steps();
    let steps = {
        let mut db = database(&accounts(1));
        plan_to(&mut db.client, &target).steps.len()
    };
    assert!(steps >= 10, "the plan has {steps} steps; the test wants 10");
    let options = ApplyOptions::default();
    for killed_after in 1..=steps {
        for recorded in [true, false] {
            let mut db = database(&accounts(1));
            let plan = plan_to(&mut db.client, &target);
            let kill = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut deploy = TestDb::connect_to(&db.url);
                let _ = apply(&mut deploy, "0003", &plan, &options, &mut |event| {
                    if let Progress::Done { number, .. } = event {
                        if number == killed_after {
                            panic!("killed after step {number}");
                        }
                    }
                });
            }));
            assert!(kill.is_err(), "the deploy was not killed");
            if !recorded {
                db.client
                    .execute(
                        "UPDATE _schemata.migrations SET steps_done = $1 WHERE name = '0003'",
                        &[&(killed_after as i32 - 1)],
                    )
                    .unwrap();
            }
            let context = format!(
                "killed after step {killed_after} ({}), {}",
                plan.steps[killed_after - 1].description,
                if recorded { "recorded" } else { "not recorded" }
            );
            let applied = apply(&mut db.client, "0003", &plan, &options, &mut quiet)
                .unwrap_or_else(|error| panic!("{context}: {error}\n\n{plan}"));
            let skipped = if recorded {
                killed_after
            } else {
                killed_after - 1
            };
            assert_eq!(applied.steps_skipped, skipped, "{context}");
            let left = plan_to(&mut db.client, &target);
            assert!(left.is_empty(), "{context}: still to do:\n{left}");
        }
    }
}

/// A concurrent index build that failed half way leaves an INVALID index; the next run of
/// the step drops it and builds it again instead of keeping it through `IF NOT EXISTS`.
#[test]
fn an_index_build_that_failed_is_built_again_on_resume() {
    let mut db = database(&accounts(1));
    let target = many_steps();
    // Duplicates make the unique build fail, and leave the index INVALID.
    db.execute_script("INSERT INTO accounts (id, balance) VALUES (3, 1), (4, 1);");
    let plan = plan_to(&mut db.client, &target);
    db.execute_script("ALTER TABLE accounts ADD COLUMN email text;");
    db.execute_script("UPDATE accounts SET email = 'same';");
    let error = apply(
        &mut db.client,
        "0003",
        &plan,
        &ApplyOptions::default(),
        &mut quiet,
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("could not create unique index"),
        "{error}"
    );
    let invalid: i64 = db
        .client
        .query_one(
            "SELECT count(*) FROM pg_index WHERE NOT indisvalid AND indexrelid = 'accounts_email_key'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(invalid, 1);
    db.execute_script("UPDATE accounts SET email = id::text;");
    apply(
        &mut db.client,
        "0003",
        &plan,
        &ApplyOptions::default(),
        &mut quiet,
    )
    .unwrap();
    let valid: bool = db
        .client
        .query_one(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'accounts_email_key'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(valid);
    assert!(plan_to(&mut db.client, &target).is_empty());
}
