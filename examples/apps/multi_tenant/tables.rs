//! Tables of the multi-tenant app. The tenant key `org_id` is the distribution column of
//! every tenant table and part of every primary key, unique constraint and foreign key
//! between them, as Citus requires (the derive checks it).

use chrono::{DateTime, Utc};
use schemata::{PgEnum, Table};
use serde_json::Value as Json;
use uuid::Uuid;

/// Where a coaching session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
#[pg_enum(name = "session_status")]
pub enum SessionStatus {
    Scheduled,
    Completed,
    Cancelled,
}

/// A subscription plan: a lookup every tenant table may reference, copied to every node.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "plans", reference)]
pub struct Plan {
    #[column(primary_key)]
    pub id: String,
    pub name: String,
    pub seats: i32,
}

/// A country, by ISO code: another lookup copied to every node.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "countries", reference)]
pub struct Country {
    #[column(primary_key, sql_type = "char(2)")]
    pub code: String,
    pub name: String,
}

/// A customer organization: the tenant. Its shards start the colocation group the other
/// tenant tables join.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "organizations", distributed_by = org_id, shard_count = 8)]
pub struct Organization {
    #[column(primary_key)]
    pub org_id: Uuid,
    pub name: String,
    #[column(references = Plan)]
    pub plan_id: String,
    #[column(references = Country, sql_type = "char(2)")]
    pub country_code: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// A coach or client of one organization.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(
    name = "members",
    distributed_by = org_id,
    colocate_with = Organization,
    primary_key(org_id, id),
    unique(org_id, email),
    foreign_key(columns(org_id), references = Organization, on_delete = "cascade")
)]
#[index(on(org_id, last_seen_at))]
pub struct Member {
    pub org_id: Uuid,
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    #[column(default_value = false)]
    pub is_coach: bool,
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// A session between a coach and a client of the same organization.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(
    name = "sessions",
    distributed_by = org_id,
    colocate_with = Organization,
    primary_key(org_id, id),
    foreign_key(columns(org_id, coach_id), references = Member),
    foreign_key(columns(org_id, client_id), references = Member),
    check(name = "sessions_ends_after_start", expr = "ends_at > starts_at")
)]
#[index(on(org_id, coach_id, starts_at))]
pub struct Session {
    pub org_id: Uuid,
    pub id: Uuid,
    pub coach_id: Uuid,
    pub client_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[column(default_value = "scheduled")]
    pub status: SessionStatus,
}

/// A coach's note on a session.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(
    name = "session_notes",
    distributed_by = org_id,
    colocate_with = Organization,
    primary_key(org_id, id),
    foreign_key(columns(org_id, session_id), references = Session, on_delete = "cascade")
)]
pub struct SessionNote {
    pub org_id: Uuid,
    pub id: Uuid,
    pub session_id: Uuid,
    pub body: String,
    #[column(default = "now()")]
    pub written_at: DateTime<Utc>,
}

/// What happened, kept per organization: a large append-only table sharded like the rest
/// but with more shards of its own, in a group of its own.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(
    name = "audit_events",
    distributed_by = org_id,
    colocate_with = "none",
    shard_count = 16,
    primary_key(org_id, id)
)]
pub struct AuditEvent {
    pub org_id: Uuid,
    // Not an identity column: Citus cannot move a table with one to another group.
    pub id: Uuid,
    pub action: String,
    pub detail: Option<Json>,
    #[column(default = "now()")]
    pub at: DateTime<Utc>,
}
