//! Functions the write-up implies: the admin check its policies need, the audit trail
//! ("100% audit trail coverage for all data changes"), the stage tracking of the status
//! workflow, the search vectors it adds, and the daily metrics ("Revenue analytics:
//! daily automated updates"). Bodies in `sql/` or inline.

use chrono::NaiveDate;
use schemata::Function;

/// Whether the signed-in user is an active admin. SECURITY DEFINER, so that policies on
/// `admin_users` itself can call it without recursing into their own table.
#[derive(Function)]
#[function(
    returns = "boolean",
    language = "sql",
    volatility = "stable",
    security_definer,
    search_path = "public",
    body = "SELECT EXISTS (SELECT 1 FROM public.admin_users WHERE email = auth.jwt() ->> 'email' AND is_active)"
)]
pub struct IsActiveAdmin;

/// Writes one `audit_log` row per inserted, updated or deleted row, with the old and new
/// values and, for updates, the names of the columns that changed.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/audit_row_change.sql")
)]
pub struct AuditRowChange;

/// Keeps `previous_stage`, `stage_entered_at` and `stage_duration` of a lead, and logs
/// each change of `workflow_stage` in `workflow_transitions`.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    body = include_str!("sql/track_lead_stage.sql")
)]
pub struct TrackLeadStage;

/// Keeps `leads.search_vector` up to date.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    body = "
BEGIN
    NEW.search_vector := to_tsvector('english', coalesce(NEW.first_name, '') || ' ' ||
        coalesce(NEW.last_name, '') || ' ' || coalesce(NEW.email, '') || ' ' ||
        coalesce(NEW.message, ''));
    RETURN NEW;
END
"
)]
pub struct LeadsSearchVector;

/// Keeps `clients.search_vector` up to date.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    body = "
BEGIN
    NEW.search_vector := to_tsvector('english', NEW.first_name || ' ' || NEW.last_name ||
        ' ' || NEW.email || ' ' || coalesce(NEW.notes, ''));
    RETURN NEW;
END
"
)]
pub struct ClientsSearchVector;

/// Keeps `sessions.search_vector` up to date.
#[derive(Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    body = "
BEGIN
    NEW.search_vector := to_tsvector('english', NEW.session_type || ' ' ||
        coalesce(NEW.location, '') || ' ' || coalesce(NEW.notes, ''));
    RETURN NEW;
END
"
)]
pub struct SessionsSearchVector;

/// Computes (or recomputes) one day of `daily_business_metrics`.
#[derive(Function)]
#[function(
    args(metric_day: NaiveDate = "CURRENT_DATE - 1"),
    returns = "void",
    language = "plpgsql",
    security_definer,
    search_path = "public",
    body = include_str!("sql/refresh_daily_business_metrics.sql")
)]
pub struct RefreshDailyBusinessMetrics;

/// Deletes expired rows of `search_results_cache`; returns how many.
#[derive(Function)]
#[function(
    returns = "integer",
    language = "plpgsql",
    body = "
DECLARE
    purged integer;
BEGIN
    DELETE FROM public.search_results_cache WHERE expires_at < now();
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
"
)]
pub struct PurgeSearchResultsCache;
