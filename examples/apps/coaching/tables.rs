//! The tables of the write-up the demo does not have. The write-up names them and says
//! what each is for, without columns: every column here is plausible rather than copied.
//! RLS is on for all of them, as the write-up says of every table; admins are found by
//! the SECURITY DEFINER `is_admin()`.

// Clippy's `duplicated_attributes` mistakes two policies with the same roles for one
// attribute written twice (rust-clippy#13238).
#![allow(clippy::duplicated_attributes)]

use super::enums::{AttachmentType, MaintenanceActionType, MaintenanceStatus, NotificationType};
use super::functions::MarkCurrentFileVersion;
use crate::demo::enums::{Language, MfaMethod};
use crate::demo::tables::{Conversation, FileUpload, Message, Notification, Session, User};
use chrono::{DateTime, NaiveTime, Utc};
use schemata::Table;
use serde_json::Value as Json;
use std::net::IpAddr;
use uuid::Uuid;

// ---- User management ------------------------------------------------------------------

/// MFA audit logging: enrolments, challenges, recoveries.
#[derive(Debug, Clone, Table)]
#[table(name = "mfa_events", rls)]
#[index(on(user_id, created_at(desc)))]
#[policy(
    name = "users read own mfa events",
    command = "select",
    roles(authenticated),
    using = "user_id = auth.uid()"
)]
#[policy(
    name = "admins read mfa events",
    command = "select",
    roles(authenticated),
    using = "public.is_admin()"
)]
pub struct MfaEvent {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(
        check = "event_type IN ('enrolled', 'verified', 'failed', 'disabled', 'backup_code_used', 'recovery')"
    )]
    pub event_type: String,
    pub method: Option<MfaMethod>,
    pub ip_address: Option<IpAddr>,
    pub user_agent: Option<String>,
    #[column(default = "'{}'::jsonb")]
    pub metadata: Json,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

// ---- Session management ---------------------------------------------------------------

/// Session-file associations (many-to-many).
#[derive(Debug, Clone, Table)]
#[table(name = "session_files", rls, primary_key(session_id, file_id))]
#[index(on(file_id))]
#[policy(
    name = "participants read session files",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_files.session_id AND (s.coach_id = auth.uid() OR s.client_id = auth.uid()))"
)]
#[policy(
    name = "coaches manage session files",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_files.session_id AND s.coach_id = auth.uid())",
    with_check = "EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_files.session_id AND s.coach_id = auth.uid())"
)]
pub struct SessionFile {
    #[column(references = Session, on_delete = "cascade")]
    pub session_id: Uuid,
    #[column(references = FileUpload, on_delete = "cascade")]
    pub file_id: Uuid,
    #[column(references = User, on_delete = "set null")]
    pub attached_by: Option<Uuid>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

// ---- File management ------------------------------------------------------------------

/// Version control for files: every upload of a file, one of them current.
#[derive(Debug, Clone, Table)]
#[table(name = "file_versions", rls, unique(file_id, version_number))]
#[index(
    name = "file_versions_one_current_idx",
    unique,
    on(file_id),
    where = "is_current"
)]
#[policy(
    name = "owners manage file versions",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM file_uploads f WHERE f.id = file_versions.file_id AND f.user_id = auth.uid())",
    with_check = "EXISTS (SELECT 1 FROM file_uploads f WHERE f.id = file_versions.file_id AND f.user_id = auth.uid())"
)]
#[trigger(name = "file_versions_mark_current", before, events(insert), function = MarkCurrentFileVersion)]
pub struct FileVersion {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = FileUpload, on_delete = "cascade")]
    pub file_id: Uuid,
    #[column(check = "version_number > 0")]
    pub version_number: i32,
    #[column(unique)]
    pub storage_path: String,
    #[column(check = "file_size > 0")]
    pub file_size: i64,
    #[column(references = User, on_delete = "set null")]
    pub created_by: Option<Uuid>,
    pub change_summary: Option<String>,
    #[column(default_value = false)]
    pub is_current: bool,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Secure temporary sharing links.
#[derive(Debug, Clone, Table)]
#[table(name = "temporary_shares", rls)]
#[table(check(
    name = "temporary_shares_download_limit",
    expr = "max_downloads IS NULL OR download_count <= max_downloads"
))]
#[index(on(expires_at), where = "is_active")]
#[policy(
    name = "creators manage temporary shares",
    roles(authenticated),
    using = "created_by = auth.uid()",
    with_check = "created_by = auth.uid()"
)]
pub struct TemporaryShare {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = FileUpload, on_delete = "cascade")]
    pub file_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub created_by: Uuid,
    /// The secret in the link: 32 random bytes (pgcrypto), hex-encoded.
    #[column(unique, default = "encode(gen_random_bytes(32), 'hex')")]
    pub token: String,
    pub password_hash: Option<String>,
    pub expires_at: DateTime<Utc>,
    #[column(check = "max_downloads > 0")]
    pub max_downloads: Option<i32>,
    #[column(default_value = 0, check = "download_count >= 0")]
    pub download_count: i32,
    #[column(default_value = true)]
    pub is_active: bool,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Download analytics and tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "file_download_tracking", rls)]
#[index(on(file_id, downloaded_at(desc)))]
#[index(
    name = "file_download_tracking_at_brin",
    method = "brin",
    on(downloaded_at)
)]
#[policy(
    name = "owners read downloads of their files",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM file_uploads f WHERE f.id = file_download_tracking.file_id AND f.user_id = auth.uid())"
)]
#[policy(
    name = "users record their downloads",
    command = "insert",
    roles(authenticated),
    with_check = "downloaded_by = auth.uid()"
)]
pub struct FileDownload {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = FileUpload, on_delete = "cascade")]
    pub file_id: Uuid,
    #[column(references = User, on_delete = "set null")]
    pub downloaded_by: Option<Uuid>,
    #[column(references = TemporaryShare, on_delete = "set null")]
    pub temporary_share_id: Option<Uuid>,
    pub ip_address: Option<IpAddr>,
    pub user_agent: Option<String>,
    #[column(default = "now()")]
    pub downloaded_at: DateTime<Utc>,
}

/// File security scanning.
#[derive(Debug, Clone, Table)]
#[table(name = "virus_scan_results", rls)]
#[index(on(file_id, scanned_at(desc)))]
#[index(
    name = "virus_scan_results_infected_idx",
    on(file_id),
    where = "status = 'infected'"
)]
#[policy(
    name = "owners read scans of their files",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM file_uploads f WHERE f.id = virus_scan_results.file_id AND f.user_id = auth.uid())"
)]
#[policy(
    name = "admins manage scans",
    roles(authenticated),
    using = "public.is_admin()",
    with_check = "public.is_admin()"
)]
pub struct VirusScanResult {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = FileUpload, on_delete = "cascade")]
    pub file_id: Uuid,
    pub scanner: String,
    #[column(
        default_value = "pending",
        check = "status IN ('pending', 'clean', 'infected', 'error')"
    )]
    pub status: String,
    pub threat_name: Option<String>,
    #[column(default = "'{}'::jsonb")]
    pub details: Json,
    #[column(default = "now()")]
    pub scanned_at: DateTime<Utc>,
}

// ---- Messaging ------------------------------------------------------------------------

/// Emoji reactions system.
#[derive(Debug, Clone, Table)]
#[table(
    name = "message_reactions",
    rls,
    primary_key(message_id, user_id, emoji)
)]
#[policy(
    name = "participants read reactions",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM messages m JOIN conversation_participants p ON p.conversation_id = m.conversation_id WHERE m.id = message_reactions.message_id AND p.user_id = auth.uid())"
)]
#[policy(
    name = "users manage own reactions",
    roles(authenticated),
    using = "user_id = auth.uid()",
    with_check = "user_id = auth.uid()"
)]
pub struct MessageReaction {
    #[column(references = Message, on_delete = "cascade")]
    pub message_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(check = "char_length(emoji) BETWEEN 1 AND 32")]
    pub emoji: String,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// File attachments with thumbnails.
#[derive(Debug, Clone, Table)]
#[table(name = "message_attachments", rls)]
#[index(on(message_id))]
#[policy(
    name = "participants read attachments",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM messages m JOIN conversation_participants p ON p.conversation_id = m.conversation_id WHERE m.id = message_attachments.message_id AND p.user_id = auth.uid())"
)]
#[policy(
    name = "senders add attachments",
    command = "insert",
    roles(authenticated),
    with_check = "EXISTS (SELECT 1 FROM messages m WHERE m.id = message_attachments.message_id AND m.sender_id = auth.uid())"
)]
pub struct MessageAttachment {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Message, on_delete = "cascade")]
    pub message_id: Uuid,
    #[column(references = FileUpload, on_delete = "set null")]
    pub file_id: Option<Uuid>,
    #[column(default_value = "other")]
    pub attachment_type: AttachmentType,
    pub file_name: String,
    #[column(check = "file_size >= 0")]
    pub file_size: Option<i64>,
    pub mime_type: Option<String>,
    pub url: String,
    pub thumbnail_url: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Read status tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "message_read_receipts", rls, primary_key(message_id, user_id))]
#[index(on(user_id, read_at(desc)))]
#[policy(
    name = "users manage own receipts",
    roles(authenticated),
    using = "user_id = auth.uid()",
    with_check = "user_id = auth.uid()"
)]
#[policy(
    name = "senders read receipts of their messages",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM messages m WHERE m.id = message_read_receipts.message_id AND m.sender_id = auth.uid())"
)]
pub struct MessageReadReceipt {
    #[column(references = Message, on_delete = "cascade")]
    pub message_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(default = "now()")]
    pub read_at: DateTime<Utc>,
}

/// Real-time typing status.
#[derive(Debug, Clone, Table)]
#[table(name = "typing_indicators", rls, primary_key(conversation_id, user_id))]
#[policy(
    name = "participants see typing",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = typing_indicators.conversation_id AND p.user_id = auth.uid())"
)]
#[policy(
    name = "users manage own typing",
    roles(authenticated),
    using = "user_id = auth.uid()",
    with_check = "user_id = auth.uid()"
)]
pub struct TypingIndicator {
    #[column(references = Conversation, on_delete = "cascade")]
    pub conversation_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(default = "now()")]
    pub started_at: DateTime<Utc>,
    #[column(default = "now() + interval '10 seconds'")]
    pub expires_at: DateTime<Utc>,
}

// ---- Notifications --------------------------------------------------------------------

/// Granular user preferences, one row per user.
#[derive(Debug, Clone, Table)]
#[table(name = "notification_preferences", rls, updated_at)]
#[policy(
    name = "users manage own preferences",
    roles(authenticated),
    using = "user_id = auth.uid()",
    with_check = "user_id = auth.uid()"
)]
pub struct NotificationPreferences {
    #[column(primary_key, references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(default_value = true)]
    pub email_enabled: bool,
    #[column(default_value = true)]
    pub push_enabled: bool,
    #[column(default_value = true)]
    pub inapp_enabled: bool,
    pub quiet_hours_start: Option<NaiveTime>,
    pub quiet_hours_end: Option<NaiveTime>,
    #[column(default_value = "UTC")]
    pub timezone: String,
    #[column(default_value = "en")]
    pub language: Language,
    /// Per notification type and channel, such as `{"session_reminder": {"push": false}}`.
    #[column(default = "'{}'::jsonb")]
    pub per_type: Json,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Templated notifications with i18n (English and Hebrew, right to left).
#[derive(Debug, Clone, Table)]
#[table(name = "notification_templates", rls, updated_at)]
#[table(unique(kind, channel, language))]
#[policy(
    name = "signed-in users read templates",
    command = "select",
    roles(authenticated),
    using = "is_active"
)]
#[policy(
    name = "admins manage templates",
    roles(authenticated),
    using = "public.is_admin()",
    with_check = "public.is_admin()"
)]
pub struct NotificationTemplate {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(name = "type")]
    pub kind: NotificationType,
    #[column(check = "channel IN ('email', 'push', 'inapp')")]
    pub channel: String,
    #[column(default_value = "en")]
    pub language: Language,
    pub subject: Option<String>,
    pub body: String,
    /// Placeholders the body uses, such as `{coach_name}`.
    #[column(default = "'{}'")]
    pub variables: Vec<String>,
    /// Right-to-left text (Hebrew).
    #[column(default_value = false)]
    pub is_rtl: bool,
    #[column(default_value = true)]
    pub is_active: bool,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Comprehensive delivery tracking: one row per attempt on one channel.
#[derive(Debug, Clone, Table)]
#[table(name = "notification_delivery_logs", rls)]
#[index(on(notification_id, created_at))]
#[index(
    name = "notification_delivery_logs_failed_idx",
    on(created_at(desc)),
    where = "status = 'failed'"
)]
#[policy(
    name = "users read delivery of their notifications",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM notifications n WHERE n.id = notification_delivery_logs.notification_id AND n.user_id = auth.uid())"
)]
#[policy(
    name = "admins read delivery logs",
    command = "select",
    roles(authenticated),
    using = "public.is_admin()"
)]
pub struct NotificationDeliveryLog {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = Notification, on_delete = "cascade")]
    pub notification_id: Uuid,
    #[column(check = "channel IN ('email', 'push', 'inapp')")]
    pub channel: String,
    #[column(
        check = "status IN ('queued', 'sent', 'delivered', 'failed', 'bounced', 'opened', 'clicked')"
    )]
    pub status: String,
    pub provider: Option<String>,
    pub provider_message_id: Option<String>,
    pub error_message: Option<String>,
    #[column(default_value = 1, check = "attempt > 0")]
    pub attempt: i32,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Push notification endpoints (Web Push subscriptions).
#[derive(Debug, Clone, Table)]
#[table(name = "push_subscriptions", rls)]
#[index(on(user_id), where = "is_active")]
#[policy(
    name = "users manage own subscriptions",
    roles(authenticated),
    using = "user_id = auth.uid()",
    with_check = "user_id = auth.uid()"
)]
pub struct PushSubscription {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(unique)]
    pub endpoint: String,
    pub p256dh: String,
    pub auth_key: String,
    pub user_agent: Option<String>,
    #[column(default_value = true)]
    pub is_active: bool,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Scheduled delivery system.
#[derive(Debug, Clone, Table)]
#[table(name = "scheduled_notifications", rls, updated_at)]
#[index(
    name = "scheduled_notifications_due_idx",
    on(scheduled_for),
    where = "status = 'pending'"
)]
#[policy(
    name = "users read own scheduled notifications",
    command = "select",
    roles(authenticated),
    using = "user_id = auth.uid()"
)]
#[policy(
    name = "admins manage scheduled notifications",
    roles(authenticated),
    using = "public.is_admin()",
    with_check = "public.is_admin()"
)]
pub struct ScheduledNotification {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(name = "type")]
    pub kind: NotificationType,
    #[column(
        default_value = "inapp",
        check = "channel IN ('email', 'push', 'inapp')"
    )]
    pub channel: String,
    pub title: String,
    pub message: String,
    #[column(default = "'{}'::jsonb")]
    pub data: Json,
    pub scheduled_for: DateTime<Utc>,
    #[column(
        default_value = "pending",
        check = "status IN ('pending', 'sent', 'cancelled', 'failed')"
    )]
    pub status: String,
    #[column(default_value = 0, check = "attempts >= 0")]
    pub attempts: i32,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

// ---- Analytics and monitoring ---------------------------------------------------------

/// System maintenance tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "maintenance_logs", rls)]
#[table(check(
    name = "maintenance_logs_completed_after_start",
    expr = "completed_at IS NULL OR completed_at >= started_at"
))]
#[index(on(action, started_at(desc)))]
#[policy(
    name = "admins manage maintenance logs",
    roles(authenticated),
    using = "public.is_admin()",
    with_check = "public.is_admin()"
)]
pub struct MaintenanceLog {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub action: MaintenanceActionType,
    #[column(default_value = "started")]
    pub status: MaintenanceStatus,
    #[column(references = User, on_delete = "set null")]
    pub started_by: Option<Uuid>,
    #[column(default = "now()")]
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// How long it took, computed by the database.
    #[column(sql_type = "interval", generated = "completed_at - started_at")]
    pub duration: Option<String>,
    #[column(default = "'{}'::jsonb")]
    pub details: Json,
    pub error_message: Option<String>,
}

/// Health monitoring: one row per check run.
#[derive(Debug, Clone, Table)]
#[table(name = "system_health_checks", rls)]
#[index(on(check_name, checked_at(desc)))]
#[policy(
    name = "admins read health checks",
    command = "select",
    roles(authenticated),
    using = "public.is_admin()"
)]
pub struct SystemHealthCheck {
    #[column(primary_key, identity)]
    pub id: i64,
    pub check_name: String,
    #[column(check = "status IN ('healthy', 'degraded', 'unhealthy')")]
    pub status: String,
    #[column(check = "response_time_ms >= 0")]
    pub response_time_ms: Option<i32>,
    #[column(default = "'{}'::jsonb")]
    pub details: Json,
    #[column(default = "now()")]
    pub checked_at: DateTime<Utc>,
}

/// Backup operation tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "database_backups", rls)]
#[index(on(started_at(desc)))]
#[policy(
    name = "admins manage backups",
    roles(authenticated),
    using = "public.is_admin()",
    with_check = "public.is_admin()"
)]
pub struct DatabaseBackup {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(check = "backup_type IN ('full', 'incremental', 'schema_only')")]
    pub backup_type: String,
    #[column(default_value = "started")]
    pub status: MaintenanceStatus,
    pub storage_location: Option<String>,
    #[column(check = "size_bytes >= 0")]
    pub size_bytes: Option<i64>,
    #[column(references = MaintenanceLog, on_delete = "set null")]
    pub maintenance_log_id: Option<Uuid>,
    #[column(references = User, on_delete = "set null")]
    pub created_by: Option<Uuid>,
    #[column(default = "now()")]
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}
