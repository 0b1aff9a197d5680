//! The views the write-up plans: "compliance reporting views" (phase 3) and "real-time
//! analytics materialized views" (phase 4). It names neither; these two are plausible.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schemata::View;

/// GDPR requests by type and status, with those past the 30-day processing target.
/// `security_invoker`, so a client sees the counts of their own requests only.
#[derive(Debug, Clone, View)]
#[view(
    security_invoker,
    sql = "SELECT request_type, status, count(*) AS requests,
       count(*) FILTER (WHERE processed_date IS NULL
                        AND request_date < now() - interval '30 days') AS overdue,
       min(request_date) AS oldest_request
FROM public.gdpr_requests
GROUP BY request_type, status"
)]
pub struct GdprRequestStatus {
    pub request_type: String,
    pub status: Option<String>,
    pub requests: i64,
    pub overdue: i64,
    pub oldest_request: Option<DateTime<Utc>>,
}

/// Leads per month and source, and how many converted.
#[derive(Debug, Clone, View)]
#[view(
    materialized,
    sql = "SELECT date_trunc('month', created_at)::date AS month,
       coalesce(source, 'unknown') AS source,
       count(*) AS leads,
       count(*) FILTER (WHERE status = 'converted') AS converted,
       round(100.0 * count(*) FILTER (WHERE status = 'converted') / count(*), 2) AS conversion_rate
FROM public.leads
GROUP BY 1, 2"
)]
#[index(unique, on(month, source))]
pub struct LeadConversionFunnel {
    pub month: NaiveDate,
    pub source: String,
    pub leads: i64,
    pub converted: i64,
    pub conversion_rate: Decimal,
}
