//! A walk through typed queries on the demo app: what `cargo run --example typed-queries`
//! prints, and what `tests/query_postgres.rs` checks. Every statement is built from the
//! table definitions: no table name, column name or join condition is written as text.

use super::enums::*;
use super::tables::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use postgres::GenericClient;
use rust_decimal::Decimal;
use schemata::query::postgres::BuildPostgres;
use schemata::query::prelude::*;
use schemata::query::ToValue;
use schemata::sea_query::{NullOrdering, Order, Query};
use std::error::Error;
use std::io::Write;
use uuid::Uuid;

/// What the walk found, for the test to check.
#[derive(Debug)]
pub struct Outcome {
    /// The coach, as inserted.
    pub coach: User,
    /// The client, as the database filled in its defaults.
    pub client: User,
    /// The coach's scheduled sessions after the reference time, in time order.
    pub upcoming: Vec<Session>,
    /// Every session of the client with its coach and client, in time order.
    pub with_people: Vec<(Session, User, User)>,
    /// The users who coached a completed session.
    pub coaches_of_completed: Vec<User>,
    /// The conversation's messages, each with the one it replies to.
    pub thread: Vec<(Message, Option<Message>)>,
    /// The completed session after it was rated.
    pub rated: Session,
    /// How many sessions were moved by the bulk update.
    pub rescheduled: u64,
    /// The sessions left after one was deleted.
    pub remaining: Vec<Session>,
}

/// Fixed ids and times, so that the output reads the same every run.
pub const COACH_ID: Uuid = Uuid::from_u128(0xC0AC4);
pub const CLIENT_ID: Uuid = Uuid::from_u128(0xC11E47);

/// The walk's "now": sessions after it are upcoming.
pub fn reference_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap()
}

/// Runs the walk on a database holding the demo schema (with stand-ins), printing each
/// step and statement to `out`.
pub fn run(
    client: &mut impl GenericClient,
    out: &mut dyn Write,
) -> Result<Outcome, Box<dyn Error>> {
    let mut walk = Walk { client, out };
    let now = reference_time();

    walk.step("auth.users is Supabase's: the app does not own it, so plain sea-query writes it")?;
    let auth_users = Query::insert()
        .into_table(("auth", "users"))
        .columns(["id"])
        .values_panic([COACH_ID.into()])
        .values_panic([CLIENT_ID.into()])
        .to_owned();
    walk.execute(&auth_users)?;

    walk.step("insert the coach: every column from the struct")?;
    let coach = User {
        id: COACH_ID,
        email: "noa@example.com".into(),
        first_name: Some("Noa".into()),
        last_name: Some("Levi".into()),
        role: UserRole::Coach,
        status: UserStatus::Active,
        language: Language::He,
        timezone: "Asia/Jerusalem".into(),
        phone: Some("+972 50 000 0000".into()),
        avatar_url: None,
        created_at: now - Duration::days(30),
        updated_at: now - Duration::days(30),
        last_seen_at: None,
    };
    walk.execute(&coach.insert())?;

    walk.step("insert the client, leaving the columns with defaults to the database")?;
    let draft = User {
        id: CLIENT_ID,
        email: "dana@example.com".into(),
        first_name: Some("Dana".into()),
        phone: None,
        // The database fills in role, status, language, timezone and the timestamps.
        ..coach.clone()
    };
    let mut insert = draft.insert_skipping_defaults();
    insert.returning(User::returning());
    let client: User = walk.one(&insert)?;
    writeln!(
        walk.out,
        "   the database gave role {:?}, status {:?}, timezone {}",
        client.role, client.status, client.timezone
    )?;

    walk.step("three sessions: two ahead, one done")?;
    let session = |n: u128, title: &str, days: i64, status| Session {
        id: Uuid::from_u128(0x5E55_0000 + n),
        coach_id: COACH_ID,
        client_id: CLIENT_ID,
        title: title.into(),
        description: None,
        scheduled_at: now + Duration::days(days),
        duration_minutes: 50,
        status,
        meeting_url: Some(format!("https://meet.example.com/{n}")),
        price: Some(Decimal::new(8000 + n as i64, 2)),
        rating: None,
        created_at: now,
        updated_at: now,
    };
    let sessions = [
        session(1, "Goals for the quarter", 1, SessionStatus::Scheduled),
        session(2, "Follow-up", 8, SessionStatus::Scheduled),
        session(3, "Intake", -7, SessionStatus::Completed),
    ];
    for session in &sessions {
        walk.execute(&session.insert())?;
    }

    walk.step("the coach's upcoming sessions: typed filters, in time order")?;
    let upcoming: Vec<Session> = walk.rows(
        Session::select()
            .cond_where(Session::COACH_ID.eq(COACH_ID))
            .cond_where(Session::STATUS.eq(SessionStatus::Scheduled))
            .cond_where(Session::SCHEDULED_AT.gt(now))
            .order_by(Session::SCHEDULED_AT, Order::Asc),
    )?;
    for session in &upcoming {
        writeln!(walk.out, "   {} on {}", session.title, session.scheduled_at)?;
    }

    walk.step("each session of the client with both people: users joined twice, by alias")?;
    let with_people: Vec<(Session, User, User)> = walk.rows(
        Session::select()
            .columns(User::columns_of("coach"))
            .columns(User::columns_of("client"))
            .join_along(Session::COACH_ID_FKEY.alias("coach"))
            .join_along(Session::CLIENT_ID_FKEY.alias("client"))
            .cond_where(User::EMAIL.of("client").eq("dana@example.com"))
            .order_by(Session::SCHEDULED_AT, Order::Asc),
    )?;
    for (session, coach, client) in &with_people {
        writeln!(
            walk.out,
            "   {}: {} with {}",
            session.title,
            coach.first_name.as_deref().unwrap_or("?"),
            client.first_name.as_deref().unwrap_or("?")
        )?;
    }

    walk.step("who coached a completed session: the same foreign key, the other way round")?;
    let coaches_of_completed: Vec<User> = walk.rows(
        User::select()
            .distinct()
            .join_along(Session::COACH_ID_FKEY.reversed())
            .cond_where(Session::STATUS.eq(SessionStatus::Completed)),
    )?;
    for user in &coaches_of_completed {
        writeln!(walk.out, "   {}", user.email)?;
    }

    walk.step("a conversation, and a reply that takes its id and timestamps from the database")?;
    let conversation = Conversation {
        id: Uuid::from_u128(0xC0_4E55),
        kind: ConversationType::Direct,
        title: None,
        created_by: COACH_ID,
        created_at: now,
        last_message_at: None,
    };
    walk.execute(&conversation.insert())?;
    for user_id in [COACH_ID, CLIENT_ID] {
        let participant = ConversationParticipant {
            conversation_id: conversation.id,
            user_id,
            role: "member".into(),
            joined_at: now,
            last_read_at: None,
        };
        walk.execute(&participant.insert())?;
    }
    let question = Message {
        id: Uuid::from_u128(0x3E55_A6E1),
        conversation_id: conversation.id,
        sender_id: CLIENT_ID,
        kind: MessageType::Text,
        content: "Can we move Thursday?".into(),
        reply_to_id: None,
        metadata: serde_json::json!({ "client": "web" }),
        status: MessageStatus::Read,
        created_at: now,
        edited_at: None,
    };
    walk.execute(&question.insert())?;
    let draft = Message {
        id: Uuid::nil(),
        sender_id: COACH_ID,
        content: "Sure, Friday at nine?".into(),
        reply_to_id: Some(question.id),
        ..question.clone()
    };
    let mut insert = draft.insert_skipping_defaults();
    insert.returning(Message::returning());
    let answer: Message = walk.one(&insert)?;
    writeln!(
        walk.out,
        "   the reply got id {}, status {:?}, metadata {}",
        answer.id, answer.status, answer.metadata
    )?;

    walk.step("the thread: messages left-joined to the one they reply to (a self join)")?;
    let thread: Vec<(Message, Option<Message>)> = walk.rows(
        Message::select()
            .columns(Message::columns_of("parent"))
            .left_join_along(Message::REPLY_TO_ID_FKEY.alias("parent"))
            .cond_where(Message::CONVERSATION_ID.eq(conversation.id))
            .order_by_with_nulls(Message::REPLY_TO_ID, Order::Asc, NullOrdering::First),
    )?;
    for (message, parent) in &thread {
        match parent {
            Some(parent) => writeln!(
                walk.out,
                "   {:?} replies to {:?}",
                message.content, parent.content
            )?,
            None => writeln!(walk.out, "   {:?}", message.content)?,
        }
    }

    walk.step("the client rates the completed session: update by primary key, read back by key")?;
    let mut done = sessions[2].clone();
    done.rating = Some(5);
    done.updated_at = now + Duration::hours(1);
    walk.execute(&done.update())?;
    let rated: Session = walk.one(&Session::select_by_key(done.id))?;
    writeln!(walk.out, "   rating {:?}", rated.rating)?;

    walk.step("plain sea-query with typed parts: move every session after the first one")?;
    let reschedule = Query::update()
        .table(Session::table())
        .value(SessionIden::Status, SessionStatus::Rescheduled.to_value())
        .cond_where(Session::STATUS.eq(SessionStatus::Scheduled))
        .cond_where(Session::SCHEDULED_AT.gt(now + Duration::days(2)))
        .to_owned();
    let rescheduled = walk.execute(&reschedule)?;
    writeln!(walk.out, "   {rescheduled} session(s) rescheduled")?;

    walk.step("the first session is called off: delete by primary key")?;
    walk.execute(&sessions[0].delete())?;
    let remaining: Vec<Session> =
        walk.rows(Session::select().order_by(Session::SCHEDULED_AT, Order::Asc))?;
    for session in &remaining {
        writeln!(
            walk.out,
            "   left: {} ({:?})",
            session.title, session.status
        )?;
    }

    Ok(Outcome {
        coach,
        client,
        upcoming,
        with_people,
        coaches_of_completed,
        thread,
        rated,
        rescheduled,
        remaining,
    })
}

/// Runs statements, printing each one.
struct Walk<'a, C> {
    client: &'a mut C,
    out: &'a mut dyn Write,
}

impl<C: GenericClient> Walk<'_, C> {
    fn step(&mut self, what: &str) -> std::io::Result<()> {
        writeln!(self.out, "\n== {what}")
    }

    fn show(&mut self, sql: &str) -> std::io::Result<()> {
        writeln!(self.out, "{sql}")
    }

    fn execute(&mut self, statement: &impl BuildPostgres) -> Result<u64, Box<dyn Error>> {
        let (sql, params) = statement.build_postgres();
        self.show(&sql)?;
        Ok(self.client.execute(sql.as_str(), &params.as_params())?)
    }

    fn rows<T: FromRow>(
        &mut self,
        statement: &impl BuildPostgres,
    ) -> Result<Vec<T>, Box<dyn Error>> {
        let (sql, params) = statement.build_postgres();
        self.show(&sql)?;
        let rows = self.client.query(sql.as_str(), &params.as_params())?;
        writeln!(self.out, "   -> {} row(s)", rows.len())?;
        Ok(rows.iter().map(T::from_row).collect::<Result<_, _>>()?)
    }

    fn one<T: FromRow>(&mut self, statement: &impl BuildPostgres) -> Result<T, Box<dyn Error>> {
        let (sql, params) = statement.build_postgres();
        self.show(&sql)?;
        let row = self.client.query_one(sql.as_str(), &params.as_params())?;
        Ok(T::from_row(&row)?)
    }
}
