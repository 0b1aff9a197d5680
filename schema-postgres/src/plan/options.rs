//! The choices a caller makes about a plan.

use std::time::Duration;

/// How to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// Use the plain forms instead of the online ones: `CREATE INDEX` without
    /// `CONCURRENTLY`, constraints validated as they are added, `SET NOT NULL` directly.
    /// Shorter plans that block writes (and often reads) while they scan; fine for a
    /// database nobody uses during the migration.
    pub offline: bool,
    /// Set as `lock_timeout` before every step, so that a step waiting for a lock gives up
    /// instead of stalling every query queued behind it. `None` leaves the setting alone.
    pub lock_timeout: Option<Duration>,
    /// Set as `statement_timeout` before every step that only changes the catalog, so that
    /// a step stuck for an unforeseen reason ends instead of holding its locks; steps that
    /// scan, rewrite or build (validations, concurrent index builds, backfills) set it to
    /// 0, unbounded, on purpose. `None` leaves the setting alone.
    pub statement_timeout: Option<Duration>,
    /// Rows updated per transaction when the online plan fills a new column whose default
    /// is volatile (`gen_random_uuid()`, `clock_timestamp()`) on an existing table.
    pub backfill_batch: u32,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            offline: false,
            // Short: every query behind a step waiting for its lock waits as long (apply
            // retries a step that gave up).
            lock_timeout: Some(Duration::from_secs(1)),
            statement_timeout: Some(Duration::from_secs(60)),
            backfill_batch: 10_000,
        }
    }
}
