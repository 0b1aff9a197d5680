//! The tables the write-up defines in its enhancement plan, column by column as written:
//! workflow tracking, analytics, search, audit and GDPR compliance, scheduling. As in the
//! original, most columns are nullable (`DEFAULT NOW()` without `NOT NULL`).

#![allow(clippy::duplicated_attributes)]

use super::existing::{Client, Session};
use super::functions::AuditRowChange;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use schemata::Table;
use serde_json::Value as Json;
use std::net::IpAddr;
use uuid::Uuid;

// ---- 1. Status workflow system ---------------------------------------------------------

/// New workflow tracking table.
#[derive(Debug, Clone, Table)]
#[table(name = "workflow_transitions", rls)]
#[index(
    name = "idx_workflow_transitions_entity",
    on(entity_type, entity_id, transitioned_at)
)]
#[policy(
    name = "Admins manage workflow transitions",
    using = "is_active_admin()"
)]
pub struct WorkflowTransition {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// 'lead', 'client', 'session'
    pub entity_type: String,
    pub entity_id: Uuid,
    pub from_stage: Option<String>,
    pub to_stage: String,
    #[column(default = "NOW()")]
    pub transitioned_at: Option<DateTime<Utc>>,
    pub transitioned_by: String,
    pub transition_reason: Option<String>,
    #[column(default_value = false)]
    pub automated: Option<bool>,
    pub metadata: Option<Json>,
}

// ---- 2. Analytics & business intelligence ----------------------------------------------

/// Daily business metrics aggregation.
#[derive(Debug, Clone, Table)]
#[table(name = "daily_business_metrics", rls, unique(metric_date))]
#[policy(
    name = "Admins with analytics permission",
    command = "select",
    using = "EXISTS (
      SELECT 1 FROM admin_users 
      WHERE email = auth.jwt() ->> 'email' 
      AND is_active = true 
      AND can_view_analytics = true
    )"
)]
pub struct DailyBusinessMetrics {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub metric_date: NaiveDate,
    #[column(default_value = 0)]
    pub total_leads: Option<i32>,
    #[column(default_value = 0)]
    pub new_leads: Option<i32>,
    #[column(default_value = 0)]
    pub converted_leads: Option<i32>,
    #[column(sql_type = "decimal(12,2)", default_value = 0)]
    pub total_revenue: Option<Decimal>,
    #[column(sql_type = "decimal(12,2)", default_value = 0)]
    pub pending_revenue: Option<Decimal>,
    #[column(default_value = 0)]
    pub session_count: Option<i32>,
    #[column(default_value = 0)]
    pub gallery_views: Option<i32>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Lead source performance tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "lead_source_analytics", rls)]
#[policy(
    name = "Admins manage lead source analytics",
    using = "is_active_admin()"
)]
pub struct LeadSourceAnalytics {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub source: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[column(default_value = 0)]
    pub lead_count: Option<i32>,
    #[column(default_value = 0)]
    pub conversion_count: Option<i32>,
    #[column(sql_type = "decimal(12,2)", default_value = 0)]
    pub total_revenue: Option<Decimal>,
    #[column(sql_type = "decimal(10,2)", default_value = 0)]
    pub avg_deal_size: Option<Decimal>,
    #[column(sql_type = "decimal(5,2)", default_value = 0)]
    pub conversion_rate: Option<Decimal>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Client lifecycle analytics.
#[derive(Debug, Clone, Table)]
#[table(name = "client_lifecycle_metrics", rls, updated_at)]
#[policy(
    name = "Admins manage client lifecycle metrics",
    using = "is_active_admin()"
)]
pub struct ClientLifecycleMetrics {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Client, on_delete = "cascade")]
    pub client_id: Option<Uuid>,
    pub first_contact_date: Option<NaiveDate>,
    pub first_session_date: Option<NaiveDate>,
    pub last_session_date: Option<NaiveDate>,
    #[column(default_value = 0)]
    pub total_sessions: Option<i32>,
    #[column(sql_type = "decimal(12,2)", default_value = 0)]
    pub total_spent: Option<Decimal>,
    #[column(sql_type = "decimal(10,2)", default_value = 0)]
    pub avg_session_value: Option<Decimal>,
    pub client_lifetime_days: Option<i32>,
    /// active, dormant, churned
    #[column(default_value = "active")]
    pub status: Option<String>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

// ---- 3. Enhanced search & filtering -----------------------------------------------------

/// Saved search filters for admin users.
#[derive(Debug, Clone, Table)]
#[table(name = "saved_searches", rls)]
#[policy(
    name = "Admins manage their saved searches",
    using = "admin_email = auth.jwt() ->> 'email' AND is_active_admin()"
)]
pub struct SavedSearch {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub admin_email: String,
    pub search_name: String,
    /// 'leads', 'clients', 'sessions'
    pub entity_type: String,
    pub search_criteria: Json,
    #[column(default_value = false)]
    pub is_default: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Global search results table for complex queries.
#[derive(Debug, Clone, Table)]
#[table(name = "search_results_cache", rls)]
#[index(on(search_hash))]
#[index(on(expires_at))]
#[policy(name = "Admins use the search cache", using = "is_active_admin()")]
pub struct SearchResultsCache {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub search_hash: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    #[column(sql_type = "decimal(5,3)")]
    pub relevance_score: Option<Decimal>,
    pub matched_fields: Option<Vec<String>>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "(NOW() + INTERVAL '1 hour')")]
    pub expires_at: Option<DateTime<Utc>>,
}

// ---- 4. Comprehensive audit logging ------------------------------------------------------

/// Comprehensive audit log.
#[derive(Debug, Clone, Table)]
#[table(name = "audit_log", rls)]
// Written with `WHERE timestamp >= CURRENT_DATE - INTERVAL '90 days'`, which Postgres
// refuses in an index (CURRENT_DATE is not immutable); the index covers every row.
#[index(name = "idx_audit_log_table_timestamp", on(table_name, timestamp))]
#[policy(
    name = "Admins can view audit log",
    command = "select",
    using = "EXISTS (
      SELECT 1 FROM admin_users 
      WHERE email = auth.jwt() ->> 'email' 
      AND is_active = true
    )"
)]
pub struct AuditLog {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub table_name: String,
    pub record_id: Uuid,
    /// INSERT, UPDATE, DELETE
    pub action: String,
    pub old_values: Option<Json>,
    pub new_values: Option<Json>,
    pub changed_fields: Option<Vec<String>>,
    pub user_email: Option<String>,
    pub user_ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub session_id: Option<String>,
    #[column(default = "NOW()")]
    pub timestamp: Option<DateTime<Utc>>,
    pub metadata: Option<Json>,
}

/// GDPR compliance tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "gdpr_requests", rls)]
#[policy(
    name = "Clients can manage their own GDPR requests",
    using = "client_email = auth.jwt() ->> 'email'
    OR EXISTS (
      SELECT 1 FROM admin_users 
      WHERE email = auth.jwt() ->> 'email' 
      AND is_active = true
    )"
)]
#[trigger(name = "gdpr_requests_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct GdprRequest {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// 'access', 'portability', 'deletion', 'rectification'
    pub request_type: String,
    pub client_email: String,
    #[column(references = Client)]
    pub client_id: Option<Uuid>,
    #[column(default = "NOW()")]
    pub request_date: Option<DateTime<Utc>>,
    pub processed_date: Option<DateTime<Utc>>,
    /// pending, processing, completed, rejected
    #[column(default_value = "pending")]
    pub status: Option<String>,
    pub processed_by: Option<String>,
    pub notes: Option<String>,
    pub data_exported: Option<Json>,
    #[column(default_value = false)]
    pub deletion_confirmed: Option<bool>,
}

/// Data retention policy tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "data_retention_log", rls)]
#[policy(name = "Admins manage data retention", using = "is_active_admin()")]
pub struct DataRetentionLog {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub table_name: String,
    pub record_id: Uuid,
    pub retention_policy: String,
    pub scheduled_deletion_date: Option<NaiveDate>,
    pub deleted_date: Option<NaiveDate>,
    pub deletion_reason: Option<String>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

// ---- 5. Performance & calendar optimization ----------------------------------------------

/// Session scheduling optimization.
#[derive(Debug, Clone, Table)]
#[table(name = "session_availability", rls)]
#[index(on(availability_date, start_time))]
#[policy(name = "Admins manage availability", using = "is_active_admin()")]
pub struct SessionAvailability {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub availability_date: NaiveDate,
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    #[column(default_value = true)]
    pub is_available: Option<bool>,
    /// available, booked, blocked, travel
    #[column(default_value = "available")]
    pub booking_type: Option<String>,
    #[column(references = Session)]
    pub session_id: Option<Uuid>,
    pub notes: Option<String>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Resource allocation tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "session_resources", rls)]
#[policy(name = "Admins manage session resources", using = "is_active_admin()")]
pub struct SessionResource {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Session, on_delete = "cascade")]
    pub session_id: Option<Uuid>,
    /// equipment, location, assistant
    pub resource_type: String,
    pub resource_name: String,
    #[column(default = "NOW()")]
    pub allocated_at: Option<DateTime<Utc>>,
    #[column(default_value = false)]
    pub confirmed: Option<bool>,
    pub notes: Option<String>,
}

/// Session conflict detection.
#[derive(Debug, Clone, Table)]
#[table(name = "scheduling_conflicts", rls)]
#[policy(
    name = "Admins manage scheduling conflicts",
    using = "is_active_admin()"
)]
pub struct SchedulingConflict {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Session)]
    pub session_id_1: Option<Uuid>,
    #[column(references = Session)]
    pub session_id_2: Option<Uuid>,
    /// time_overlap, resource_conflict, travel_time
    pub conflict_type: String,
    /// low, medium, high, critical
    #[column(default_value = "medium")]
    pub severity: Option<String>,
    #[column(default = "NOW()")]
    pub detected_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_notes: Option<String>,
}
