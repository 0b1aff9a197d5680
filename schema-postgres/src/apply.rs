//! Running a [`Plan`] against a live database the way a deploy needs it: once, in order,
//! resumable, without stalling writers.
//!
//! - **History.** Every migration applied is a row of `_schemata.migrations` (its name, a
//!   checksum of its SQL, the steps done, start and end). A migration whose SQL changed
//!   after it was applied is refused; one applied already is skipped; one that stopped
//!   halfway resumes at its first unfinished step. Introspection never reads `_schemata`.
//! - **One deploy at a time.** A session-level advisory lock is held for the whole run, so
//!   two deploys never interleave: the second waits (and says so), then finds the work done.
//!   It polls for the lock outside any transaction, since a concurrent index build of the
//!   first would otherwise wait for the second's open transaction: a deadlock.
//! - **Steps as marked.** A transactional step runs in a transaction together with the
//!   update of its history row, so it is recorded exactly when it commits; a step that
//!   cannot run in a transaction (`CREATE INDEX CONCURRENTLY`) runs alone and is recorded
//!   right after. A step that fails is not recorded: running again starts there.
//! - **Short lock waits, retried.** Each step sets a short `lock_timeout` (200 ms by
//!   default): a step queued behind a long transaction stalls every writer queued behind
//!   it for as long (`benches/load.sh` measured writes delayed up to 2 s with 1 s, and
//!   none over 0.5 s with 200 ms, while a transaction held the table for 8 s).
//!   A step that timed out on its lock (SQLSTATE `55P03`) is retried with exponential
//!   backoff and jitter, up to a limit.
//! - **Bounded statements.** Steps that only touch the catalog get a `statement_timeout`;
//!   steps that scan, rewrite or build (their hazards say so) get none.

// One statement at a time: Citus passes a DDL statement's text on to its workers, which
// refuse a text holding several.
use crate::plan::{Plan, Step};
use postgres::error::SqlState;
use postgres::Client;
use schema_core::sql::split_statements;
use std::fmt;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The schema that holds the history, left out by introspection.
pub const HISTORY_SCHEMA: &str = "_schemata";

/// The advisory lock key every `apply` takes: `schemata` in ASCII.
const LOCK_KEY: i64 = 0x7363_6865_6d61_7461;

/// How often a deploy waiting for another one tries the lock again.
const LOCK_POLL: Duration = Duration::from_millis(200);

/// How to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOptions {
    /// `lock_timeout` before each step.
    pub lock_timeout: Duration,
    /// How many times a step that timed out on its lock is tried again.
    pub max_retries: u32,
    /// The first wait before a retry; each further wait doubles, plus up to as much again
    /// at random.
    pub retry_delay: Duration,
    /// `statement_timeout` for steps that neither scan, rewrite nor build; `None` for none.
    pub statement_timeout: Option<Duration>,
    /// Run a plan that deletes data.
    pub allow_hazards: bool,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            lock_timeout: Duration::from_millis(200),
            max_retries: 8,
            retry_delay: Duration::from_millis(250),
            statement_timeout: Some(Duration::from_secs(60)),
            allow_hazards: false,
        }
    }
}

/// What happens, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress<'a> {
    /// Another deploy holds the lock; this one waits for it.
    Waiting,
    /// The migration was applied before: nothing to do.
    AlreadyApplied,
    /// The migration stopped halfway before; it goes on at step `from` (1-based).
    Resuming {
        /// The first step to run.
        from: usize,
    },
    /// Step `number` of `total` starts.
    Step {
        /// 1-based.
        number: usize,
        /// Steps in the migration.
        total: usize,
        /// The step.
        step: &'a Step,
    },
    /// The step timed out waiting for a lock; it is tried again after `delay`.
    Retry {
        /// 1-based step number.
        number: usize,
        /// Which retry this is.
        attempt: u32,
        /// How long until it.
        delay: Duration,
    },
    /// Step `number` finished after `elapsed`.
    Done {
        /// 1-based step number.
        number: usize,
        /// How long it took, retries included.
        elapsed: Duration,
    },
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Steps run now.
    pub steps_run: usize,
    /// Steps skipped because an earlier run did them.
    pub steps_skipped: usize,
    /// Lock-timeout retries.
    pub retries: u32,
}

/// Why a run stopped.
#[derive(Debug)]
pub enum ApplyError {
    /// The plan deletes data and `allow_hazards` is off: the steps that would, one line
    /// each ([`Plan::data_loss_report`]).
    DataLoss(String),
    /// The migration was applied with other SQL than it has now.
    Edited {
        /// The migration.
        name: String,
    },
    /// A step failed; the steps before it are done and recorded.
    Step {
        /// 1-based step number.
        number: usize,
        /// The step's description.
        description: String,
        /// Postgres's error.
        source: postgres::Error,
    },
    /// Reading or writing the history, or taking the lock, failed.
    Database {
        /// What was being done.
        context: &'static str,
        /// Postgres's error.
        source: postgres::Error,
    },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::DataLoss(steps) => write!(
                f,
                "the plan deletes data; review these steps and run again with --allow-hazards:\n{steps}"
            ),
            ApplyError::Edited { name } => write!(
                f,
                "migration `{name}` was applied with different SQL; a migration must not change once applied: write a new one"
            ),
            ApplyError::Step {
                number,
                description,
                source,
            } => write!(
                f,
                "step {number} ({description}) failed: {}; the steps before it are applied and recorded, so running again resumes at step {number}",
                message(source)
            ),
            ApplyError::Database { context, source } => {
                write!(f, "{context}: {}", message(source))
            }
        }
    }
}

impl std::error::Error for ApplyError {}

/// Postgres's own message, with its detail, rather than the client's "db error".
fn message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => error.to_string(),
    }
}

/// A checksum of the migration's SQL: FNV-1a over the bytes, stable across versions and
/// platforms (it only tells an edited migration from the one applied).
pub fn checksum(plan: &Plan) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for step in &plan.steps {
        for byte in step.sql.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Applies `plan` as the migration `name`: see the module documentation.
pub fn apply(
    client: &mut Client,
    name: &str,
    plan: &Plan,
    options: &ApplyOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Applied, ApplyError> {
    if let (Some(steps), false) = (plan.data_loss_report(), options.allow_hazards) {
        return Err(ApplyError::DataLoss(steps));
    }
    let db = |context| move |source| ApplyError::Database { context, source };
    // Polled rather than waited for: a session blocked in `pg_advisory_lock` sits in an
    // open transaction, which a `CREATE INDEX CONCURRENTLY` of the deploy holding the lock
    // waits for: a deadlock.
    let mut waiting = false;
    loop {
        let locked: bool = client
            .query_one("SELECT pg_catalog.pg_try_advisory_lock($1)", &[&LOCK_KEY])
            .map_err(db("taking the deploy lock"))?
            .get(0);
        if locked {
            break;
        }
        if !waiting {
            progress(Progress::Waiting);
            waiting = true;
        }
        std::thread::sleep(LOCK_POLL);
    }
    let result = run(client, name, plan, options, progress);
    // Ending the session would release it too; a client that stays open must not keep it.
    let unlocked = client
        .execute("SELECT pg_catalog.pg_advisory_unlock($1)", &[&LOCK_KEY])
        .map_err(db("releasing the deploy lock"));
    let applied = result?;
    unlocked?;
    Ok(applied)
}

fn run(
    client: &mut Client,
    name: &str,
    plan: &Plan,
    options: &ApplyOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Applied, ApplyError> {
    let db = |context| move |source| ApplyError::Database { context, source };
    client
        .batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {HISTORY_SCHEMA};
             CREATE TABLE IF NOT EXISTS {HISTORY_SCHEMA}.migrations (
                 name text PRIMARY KEY,
                 checksum text NOT NULL,
                 steps_total integer NOT NULL,
                 steps_done integer NOT NULL DEFAULT 0,
                 started_at timestamptz NOT NULL DEFAULT now(),
                 finished_at timestamptz
             );"
        ))
        .map_err(db("creating the migration history"))?;
    let sum = checksum(plan);
    let row = client
        .query_opt(
            &format!(
                "SELECT checksum, steps_done, finished_at IS NOT NULL
                 FROM {HISTORY_SCHEMA}.migrations WHERE name = $1"
            ),
            &[&name],
        )
        .map_err(db("reading the migration history"))?;
    let total = plan.steps.len();
    let start = match row {
        Some(row) => {
            let (applied_sum, done, finished): (String, i32, bool) =
                (row.get(0), row.get(1), row.get(2));
            if applied_sum != sum {
                return Err(ApplyError::Edited { name: name.into() });
            }
            if finished {
                progress(Progress::AlreadyApplied);
                return Ok(Applied {
                    steps_skipped: total,
                    ..Applied::default()
                });
            }
            let done = usize::try_from(done).unwrap_or_default();
            progress(Progress::Resuming { from: done + 1 });
            done
        }
        None => {
            client
                .execute(
                    &format!(
                        "INSERT INTO {HISTORY_SCHEMA}.migrations (name, checksum, steps_total)
                         VALUES ($1, $2, $3)"
                    ),
                    &[&name, &sum, &(total as i32)],
                )
                .map_err(db("recording the migration"))?;
            0
        }
    };
    let mut applied = Applied {
        steps_skipped: start,
        ..Applied::default()
    };
    for (index, step) in plan.steps.iter().enumerate().skip(start) {
        let number = index + 1;
        progress(Progress::Step {
            number,
            total,
            step,
        });
        let began = Instant::now();
        let mut attempt = 0;
        loop {
            match run_step(client, name, number, step, options) {
                Ok(()) => break,
                Err(error)
                    if error.code() == Some(&SqlState::LOCK_NOT_AVAILABLE)
                        && attempt < options.max_retries =>
                {
                    attempt += 1;
                    applied.retries += 1;
                    let delay = backoff(options.retry_delay, attempt);
                    progress(Progress::Retry {
                        number,
                        attempt,
                        delay,
                    });
                    std::thread::sleep(delay);
                }
                Err(source) => {
                    return Err(ApplyError::Step {
                        number,
                        description: step.description.clone(),
                        source,
                    })
                }
            }
        }
        applied.steps_run += 1;
        progress(Progress::Done {
            number,
            elapsed: began.elapsed(),
        });
    }
    client
        .execute(
            &format!("UPDATE {HISTORY_SCHEMA}.migrations SET finished_at = now() WHERE name = $1"),
            &[&name],
        )
        .map_err(db("recording the end of the migration"))?;
    Ok(applied)
}

/// Runs one step with its timeouts and records it; a transactional step and its record
/// commit together.
fn run_step(
    client: &mut Client,
    name: &str,
    number: usize,
    step: &Step,
    options: &ApplyOptions,
) -> Result<(), postgres::Error> {
    let settings = settings(step, options);
    let record = format!("UPDATE {HISTORY_SCHEMA}.migrations SET steps_done = $1 WHERE name = $2");
    let done = number as i32;
    if step.transactional {
        let mut tx = client.transaction()?;
        tx.batch_execute(&settings.replace("SET ", "SET LOCAL "))?;
        for statement in split_statements(&step.sql) {
            tx.batch_execute(statement)?;
        }
        tx.execute(&record, &[&done, &name])?;
        tx.commit()
    } else {
        client.batch_execute(&settings)?;
        let result = prepare_index_build(client, step).and_then(|build| {
            if !build {
                return Ok(());
            }
            split_statements(&step.sql)
                .into_iter()
                .try_for_each(|statement| client.batch_execute(statement))
        });
        // Back to the session's defaults before anything else runs on this connection.
        client.batch_execute("RESET lock_timeout; RESET statement_timeout;")?;
        result?;
        client.execute(&record, &[&done, &name])?;
        Ok(())
    }
}

/// Before a step that builds an index concurrently: whether to run it. Not when the index
/// is there and valid (an earlier run finished; on Citus, `CREATE INDEX CONCURRENTLY IF NOT
/// EXISTS` over a built index marks it invalid). An INVALID index an earlier, interrupted
/// run left behind (a killed or failed build) is dropped, so that the step builds it again
/// instead of keeping it through `IF NOT EXISTS`.
pub fn prepare_index_build(client: &mut Client, step: &Step) -> Result<bool, postgres::Error> {
    let Some(index) = step.index_built_concurrently() else {
        return Ok(true);
    };
    let valid: Option<bool> = client
        .query_opt(
            "SELECT indisvalid FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass($1)",
            &[&index],
        )?
        .map(|row| row.get(0));
    match valid {
        Some(true) => Ok(false),
        Some(false) => {
            client.batch_execute(&format!("DROP INDEX CONCURRENTLY IF EXISTS {index}"))?;
            Ok(true)
        }
        None => Ok(true),
    }
}

/// `SET lock_timeout = ...; SET statement_timeout = ...;` for the step.
fn settings(step: &Step, options: &ApplyOptions) -> String {
    let statement = match options.statement_timeout {
        Some(timeout) if !step.runs_long() => timeout.as_millis(),
        _ => 0,
    };
    format!(
        "SET lock_timeout = {}; SET statement_timeout = {statement};",
        options.lock_timeout.as_millis().max(1)
    )
}

/// `base * 2^(attempt - 1)` plus up to as much again, so that deploys retrying together
/// spread out.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let exponential = base.saturating_mul(1 << (attempt - 1).min(16));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = exponential.mul_f64(f64::from(nanos % 1000) / 1000.0);
    exponential + jitter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter() {
        let base = Duration::from_millis(100);
        for attempt in 1..5 {
            let delay = backoff(base, attempt);
            let floor = base * (1 << (attempt - 1));
            assert!(delay >= floor && delay <= floor * 2, "{attempt}: {delay:?}");
        }
    }

    #[test]
    fn catalog_steps_are_bounded_and_scans_are_not() {
        use crate::plan::Hazard;
        let step = |hazards: Vec<Hazard>| Step {
            description: String::new(),
            sql: String::new(),
            hazards,
            transactional: true,
            lock_timeout: None,
            statement_timeout: None,
            findings: Vec::new(),
        };
        let options = ApplyOptions::default();
        assert_eq!(
            settings(&step(vec![]), &options),
            "SET lock_timeout = 200; SET statement_timeout = 60000;"
        );
        assert_eq!(
            settings(&step(vec![Hazard::ScansTable]), &options),
            "SET lock_timeout = 200; SET statement_timeout = 0;"
        );
    }
}
