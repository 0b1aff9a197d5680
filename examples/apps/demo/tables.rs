//! Tables of the coaching platform, modelled on the write-up in
//! `shared/seeds/000_01f3fc8515863c04.txt`.

// Clippy's `duplicated_attributes` mistakes two policies that both say
// `roles(authenticated)` for one attribute written twice (rust-clippy#13238).
#![allow(clippy::duplicated_attributes)]

use super::enums::*;
use chrono::{DateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use schemata::Table;
use serde_json::Value as Json;
use std::net::IpAddr;
use uuid::Uuid;

// Policies call Supabase's `auth.uid()` and `auth.jwt()`; the schema declares them as
// external functions. Each call is wrapped as `(select auth.uid())` so that Postgres runs it
// once per statement rather than once per row, and each table has one permissive policy per
// command (the readers' conditions joined with `OR`), so no row is checked twice. Admins are recognised by a claim in their JWT rather than by a lookup
// in `users`, which would make the `users` policies recurse.
/// A person using the platform: extends Supabase's `auth.users` with coaching fields.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "users", rls)]
#[index(on(role, status))]
#[index(name = "users_email_lower_idx", unique, on(expr("lower(email)")))]
#[policy(
    name = "users and admins read profiles",
    command = "select",
    roles(authenticated),
    using = "id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
#[policy(
    name = "users and admins update profiles",
    command = "update",
    roles(authenticated),
    using = "id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'",
    with_check = "id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
#[policy(
    name = "admins add users",
    command = "insert",
    roles(authenticated),
    with_check = "((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
#[policy(
    name = "admins remove users",
    command = "delete",
    roles(authenticated),
    using = "((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
pub struct User {
    /// Same id as the Supabase auth user.
    #[column(primary_key, references = "auth.users(id)", on_delete = "cascade")]
    pub id: Uuid,
    #[column(unique)]
    pub email: String,
    #[column(sql_type = "varchar(100)")]
    pub first_name: Option<String>,
    #[column(sql_type = "varchar(100)")]
    pub last_name: Option<String>,
    #[column(default_value = "client")]
    pub role: UserRole,
    #[column(default_value = "active")]
    pub status: UserStatus,
    #[column(default_value = "en")]
    pub language: Language,
    /// IANA time zone name, such as `Asia/Jerusalem`.
    #[column(default_value = "UTC")]
    pub timezone: String,
    #[column(check = "phone ~ '^\\+?[0-9 ()-]{6,20}$'")]
    pub phone: Option<String>,
    pub avatar_url: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// Weekly time slots in which a coach can be booked.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "coach_availability", rls)]
#[table(unique(coach_id, day_of_week, start_time))]
#[table(check(name = "coach_availability_time_order", expr = "end_time > start_time"))]
#[policy(
    name = "anyone signed in reads availability",
    command = "select",
    roles(authenticated),
    using = "true"
)]
#[policy(
    name = "coaches add availability",
    command = "insert",
    roles(authenticated),
    with_check = "coach_id = (select auth.uid())"
)]
#[policy(
    name = "coaches change availability",
    command = "update",
    roles(authenticated),
    using = "coach_id = (select auth.uid())",
    with_check = "coach_id = (select auth.uid())"
)]
#[policy(
    name = "coaches remove availability",
    command = "delete",
    roles(authenticated),
    using = "coach_id = (select auth.uid())"
)]
pub struct CoachAvailability {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub coach_id: Uuid,
    /// 0 = Sunday ... 6 = Saturday.
    #[column(check = "day_of_week BETWEEN 0 AND 6")]
    pub day_of_week: i16,
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    #[column(default_value = "UTC")]
    pub timezone: String,
    #[column(default_value = true)]
    pub is_available: bool,
}

/// A coaching session between one coach and one client.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "sessions", rls)]
#[index(on(client_id))]
#[index(on(coach_id, client_id))]
#[index(on(status, scheduled_at(desc)))]
#[index(
    name = "sessions_upcoming_idx",
    on(coach_id, scheduled_at),
    where = "status = 'scheduled'"
)]
#[policy(
    name = "participants and admins read sessions",
    command = "select",
    roles(authenticated),
    using = "coach_id = (select auth.uid()) OR client_id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
#[policy(
    name = "coaches and admins add sessions",
    command = "insert",
    roles(authenticated),
    with_check = "coach_id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
#[policy(
    name = "coaches and admins change sessions",
    command = "update",
    roles(authenticated),
    using = "coach_id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'",
    with_check = "coach_id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
#[policy(
    name = "coaches and admins remove sessions",
    command = "delete",
    roles(authenticated),
    using = "coach_id = (select auth.uid()) OR ((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
pub struct Session {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub coach_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub client_id: Uuid,
    #[column(sql_type = "varchar(200)", check = "length(title) > 0")]
    pub title: String,
    pub description: Option<String>,
    pub scheduled_at: DateTime<Utc>,
    #[column(
        default_value = 60,
        check = "duration_minutes > 0 AND duration_minutes <= 480"
    )]
    pub duration_minutes: i32,
    #[column(default_value = "scheduled")]
    pub status: SessionStatus,
    pub meeting_url: Option<String>,
    /// Price agreed for the session, in the coach's currency.
    #[column(sql_type = "numeric(10,2)", check = "price >= 0")]
    pub price: Option<Decimal>,
    /// Client's rating after the session, 1 to 5.
    #[column(check = "rating BETWEEN 1 AND 5")]
    pub rating: Option<i16>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A coach's notes about a client, private unless shared.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "coach_notes", rls)]
#[index(on(client_id))]
#[index(on(session_id))]
#[index(on(coach_id, client_id, created_at(desc)))]
#[index(
    name = "coach_notes_search_idx",
    method = "gin",
    on(expr("to_tsvector('english'::regconfig, title || ' ' || content)"))
)]
#[index(method = "gin", on(tags))]
#[policy(
    name = "coaches and clients read notes",
    command = "select",
    roles(authenticated),
    using = "coach_id = (select auth.uid()) OR (client_id = (select auth.uid()) AND privacy_level = 'shared_with_client')"
)]
#[policy(
    name = "coaches add notes",
    command = "insert",
    roles(authenticated),
    with_check = "coach_id = (select auth.uid())"
)]
#[policy(
    name = "coaches change notes",
    command = "update",
    roles(authenticated),
    using = "coach_id = (select auth.uid())",
    with_check = "coach_id = (select auth.uid())"
)]
#[policy(
    name = "coaches remove notes",
    command = "delete",
    roles(authenticated),
    using = "coach_id = (select auth.uid())"
)]
pub struct CoachNote {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub coach_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub client_id: Uuid,
    #[column(references = Session, on_delete = "set null")]
    pub session_id: Option<Uuid>,
    pub title: String,
    pub content: String,
    #[column(default_value = "private")]
    pub privacy_level: PrivacyLevel,
    #[column(default = "'{}'")]
    pub tags: Vec<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A client's reflection after a session.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "reflections", rls)]
#[index(on(session_id))]
#[index(on(client_id, created_at(desc)))]
#[policy(
    name = "clients and their coaches read reflections",
    command = "select",
    roles(authenticated),
    using = "client_id = (select auth.uid()) OR EXISTS (SELECT 1 FROM sessions s WHERE s.id = reflections.session_id AND s.coach_id = (select auth.uid()))"
)]
#[policy(
    name = "clients add reflections",
    command = "insert",
    roles(authenticated),
    with_check = "client_id = (select auth.uid())"
)]
#[policy(
    name = "clients change reflections",
    command = "update",
    roles(authenticated),
    using = "client_id = (select auth.uid())",
    with_check = "client_id = (select auth.uid())"
)]
#[policy(
    name = "clients remove reflections",
    command = "delete",
    roles(authenticated),
    using = "client_id = (select auth.uid())"
)]
pub struct Reflection {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub client_id: Uuid,
    #[column(references = Session, on_delete = "cascade")]
    pub session_id: Option<Uuid>,
    pub content: String,
    /// Mood from 1 (low) to 10 (high).
    #[column(check = "mood_rating BETWEEN 1 AND 10")]
    pub mood_rating: Option<i16>,
    pub insights: Option<String>,
    pub goals_for_next_session: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Metadata of a file in storage.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "file_uploads", rls)]
#[index(on(user_id, file_category, created_at(desc)))]
#[index(on(session_id), where = "session_id IS NOT NULL")]
#[index(method = "gin", on(tags))]
#[policy(
    name = "owners and recipients read files",
    command = "select",
    roles(authenticated),
    using = "user_id = (select auth.uid()) OR EXISTS (SELECT 1 FROM file_shares fs WHERE fs.file_id = file_uploads.id AND fs.shared_with = (select auth.uid()) AND (fs.expires_at IS NULL OR fs.expires_at > now()))"
)]
#[policy(
    name = "owners add files",
    command = "insert",
    roles(authenticated),
    with_check = "user_id = (select auth.uid())"
)]
#[policy(
    name = "owners change files",
    command = "update",
    roles(authenticated),
    using = "user_id = (select auth.uid())",
    with_check = "user_id = (select auth.uid())"
)]
#[policy(
    name = "owners remove files",
    command = "delete",
    roles(authenticated),
    using = "user_id = (select auth.uid())"
)]
pub struct FileUpload {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(references = Session, on_delete = "set null")]
    pub session_id: Option<Uuid>,
    #[column(sql_type = "varchar(255)")]
    pub filename: String,
    #[column(unique)]
    pub storage_path: String,
    #[column(sql_type = "varchar(100)")]
    pub file_type: String,
    #[column(check = "file_size > 0 AND file_size <= 104857600")]
    pub file_size: i64,
    /// Size in mebibytes, computed by the database.
    #[column(sql_type = "numeric", generated = "round(file_size / 1048576.0, 2)")]
    pub file_size_mb: Option<Decimal>,
    #[column(default_value = "document")]
    pub file_category: FileCategory,
    pub description: Option<String>,
    #[column(default = "'{}'")]
    pub tags: Vec<String>,
    #[column(default_value = 0, check = "download_count >= 0")]
    pub download_count: i32,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// A file shared with another user.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "file_shares", rls)]
#[table(unique(file_id, shared_with))]
#[index(on(shared_by))]
#[index(on(shared_with, expires_at(desc, nulls_last)))]
#[policy(
    name = "sharers and recipients read shares",
    command = "select",
    roles(authenticated),
    using = "shared_by = (select auth.uid()) OR shared_with = (select auth.uid())"
)]
#[policy(
    name = "sharers add shares",
    command = "insert",
    roles(authenticated),
    with_check = "shared_by = (select auth.uid())"
)]
#[policy(
    name = "sharers change shares",
    command = "update",
    roles(authenticated),
    using = "shared_by = (select auth.uid())",
    with_check = "shared_by = (select auth.uid())"
)]
#[policy(
    name = "sharers remove shares",
    command = "delete",
    roles(authenticated),
    using = "shared_by = (select auth.uid())"
)]
pub struct FileShare {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = FileUpload, on_delete = "cascade")]
    pub file_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub shared_by: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub shared_with: Uuid,
    #[column(default_value = "view")]
    pub permission_type: FilePermission,
    pub expires_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// A conversation between users.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "conversations", rls)]
#[index(on(created_by))]
#[index(on(last_message_at(desc, nulls_last)))]
#[policy(
    name = "creators and participants read conversations",
    command = "select",
    roles(authenticated),
    using = "created_by = (select auth.uid()) OR EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = conversations.id AND p.user_id = (select auth.uid()))"
)]
#[policy(
    name = "creators add conversations",
    command = "insert",
    roles(authenticated),
    with_check = "created_by = (select auth.uid())"
)]
#[policy(
    name = "creators change conversations",
    command = "update",
    roles(authenticated),
    using = "created_by = (select auth.uid())",
    with_check = "created_by = (select auth.uid())"
)]
#[policy(
    name = "creators remove conversations",
    command = "delete",
    roles(authenticated),
    using = "created_by = (select auth.uid())"
)]
pub struct Conversation {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(name = "type", default_value = "direct")]
    pub kind: ConversationType,
    pub title: Option<String>,
    #[column(references = User, on_delete = "cascade")]
    pub created_by: Uuid,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    pub last_message_at: Option<DateTime<Utc>>,
}

/// Who takes part in a conversation.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(
    name = "conversation_participants",
    rls,
    primary_key(conversation_id, user_id)
)]
#[index(on(user_id))]
#[policy(
    name = "members read participants",
    command = "select",
    roles(authenticated),
    using = "user_id = (select auth.uid())"
)]
#[policy(
    name = "members leave conversations",
    command = "delete",
    roles(authenticated),
    using = "user_id = (select auth.uid())"
)]
pub struct ConversationParticipant {
    #[column(references = Conversation, on_delete = "cascade")]
    pub conversation_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(default_value = "member", check = "role IN ('member', 'admin')")]
    pub role: String,
    #[column(default = "now()")]
    pub joined_at: DateTime<Utc>,
    pub last_read_at: Option<DateTime<Utc>>,
}

/// A message in a conversation.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "messages", rls)]
#[index(on(sender_id))]
#[index(on(reply_to_id), where = "reply_to_id IS NOT NULL")]
#[index(on(conversation_id, created_at(desc)))]
#[index(
    name = "messages_content_search_idx",
    method = "gin",
    on(expr("to_tsvector('simple'::regconfig, content)"))
)]
#[policy(
    name = "participants read messages",
    command = "select",
    roles(authenticated),
    using = "EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = messages.conversation_id AND p.user_id = (select auth.uid()))"
)]
#[policy(
    name = "participants send messages",
    command = "insert",
    roles(authenticated),
    with_check = "sender_id = (select auth.uid()) AND EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = messages.conversation_id AND p.user_id = (select auth.uid()))"
)]
#[policy(
    name = "no edits after a day",
    restrictive,
    command = "update",
    roles(authenticated),
    using = "created_at > now() - interval '1 day'"
)]
#[policy(
    name = "senders edit messages",
    command = "update",
    roles(authenticated),
    using = "sender_id = (select auth.uid())",
    with_check = "sender_id = (select auth.uid())"
)]
pub struct Message {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Conversation, on_delete = "cascade")]
    pub conversation_id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub sender_id: Uuid,
    #[column(name = "type", default_value = "text")]
    pub kind: MessageType,
    #[column(check = "length(content) <= 10000")]
    pub content: String,
    /// The message this one replies to.
    #[column(references = Message, on_delete = "set null")]
    pub reply_to_id: Option<Uuid>,
    #[column(default = "'{}'::jsonb")]
    pub metadata: Json,
    #[column(default_value = "sent")]
    pub status: MessageStatus,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

/// A notification to a user, on one channel.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "notifications", rls)]
#[index(
    name = "notifications_user_unread_idx",
    on(user_id, created_at(desc)),
    where = "read_at IS NULL"
)]
#[index(on(kind, channel, created_at))]
#[index(
    name = "notifications_data_idx",
    method = "gin",
    on(data(opclass = "jsonb_path_ops"))
)]
#[policy(
    name = "users read own notifications",
    command = "select",
    roles(authenticated),
    using = "user_id = (select auth.uid())"
)]
#[policy(
    name = "users mark own notifications read",
    command = "update",
    roles(authenticated),
    using = "user_id = (select auth.uid())",
    with_check = "user_id = (select auth.uid())"
)]
pub struct Notification {
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
    pub scheduled_for: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Multi-factor authentication settings, one row per user.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "user_mfa", rls, force_rls)]
#[policy(
    name = "users manage own mfa",
    roles(authenticated),
    using = "user_id = (select auth.uid())",
    with_check = "user_id = (select auth.uid())"
)]
pub struct UserMfa {
    #[column(primary_key, references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(default_value = "totp")]
    pub method: MfaMethod,
    /// TOTP secret, encrypted by the application.
    pub secret_encrypted: Vec<u8>,
    pub backup_codes: Option<Vec<String>>,
    #[column(default_value = false)]
    pub is_enabled: bool,
    pub verified_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Every MFA attempt, for rate limiting.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "mfa_attempts", rls)]
#[index(on(user_id, attempted_at(desc)))]
#[index(on(ip_address, attempted_at(desc)), where = "NOT success")]
#[policy(
    name = "users read own attempts",
    command = "select",
    roles(authenticated),
    using = "user_id = (select auth.uid())"
)]
pub struct MfaAttempt {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    pub ip_address: Option<IpAddr>,
    pub success: bool,
    #[column(default = "now()")]
    pub attempted_at: DateTime<Utc>,
}

/// Audit trail of security-relevant actions.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "system_audit_logs", rls)]
#[index(on(user_id, action, created_at))]
#[index(
    name = "system_audit_logs_created_brin",
    method = "brin",
    on(created_at)
)]
#[index(on(resource_type, resource_id), include(action))]
#[policy(
    name = "admins read audit logs",
    command = "select",
    roles(authenticated),
    using = "((select auth.jwt()) ->> 'user_role') = 'admin'"
)]
pub struct AuditLog {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    /// Who acted; kept when the user is deleted.
    #[column(references = "auth.users(id)", on_delete = "set null")]
    pub user_id: Option<Uuid>,
    pub action: AuditAction,
    #[column(sql_type = "varchar(50)")]
    pub resource_type: Option<String>,
    pub resource_id: Option<Uuid>,
    #[column(default = "'{}'::jsonb")]
    pub details: Json,
    pub ip_address: Option<IpAddr>,
    pub user_agent: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}
