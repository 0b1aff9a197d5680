//! The enum types of the write-up the demo lacks or has only in part. The demo's other
//! enums (`user_role`, `session_status` with `no_show`, ...) are complete and reused.

use schemata::PgEnum;

/// Why a notification was sent: all 14 values of the write-up (the demo has 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum NotificationType {
    SessionReminder,
    SessionConfirmation,
    NewMessage,
    SystemUpdate,
    GoalAchieved,
    AppointmentReminder,
    CoachMessage,
    ClientMessage,
    SessionCancelled,
    SessionRescheduled,
    ReflectionReminder,
    SystemAnnouncement,
    PaymentReminder,
    WelcomeMessage,
}

/// What an audit log entry records: all 11 values of the write-up (the demo has 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum AuditActionType {
    Login,
    Logout,
    ViewData,
    CreateRecord,
    UpdateRecord,
    DeleteRecord,
    ExportData,
    ImportData,
    MaintenanceAction,
    SecurityEvent,
    SystemConfiguration,
}

/// What a message attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum AttachmentType {
    Image,
    Document,
    Video,
    Audio,
    Other,
}

/// A maintenance task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum MaintenanceActionType {
    BackupDatabase,
    DatabaseHealthCheck,
    ClearCache,
    GetCacheStats,
    ExportLogs,
    CleanupLogs,
    CleanTempFiles,
    SystemCleanup,
    UpdateConfiguration,
    RestartServices,
}

/// Where a maintenance task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum MaintenanceStatus {
    Started,
    InProgress,
    Completed,
    Failed,
    Partial,
    Cancelled,
    Timeout,
}
