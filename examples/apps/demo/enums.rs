//! Enum types of the coaching platform.

use schemata::PgEnum;

/// What a person does on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum UserRole {
    /// Receives coaching.
    Client,
    /// Gives coaching.
    Coach,
    /// Runs the platform.
    Admin,
}

/// Whether an account may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum UserStatus {
    Active,
    Inactive,
    Suspended,
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum Language {
    En,
    He,
}

/// Where a coaching session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum SessionStatus {
    Scheduled,
    InProgress,
    Completed,
    Cancelled,
    Rescheduled,
    /// The client did not attend (added in a later migration of the original app).
    NoShow,
}

/// Who may read a coach's note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum PrivacyLevel {
    Private,
    SharedWithClient,
}

/// What an uploaded file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum FileCategory {
    Preparation,
    Notes,
    Recording,
    Resource,
    Personal,
    Avatar,
    Document,
}

/// What a share lets the recipient do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
#[pg_enum(name = "file_permission_type")]
pub enum FilePermission {
    View,
    Download,
    Edit,
}

/// One-to-one or group conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum ConversationType {
    Direct,
    Group,
}

/// What a message carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum MessageType {
    Text,
    File,
    System,
}

/// Delivery state of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum MessageStatus {
    Sent,
    Delivered,
    Read,
}

/// Why a notification was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum NotificationType {
    SessionReminder,
    SessionConfirmation,
    NewMessage,
    SystemUpdate,
    GoalAchieved,
    SessionCancelled,
    SessionRescheduled,
    ReflectionReminder,
    WelcomeMessage,
}

/// Second factor kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum MfaMethod {
    Totp,
    BackupCode,
}

/// What an audit log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
#[pg_enum(name = "audit_action_type")]
pub enum AuditAction {
    Login,
    Logout,
    ViewData,
    CreateRecord,
    UpdateRecord,
    DeleteRecord,
    ExportData,
    SecurityEvent,
}
