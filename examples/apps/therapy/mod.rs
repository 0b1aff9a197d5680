//! TherapySync AI, a therapy platform on Supabase, ported from the write-up in
//! `shared/seeds/003_bd691f988f5f477f.txt`: its one enum type, its 21 `CREATE TABLE`
//! statements with every column, default, check, foreign key (into `auth.users` too),
//! its three functions (SECURITY DEFINER role checks and the analytics aggregation), its
//! row-level security policies and its indexes, GIN full-text ones included.
//!
//! What the write-up implies but does not spell out: an `updated_at` trigger on each
//! table with an `updated_at` column (`#[table(updated_at)]`), and the joins of
//! `aggregate_daily_analytics`. Where it is inconsistent (`is_admin` naming roles
//! `app_role` lacks), the port follows the enum, and `tests/seed_inconsistencies.rs`
//! shows how the library reports the original.
#![allow(dead_code)]

pub mod functions;
pub mod tables;

use functions::*;
use schemata::{ExternalFunction, ExternalTable, PgEnum, Schema, SchemaBuilder, SqlType};
use tables::*;

/// User roles system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
pub enum AppRole {
    User,
    Admin,
    Moderator,
    SupportAdmin,
    ContentAdmin,
}

/// Everything but `build()`, so tests can change one part.
pub fn builder() -> SchemaBuilder {
    Schema::builder()
        .enum_type::<AppRole>()
        .table::<Profile>()
        .table::<UserRole>()
        .table::<TherapySession>()
        .table::<TherapistPersonality>()
        .table::<CrisisIntervention>()
        .table::<EmergencyContact>()
        .table::<ConversationMemory>()
        .table::<PersonalizedRecommendation>()
        .table::<UserCulturalProfile>()
        .table::<Goal>()
        .table::<GoalAchievement>()
        .table::<GoalInsight>()
        .table::<WhatsappIntegration>()
        .table::<WhatsappMessage>()
        .table::<WhatsappConfig>()
        .table::<Household>()
        .table::<HouseholdMember>()
        .table::<FamilyAlert>()
        .table::<UserBehaviorAnalytics>()
        .table::<PlatformAnalytics>()
        .table::<PerformanceMetric>()
        .function::<HasRole>()
        .function::<IsAdmin>()
        .function::<AggregateDailyAnalytics>()
        // What Supabase provides.
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .add_external_function(
            ExternalFunction::new("auth.uid", SqlType::Uuid).stand_in(
                "select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid",
            ),
        )
}

/// The therapy platform's whole schema.
pub fn schema() -> Schema {
    builder()
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}
