//! The tables the write-up lists as existing. It gives none of their definitions, so
//! every column here is plausible rather than copied: the names the write-up's queries,
//! policies and indexes use (`first_name`, `email`, `message`, `session_date`, `status`,
//! `is_active`, `can_view_analytics`, `client_id`, `accessed_at`) and what a photography
//! CRM with Stripe payments needs. `clients`, `sessions` and `documents` are referenced
//! but "definition not found" in the write-up; they are defined here, and
//! `tests/seed_inconsistencies.rs` shows what the library says when they are missing.
//!
//! Row-level security is on for every table ("All supporting tables have basic RLS"):
//! active admins manage everything through the SECURITY DEFINER `is_active_admin()`,
//! and clients see their own rows through the email in their JWT.

// Clippy's `duplicated_attributes` mistakes two policies that both call
// `is_active_admin()` for one attribute written twice (rust-clippy#13238).
#![allow(clippy::duplicated_attributes)]

use super::functions::{
    AuditRowChange, ClientsSearchVector, LeadsSearchVector, SessionsSearchVector, TrackLeadStage,
};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use schemata::Table;
use serde_json::Value as Json;
use std::net::IpAddr;
use uuid::Uuid;

/// The admins' policy on every table.
pub const ADMIN: &str = "is_active_admin()";

/// A client of the studio. Plausible columns; see the module docs.
#[derive(Debug, Clone, Table)]
#[table(name = "clients", rls, updated_at)]
#[index(name = "idx_clients_search", method = "gin", on(search_vector))]
#[policy(name = "Admins manage clients", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own record",
    command = "select",
    using = "email = auth.jwt() ->> 'email'"
)]
#[trigger(name = "clients_search_vector", before, events(insert, update(first_name, last_name, email, notes)), function = ClientsSearchVector)]
#[trigger(name = "clients_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct Client {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    #[column(unique)]
    pub email: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub source: Option<String>,
    #[column(
        default_value = "active",
        check = "status IN ('active', 'dormant', 'churned')"
    )]
    pub status: String,
    /// Added by the write-up's search enhancement (`ALTER TABLE clients ADD COLUMN`).
    #[column(sql_type = "tsvector")]
    pub search_vector: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A photography session. Plausible columns; see the module docs.
#[derive(Debug, Clone, Table)]
#[table(name = "sessions", rls, updated_at)]
#[index(name = "idx_sessions_search", method = "gin", on(search_vector))]
// The write-up's `WHERE session_date >= CURRENT_DATE - INTERVAL '1 year'` is not allowed
// in an index (CURRENT_DATE is not immutable); the index covers every row instead.
#[index(name = "idx_sessions_date_status", on(session_date, status))]
#[policy(name = "Admins manage sessions", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own sessions",
    command = "select",
    using = "client_id IN (SELECT id FROM clients WHERE email = auth.jwt() ->> 'email')"
)]
#[trigger(name = "sessions_search_vector", before, events(insert, update(session_type, location, notes)), function = SessionsSearchVector)]
#[trigger(name = "sessions_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct Session {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Client, on_delete = "cascade")]
    pub client_id: Uuid,
    #[column(references = Lead, on_delete = "set null")]
    pub lead_id: Option<Uuid>,
    pub session_type: String,
    pub session_date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub location: Option<String>,
    #[column(
        default_value = "scheduled",
        check = "status IN ('scheduled', 'confirmed', 'completed', 'cancelled', 'rescheduled')"
    )]
    pub status: String,
    #[column(sql_type = "numeric(10,2)", check = "price >= 0")]
    pub price: Option<Decimal>,
    pub notes: Option<String>,
    /// Added by the write-up's search enhancement.
    #[column(sql_type = "tsvector")]
    pub search_vector: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// An inquiry, from first contact to booking. Plausible columns, plus the workflow and
/// search columns the write-up adds with `ALTER TABLE leads`.
#[derive(Debug, Clone, Table)]
#[table(name = "leads", rls, updated_at)]
#[index(name = "idx_leads_search", method = "gin", on(search_vector))]
#[index(
    name = "idx_leads_full_text_search",
    method = "gin",
    on(expr("to_tsvector('english', coalesce(first_name,'') || ' ' || coalesce(last_name,'') || ' ' || coalesce(email,'') || ' ' || coalesce(message,''))"))
)]
// Written with `WHERE created_at >= CURRENT_DATE - INTERVAL '6 months'`; see `sessions`.
#[index(name = "idx_leads_created_status", on(created_at, status))]
#[policy(name = "Admins manage leads", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own leads",
    command = "select",
    using = "email = auth.jwt() ->> 'email'"
)]
#[trigger(name = "leads_search_vector", before, events(insert, update(first_name, last_name, email, message)), function = LeadsSearchVector)]
#[trigger(name = "leads_stage", before, events(update(workflow_stage)), function = TrackLeadStage)]
#[trigger(name = "leads_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct Lead {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub first_name: String,
    pub last_name: Option<String>,
    pub email: String,
    pub phone: Option<String>,
    pub message: Option<String>,
    pub session_type: Option<String>,
    pub preferred_date: Option<NaiveDate>,
    #[column(sql_type = "numeric(10,2)")]
    pub budget: Option<Decimal>,
    #[column(default_value = "website")]
    pub source: Option<String>,
    #[column(
        default_value = "new",
        check = "status IN ('new', 'contacted', 'qualified', 'quoted', 'converted', 'lost')"
    )]
    pub status: String,
    #[column(references = Client, on_delete = "set null")]
    pub converted_client_id: Option<Uuid>,
    // The write-up's status workflow enhancement.
    #[column(default_value = "inquiry")]
    pub workflow_stage: Option<String>,
    #[column(default = "NOW()")]
    pub stage_entered_at: Option<DateTime<Utc>>,
    pub previous_stage: Option<String>,
    #[column(sql_type = "interval")]
    pub stage_duration: Option<String>,
    // The write-up's search enhancement.
    #[column(sql_type = "tsvector")]
    pub search_vector: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A quote sent to a lead. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "quotes", rls, updated_at)]
#[index(on(lead_id))]
#[policy(name = "Admins manage quotes", using = "is_active_admin()")]
#[trigger(name = "quotes_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct Quote {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Lead, on_delete = "cascade")]
    pub lead_id: Uuid,
    #[column(references = Client, on_delete = "set null")]
    pub client_id: Option<Uuid>,
    #[column(unique)]
    pub quote_number: String,
    #[column(default = "'[]'::jsonb")]
    pub line_items: Json,
    #[column(sql_type = "numeric(10,2)", check = "total >= 0")]
    pub total: Decimal,
    #[column(sql_type = "char(3)", default_value = "USD")]
    pub currency: String,
    #[column(
        default_value = "draft",
        check = "status IN ('draft', 'sent', 'accepted', 'declined', 'expired')"
    )]
    pub status: String,
    pub valid_until: Option<NaiveDate>,
    pub sent_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A signed agreement. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "contracts", rls, updated_at)]
#[index(on(client_id))]
#[policy(name = "Admins manage contracts", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own contracts",
    command = "select",
    using = "client_id IN (SELECT id FROM clients WHERE email = auth.jwt() ->> 'email')"
)]
#[trigger(name = "contracts_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct Contract {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Quote, on_delete = "set null")]
    pub quote_id: Option<Uuid>,
    #[column(references = Client, on_delete = "cascade")]
    pub client_id: Uuid,
    #[column(references = Session, on_delete = "set null")]
    pub session_id: Option<Uuid>,
    #[column(unique)]
    pub contract_number: String,
    pub terms: String,
    #[column(
        default_value = "draft",
        check = "status IN ('draft', 'sent', 'signed', 'cancelled')"
    )]
    pub status: String,
    pub signed_at: Option<DateTime<Utc>>,
    pub signature_data: Option<Json>,
    pub document_url: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A payment through Stripe. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "payments", rls)]
#[index(on(client_id, created_at(desc)))]
#[index(
    name = "payments_pending_idx",
    on(created_at),
    where = "status = 'pending'"
)]
#[policy(name = "Admins manage payments", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own payments",
    command = "select",
    using = "client_id IN (SELECT id FROM clients WHERE email = auth.jwt() ->> 'email')"
)]
#[trigger(name = "payments_audit", after, events(insert, update, delete), function = AuditRowChange)]
pub struct Payment {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Client, on_delete = "restrict")]
    pub client_id: Uuid,
    #[column(references = Contract, on_delete = "set null")]
    pub contract_id: Option<Uuid>,
    #[column(references = Session, on_delete = "set null")]
    pub session_id: Option<Uuid>,
    #[column(sql_type = "numeric(10,2)", check = "amount > 0")]
    pub amount: Decimal,
    #[column(sql_type = "char(3)", default_value = "USD")]
    pub currency: String,
    #[column(
        default_value = "pending",
        check = "status IN ('pending', 'succeeded', 'failed', 'refunded')"
    )]
    pub status: String,
    pub payment_method: Option<String>,
    #[column(unique)]
    pub stripe_payment_intent_id: Option<String>,
    pub stripe_charge_id: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Who may use the admin area. Plausible columns; the policies of the write-up look
/// admins up by `email`, `is_active` and `can_view_analytics`.
#[derive(Debug, Clone, Table)]
#[table(name = "admin_users", rls, updated_at)]
// A policy reading `admin_users` from `admin_users` itself would recurse; the SECURITY
// DEFINER function reads it with its owner's rights.
#[policy(name = "Admins manage admin users", using = "is_active_admin()")]
pub struct AdminUser {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = "auth.users(id)", on_delete = "set null")]
    pub user_id: Option<Uuid>,
    #[column(unique)]
    pub email: String,
    pub full_name: Option<String>,
    #[column(
        default_value = "admin",
        check = "role IN ('owner', 'admin', 'assistant')"
    )]
    pub role: String,
    #[column(default_value = true)]
    pub is_active: bool,
    #[column(default_value = false)]
    pub can_view_analytics: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// An invitation to become an admin. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "admin_invitations", rls)]
#[policy(name = "Admins manage invitations", using = "is_active_admin()")]
pub struct AdminInvitation {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub email: String,
    #[column(references = AdminUser, on_delete = "set null")]
    pub invited_by: Option<Uuid>,
    /// A random token for the invitation link (pgcrypto's `gen_random_bytes`).
    #[column(unique, default = "encode(gen_random_bytes(32), 'hex')")]
    pub token: String,
    #[column(default_value = "admin")]
    pub role: String,
    #[column(default = "now() + interval '7 days'")]
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Communication with a lead. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "lead_interactions", rls)]
#[index(on(lead_id, occurred_at(desc)))]
#[policy(name = "Admins manage lead interactions", using = "is_active_admin()")]
pub struct LeadInteraction {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Lead, on_delete = "cascade")]
    pub lead_id: Uuid,
    #[column(check = "interaction_type IN ('email', 'call', 'meeting', 'note', 'sms')")]
    pub interaction_type: String,
    #[column(check = "direction IN ('inbound', 'outbound')")]
    pub direction: Option<String>,
    pub subject: Option<String>,
    pub content: Option<String>,
    pub created_by: Option<String>,
    #[column(default = "now()")]
    pub occurred_at: DateTime<Utc>,
}

/// A document attached to a lead. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "lead_documents", rls)]
#[index(on(lead_id))]
#[policy(name = "Admins manage lead documents", using = "is_active_admin()")]
pub struct LeadDocument {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Lead, on_delete = "cascade")]
    pub lead_id: Uuid,
    #[column(references = Document, on_delete = "set null")]
    pub document_id: Option<Uuid>,
    pub file_name: String,
    pub file_url: String,
    pub file_type: Option<String>,
    pub file_size: Option<i64>,
    pub uploaded_by: Option<String>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// A document (contract PDF, questionnaire, release). "Referenced in sample data" by the
/// write-up, never defined; plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "documents", rls)]
#[policy(name = "Admins manage documents", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own documents",
    command = "select",
    using = "client_id IN (SELECT id FROM clients WHERE email = auth.jwt() ->> 'email')"
)]
pub struct Document {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Client, on_delete = "set null")]
    pub client_id: Option<Uuid>,
    #[column(references = Session, on_delete = "set null")]
    pub session_id: Option<Uuid>,
    pub title: String,
    #[column(
        default_value = "other",
        check = "document_type IN ('contract', 'invoice', 'questionnaire', 'release', 'other')"
    )]
    pub document_type: String,
    pub file_url: String,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// A client's gallery of photos. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "galleries", rls, updated_at)]
#[index(on(client_id))]
#[policy(name = "Admins manage galleries", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own galleries",
    command = "select",
    using = "is_published AND client_id IN (SELECT id FROM clients WHERE email = auth.jwt() ->> 'email')"
)]
pub struct Gallery {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Client, on_delete = "cascade")]
    pub client_id: Uuid,
    #[column(references = Session, on_delete = "set null")]
    pub session_id: Option<Uuid>,
    pub title: String,
    pub description: Option<String>,
    #[column(unique)]
    pub slug: String,
    pub cover_image_url: Option<String>,
    pub password_hash: Option<String>,
    #[column(default_value = false)]
    pub is_published: bool,
    pub expires_at: Option<DateTime<Utc>>,
    #[column(default_value = true)]
    pub download_enabled: bool,
    #[column(default_value = 0, check = "view_count >= 0")]
    pub view_count: i32,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// One photo of a gallery. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "gallery_images", rls)]
#[index(on(gallery_id, sort_order))]
#[policy(name = "Admins manage gallery images", using = "is_active_admin()")]
#[policy(
    name = "Clients view images of their galleries",
    command = "select",
    using = "gallery_id IN (SELECT g.id FROM galleries g JOIN clients c ON c.id = g.client_id WHERE g.is_published AND c.email = auth.jwt() ->> 'email')"
)]
pub struct GalleryImage {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Gallery, on_delete = "cascade")]
    pub gallery_id: Uuid,
    pub storage_path: String,
    pub thumbnail_path: Option<String>,
    pub filename: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub file_size: Option<i64>,
    #[column(default_value = 0)]
    pub sort_order: i32,
    #[column(default_value = false)]
    pub is_favorite: bool,
    pub metadata: Option<Json>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Gallery viewing analytics. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "gallery_access_log", rls)]
// Written with `WHERE accessed_at >= CURRENT_DATE - INTERVAL '30 days'`; see `sessions`.
#[index(name = "idx_gallery_access_client_date", on(client_id, accessed_at))]
#[policy(
    name = "Admins read gallery access",
    command = "select",
    using = "is_active_admin()"
)]
#[policy(
    name = "Clients log their own access",
    command = "insert",
    with_check = "client_id IN (SELECT id FROM clients WHERE email = auth.jwt() ->> 'email')"
)]
pub struct GalleryAccessLog {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = Gallery, on_delete = "cascade")]
    pub gallery_id: Uuid,
    #[column(references = Client, on_delete = "set null")]
    pub client_id: Option<Uuid>,
    #[column(references = GalleryImage, on_delete = "set null")]
    pub image_id: Option<Uuid>,
    #[column(
        default_value = "view",
        check = "action IN ('view', 'download', 'favorite', 'share')"
    )]
    pub action: String,
    pub ip_address: Option<IpAddr>,
    pub user_agent: Option<String>,
    #[column(default = "now()")]
    pub accessed_at: DateTime<Utc>,
}

/// Gallery configuration per session type. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "gallery_settings", rls, updated_at)]
#[policy(name = "Admins manage gallery settings", using = "is_active_admin()")]
pub struct GallerySettings {
    #[column(primary_key)]
    pub session_type: String,
    #[column(default_value = 90, check = "default_expiry_days > 0")]
    pub default_expiry_days: i32,
    #[column(default_value = true)]
    pub download_enabled: bool,
    #[column(default_value = false)]
    pub watermark_enabled: bool,
    pub max_downloads: Option<i32>,
    #[column(default = "'{}'::jsonb")]
    pub settings: Json,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A session workflow template. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "timeline_templates", rls, updated_at)]
#[index(
    name = "timeline_templates_one_default_idx",
    unique,
    on(session_type),
    where = "is_default"
)]
#[policy(name = "Admins manage timeline templates", using = "is_active_admin()")]
pub struct TimelineTemplate {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    pub name: String,
    pub session_type: Option<String>,
    #[column(default = "'[]'::jsonb")]
    pub steps: Json,
    #[column(default_value = false)]
    pub is_default: bool,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// A session's own timeline. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "session_timelines", rls, updated_at)]
#[index(on(session_id))]
#[policy(name = "Admins manage session timelines", using = "is_active_admin()")]
#[policy(
    name = "Clients view their own timelines",
    command = "select",
    using = "session_id IN (SELECT s.id FROM sessions s JOIN clients c ON c.id = s.client_id WHERE c.email = auth.jwt() ->> 'email')"
)]
pub struct SessionTimeline {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Session, on_delete = "cascade")]
    pub session_id: Uuid,
    #[column(references = TimelineTemplate, on_delete = "set null")]
    pub template_id: Option<Uuid>,
    #[column(default = "'[]'::jsonb")]
    pub steps: Json,
    #[column(default_value = 0, check = "current_step >= 0")]
    pub current_step: i32,
    #[column(
        default_value = "active",
        check = "status IN ('active', 'completed', 'cancelled')"
    )]
    pub status: String,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// An invitation for a client to the client area. Plausible columns.
#[derive(Debug, Clone, Table)]
#[table(name = "client_invitations", rls)]
#[index(on(client_id))]
#[policy(name = "Admins manage client invitations", using = "is_active_admin()")]
pub struct ClientInvitation {
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Client, on_delete = "cascade")]
    pub client_id: Uuid,
    pub email: String,
    /// A random token for the invitation link (pgcrypto's `gen_random_bytes`).
    #[column(unique, default = "encode(gen_random_bytes(32), 'hex')")]
    pub token: String,
    pub invited_by: Option<String>,
    #[column(default = "now() + interval '14 days'")]
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}
