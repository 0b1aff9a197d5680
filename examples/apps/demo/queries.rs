//! A walk through typed queries on the demo app: what `cargo run --example typed-queries`
//! prints, and what `tests/query_postgres.rs` checks. Every statement is built from the
//! table definitions: no table name, column name or join condition is written as text.
//! The typed statements (`find`, `New{Struct}`, `update_many`, `delete_many`) know the
//! tables they read and the Rust type of their rows; two steps use plain sea-query for
//! what they cannot say (one table joined twice under aliases, a self join), decoding
//! with `FromRow`.

use super::enums::*;
use super::tables::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use postgres::{GenericClient, Transaction};
use rust_decimal::Decimal;
use schemata::query::postgres::BuildPostgres;
use schemata::query::prelude::*;
use schemata::query::{DecodeRow, Row};
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
    /// Each session's title with its coach's email, in time order: a projection.
    pub titles_with_coach: Vec<(String, String)>,
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
    /// The client after an upsert by email changed their first name.
    pub upserted: User,
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
/// step and statement to `out`. It works in a transaction of its own (a savepoint inside
/// the caller's), committed at the end.
pub fn run(
    client: &mut impl GenericClient,
    out: &mut dyn Write,
) -> Result<Outcome, Box<dyn Error>> {
    let mut transaction = client.transaction()?;
    let outcome = walk(&mut Walk {
        client: &mut transaction,
        out,
    })?;
    transaction.commit()?;
    Ok(outcome)
}

fn walk(walk: &mut Walk<'_, '_>) -> Result<Outcome, Box<dyn Error>> {
    let now = reference_time();

    walk.step("auth.users is Supabase's: the app does not own it, so plain sea-query writes it")?;
    let auth_users = Query::insert()
        .into_table(("auth", "users"))
        .columns(["id"])
        .values_panic([COACH_ID.into()])
        .values_panic([CLIENT_ID.into()])
        .to_owned();
    walk.plain(&auth_users)?;

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
    walk.execute(NewUser::from(coach.clone()).insert())?;

    walk.step("insert the client, leaving the columns with defaults to the database")?;
    // Each column with a database default says which it takes: no dummy value is sent,
    // and no value written here is dropped.
    let client: User = walk.one(
        NewUser {
            id: CLIENT_ID,
            email: "dana@example.com".into(),
            first_name: Some("Dana".into()),
            last_name: Some("Levi".into()),
            role: DbDefault::Database,
            status: DbDefault::Database,
            language: DbDefault::Database,
            timezone: DbDefault::Database,
            phone: None,
            avatar_url: None,
            created_at: DbDefault::Database,
            updated_at: DbDefault::Database,
            last_seen_at: None,
        }
        .insert()
        .returning(User::table()),
    )?;
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
        walk.execute(NewSession::from(session.clone()).insert())?;
    }

    walk.step("the coach's upcoming sessions: typed filters, in time order")?;
    let upcoming: Vec<Session> = walk.all(
        Session::find()
            .filter(Session::COACH_ID.eq(COACH_ID))
            .filter(Session::STATUS.eq(SessionStatus::Scheduled))
            .filter(Session::SCHEDULED_AT.gt(now))
            .order_by(Session::SCHEDULED_AT, Order::Asc),
    )?;
    for session in &upcoming {
        writeln!(walk.out, "   {} on {}", session.title, session.scheduled_at)?;
    }

    walk.step("each session's title with its coach's email: two columns of a join, as a tuple")?;
    let titles_with_coach: Vec<(String, String)> = walk.all(
        Session::find()
            .join(Session::COACH_ID_FKEY)
            .select_columns((Session::TITLE, User::EMAIL))
            .order_by(Session::SCHEDULED_AT, Order::Asc),
    )?;
    for (title, email) in &titles_with_coach {
        writeln!(walk.out, "   {title}: {email}")?;
    }

    walk.step(
        "each session of the client with both people: plain sea-query, users joined twice by alias",
    )?;
    let with_people: Vec<(Session, User, User)> = walk.plain_rows(
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
    let coaches_of_completed: Vec<User> = walk.all(
        User::find()
            .distinct()
            .join_referencing(Session::COACH_ID_FKEY)
            .filter(Session::STATUS.eq(SessionStatus::Completed)),
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
    walk.execute(NewConversation::from(conversation.clone()).insert())?;
    for user_id in [COACH_ID, CLIENT_ID] {
        let participant = ConversationParticipant {
            conversation_id: conversation.id,
            user_id,
            role: "member".into(),
            joined_at: now,
            last_read_at: None,
        };
        walk.execute(NewConversationParticipant::from(participant).insert())?;
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
    walk.execute(NewMessage::from(question.clone()).insert())?;
    let answer: Message = walk.one(
        NewMessage {
            id: DbDefault::Database,
            conversation_id: conversation.id,
            sender_id: COACH_ID,
            kind: MessageType::Text.into(),
            content: "Sure, Friday at nine?".into(),
            reply_to_id: Some(question.id),
            metadata: DbDefault::Database,
            status: DbDefault::Database,
            created_at: DbDefault::Database,
            edited_at: None,
        }
        .insert()
        .returning(Message::table()),
    )?;
    writeln!(
        walk.out,
        "   the reply got id {}, status {:?}, metadata {}",
        answer.id, answer.status, answer.metadata
    )?;

    walk.step("the thread: plain sea-query, messages left-joined to the one they reply to")?;
    let thread: Vec<(Message, Option<Message>)> = walk.plain_rows(
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

    walk.step("the client rates the completed session: typed assignments, the row returned")?;
    let rated: Session = walk.one(
        Session::update_many()
            .set((
                Session::RATING.to(5),
                Session::UPDATED_AT.to(now + Duration::hours(1)),
            ))
            .filter(Session::ID.eq(sessions[2].id))
            .returning(Session::table()),
    )?;
    writeln!(walk.out, "   rating {:?}", rated.rating)?;

    walk.step("move every scheduled session after the first one: a bulk update, rows counted")?;
    let rescheduled = walk.execute(
        Session::update_many()
            .set(Session::STATUS.to(SessionStatus::Rescheduled))
            .filter(Session::STATUS.eq(SessionStatus::Scheduled))
            .filter(Session::SCHEDULED_AT.gt(now + Duration::days(2))),
    )?;
    writeln!(walk.out, "   {rescheduled} session(s) rescheduled")?;

    walk.step("the client signs up again with the same email: an upsert on the email key")?;
    let upserted: User = walk.one(
        NewUser {
            first_name: Some("Dana R.".into()),
            ..NewUser::from(client.clone())
        }
        .insert()
        .on_conflict(User::EMAIL_KEY)
        .update((User::FIRST_NAME, User::UPDATED_AT))
        .returning(User::table()),
    )?;
    writeln!(
        walk.out,
        "   {} is now {:?}",
        upserted.email, upserted.first_name
    )?;

    walk.step("the first session is called off: delete it")?;
    walk.execute(Session::delete_many().filter(Session::ID.eq(sessions[0].id)))?;
    let remaining: Vec<Session> =
        walk.all(Session::find().order_by(Session::SCHEDULED_AT, Order::Asc))?;
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
        titles_with_coach,
        with_people,
        coaches_of_completed,
        thread,
        rated,
        rescheduled,
        upserted,
        remaining,
    })
}

/// Runs statements in the walk's transaction, printing each one.
struct Walk<'a, 't> {
    client: &'a mut Transaction<'t>,
    out: &'a mut dyn Write,
}

impl Walk<'_, '_> {
    fn step(&mut self, what: &str) -> std::io::Result<()> {
        writeln!(self.out, "\n== {what}")
    }

    /// The statement as it goes to the server: values as `$n` parameters.
    fn show(&mut self, sql: &str) -> std::io::Result<()> {
        writeln!(self.out, "{sql}")
    }

    fn execute<S: Statement>(&mut self, statement: S) -> Result<u64, Box<dyn Error>> {
        self.show(&statement.build().0)?;
        Ok(statement.execute(&mut *self.client)?)
    }

    fn all<S>(&mut self, statement: S) -> Result<Vec<Row<S>>, Box<dyn Error>>
    where
        S: Statement,
        S::Returning: DecodeRow<postgres::Row> + Send + 'static,
        Row<S>: Send + 'static,
    {
        self.show(&statement.build().0)?;
        let rows = statement.fetch_all(&mut *self.client)?;
        writeln!(self.out, "   -> {} row(s)", rows.len())?;
        Ok(rows)
    }

    fn one<S>(&mut self, statement: S) -> Result<Row<S>, Box<dyn Error>>
    where
        S: Statement,
        S::Returning: DecodeRow<postgres::Row> + Send + 'static,
        Row<S>: Send + 'static,
    {
        self.show(&statement.build().0)?;
        Ok(statement.fetch_one(&mut *self.client)?)
    }

    /// Plain sea-query, for what the typed statements do not say.
    fn plain(&mut self, statement: &impl BuildPostgres) -> Result<u64, Box<dyn Error>> {
        let (sql, params) = statement.build_postgres();
        self.show(&sql)?;
        Ok(self.client.execute(sql.as_str(), &params.as_params())?)
    }

    /// Plain sea-query rows, decoded by position into the structs the columns list.
    fn plain_rows<T: FromRow>(
        &mut self,
        statement: &impl BuildPostgres,
    ) -> Result<Vec<T>, Box<dyn Error>> {
        let (sql, params) = statement.build_postgres();
        self.show(&sql)?;
        let rows = self.client.query(sql.as_str(), &params.as_params())?;
        writeln!(self.out, "   -> {} row(s)", rows.len())?;
        Ok(rows.iter().map(T::from_row).collect::<Result<_, _>>()?)
    }
}
