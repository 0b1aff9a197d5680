//! The command line of an app's own binary, with its Rust-defined schema as one side:
//!
//! ```no_run
//! # fn schema() -> schema_core::Schema { schema_core::Schema::default() }
//! fn main() -> std::process::ExitCode {
//!     schema_postgres::cli::app::run(schema())
//! }
//! ```
//!
//! ```text
//! app migrate new NAME [--dir migrations] [--layout schemata|sqlx|refinery|plain] [--allow-hazards]
//! app migrate apply --db URL [--dir migrations] [--allow-hazards] [--lock-timeout MS]
//! app check [--dir migrations]
//! app diff --db URL [--allow-hazards] [--offline] [--scratch-url URL] [--schema NAME]...
//! app apply --db URL [--allow-hazards] [--lock-timeout MS] [--max-retries N]
//! app verify --db URL [--stand-ins]
//! app stand-ins
//! app sql [--stand-ins]
//! app snapshot
//! app lint [--format human|json] [--deny error|warning|info]
//! app erd [--format mermaid|dot|svg|html] [--schema S]... [--table GLOB]... [--around TABLE [--depth N]]
//! ```
//!
//! The migrations directory holds the migration files and `schema.json`, the snapshot of
//! the schema the last migration leads to. `migrate new` plans from that snapshot to the
//! code, writes the next migration file(s) and updates the snapshot; `check` fails when
//! code and snapshot disagree (a forgotten `migrate new`); `diff --db` shows what a live
//! database lacks compared with the code; `lint` reports Supabase's advisor lints on the
//! code's schema and exits 4 when a finding at the `--deny` level or above remains.
//!
//! The default `schemata` layout writes one file per migration, `<YYYYMMDDHHMMSS>_<name>.sql`
//! in UTC: the plan as `diff` prints it, steps that cannot run in a transaction marked
//! inside (`-- runs outside a transaction`); `migrate apply` reads the files back and runs
//! the pending ones with `apply`'s history, lock, retries and progress. The file also runs
//! as it is with `psql`.
//!
//! Migration tools run each file in a transaction, and send a file as one query, which
//! Postgres also runs as one transaction. A step that must run outside a transaction
//! (`CREATE INDEX CONCURRENTLY`, a new enum value) therefore gets a file of its own: with
//! sqlx's `-- no-transaction` first line in the sqlx layout. refinery cannot run a file
//! outside a transaction, so with its layout the plan uses the offline forms, and only new
//! enum values get files of their own. The plain layout is one script for `psql`.

use super::diff::DATA_LOSS_EXIT;
use super::lint::{self as lints, ReportArgs, FINDINGS_EXIT};
use super::{connect, one_line, print};
use crate::introspect::{self, IntrospectOptions};
use crate::normalize::normalized;
use crate::plan::{self, Hazard, Plan, PlanOptions, Step};
use crate::{to_sql, RenderOptions};
use clap::{Parser, Subcommand, ValueEnum};
use schema_core::Schema;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use time::OffsetDateTime;

/// The app's schema: migrations, drift, DDL.
#[derive(Debug, Parser)]
#[command(version)]
pub struct AppCli {
    /// What to do.
    #[command(subcommand)]
    pub command: AppCommand,
}

/// The commands of an app's binary.
#[derive(Debug, Subcommand)]
pub enum AppCommand {
    /// Migration files
    Migrate {
        /// What to do with them.
        #[command(subcommand)]
        command: MigrateCommand,
    },
    /// Fail when the schema in code differs from the migrations' snapshot
    Check {
        /// The migrations directory
        #[arg(long, default_value = "migrations")]
        dir: PathBuf,
    },
    /// Print the migration from a live database to the schema in code
    Diff {
        /// The database, such as postgres://user:password@localhost:5432/app
        #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
        db: String,
        /// Print the plan even when it deletes data
        #[arg(long)]
        allow_hazards: bool,
        /// Plain forms instead of online ones
        #[arg(long)]
        offline: bool,
        /// A development server where the code's schema may be applied to a throwaway
        /// database, so that expressions compare in Postgres's spelling
        #[arg(long, value_name = "URL")]
        scratch_url: Option<String>,
        /// Read only this schema of the database; repeat for several [default: every
        /// schema except the system ones and those Supabase manages]
        #[arg(long = "schema", value_name = "NAME")]
        schemas: Vec<String>,
    },
    /// Migrate a live database to the schema in code: plan, then run the plan with
    /// history, a deploy lock, lock-timeout retries and progress
    Apply {
        /// The database, such as postgres://user:password@localhost:5432/app
        #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
        db: String,
        /// How to run the steps.
        #[command(flatten)]
        run: super::apply::RunArgs,
    },
    /// Apply the schema in code to a development database and roll it back: the object
    /// Postgres refuses, if any (`check` compares the code with the snapshot instead)
    Verify {
        /// A development database, such as postgres://user:password@localhost:5432/scratch
        #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
        db: String,
        /// Create stand-ins for the external objects first (never against Supabase)
        #[arg(long)]
        stand_ins: bool,
    },
    /// Print the stand-ins for the external objects alone (auth.users, auth.uid(), ...)
    StandIns,
    /// Print the DDL of the schema in code
    Sql {
        /// Also create stand-ins for the external objects (never against Supabase)
        #[arg(long)]
        stand_ins: bool,
    },
    /// Print the schema in code as snapshot JSON
    Snapshot,
    /// Report Supabase's advisor lints on the schema in code
    Lint(ReportArgs),
    /// Draw the schema in code: Mermaid, DOT, SVG or an HTML page
    Erd(super::erd::PictureArgs),
}

/// `migrate` subcommands.
#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// Write the migration from the snapshot to the code, and update the snapshot
    New {
        /// What the migration does, in a few words: `add_invoices`
        name: String,
        /// The migrations directory
        #[arg(long, default_value = "migrations")]
        dir: PathBuf,
        /// How migration files are named and run
        #[arg(long, value_enum, default_value_t = Layout::Schemata)]
        layout: Layout,
        /// Write the migration even when it deletes data
        #[arg(long)]
        allow_hazards: bool,
    },
    /// Run the pending migrations of the `schemata` layout against a database
    Apply {
        /// The database, such as postgres://user:password@localhost:5432/app
        #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
        db: String,
        /// The migrations directory
        #[arg(long, default_value = "migrations")]
        dir: PathBuf,
        /// How to run the steps.
        #[command(flatten)]
        run: super::apply::RunArgs,
    },
}

/// Migration file layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// One file per migration, `<YYYYMMDDHHMMSS>_<name>.sql`, run by `migrate apply`
    /// (or `psql`)
    Schemata,
    /// sqlx: `<YYYYMMDDHHMMSS>_<name>.sql`
    Sqlx,
    /// refinery: `V<n>__<name>.sql`
    Refinery,
    /// Numbered scripts for psql: `<NNNN>_<name>.sql`
    Plain,
}

/// The snapshot file in the migrations directory.
pub const SNAPSHOT_FILE: &str = "schema.json";

/// Runs the app's command line with the process's arguments.
pub fn run(schema: Schema) -> ExitCode {
    run_from(schema, std::env::args_os())
}

/// Runs the app's command line with the given arguments (the first is the program name).
pub fn run_from<I, T>(schema: Schema, args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match AppCli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match execute(&schema, &cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Error(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
        Err(Failure::DataLoss(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(DATA_LOSS_EXIT)
        }
        Err(Failure::Denied(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(FINDINGS_EXIT)
        }
    }
}

enum Failure {
    Error(String),
    DataLoss(String),
    /// `lint` findings at or above the threshold.
    Denied(String),
}

fn execute(code: &Schema, command: &AppCommand) -> Result<(), Failure> {
    match command {
        AppCommand::Migrate {
            command:
                MigrateCommand::New {
                    name,
                    dir,
                    layout,
                    allow_hazards,
                },
        } => migrate_new(code, name, dir, *layout, *allow_hazards),
        AppCommand::Migrate {
            command: MigrateCommand::Apply { db, dir, run },
        } => super::apply::apply_files(db, dir, run).map_err(|failure| match failure {
            super::apply::Failure::Error(message) => Failure::Error(message),
            super::apply::Failure::DataLoss(message) => Failure::DataLoss(message),
        }),
        AppCommand::Check { dir } => check(code, dir),
        AppCommand::Diff {
            db,
            allow_hazards,
            offline,
            scratch_url,
            schemas,
        } => drift(
            code,
            db,
            schemas,
            *allow_hazards,
            *offline,
            scratch_url.as_deref(),
        ),
        AppCommand::Verify { db, stand_ins } => {
            super::verify::verify(db, code, *stand_ins).map_err(Failure::Error)
        }
        AppCommand::StandIns => super::verify::stand_ins(code).map_err(Failure::Error),
        AppCommand::Apply { db, run } => {
            super::apply::migrate(db, &[], code, run).map_err(|failure| match failure {
                super::apply::Failure::Error(message) => Failure::Error(message),
                super::apply::Failure::DataLoss(message) => Failure::DataLoss(message),
            })
        }
        AppCommand::Sql { stand_ins } => print(&to_sql(
            code,
            &RenderOptions {
                stand_ins: *stand_ins,
            },
        ))
        .map_err(Failure::Error),
        AppCommand::Snapshot => {
            print(&schema_core::snapshot::to_json(code)).map_err(Failure::Error)
        }
        AppCommand::Lint(args) => lints::report(code, args).map_err(|failure| match failure {
            lints::Failure::Error(message) => Failure::Error(message),
            lints::Failure::Denied(message) => Failure::Denied(message),
        }),
        AppCommand::Erd(args) => super::erd::draw(code, args).map_err(Failure::Error),
    }
}

/// The snapshot in `dir`, or an empty schema before the first migration.
fn read_snapshot(dir: &Path) -> Result<Schema, String> {
    let path = dir.join(SNAPSHOT_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => schema_core::snapshot::from_json(&text).map_err(|e| {
            format!(
                "snapshot `{}`: {}",
                path.display(),
                one_line(&e.to_string())
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Schema::default()),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}

fn refuse_data_loss(plan: &Plan, what: &str) -> Result<(), Failure> {
    match plan.data_loss_report() {
        None => Ok(()),
        Some(steps) => Err(Failure::DataLoss(format!(
            "the {what} deletes data; review these steps and run again with --allow-hazards:\n{steps}"
        ))),
    }
}

fn migrate_new(
    code: &Schema,
    name: &str,
    dir: &Path,
    layout: Layout,
    allow_hazards: bool,
) -> Result<(), Failure> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Failure::Error(format!(
            "migration name `{name}` must be letters, digits and `_`, such as `add_invoices`"
        )));
    }
    let snapshot = read_snapshot(dir).map_err(Failure::Error)?;
    let options = PlanOptions {
        // refinery runs every file in a transaction: no concurrent index builds there.
        offline: layout == Layout::Refinery,
        ..PlanOptions::default()
    };
    let plan = plan::diff(&snapshot, code, &options).map_err(|e| Failure::Error(e.to_string()))?;
    if plan.is_empty() {
        println!(
            "nothing to migrate: the code matches `{}`",
            dir.join(SNAPSHOT_FILE).display()
        );
        return Ok(());
    }
    if !allow_hazards {
        refuse_data_loss(&plan, "migration")?;
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Error(format!("cannot create `{}`: {e}", dir.display())))?;
    let files = migration_files(&plan, name, dir, layout).map_err(Failure::Error)?;
    for (path, text) in &files {
        std::fs::write(path, text)
            .map_err(|e| Failure::Error(format!("cannot write `{}`: {e}", path.display())))?;
        println!("wrote {}", path.display());
    }
    let snapshot_path = dir.join(SNAPSHOT_FILE);
    std::fs::write(&snapshot_path, schema_core::snapshot::to_json(code))
        .map_err(|e| Failure::Error(format!("cannot write `{}`: {e}", snapshot_path.display())))?;
    println!("updated {}", snapshot_path.display());
    Ok(())
}

/// Steps cut into the files a migration tool can run: consecutive steps that may share a
/// transaction together, every other step alone.
fn segments(plan: &Plan, layout: Layout) -> Vec<Vec<&Step>> {
    if matches!(layout, Layout::Plain | Layout::Schemata) {
        return vec![plan.steps.iter().collect()];
    }
    // A validation gets a transaction of its own too: in the same transaction as the
    // `NOT VALID` constraint before it, it would scan under that statement's lock.
    let alone = |step: &Step| !step.transactional || step.hazards.contains(&Hazard::ScansTable);
    let mut segments: Vec<Vec<&Step>> = Vec::new();
    let mut open = false;
    for step in &plan.steps {
        if open && !alone(step) {
            segments.last_mut().expect("an open segment").push(step);
        } else {
            segments.push(vec![step]);
        }
        open = !alone(step);
    }
    segments
}

/// The text of one migration file.
fn file_text(steps: &[&Step], layout: Layout, alone: bool) -> String {
    let mut text = String::new();
    if alone && layout == Layout::Sqlx {
        // sqlx reads this first line and runs the file outside a transaction.
        text.push_str("-- no-transaction\n");
    }
    if matches!(layout, Layout::Plain | Layout::Schemata) {
        let plan = Plan {
            steps: steps.iter().map(|s| (*s).clone()).collect(),
        };
        text.push_str(&plan.to_sql());
        return text;
    }
    for step in steps {
        let _ = writeln!(text, "-- {}", step.description);
        for hazard in &step.hazards {
            let _ = writeln!(
                text,
                "-- hazard {}: {}",
                hazard.name(),
                hazard.description()
            );
        }
        // A file outside a transaction must be a single statement: the tool sends the
        // file as one query, which Postgres would otherwise run as one transaction. A
        // session-level SET (reset at the end) rather than SET LOCAL, so that the file
        // also runs as it is with psql, outside a transaction.
        if let (Some(timeout), false) = (step.lock_timeout, alone) {
            let _ = writeln!(text, "SET lock_timeout = '{}ms';", timeout.as_millis());
        }
        if let (Some(timeout), false) = (step.statement_timeout, alone) {
            let _ = writeln!(text, "SET statement_timeout = '{}ms';", timeout.as_millis());
        }
        text.push_str(&step.sql);
        text.push('\n');
    }
    if !alone && steps.iter().any(|s| s.lock_timeout.is_some()) {
        text.push_str("RESET lock_timeout;\n");
    }
    if !alone && steps.iter().any(|s| s.statement_timeout.is_some()) {
        text.push_str("RESET statement_timeout;\n");
    }
    text
}

fn migration_files(
    plan: &Plan,
    name: &str,
    dir: &Path,
    layout: Layout,
) -> Result<Vec<(PathBuf, String)>, String> {
    let segments = segments(plan, layout);
    let several = segments.len() > 1;
    let existing: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut files = Vec::new();
    for (i, steps) in segments.iter().enumerate() {
        let alone = !matches!(layout, Layout::Plain | Layout::Schemata)
            && steps.len() == 1
            && !steps[0].transactional;
        let label = if several {
            format!("{name}_{}", i + 1)
        } else {
            name.to_string()
        };
        let file = match layout {
            Layout::Sqlx | Layout::Schemata => {
                let latest = existing.iter().filter_map(|f| leading_number(f)).max();
                format!("{}_{label}.sql", next_version(latest, i))
            }
            Layout::Refinery => {
                let latest = existing
                    .iter()
                    .filter_map(|f| f.strip_prefix('V').and_then(leading_number))
                    .max()
                    .unwrap_or(0);
                format!("V{}__{label}.sql", latest + 1 + i as u64)
            }
            Layout::Plain => {
                let latest = existing
                    .iter()
                    .filter_map(|f| leading_number(f))
                    .max()
                    .unwrap_or(0);
                format!("{:04}_{label}.sql", latest + 1)
            }
        };
        files.push((dir.join(file), file_text(steps, layout, alone)));
    }
    Ok(files)
}

fn leading_number(file: &str) -> Option<u64> {
    let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The version of the `i`-th file of a new migration, as `YYYYMMDDHHMMSS` in UTC: the
/// current time, or one second after the latest existing version when that is later (two
/// migrations written within a second, or a clock behind), plus `i` seconds. Always a real
/// time, strictly increasing.
fn next_version(latest: Option<u64>, i: usize) -> u64 {
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or(OffsetDateTime::now_utc());
    let after = latest
        .and_then(time_of)
        .map(|at| at + time::Duration::seconds(1));
    let start = match after {
        Some(after) if after > now => after,
        _ => now,
    };
    version(start + time::Duration::seconds(i as i64))
}

/// The time a `YYYYMMDDHHMMSS` version stands for.
fn time_of(version: u64) -> Option<OffsetDateTime> {
    let digits = |from: u32, count: u32| (version / 10u64.pow(from)) % 10u64.pow(count);
    let date = time::Date::from_calendar_date(
        i32::try_from(digits(10, 4)).ok()?,
        time::Month::try_from(u8::try_from(digits(8, 2)).ok()?).ok()?,
        u8::try_from(digits(6, 2)).ok()?,
    )
    .ok()?;
    let time = time::Time::from_hms(
        u8::try_from(digits(4, 2)).ok()?,
        u8::try_from(digits(2, 2)).ok()?,
        u8::try_from(digits(0, 2)).ok()?,
    )
    .ok()?;
    Some(date.with_time(time).assume_utc())
}

/// `at` as the number `YYYYMMDDHHMMSS`: digits that sort the way the times do.
fn version(at: OffsetDateTime) -> u64 {
    let date = u64::from(at.year().unsigned_abs()) * 10_000
        + u64::from(u8::from(at.month())) * 100
        + u64::from(at.day());
    let time =
        u64::from(at.hour()) * 10_000 + u64::from(at.minute()) * 100 + u64::from(at.second());
    date * 1_000_000 + time
}

fn check(code: &Schema, dir: &Path) -> Result<(), Failure> {
    let path = dir.join(SNAPSHOT_FILE);
    if !path.exists() {
        return Err(Failure::Error(format!(
            "no snapshot at `{}`: run `migrate new NAME` to write the first migration",
            path.display()
        )));
    }
    let snapshot = read_snapshot(dir).map_err(Failure::Error)?;
    let changes = schema_core::diff::diff(&normalized(&snapshot), &normalized(code));
    if changes.is_empty() {
        println!("the code matches `{}`", path.display());
        return Ok(());
    }
    let listed: Vec<String> = changes.iter().map(|c| format!("  - {c}")).collect();
    Err(Failure::Error(format!(
        "the schema in code differs from `{}`; run `migrate new NAME` to write a migration:\n{}",
        path.display(),
        listed.join("\n")
    )))
}

fn drift(
    code: &Schema,
    url: &str,
    schemas: &[String],
    allow_hazards: bool,
    offline: bool,
    scratch: Option<&str>,
) -> Result<(), Failure> {
    let (mut client, target) = connect(url).map_err(Failure::Error)?;
    let mut live = introspect::introspect(
        &mut client,
        &IntrospectOptions {
            schemas: schemas.to_vec(),
            exclude_supabase: schemas.is_empty(),
        },
    )
    .map_err(|e| {
        Failure::Error(format!(
            "cannot read the schema of {target}: {}",
            one_line(&e.to_string())
        ))
    })?;
    let wanted = super::diff::spelled(code, url, scratch).map_err(Failure::Error)?;
    if schemas.is_empty() {
        introspect::scope_platform_extensions(&mut live, &wanted);
    }
    let options = PlanOptions {
        offline,
        ..PlanOptions::default()
    };
    let plan = plan::diff(&live, &wanted, &options).map_err(|e| Failure::Error(e.to_string()))?;
    if !allow_hazards {
        refuse_data_loss(&plan, "plan")?;
    }
    print(&plan.to_sql()).map_err(Failure::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unix_seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix_seconds).expect("in range")
    }

    #[test]
    fn versions_are_utc_date_and_time_digits() {
        assert_eq!(version(at(0)), 19_700_101_000_000);
        // A leap day, and the second before midnight.
        assert_eq!(version(at(1_709_251_199)), 20_240_229_235_959);
        assert_eq!(version(at(1_728_000_000 + 3_723)), 20_241_004_010_203);
    }
}
