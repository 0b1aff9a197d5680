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
    /// Rows updated per transaction when the online plan fills a new column whose default
    /// is volatile (`gen_random_uuid()`, `clock_timestamp()`) on an existing table.
    pub backfill_batch: u32,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            offline: false,
            lock_timeout: Some(Duration::from_secs(5)),
            backfill_batch: 10_000,
        }
    }
}
