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
use schemata::{
    Extension, ExternalFunction, ExternalTable, Schema, SchemaBuilder, SqlType, Table, TableDef,
};
use views::*;

/// The tables the write-up lists as existing (and the three it references without
/// defining), each with its triggers, indexes and policies.
pub fn existing_tables() -> Vec<TableDef> {
    vec![
        Client::table_def(),
        Session::table_def(),
        Lead::table_def(),
        Quote::table_def(),
        Contract::table_def(),
        Payment::table_def(),
        AdminUser::table_def(),
        AdminInvitation::table_def(),
        LeadInteraction::table_def(),
        LeadDocument::table_def(),
        Document::table_def(),
        Gallery::table_def(),
        GalleryImage::table_def(),
        GalleryAccessLog::table_def(),
        GallerySettings::table_def(),
        TimelineTemplate::table_def(),
        SessionTimeline::table_def(),
        ClientInvitation::table_def(),
    ]
}

/// The tables the write-up's enhancement plan defines.
pub fn planned_tables() -> Vec<TableDef> {
    vec![
        WorkflowTransition::table_def(),
        DailyBusinessMetrics::table_def(),
        LeadSourceAnalytics::table_def(),
        ClientLifecycleMetrics::table_def(),
        SavedSearch::table_def(),
        SearchResultsCache::table_def(),
        AuditLog::table_def(),
        GdprRequest::table_def(),
        DataRetentionLog::table_def(),
        SessionAvailability::table_def(),
        SessionResource::table_def(),
        SchedulingConflict::table_def(),
    ]
}

/// What Supabase provides and the app uses.
pub fn supabase(builder: SchemaBuilder) -> SchemaBuilder {
    builder
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .add_external_function(ExternalFunction::new("auth.jwt", SqlType::Jsonb).stand_in(
            "select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb",
        ))
}

/// Everything but `build()`.
pub fn builder() -> SchemaBuilder {
    let mut builder = Schema::builder();
    for table in existing_tables().into_iter().chain(planned_tables()) {
        builder = builder.add_table(table);
    }
    let builder = builder
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
        .add_extension(Extension::new("pgcrypto"));
    supabase(builder)
}

/// The photography CRM's whole schema.
pub fn schema() -> Schema {
    builder()
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}
