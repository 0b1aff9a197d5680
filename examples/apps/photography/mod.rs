//! Tally, a photography CRM on Supabase, ported from the write-up in
//! `shared/seeds/004_5e31cd616175e99f.txt`.
//!
//! - `existing`: the 17 tables the write-up lists as existing (leads, quotes, contracts,
//!   payments, galleries, ...) plus `clients`, `sessions` and `documents`, which it
//!   references without defining. It gives no column lists for any of them, so their
//!   columns are plausible; the `ALTER TABLE ... ADD COLUMN`s it plans are included.
//! - `enhancements`: the 12 tables it defines, column for column.
//! - `functions`, `views`: what it implies (the admin check, the audit trail, stage
//!   tracking, search vectors, daily metrics; compliance and analytics views).
//!
//! Its policies are kept as written (admins found through `auth.jwt() ->> 'email'`), its
//! indexes too, except that the four partial indexes with a rolling `CURRENT_DATE`
//! cutoff, which Postgres refuses, cover every row. `tests/seed_inconsistencies.rs`
//! shows the library reporting the original forms. Its `CREATE INDEX CONCURRENTLY` is a
//! migration concern: a fresh database gets plain `CREATE INDEX`.
#![allow(dead_code)]

pub mod enhancements;
pub mod existing;
pub mod functions;
pub mod views;

use enhancements::*;
use existing::*;
use functions::*;
use schemata::{Extension, ExternalFunction, ExternalTable, Schema, SchemaBuilder, SqlType};
use views::*;

/// The existing tables, then the planned ones, without functions and views: what the
/// inconsistency tests start from.
pub fn tables() -> SchemaBuilder {
    Schema::builder()
        .table::<Client>()
        .table::<Session>()
        .table::<Lead>()
        .table::<Quote>()
        .table::<Contract>()
        .table::<Payment>()
        .table::<AdminUser>()
        .table::<AdminInvitation>()
        .table::<LeadInteraction>()
        .table::<LeadDocument>()
        .table::<Document>()
        .table::<Gallery>()
        .table::<GalleryImage>()
        .table::<GalleryAccessLog>()
        .table::<GallerySettings>()
        .table::<TimelineTemplate>()
        .table::<SessionTimeline>()
        .table::<ClientInvitation>()
        .table::<WorkflowTransition>()
        .table::<DailyBusinessMetrics>()
        .table::<LeadSourceAnalytics>()
        .table::<ClientLifecycleMetrics>()
        .table::<SavedSearch>()
        .table::<SearchResultsCache>()
        .table::<AuditLog>()
        .table::<GdprRequest>()
        .table::<DataRetentionLog>()
        .table::<SessionAvailability>()
        .table::<SessionResource>()
        .table::<SchedulingConflict>()
}

/// Everything but `build()`.
pub fn builder() -> SchemaBuilder {
    tables()
        .function::<IsActiveAdmin>()
        .function::<AuditRowChange>()
        .function::<TrackLeadStage>()
        .function::<LeadsSearchVector>()
        .function::<ClientsSearchVector>()
        .function::<SessionsSearchVector>()
        .function::<RefreshDailyBusinessMetrics>()
        .function::<PurgeSearchResultsCache>()
        .view::<GdprRequestStatus>()
        .view::<LeadConversionFunnel>()
        // Random invitation tokens.
        .extension(Extension::new("pgcrypto"))
        // What Supabase provides.
        .external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .external_function(ExternalFunction::new("auth.jwt", SqlType::Jsonb).stand_in(
            "select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb",
        ))
}

/// The photography CRM's whole schema.
pub fn schema() -> Schema {
    builder()
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}
