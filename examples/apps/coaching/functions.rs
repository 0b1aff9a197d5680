//! The write-up's database functions. It gives their names and purpose, not their
//! bodies; these are written from the purpose and the tables (in `sql/`). Analytics are
//! `sql` functions (checked by Postgres when created), maintenance is `plpgsql`.

use super::enums::AuditActionType;
use chrono::{DateTime, Utc};
use schemata::Function;
use serde_json::Value as Json;
use std::net::IpAddr;
use uuid::Uuid;

/// Whether the signed-in user is an admin. SECURITY DEFINER, so policies can call it
/// without the `users` policies applying (or recursing).
#[derive(Function)]
#[function(
    returns = "boolean",
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = "SELECT EXISTS (SELECT 1 FROM public.users WHERE id = auth.uid() AND role = 'admin')"
)]
pub struct IsAdmin;

/// Notification metrics over a period: totals, delivery and read rates.
#[derive(Function)]
#[function(
    args(
        p_from: DateTime<Utc> = "now() - interval '30 days'",
        p_to: DateTime<Utc> = "now()"
    ),
    returns = "table(total bigint, sent bigint, delivered bigint, read bigint, failed bigint, sent_rate numeric, read_rate numeric)",
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = include_str!("sql/get_notification_overview_stats.sql")
)]
pub struct GetNotificationOverviewStats;

/// Notifications sent and read per hour, day or week.
#[derive(Function)]
#[function(
    args(
        p_from: DateTime<Utc> = "now() - interval '7 days'",
        p_to: DateTime<Utc> = "now()",
        p_granularity: String = "'day'"
    ),
    returns = "table(bucket timestamptz, sent bigint, read bigint)",
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = include_str!("sql/get_notification_time_series.sql")
)]
pub struct GetNotificationTimeSeries;

/// Per user: completed sessions, messages, reflections and uploads in the last days.
#[derive(Function)]
#[function(
    args(p_days: i32 = "30"),
    returns = "table(user_id uuid, sessions bigint, messages bigint, reflections bigint, uploads bigint, last_seen_at timestamptz)",
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = include_str!("sql/get_user_engagement_metrics.sql")
)]
pub struct GetUserEngagementMetrics;

/// The latest result of each health check, failures and backups, as one JSON document.
#[derive(Function)]
#[function(
    returns = Json,
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = include_str!("sql/get_system_health_stats.sql")
)]
pub struct GetSystemHealthStats;

/// Deletes read notifications older than the retention period; returns how many.
#[derive(Function)]
#[function(
    args(p_days_to_keep: i32 = "90"),
    returns = i32,
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/cleanup_old_notifications.sql")
)]
pub struct CleanupOldNotifications;

/// Deletes old MFA attempts and events; returns how many.
#[derive(Function)]
#[function(
    returns = i32,
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/cleanup_mfa_data.sql")
)]
pub struct CleanupMfaData;

/// Every cleanup task, with a dry run (the default) that only counts.
#[derive(Function)]
#[function(
    args(p_dry_run: bool = "true"),
    returns = "table(task text, affected bigint)",
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/comprehensive_database_cleanup.sql")
)]
pub struct ComprehensiveDatabaseCleanup;

/// Whether another MFA attempt is allowed: fewer failures than the limit in the window,
/// for the user or from the address.
#[derive(Function)]
#[function(
    args(
        p_user_id: Uuid,
        p_ip_address: Option<IpAddr> = "NULL",
        p_max_attempts: i32 = "5",
        p_window_minutes: i32 = "15"
    ),
    returns = bool,
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = include_str!("sql/check_mfa_rate_limit.sql")
)]
pub struct CheckMfaRateLimit;

/// Records an audit event for the signed-in user; returns its id.
#[derive(Function)]
#[function(
    args(
        p_action: AuditActionType,
        p_resource_type: Option<String> = "NULL",
        p_resource_id: Option<Uuid> = "NULL",
        p_details: Json = "'{}'::jsonb",
        p_ip_address: Option<IpAddr> = "NULL",
        p_user_agent: Option<String> = "NULL"
    ),
    returns = i64,
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/log_audit_event.sql")
)]
pub struct LogAuditEvent;

/// Data integrity checks, each with the number of rows that fail it.
#[derive(Function)]
#[function(
    returns = "table(check_name text, problems bigint)",
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = include_str!("sql/verify_database_integrity.sql")
)]
pub struct VerifyDatabaseIntegrity;

/// Rows, size, indexes and policies per table, from `database_schema_summary`.
#[derive(Function)]
#[function(
    returns = "table(table_name text, estimated_rows bigint, total_size text, indexes bigint, policies bigint)",
    language = "sql",
    volatility = "stable",
    body = include_str!("sql/get_database_statistics.sql")
)]
pub struct GetDatabaseStatistics;

/// Makes a new file version the current one.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    body = include_str!("sql/mark_current_file_version.sql")
)]
pub struct MarkCurrentFileVersion;

/// Keeps `conversations.last_message_at` up to date. SECURITY DEFINER: senders may not
/// update the conversation themselves.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/touch_conversation.sql")
)]
pub struct TouchConversation;
