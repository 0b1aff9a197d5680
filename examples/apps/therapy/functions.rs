//! The write-up's "Key Database Functions", bodies as given (in `sql/`).

use super::AppRole;
use schemata::Function;
use uuid::Uuid;

/// Check if user has specific role.
#[derive(Function)]
#[function(
    args(_user_id: Uuid, _role: AppRole),
    returns = "boolean",
    language = "sql",
    volatility = "stable",
    security_definer,
    body = include_str!("sql/has_role.sql")
)]
pub struct HasRole;

/// Check if user is admin.
///
/// The write-up's body also lists `super_admin` and `analytics_admin`, which `app_role`
/// does not have: Postgres rejects that body when it creates the function (see
/// `tests/seed_inconsistencies.rs`). The port keeps the admin roles the enum has.
#[derive(Function)]
#[function(
    args(_user_id: Uuid),
    returns = "boolean",
    language = "sql",
    volatility = "stable",
    security_definer,
    body = include_str!("sql/is_admin.sql")
)]
pub struct IsAdmin;

/// Aggregate daily analytics.
///
/// The write-up elides the joins that compute `goal_stats` and `mood_stats`; the port
/// writes them, as lateral subqueries over `goals` and `therapy_sessions`.
#[derive(Function)]
#[function(
    returns = "void",
    language = "plpgsql",
    security_definer,
    body = include_str!("sql/aggregate_daily_analytics.sql")
)]
pub struct AggregateDailyAnalytics;
