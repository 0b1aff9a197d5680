//! The tables of the therapy platform, one struct per `CREATE TABLE` of the write-up, in
//! its order, with its columns, defaults, checks, keys, policies and indexes as written.
//!
//! The write-up's columns with a default but no `NOT NULL` (`created_at TIMESTAMPTZ
//! DEFAULT NOW()`) are nullable, so they are `Option<...>` here: a faithful port keeps
//! what the original allows, even where a stricter schema would be better.

// Clippy's `duplicated_attributes` mistakes two indexes on `user_id` for one attribute
// written twice (rust-clippy#13238).
#![allow(clippy::duplicated_attributes)]

use super::AppRole;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use schemata::Table;
use serde_json::Value as Json;
use uuid::Uuid;

// ---- User management & authentication ------------------------------------------------

/// Primary user profile table.
#[derive(Debug, Clone, Table)]
#[table(name = "profiles", rls, updated_at)]
#[policy(
    name = "Users can view own profile",
    command = "select",
    using = "auth.uid() = id"
)]
#[policy(
    name = "Users can update own profile",
    command = "update",
    using = "auth.uid() = id"
)]
pub struct Profile {
    #[column(primary_key, references = "auth.users(id)")]
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub avatar_url: Option<String>,
    #[column(default_value = "en")]
    pub preferred_language: Option<String>,
    #[column(default_value = "USD")]
    pub preferred_currency: Option<String>,
    #[column(default_value = false)]
    pub onboarding_complete: Option<bool>,
    #[column(default_value = "Free")]
    pub subscription_plan: Option<String>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// User roles system.
#[derive(Debug, Clone, Table)]
#[table(name = "user_roles", unique(user_id, role))]
pub struct UserRole {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = "auth.users(id)", on_delete = "cascade")]
    pub user_id: Option<Uuid>,
    pub role: AppRole,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
}

// ---- Therapy & session management ----------------------------------------------------

/// Therapy sessions with AI interactions.
#[derive(Debug, Clone, Table)]
#[table(name = "therapy_sessions", rls)]
#[index(
    name = "idx_therapy_sessions_user_id_created",
    on(user_id, created_at(desc))
)]
#[policy(
    name = "Users can manage their own sessions",
    using = "auth.uid() = user_id"
)]
pub struct TherapySession {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(references = TherapistPersonality)]
    pub therapist_personality_id: Option<Uuid>,
    #[column(default = "NOW()")]
    pub start_time: DateTime<Utc>,
    pub end_time: Option<DateTime<Utc>>,
    #[column(default_value = "chat")]
    pub session_type: String,
    #[column(check = "mood_before >= 1 AND mood_before <= 10")]
    pub mood_before: Option<i32>,
    #[column(check = "mood_after >= 1 AND mood_after <= 10")]
    pub mood_after: Option<i32>,
    pub session_notes: Option<String>,
    #[column(default = "'{}'")]
    pub ai_insights: Option<Json>,
    #[column(default = "'{}'")]
    pub crisis_flags: Option<Json>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Therapist AI personalities.
#[derive(Debug, Clone, Table)]
#[table(name = "therapist_personalities")]
pub struct TherapistPersonality {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub name: String,
    pub title: String,
    pub description: String,
    pub approach: String,
    #[column(default = "'{}'")]
    pub specialties: Vec<String>,
    pub communication_style: String,
    #[column(default = "'{}'")]
    pub personality_traits: Option<Json>,
    #[column(default = "'{}'")]
    pub effectiveness_areas: Option<Json>,
    #[column(default_value = "from-blue-500 to-blue-600")]
    pub color_scheme: Option<String>,
    #[column(default_value = "Brain")]
    pub icon: Option<String>,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

// ---- Crisis detection & intervention -------------------------------------------------

/// Crisis intervention tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "crisis_interventions", rls)]
#[index(
    name = "idx_crisis_interventions_user_id_created",
    on(user_id, created_at(desc))
)]
#[policy(
    name = "Users can view their own crisis interventions",
    command = "select",
    using = "auth.uid() = user_id"
)]
#[policy(
    name = "Admins can view all crisis interventions",
    command = "select",
    using = "is_admin(auth.uid())"
)]
pub struct CrisisIntervention {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    /// The assessment that raised the crisis. The write-up never defines a
    /// `crisis_assessments` table, so this column has no foreign key, as in the original.
    pub crisis_assessment_id: Option<Uuid>,
    pub intervention_type: String,
    #[column(default_value = "pending")]
    pub status: String,
    #[column(default = "'{}'")]
    pub intervention_data: Json,
    pub response_time_minutes: Option<i32>,
    pub outcome: Option<String>,
    #[column(default_value = false)]
    pub follow_up_required: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// Emergency contacts for crisis situations.
#[derive(Debug, Clone, Table)]
#[table(name = "emergency_contacts", updated_at)]
pub struct EmergencyContact {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    pub name: String,
    pub phone_number: Option<String>,
    pub email: Option<String>,
    pub relationship: Option<String>,
    #[column(default_value = "personal")]
    pub contact_type: String,
    #[column(default_value = false)]
    pub is_primary: Option<bool>,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
    pub notes: Option<String>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

// ---- AI & personalization ------------------------------------------------------------

/// Conversation memory for AI continuity.
#[derive(Debug, Clone, Table)]
#[table(name = "conversation_memory", updated_at)]
#[index(
    name = "idx_conversation_memory_user_id_importance",
    on(user_id, importance_score(desc))
)]
#[index(
    name = "idx_conversation_memory_content_fts",
    method = "gin",
    on(expr("to_tsvector('english', content)"))
)]
pub struct ConversationMemory {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(references = TherapySession)]
    pub session_id: Option<Uuid>,
    pub memory_type: String,
    pub title: String,
    pub content: String,
    #[column(default = "'{}'")]
    pub tags: Option<Vec<String>>,
    #[column(default = "'{}'")]
    pub emotional_context: Option<Json>,
    #[column(default_value = 0.5)]
    pub importance_score: Option<Decimal>,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Personalized AI recommendations.
#[derive(Debug, Clone, Table)]
#[table(name = "personalized_recommendations")]
pub struct PersonalizedRecommendation {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    pub recommendation_type: String,
    pub title: String,
    pub description: String,
    pub reasoning: String,
    pub priority_score: Decimal,
    pub estimated_impact: Decimal,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
    pub shown_at: Option<DateTime<Utc>>,
    pub acted_upon_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Cultural context profiles.
#[derive(Debug, Clone, Table)]
#[table(name = "user_cultural_profiles", updated_at)]
pub struct UserCulturalProfile {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(default_value = "en")]
    pub primary_language: String,
    pub cultural_background: Option<String>,
    #[column(default_value = "individual")]
    pub family_structure: String,
    #[column(default_value = "direct")]
    pub communication_style: String,
    #[column(default_value = false)]
    pub religious_considerations: bool,
    pub religious_details: Option<String>,
    #[column(default = "'{}'")]
    pub therapy_approach_preferences: Vec<String>,
    #[column(default = "'{}'")]
    pub cultural_sensitivities: Vec<String>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

// ---- Goal & progress tracking --------------------------------------------------------

/// User goals with progress tracking.
#[derive(Debug, Clone, Table)]
#[table(name = "goals", updated_at)]
#[index(name = "idx_goals_user_id_status", on(user_id, status))]
#[index(
    name = "idx_goals_title_description_fts",
    method = "gin",
    on(expr("to_tsvector('english', title || ' ' || COALESCE(description, ''))"))
)]
pub struct Goal {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub target_value: Option<Decimal>,
    #[column(default_value = 0)]
    pub current_progress: Option<Decimal>,
    pub target_date: Option<NaiveDate>,
    #[column(default_value = "active")]
    pub status: String,
    #[column(default_value = "medium")]
    pub priority: String,
    #[column(default_value = false)]
    pub is_completed: Option<bool>,
    #[column(default_value = 0)]
    pub streak_count: Option<i32>,
    #[column(default_value = 0)]
    pub best_streak: Option<i32>,
    pub last_progress_date: Option<NaiveDate>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Goal achievements and gamification.
#[derive(Debug, Clone, Table)]
#[table(name = "goal_achievements")]
pub struct GoalAchievement {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(references = Goal)]
    pub goal_id: Option<Uuid>,
    pub achievement_type: String,
    pub title: String,
    pub description: String,
    pub icon: String,
    #[column(default_value = 0)]
    pub points_earned: Option<i32>,
    #[column(default = "'{}'")]
    pub metadata: Option<Json>,
    #[column(default = "NOW()")]
    pub unlocked_at: Option<DateTime<Utc>>,
}

/// AI-generated goal insights.
#[derive(Debug, Clone, Table)]
#[table(name = "goal_insights")]
pub struct GoalInsight {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(references = Goal)]
    pub goal_id: Option<Uuid>,
    pub insight_type: String,
    pub title: String,
    pub description: String,
    #[column(default = "'{}'")]
    pub action_items: Option<Vec<String>>,
    #[column(default_value = 0.5)]
    pub confidence_score: Option<Decimal>,
    #[column(default_value = 5)]
    pub priority: Option<i32>,
    pub expires_at: Option<DateTime<Utc>>,
    pub viewed_at: Option<DateTime<Utc>>,
    pub acted_upon_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

// ---- Communication & integrations ----------------------------------------------------

/// WhatsApp integration.
#[derive(Debug, Clone, Table)]
#[table(name = "whatsapp_integrations", updated_at)]
pub struct WhatsappIntegration {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    pub phone_number: String,
    #[column(default_value = false)]
    pub is_verified: Option<bool>,
    pub verification_code: Option<String>,
    pub webhook_url: Option<String>,
    pub access_token: Option<String>,
    pub business_account_id: Option<String>,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// WhatsApp messages.
#[derive(Debug, Clone, Table)]
#[table(name = "whatsapp_messages")]
#[index(
    name = "idx_whatsapp_messages_user_id_timestamp",
    on(user_id, timestamp(desc))
)]
pub struct WhatsappMessage {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = WhatsappIntegration)]
    pub integration_id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    pub whatsapp_message_id: Option<String>,
    pub sender_type: String,
    #[column(default_value = "text")]
    pub message_type: String,
    pub content: String,
    #[column(default = "'{}'")]
    pub ai_response_metadata: Option<Json>,
    #[column(references = TherapySession)]
    pub therapy_session_id: Option<Uuid>,
    #[column(default_value = "sent")]
    pub delivery_status: Option<String>,
    pub error_message: Option<String>,
    #[column(default = "NOW()")]
    pub timestamp: Option<DateTime<Utc>>,
}

/// WhatsApp configuration per user.
#[derive(Debug, Clone, Table)]
#[table(name = "whatsapp_config", updated_at)]
pub struct WhatsappConfig {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(default_value = "default")]
    pub ai_personality_id: Option<String>,
    #[column(default_value = 2)]
    pub response_delay_seconds: Option<i32>,
    #[column(default_value = false)]
    pub business_hours_enabled: Option<bool>,
    pub business_hours_start: Option<NaiveTime>,
    pub business_hours_end: Option<NaiveTime>,
    #[column(default_value = "UTC")]
    pub business_timezone: Option<String>,
    #[column(default_value = true)]
    pub auto_responses_enabled: Option<bool>,
    #[column(default_value = true)]
    pub crisis_escalation_enabled: Option<bool>,
    #[column(default_value = true)]
    pub message_encryption_enabled: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

// ---- Family & household management ---------------------------------------------------

/// Household/family management.
#[derive(Debug, Clone, Table)]
#[table(name = "households", updated_at)]
pub struct Household {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub name: String,
    #[column(references = Profile)]
    pub primary_account_holder_id: Uuid,
    #[column(default_value = "individual")]
    pub plan_type: String,
    #[column(default_value = 1)]
    pub max_members: i32,
    #[column(default_value = true)]
    pub is_active: Option<bool>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Household members.
#[derive(Debug, Clone, Table)]
#[table(name = "household_members")]
pub struct HouseholdMember {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Household)]
    pub household_id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(default_value = "member")]
    pub member_type: String,
    #[column(default_value = "basic")]
    pub permission_level: String,
    #[column(default_value = false)]
    pub can_view_progress: Option<bool>,
    #[column(default_value = false)]
    pub can_view_mood_data: Option<bool>,
    #[column(default_value = false)]
    pub can_receive_alerts: Option<bool>,
    #[column(default_value = "pending")]
    pub invitation_status: String,
    #[column(references = Profile)]
    pub invited_by: Option<Uuid>,
    pub invitation_token: Option<String>,
    pub joined_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Family alerts system.
#[derive(Debug, Clone, Table)]
#[table(name = "family_alerts", rls)]
#[policy(
    name = "Household members can view family alerts",
    command = "select",
    using = "household_id IN (
    SELECT household_id FROM household_members
    WHERE user_id = auth.uid() AND can_receive_alerts = TRUE
  )
  OR
  household_id IN (
    SELECT id FROM households
    WHERE primary_account_holder_id = auth.uid()
  )"
)]
pub struct FamilyAlert {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Household)]
    pub household_id: Uuid,
    #[column(references = Profile)]
    pub member_user_id: Uuid,
    pub alert_type: String,
    #[column(default_value = "medium")]
    pub severity: String,
    pub title: String,
    pub description: String,
    #[column(default = "'{}'")]
    pub alert_data: Option<Json>,
    #[column(default_value = false)]
    pub is_acknowledged: Option<bool>,
    #[column(references = Profile)]
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

// ---- Analytics & monitoring ----------------------------------------------------------

/// User behavior analytics.
#[derive(Debug, Clone, Table)]
#[table(name = "user_behavior_analytics", unique(user_id, date), updated_at)]
pub struct UserBehaviorAnalytics {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Uuid,
    #[column(default = "CURRENT_DATE")]
    pub date: NaiveDate,
    #[column(default_value = 0)]
    pub sessions_count: Option<i32>,
    #[column(default_value = 0)]
    pub total_session_minutes: Option<i32>,
    #[column(default_value = 0)]
    pub goals_created: Option<i32>,
    #[column(default_value = 0)]
    pub goals_completed: Option<i32>,
    #[column(default_value = 0)]
    pub assessments_taken: Option<i32>,
    #[column(default_value = 0)]
    pub mood_entries: Option<i32>,
    pub average_mood: Option<Decimal>,
    #[column(default_value = 0)]
    pub engagement_score: Option<Decimal>,
    #[column(default_value = 0)]
    pub retention_score: Option<Decimal>,
    #[column(default = "'{}'")]
    pub feature_usage: Option<Json>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Platform-wide analytics.
#[derive(Debug, Clone, Table)]
#[table(name = "platform_analytics", unique(date))]
pub struct PlatformAnalytics {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(default = "CURRENT_DATE")]
    pub date: NaiveDate,
    pub total_users: i32,
    pub active_users: i32,
    pub new_signups: i32,
    pub total_sessions: i32,
    #[column(sql_type = "numeric(5,2)")]
    pub average_session_duration: Decimal,
    pub total_assessments: i32,
    pub crisis_interventions: i32,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}

/// Performance metrics.
#[derive(Debug, Clone, Table)]
#[table(name = "performance_metrics")]
pub struct PerformanceMetric {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Profile)]
    pub user_id: Option<Uuid>,
    pub metric_type: String,
    pub metric_value: Decimal,
    #[column(default = "'{}'")]
    pub metadata: Option<Json>,
    #[column(default = "NOW()")]
    pub recorded_at: Option<DateTime<Utc>>,
    #[column(default = "NOW()")]
    pub created_at: Option<DateTime<Utc>>,
}
