//! The write-up's management view and analytics materialized view.

// Clippy's `duplicated_attributes` mistakes two indexes naming the same field for one
// attribute written twice (rust-clippy#13238).
#![allow(clippy::duplicated_attributes)]

use super::enums::NotificationType;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemata::View;

/// Overview of all database tables: columns, RLS, policies, indexes, estimated rows.
#[derive(Debug, Clone, View)]
#[view(sql = include_str!("sql/database_schema_summary.sql"))]
pub struct DatabaseSchemaSummary {
    pub table_name: String,
    pub column_count: i64,
    pub rls_enabled: bool,
    pub policy_count: i64,
    pub index_count: i64,
    pub estimated_rows: i64,
    pub description: Option<String>,
}

/// Notifications per day, type and channel, with how many were sent and read. Refreshed
/// by `comprehensive_database_cleanup`; the unique index allows `REFRESH ... CONCURRENTLY`.
#[derive(Debug, Clone, View)]
#[view(materialized, sql = include_str!("sql/daily_notification_stats.sql"))]
#[index(unique, on(day, notification_type, channel))]
#[index(on(notification_type, day(desc)))]
pub struct DailyNotificationStats {
    pub day: NaiveDate,
    pub notification_type: NotificationType,
    pub channel: String,
    pub total: i64,
    pub sent: i64,
    pub read: i64,
    pub read_rate: Option<Decimal>,
}
