//! Typed queries on the multi-tenant app, each filtered by the tenant key so that Citus
//! routes it to the one node holding that tenant's shards: two organizations with a coach,
//! a client and sessions each, then one tenant's upcoming sessions with their coach (a join
//! of colocated tables, run on one worker), a bulk update and a delete, all within a tenant.
//! `tests/citus_queries.rs` runs it on the Citus cluster.

use super::tables::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use postgres::Client;
use schemata::query::prelude::*;
use schemata::sea_query::Order;
use std::error::Error;
use uuid::Uuid;

/// What the walk found, for the test to check.
#[derive(Debug)]
pub struct Outcome {
    /// The first tenant's scheduled sessions after the reference time, in time order.
    pub upcoming: Vec<Session>,
    /// Each of them with its coach's display name.
    pub with_coach: Vec<(String, String)>,
    /// How many sessions of the first tenant the bulk update cancelled.
    pub cancelled: u64,
    /// The second tenant's sessions, untouched by the first tenant's changes.
    pub other_tenant: Vec<Session>,
}

/// The two tenants.
pub const ACME: Uuid = Uuid::from_u128(0xAC3E);
pub const GLOBEX: Uuid = Uuid::from_u128(0x6108E);

/// The walk's "now".
pub fn reference_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap()
}

/// Fills both tenants and queries the first, in the caller's connection (not a
/// transaction: Citus routes each statement to the worker of its tenant).
pub fn run(client: &mut Client) -> Result<Outcome, Box<dyn Error>> {
    let now = reference_time();
    NewPlan::from(Plan {
        id: "team".into(),
        name: "Team".into(),
        seats: 10,
    })
    .insert()
    .execute(&mut *client)?;
    for (org_id, name) in [(ACME, "Acme"), (GLOBEX, "Globex")] {
        NewOrganization {
            org_id,
            name: name.into(),
            plan_id: "team".into(),
            country_code: None,
            created_at: DbDefault::Database,
        }
        .insert()
        .execute(&mut *client)?;
        let member = |n: u128, name: &str, is_coach: bool| Member {
            org_id,
            id: Uuid::from_u128(org_id.as_u128() * 16 + n),
            email: format!("{}@{}.example", name.to_lowercase(), name.to_lowercase()),
            display_name: name.into(),
            is_coach,
            last_seen_at: None,
        };
        let coach = member(1, &format!("{name} Coach"), true);
        let client_member = member(2, &format!("{name} Client"), false);
        for person in [&coach, &client_member] {
            NewMember::from(person.clone())
                .insert()
                .execute(&mut *client)?;
        }
        for (n, days) in [(1u128, 1i64), (2, 8), (3, -7)] {
            NewSession::from(Session {
                org_id,
                id: Uuid::from_u128(org_id.as_u128() * 256 + n),
                coach_id: coach.id,
                client_id: client_member.id,
                title: format!("{name} session {n}"),
                starts_at: now + Duration::days(days),
                ends_at: now + Duration::days(days) + Duration::minutes(50),
                status: SessionStatus::Scheduled,
            })
            .insert()
            .execute(&mut *client)?;
        }
    }

    // Every statement names the tenant: Citus sends it to that tenant's worker only.
    let upcoming = Session::find()
        .filter(Session::ORG_ID.eq(ACME))
        .filter(Session::STARTS_AT.gt(now))
        .order_by(Session::STARTS_AT, Order::Asc)
        .fetch_all(&mut *client)?;
    let with_coach = Session::find()
        .join(Session::ORG_ID_COACH_ID_FKEY)
        .select_columns((Session::TITLE, Member::DISPLAY_NAME))
        .filter(Session::ORG_ID.eq(ACME))
        .filter(Session::STARTS_AT.gt(now))
        .order_by(Session::STARTS_AT, Order::Asc)
        .fetch_all(&mut *client)?;
    let cancelled = Session::update_many()
        .set(Session::STATUS.to(SessionStatus::Cancelled))
        .filter(Session::ORG_ID.eq(ACME))
        .filter(Session::STARTS_AT.lt(now))
        .execute(&mut *client)?;
    Session::delete_many()
        .filter(Session::ORG_ID.eq(ACME))
        .filter(Session::STATUS.eq(SessionStatus::Cancelled))
        .execute(&mut *client)?;
    let other_tenant = Session::find()
        .filter(Session::ORG_ID.eq(GLOBEX))
        .order_by(Session::STARTS_AT, Order::Asc)
        .fetch_all(&mut *client)?;
    Ok(Outcome {
        upcoming,
        with_coach,
        cancelled,
        other_tenant,
    })
}
