//! What can go wrong when a step runs against a database in use.

use std::fmt;

/// A risk a step carries. Each step lists all of its hazards; a step without any is
/// metadata-only or works on objects the plan itself has just created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Hazard {
    /// Rows or column values are deleted (a dropped table or column) or changed beyond
    /// recovery (a type change that rounds or truncates). The only hazard that makes
    /// `schemactl diff` refuse a plan without `--allow-hazards`.
    DeletesData,
    /// Postgres rewrites the whole table and its indexes, holding an ACCESS EXCLUSIVE
    /// lock throughout: reads and writes wait for as long as the rewrite takes.
    RewritesTable,
    /// Takes an ACCESS EXCLUSIVE lock on a table that already exists: every query on the
    /// table waits for the step, and the step waits for every running query. Brief unless
    /// the step also rewrites or scans the table; `lock_timeout` makes the step fail
    /// rather than queue behind a long query (run it again later).
    AccessExclusiveLock,
    /// Builds an index, reading the whole table. Online plans build it `CONCURRENTLY`,
    /// which lets writes continue but takes longer, cannot run in a transaction and, if it
    /// fails, leaves an invalid index behind that must be dropped before a retry.
    BuildsIndex,
    /// Reads every row to validate a constraint or NOT NULL. Online plans do it with
    /// `VALIDATE CONSTRAINT`, which lets reads and writes continue.
    ScansTable,
    /// Fails if existing rows do not fit the new definition: a new unique or primary key
    /// over duplicates, NOT NULL over NULLs, a check or foreign key the rows violate, a
    /// type change whose cast fails, an enum value removed while rows still hold it.
    MayFailOnExistingData,
    /// Changes who may read or write which rows: row-level security switched on or off,
    /// or a policy created, dropped or altered.
    ChangesAuthorization,
    /// Citus copies the table's rows between nodes: to shards on the workers when it is
    /// distributed, to every node for a reference table, back to the coordinator when it
    /// is undistributed, to new shards when its column, shard count or group changes.
    /// Takes as long as the rows take to copy; writes wait unless the step is
    /// `create_distributed_table_concurrently`.
    MovesData,
}

impl Hazard {
    /// Every hazard, in the order plans list them.
    pub const ALL: [Hazard; 8] = [
        Hazard::DeletesData,
        Hazard::RewritesTable,
        Hazard::AccessExclusiveLock,
        Hazard::BuildsIndex,
        Hazard::ScansTable,
        Hazard::MayFailOnExistingData,
        Hazard::ChangesAuthorization,
        Hazard::MovesData,
    ];

    /// A short name in kebab case, as plans print it: `deletes-data`.
    pub fn name(self) -> &'static str {
        match self {
            Hazard::DeletesData => "deletes-data",
            Hazard::RewritesTable => "rewrites-table",
            Hazard::AccessExclusiveLock => "access-exclusive-lock",
            Hazard::BuildsIndex => "builds-index",
            Hazard::ScansTable => "scans-table",
            Hazard::MayFailOnExistingData => "may-fail-on-existing-data",
            Hazard::ChangesAuthorization => "changes-authorization",
            Hazard::MovesData => "moves-data",
        }
    }

    /// One line saying what the hazard means, for plan comments.
    pub fn description(self) -> &'static str {
        match self {
            Hazard::DeletesData => "data is deleted and cannot be recovered",
            Hazard::RewritesTable => "the table is rewritten while reads and writes wait",
            Hazard::AccessExclusiveLock => "reads and writes on the table wait for this step",
            Hazard::BuildsIndex => "an index is built by reading the whole table",
            Hazard::ScansTable => "every row of the table is read",
            Hazard::MayFailOnExistingData => "fails if existing rows do not fit",
            Hazard::ChangesAuthorization => "changes who may read or write which rows",
            Hazard::MovesData => "Citus copies the table's rows between nodes",
        }
    }

    /// Whether the hazard loses data, which a plan must not do without the user's consent.
    pub fn is_data_loss(self) -> bool {
        self == Hazard::DeletesData
    }
}

impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
