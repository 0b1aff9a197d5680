//! `apply`: plan from a live database to a target schema and run the plan there, with the
//! history, the deploy lock, short lock waits with retries and progress of
//! [`crate::apply`]. Shared by `schemactl apply --url URL --to FILE` and an app's
//! `apply --db URL` (the target is then its code).

use super::{connect, one_line};
use crate::apply::{apply, checksum, ApplyError, ApplyOptions, Progress};
use crate::introspect::{self, IntrospectOptions};
use crate::plan::{self, Plan, PlanOptions};
use clap::Args;
use schema_core::Schema;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Exit status of a plan refused because it deletes data (as `diff`'s).
pub use super::diff::DATA_LOSS_EXIT;

/// `schemactl apply`
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The database to migrate, such as postgres://user:password@localhost:5432/app
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub url: String,
    /// The schema it should have: a snapshot JSON file
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// Read only this schema of the database; repeat for several [default: every schema
    /// except the system ones and those Supabase manages]
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// How to run the steps.
    #[command(flatten)]
    pub run: RunArgs,
}

/// The flags `schemactl apply` and an app's `apply` share.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Run the plan even when it deletes data
    #[arg(long)]
    pub allow_hazards: bool,
    /// Plan with the plain forms instead of the online ones (no CONCURRENTLY, no NOT
    /// VALID, defaults written by a rewrite): shorter, but writes wait; for a database
    /// nobody uses meanwhile. Not for migration files, which are applied as written
    #[arg(long)]
    pub offline: bool,
    /// lock_timeout of each step, in milliseconds: a step waits no longer for its lock
    #[arg(long, value_name = "MS", default_value_t = 200)]
    pub lock_timeout: u64,
    /// How many times a step that timed out on its lock is tried again
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_retries: u32,
    /// statement_timeout of steps that neither scan, rewrite nor build, in milliseconds;
    /// 0 sets none
    #[arg(long, value_name = "MS", default_value_t = 60_000)]
    pub statement_timeout: u64,
}

impl RunArgs {
    fn options(&self) -> ApplyOptions {
        ApplyOptions {
            lock_timeout: Duration::from_millis(self.lock_timeout.max(1)),
            max_retries: self.max_retries,
            statement_timeout: (self.statement_timeout > 0)
                .then(|| Duration::from_millis(self.statement_timeout)),
            allow_hazards: self.allow_hazards,
            ..ApplyOptions::default()
        }
    }
}

/// Why `apply` stopped.
pub enum Failure {
    /// One message for the user.
    Error(String),
    /// The plan deletes data and `--allow-hazards` was not given.
    DataLoss(String),
}

/// `schemactl apply`.
pub fn run(args: &ApplyArgs) -> Result<(), Failure> {
    let target = super::read_snapshot(&args.to).map_err(Failure::Error)?;
    migrate(&args.url, &args.schemas, &target, &args.run)
}

/// Plans from the database at `url` to `target` and applies the plan.
pub fn migrate(
    url: &str,
    schemas: &[String],
    target: &Schema,
    run: &RunArgs,
) -> Result<(), Failure> {
    let (mut client, name) = connect(url).map_err(Failure::Error)?;
    let options = IntrospectOptions {
        schemas: schemas.to_vec(),
        exclude_supabase: schemas.is_empty(),
    };
    let mut live = introspect::introspect(&mut client, &options).map_err(|e| {
        Failure::Error(format!(
            "cannot read the schema of {name}: {}",
            one_line(&e.to_string())
        ))
    })?;
    let target = super::diff::spelled(target, url, None).map_err(Failure::Error)?;
    if schemas.is_empty() {
        introspect::scope_platform_extensions(&mut live, &target);
    }
    let options = PlanOptions {
        offline: run.offline,
        ..PlanOptions::default()
    };
    let plan = plan::diff(&live, &target, &options).map_err(|e| Failure::Error(e.to_string()))?;
    if plan.is_empty() {
        eprintln!("nothing to apply: {name} already has the schema");
        return Ok(());
    }
    // A plan computed on the spot is known by its SQL: after an interruption the next
    // plan starts from what the database then holds, and is another migration.
    let migration = format!("plan-{}", checksum(&plan));
    let started = Instant::now();
    let total = plan.steps.len();
    let terminal = std::io::stderr().is_terminal();
    let mut report = |event: Progress<'_>| report(event, terminal);
    match apply(&mut client, &migration, &plan, &run.options(), &mut report) {
        Ok(applied) => {
            eprintln!(
                "applied {} of {total} step{} to {name} in {:.1} s ({} lock retr{})",
                applied.steps_run,
                if total == 1 { "" } else { "s" },
                started.elapsed().as_secs_f64(),
                applied.retries,
                if applied.retries == 1 { "y" } else { "ies" }
            );
            Ok(())
        }
        Err(ApplyError::DataLoss(steps)) => Err(Failure::DataLoss(format!(
            "the plan deletes data; review it with `diff` and run again with --allow-hazards:\n{steps}"
        ))),
        Err(error) => Err(Failure::Error(error.to_string())),
    }
}

/// `migrate apply`: the migration files of the `schemata` layout in `dir`
/// (`<YYYYMMDDHHMMSS>_<name>.sql`), in version order, each applied unless the history says
/// it was; the first failure stops the run.
pub fn apply_files(url: &str, dir: &Path, run: &RunArgs) -> Result<(), Failure> {
    if run.offline {
        return Err(Failure::Error(
            "--offline chooses how a plan is made; migration files are applied as they are written (make them with `migrate new` on a plan of your choice)".into(),
        ));
    }
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| Failure::Error(format!("cannot read `{}`: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let (version, rest) = name.split_once('_')?;
            if version.len() != 14 || !rest.ends_with(".sql") {
                return None;
            }
            Some((version.parse::<u64>().ok()?, path))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        eprintln!("no migrations in `{}`", dir.display());
        return Ok(());
    }
    let (mut client, target) = connect(url).map_err(Failure::Error)?;
    let terminal = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut steps = 0;
    for (_, path) in &files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Error(format!("cannot read `{}`: {e}", path.display())))?;
        if !text.starts_with("-- Migration plan") && !text.starts_with("-- No changes") {
            return Err(Failure::Error(format!(
                "`{}` is not a migration of the schemata layout (written with another --layout? run those with their own tool)",
                path.display()
            )));
        }
        let plan = Plan::from_sql(&text)
            .map_err(|e| Failure::Error(format!("`{}`: {e}", path.display())))?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut first = true;
        let mut report = |event: Progress<'_>| {
            if first && !matches!(event, Progress::AlreadyApplied) {
                eprintln!("migration {name}");
            }
            first = false;
            if !matches!(event, Progress::AlreadyApplied) {
                report(event, terminal);
            }
        };
        match apply(&mut client, &name, &plan, &run.options(), &mut report) {
            Ok(applied) => steps += applied.steps_run,
            Err(ApplyError::DataLoss(steps)) => {
                return Err(Failure::DataLoss(format!(
                    "migration `{name}` deletes data; review it and run again with --allow-hazards:\n{steps}"
                )))
            }
            Err(error) => return Err(Failure::Error(format!("migration `{name}`: {error}"))),
        }
    }
    eprintln!(
        "{target} is up to date: {steps} step{} run in {:.1} s",
        if steps == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One line per event on stderr; on a terminal the step's line is finished in place.
fn report(event: Progress<'_>, terminal: bool) {
    match event {
        Progress::Waiting => eprintln!("another deploy holds the lock; waiting for it"),
        Progress::AlreadyApplied => eprintln!("already applied"),
        Progress::Resuming { from } => eprintln!("resuming at step {from}"),
        Progress::Step {
            number,
            total,
            step,
        } => {
            if terminal {
                eprint!("[{number}/{total}] {} ...", step.description);
            } else {
                eprintln!("[{number}/{total}] {}", step.description);
            }
        }
        Progress::Retry {
            number,
            attempt,
            delay,
        } => {
            if terminal {
                eprintln!();
            }
            eprintln!(
                "[{number}] lock not granted in time; retry {attempt} in {} ms",
                delay.as_millis()
            );
        }
        Progress::Done { number, elapsed } => {
            if terminal {
                eprintln!(" {:.2} s", elapsed.as_secs_f64());
            } else {
                eprintln!("[{number}] done in {:.2} s", elapsed.as_secs_f64());
            }
        }
    }
}
