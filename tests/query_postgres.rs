//! Typed queries against a real PostgreSQL: every column of the demo app written through
//! the row helpers and read back equal, every enum label through the driver both ways, and
//! the walk of `examples/typed-queries.rs` with what it finds.

mod common;
use schemata_example_apps::demo;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use common::TestDb;
use demo::enums::*;
use demo::queries::{CLIENT_ID, COACH_ID};
use demo::tables::*;
use postgres::types::{FromSqlOwned, ToSql};
use rust_decimal::Decimal;
use schemata::postgres::{to_sql, RenderOptions};
use schemata::query::postgres::{BuildPostgres, FromRow};
use schemata::query::prelude::*;
use schemata::query::{EnumLabel, ToValue};
use schemata::query::{Executor, ReadRow};
use schemata::sea_query::{Expr, ExprTrait, PostgresQueryBuilder, Query};
use schemata::{PgEnum, Table};
use serde_json::json;
use sqlx::postgres::{PgPool, PgRow};
use std::fmt::Debug;
use std::net::IpAddr;
use uuid::Uuid;

fn demo_db() -> TestDb {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&demo::schema(), &RenderOptions { stand_ins: true }));
    db
}

#[test]
fn the_walk_of_the_example_finds_what_it_inserted() {
    let mut db = demo_db();
    let mut printed = Vec::new();
    let outcome = demo::queries::run(&mut db.client, &mut printed).unwrap();
    let printed = String::from_utf8(printed).unwrap();

    // Defaults filled in by the database came back through RETURNING.
    assert_eq!(outcome.client.role, UserRole::Client);
    assert_eq!(outcome.client.status, UserStatus::Active);
    assert_eq!(outcome.client.language, Language::En);
    assert_eq!(outcome.client.timezone, "UTC");
    assert_eq!(outcome.client.first_name.as_deref(), Some("Dana"));

    let titles = |sessions: &[Session]| -> Vec<String> {
        sessions.iter().map(|s| s.title.clone()).collect()
    };
    assert_eq!(
        titles(&outcome.upcoming),
        ["Goals for the quarter", "Follow-up"]
    );
    assert!(outcome.upcoming.iter().all(|s| s.coach_id == COACH_ID));
    let email = || "noa@example.com".to_string();
    assert_eq!(
        outcome.titles_with_coach,
        [
            ("Intake".to_string(), email()),
            ("Goals for the quarter".to_string(), email()),
            ("Follow-up".to_string(), email()),
        ]
    );

    assert_eq!(outcome.with_people.len(), 3);
    for (session, coach, client) in &outcome.with_people {
        assert_eq!(coach, &outcome.coach);
        assert_eq!(client, &outcome.client);
        assert_eq!((session.coach_id, session.client_id), (COACH_ID, CLIENT_ID));
    }
    assert_eq!(outcome.with_people[0].0.title, "Intake");

    assert_eq!(
        outcome.coaches_of_completed,
        std::slice::from_ref(&outcome.coach)
    );

    let [(question, None), (answer, Some(parent))] = outcome.thread.as_slice() else {
        panic!("a question and its answer: {:#?}", outcome.thread);
    };
    assert_eq!(parent, question);
    assert_eq!(answer.reply_to_id, Some(question.id));
    assert_eq!(answer.status, MessageStatus::Sent, "the database default");
    assert_eq!(answer.metadata, json!({}), "the database default");
    assert_eq!(question.metadata, json!({ "client": "web" }));

    assert_eq!(outcome.rated.rating, Some(5));
    assert_eq!(outcome.rated.title, "Intake");
    assert_eq!(outcome.rescheduled, 1);
    assert_eq!(outcome.upserted.id, CLIENT_ID);
    assert_eq!(outcome.upserted.first_name.as_deref(), Some("Dana R."));
    assert_eq!(
        outcome.upserted.role, outcome.client.role,
        "columns the upsert does not name stay"
    );
    let left: Vec<(&str, SessionStatus)> = outcome
        .remaining
        .iter()
        .map(|s| (s.title.as_str(), s.status))
        .collect();
    assert_eq!(
        left,
        [
            ("Intake", SessionStatus::Completed),
            ("Follow-up", SessionStatus::Rescheduled)
        ]
    );

    // What the example prints: the statements, with placeholders for the values.
    assert!(printed
        .contains(r#"INNER JOIN "users" AS "coach" ON "sessions"."coach_id" = "coach"."id""#));
    assert!(printed.contains(r#"DELETE FROM "sessions" WHERE "sessions"."id" = $1"#));
    assert!(
        !printed.contains("Noa Levi"),
        "values go as parameters, not in the SQL"
    );
}

/// Inserts the value with every writable column, reads what `RETURNING` gives and what a
/// select by key gives, and compares both with the expected row; then the same through
/// sqlx: the row deleted, inserted again with sqlx's binding and read back with its
/// decoding (a table with a `GENERATED ALWAYS` identity is only read: a new insert would
/// get a new id).
fn round_trip<T>(db: &mut TestDb, value: &T, key: T::Key, expected: &T)
where
    T: Keyed + FromRow + ReadRow<PgRow> + PartialEq + Debug + Send + 'static,
    T::Key: Clone,
{
    let mut insert = value.insert();
    insert.returning(T::returning());
    let (sql, params) = insert.build_postgres();
    let row = db
        .client
        .query_one(sql.as_str(), &params.as_params())
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
    assert_eq!(&T::from_row(&row).unwrap(), expected, "RETURNING of {sql}");

    let (sql, params) = T::select_by_key(key.clone()).build_postgres();
    let row = db
        .client
        .query_one(sql.as_str(), &params.as_params())
        .unwrap();
    assert_eq!(&T::from_row(&row).unwrap(), expected, "{sql}");

    let always = T::SPEC
        .columns
        .iter()
        .any(|column| column.identity == Some(schemata::Identity::Always));
    if !always {
        let (sql, params) = T::delete_by_key(key).build_postgres();
        db.client
            .execute(sql.as_str(), &params.as_params())
            .unwrap();
    }
    let (sql, values) = value.insert().build(PostgresQueryBuilder);
    let rows = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let pool = PgPool::connect(&db.url).await.unwrap();
            if !always {
                (&pool)
                    .execute(sql.clone(), values)
                    .await
                    .unwrap_or_else(|error| panic!("sqlx: {error}"));
            }
            T::find().fetch_all(&pool).await.unwrap()
        });
    assert!(
        rows.contains(expected),
        "sqlx: {sql}\nread back {rows:#?}\nexpected {expected:#?}"
    );
}

fn at(days: i64, micros: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 30, 0).unwrap()
        + Duration::days(days)
        + Duration::microseconds(micros)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A row with every optional column set, and one with every optional column NULL, for
/// each demo table: every column type of the app (enums, arrays, jsonb, uuid, timestamps,
/// times, numeric, inet, bytea, identity and generated columns, NULLs) goes in and comes
/// back equal.
#[test]
fn every_demo_column_round_trips() {
    let mut db = demo_db();
    let (full_user, sparse_user) = (id(1), id(2));
    let insert_auth_users = Query::insert()
        .into_table(("auth", "users"))
        .columns(["id"])
        .values_panic([full_user.into()])
        .values_panic([sparse_user.into()])
        .to_owned();
    let (sql, params) = insert_auth_users.build_postgres();
    db.client
        .execute(sql.as_str(), &params.as_params())
        .unwrap();

    let user = User {
        id: full_user,
        email: "o'neil@example.com".into(),
        first_name: Some("Shira 'Shiri'".into()),
        last_name: Some("כהן".into()),
        role: UserRole::Admin,
        status: UserStatus::Suspended,
        language: Language::He,
        timezone: "Asia/Jerusalem".into(),
        phone: Some("+972 (50) 123-4567".into()),
        avatar_url: Some("https://example.com/a.png?x=1&y=\"2\"".into()),
        created_at: at(-400, 123_456),
        updated_at: at(-1, 1),
        last_seen_at: Some(at(0, 999_999)),
    };
    round_trip(&mut db, &user, user.id, &user);
    let sparse = User {
        id: sparse_user,
        email: "sparse@example.com".into(),
        first_name: None,
        last_name: None,
        role: UserRole::Client,
        status: UserStatus::Inactive,
        language: Language::En,
        timezone: String::new(),
        phone: None,
        avatar_url: None,
        last_seen_at: None,
        ..user.clone()
    };
    round_trip(&mut db, &sparse, sparse.id, &sparse);

    let availability = CoachAvailability {
        id: id(10),
        coach_id: full_user,
        day_of_week: 6,
        start_time: NaiveTime::from_hms_micro_opt(9, 15, 0, 250_000).unwrap(),
        end_time: NaiveTime::from_hms_opt(23, 59, 59).unwrap(),
        timezone: "UTC".into(),
        is_available: false,
    };
    round_trip(&mut db, &availability, availability.id, &availability);

    let session = Session {
        id: id(20),
        coach_id: full_user,
        client_id: sparse_user,
        title: "A title with \"quotes\" and a \\ backslash".into(),
        description: Some("line one\nline two\ttabbed".into()),
        scheduled_at: at(3, 42),
        duration_minutes: 480,
        status: SessionStatus::NoShow,
        meeting_url: Some("https://meet.example.com/x".into()),
        price: Some(Decimal::new(1_234_567, 2)),
        rating: Some(1),
        created_at: at(-2, 0),
        updated_at: at(-1, 0),
    };
    round_trip(&mut db, &session, session.id, &session);
    let sparse_session = Session {
        id: id(21),
        description: None,
        meeting_url: None,
        price: None,
        rating: None,
        ..session.clone()
    };
    round_trip(&mut db, &sparse_session, sparse_session.id, &sparse_session);

    let note = CoachNote {
        id: id(30),
        coach_id: full_user,
        client_id: sparse_user,
        session_id: Some(session.id),
        title: "Progress".into(),
        content: "Good week.".into(),
        privacy_level: PrivacyLevel::SharedWithClient,
        tags: vec![
            "focus".into(),
            "a \"quoted\" tag".into(),
            "comma, inside".into(),
            "{braces}".into(),
            String::new(),
            "NULL".into(),
        ],
        created_at: at(0, 5),
        updated_at: at(0, 6),
    };
    round_trip(&mut db, &note, note.id, &note);
    let sparse_note = CoachNote {
        id: id(31),
        session_id: None,
        tags: Vec::new(),
        ..note.clone()
    };
    round_trip(&mut db, &sparse_note, sparse_note.id, &sparse_note);

    let reflection = Reflection {
        id: id(40),
        client_id: sparse_user,
        session_id: Some(session.id),
        content: "Felt heard.".into(),
        mood_rating: Some(10),
        insights: Some("Sleep matters".into()),
        goals_for_next_session: Some("Walk daily".into()),
        created_at: at(1, 7),
    };
    round_trip(&mut db, &reflection, reflection.id, &reflection);
    let sparse_reflection = Reflection {
        id: id(41),
        session_id: None,
        mood_rating: None,
        insights: None,
        goals_for_next_session: None,
        ..reflection.clone()
    };
    round_trip(
        &mut db,
        &sparse_reflection,
        sparse_reflection.id,
        &sparse_reflection,
    );

    // `file_size_mb` is generated: the insert leaves it out and the database computes it.
    let file = FileUpload {
        id: id(50),
        user_id: full_user,
        session_id: Some(session.id),
        filename: "notes.pdf".into(),
        storage_path: "u/1/notes.pdf".into(),
        file_type: "application/pdf".into(),
        file_size: 3 * 1_048_576 + 524_288,
        file_size_mb: None,
        file_category: FileCategory::Recording,
        description: Some("Recording".into()),
        tags: vec!["audio".into()],
        download_count: 7,
        created_at: at(2, 8),
    };
    let computed = FileUpload {
        file_size_mb: Some(Decimal::new(350, 2)),
        ..file.clone()
    };
    round_trip(&mut db, &file, file.id, &computed);
    let sparse_file = FileUpload {
        id: id(51),
        session_id: None,
        storage_path: "u/1/other".into(),
        file_size: 1,
        description: None,
        tags: Vec::new(),
        ..file.clone()
    };
    let computed = FileUpload {
        file_size_mb: Some(Decimal::ZERO),
        ..sparse_file.clone()
    };
    round_trip(&mut db, &sparse_file, sparse_file.id, &computed);

    let share = FileShare {
        id: id(60),
        file_id: file.id,
        shared_by: full_user,
        shared_with: sparse_user,
        permission_type: FilePermission::Edit,
        expires_at: Some(at(30, 0)),
        created_at: at(2, 9),
    };
    round_trip(&mut db, &share, share.id, &share);
    let sparse_share = FileShare {
        id: id(61),
        file_id: sparse_file.id,
        expires_at: None,
        ..share.clone()
    };
    round_trip(&mut db, &sparse_share, sparse_share.id, &sparse_share);

    let conversation = Conversation {
        id: id(70),
        kind: ConversationType::Group,
        title: Some("Cohort".into()),
        created_by: full_user,
        created_at: at(0, 0),
        last_message_at: Some(at(0, 10)),
    };
    round_trip(&mut db, &conversation, conversation.id, &conversation);
    let sparse_conversation = Conversation {
        id: id(71),
        title: None,
        last_message_at: None,
        ..conversation.clone()
    };
    round_trip(
        &mut db,
        &sparse_conversation,
        sparse_conversation.id,
        &sparse_conversation,
    );

    let participant = ConversationParticipant {
        conversation_id: conversation.id,
        user_id: full_user,
        role: "admin".into(),
        joined_at: at(0, 11),
        last_read_at: Some(at(0, 12)),
    };
    round_trip(
        &mut db,
        &participant,
        (participant.conversation_id, participant.user_id),
        &participant,
    );
    let sparse_participant = ConversationParticipant {
        user_id: sparse_user,
        last_read_at: None,
        ..participant.clone()
    };
    round_trip(
        &mut db,
        &sparse_participant,
        (conversation.id, sparse_user),
        &sparse_participant,
    );

    let message = Message {
        id: id(80),
        conversation_id: conversation.id,
        sender_id: full_user,
        kind: MessageType::System,
        content: "Welcome 👋".into(),
        reply_to_id: None,
        metadata: json!({ "nested": { "list": [1, 2.5, null, "x"], "flag": true }, "empty": {} }),
        status: MessageStatus::Delivered,
        created_at: at(0, 13),
        edited_at: None,
    };
    round_trip(&mut db, &message, message.id, &message);
    let reply = Message {
        id: id(81),
        reply_to_id: Some(message.id),
        metadata: json!([]),
        edited_at: Some(at(0, 14)),
        ..message.clone()
    };
    round_trip(&mut db, &reply, reply.id, &reply);

    let notification = Notification {
        id: id(90),
        user_id: full_user,
        kind: NotificationType::ReflectionReminder,
        channel: "push".into(),
        title: "Reflect".into(),
        message: "How did it go?".into(),
        data: json!({ "session_id": session.id.to_string() }),
        scheduled_for: Some(at(4, 0)),
        sent_at: Some(at(4, 1)),
        read_at: Some(at(4, 2)),
        created_at: at(3, 0),
    };
    round_trip(&mut db, &notification, notification.id, &notification);
    let sparse_notification = Notification {
        id: id(91),
        data: json!(null),
        scheduled_for: None,
        sent_at: None,
        read_at: None,
        ..notification.clone()
    };
    round_trip(
        &mut db,
        &sparse_notification,
        sparse_notification.id,
        &sparse_notification,
    );

    let mfa = UserMfa {
        user_id: full_user,
        method: MfaMethod::BackupCode,
        secret_encrypted: vec![0, 1, 2, 127, 128, 255, b'\'', b'\\'],
        backup_codes: Some(vec!["1111-2222".into(), "3333-4444".into()]),
        is_enabled: true,
        verified_at: Some(at(-3, 0)),
        last_used_at: Some(at(-1, 0)),
    };
    round_trip(&mut db, &mfa, mfa.user_id, &mfa);
    let sparse_mfa = UserMfa {
        user_id: sparse_user,
        secret_encrypted: Vec::new(),
        backup_codes: None,
        verified_at: None,
        last_used_at: None,
        ..mfa.clone()
    };
    round_trip(&mut db, &sparse_mfa, sparse_mfa.user_id, &sparse_mfa);

    // `mfa_attempts.id` is `GENERATED BY DEFAULT AS IDENTITY`: an explicit value is kept.
    let attempt = MfaAttempt {
        id: 41,
        user_id: full_user,
        ip_address: Some("2001:db8::17".parse::<IpAddr>().unwrap()),
        success: false,
        attempted_at: at(0, 15),
    };
    round_trip(&mut db, &attempt, attempt.id, &attempt);
    let sparse_attempt = MfaAttempt {
        id: 42,
        ip_address: None,
        success: true,
        ..attempt.clone()
    };
    round_trip(&mut db, &sparse_attempt, sparse_attempt.id, &sparse_attempt);
    let v4 = MfaAttempt {
        id: 43,
        ip_address: Some("192.0.2.1".parse().unwrap()),
        ..attempt.clone()
    };
    round_trip(&mut db, &v4, v4.id, &v4);

    // `system_audit_logs.id` is `GENERATED ALWAYS AS IDENTITY`: the database numbers it.
    let entry = AuditLog {
        id: 0,
        user_id: Some(full_user),
        action: AuditAction::SecurityEvent,
        resource_type: Some("session".into()),
        resource_id: Some(session.id),
        details: json!({ "reason": "too many attempts", "count": 5 }),
        ip_address: Some("10.1.2.3".parse().unwrap()),
        user_agent: Some("curl/8".into()),
        created_at: at(0, 16),
    };
    round_trip(
        &mut db,
        &entry,
        1,
        &AuditLog {
            id: 1,
            ..entry.clone()
        },
    );
    let sparse_entry = AuditLog {
        user_id: None,
        resource_type: None,
        resource_id: None,
        ip_address: None,
        user_agent: None,
        ..entry.clone()
    };
    round_trip(
        &mut db,
        &sparse_entry,
        2,
        &AuditLog {
            id: 2,
            ..sparse_entry.clone()
        },
    );

    // Every table of the app took part.
    let tables: Vec<String> = demo::schema()
        .tables
        .iter()
        .map(|t| t.name.name.clone())
        .collect();
    for table in tables {
        let count: i64 = db
            .client
            .query_one(&format!("SELECT count(*) FROM public.{table}"), &[])
            .unwrap()
            .get(0);
        assert!(count >= 1, "no row went into {table}");
    }
}

/// Each label of the enum through the driver's `ToSql`/`FromSql` (an enum parameter) and
/// through a sea-query value bound by the binding (a text value read as the enum).
fn every_label_round_trips<E>(db: &mut TestDb)
where
    E: PgEnum + EnumLabel + ToValue + ToSql + Sync + FromSqlOwned + PartialEq + Debug,
{
    let def = E::enum_def();
    let type_name = def.name.to_sql();
    let labels: Vec<String> = def.values.iter().map(|v| v.label.clone()).collect();
    assert!(!labels.is_empty());
    for label in &labels {
        let variant = E::from_label(label).unwrap_or_else(|| panic!("no variant for {label}"));
        assert_eq!(variant.label(), label);

        let sql = format!("SELECT $1::{type_name}, $1::{type_name}::text");
        let row = db.client.query_one(sql.as_str(), &[&variant]).unwrap();
        assert_eq!(row.get::<_, E>(0), variant, "{sql}");
        assert_eq!(&row.get::<_, String>(1), label);

        let select = Query::select()
            .expr(Expr::val(variant.to_value()).cast_as(def.name.name.clone()))
            .to_owned();
        let (sql, params) = select.build_postgres();
        let row = db
            .client
            .query_one(sql.as_str(), &params.as_params())
            .unwrap();
        assert_eq!(row.get::<_, E>(0), variant, "{sql}");
    }
    // Postgres's own order is the declared one.
    let sql = format!("SELECT unnest(enum_range(NULL::{type_name}))");
    let from_postgres: Vec<E> = db
        .client
        .query(sql.as_str(), &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let declared: Vec<E> = labels.iter().map(|l| E::from_label(l).unwrap()).collect();
    assert_eq!(from_postgres, declared);
}

#[test]
fn every_enum_label_round_trips() {
    let mut db = demo_db();
    every_label_round_trips::<UserRole>(&mut db);
    every_label_round_trips::<UserStatus>(&mut db);
    every_label_round_trips::<Language>(&mut db);
    every_label_round_trips::<SessionStatus>(&mut db);
    every_label_round_trips::<PrivacyLevel>(&mut db);
    every_label_round_trips::<FileCategory>(&mut db);
    every_label_round_trips::<FilePermission>(&mut db);
    every_label_round_trips::<ConversationType>(&mut db);
    every_label_round_trips::<MessageType>(&mut db);
    every_label_round_trips::<MessageStatus>(&mut db);
    every_label_round_trips::<NotificationType>(&mut db);
    every_label_round_trips::<MfaMethod>(&mut db);
    every_label_round_trips::<AuditAction>(&mut db);
    assert_eq!(demo::schema().enums.len(), 13, "every enum above");
}

/// A label the Rust enum does not know (the database has a newer enum) is an error naming
/// it, not a panic.
#[test]
fn an_unknown_label_is_a_decoding_error() {
    let mut db = demo_db();
    db.execute_script("ALTER TYPE public.session_status ADD VALUE 'on_hold'");
    let error = db
        .client
        .query_one("SELECT 'on_hold'::public.session_status", &[])
        .unwrap()
        .try_get::<_, SessionStatus>(0)
        .unwrap_err();
    let message = format!("{error:?}");
    assert!(
        message.contains("`on_hold` is not a value of enum type `public.session_status`"),
        "{message}"
    );
}

/// Integer and float values bind to whichever numeric type the parameter has, and a value
/// that does not fit is an error rather than a wrong number.
#[test]
fn values_bind_by_the_parameter_type() {
    let mut db = demo_db();
    let select = Query::select()
        .expr(Expr::val(7i32).cast_as("int8"))
        .expr(Expr::val(7i64).cast_as("int2"))
        .expr(Expr::val(1.5f64).cast_as("float4"))
        .expr(Expr::val("192.0.2.9").cast_as("inet"))
        .to_owned();
    let (sql, params) = select.build_postgres();
    let row = db
        .client
        .query_one(sql.as_str(), &params.as_params())
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 7);
    assert_eq!(row.get::<_, i16>(1), 7);
    assert_eq!(row.get::<_, f32>(2), 1.5);
    assert_eq!(
        row.get::<_, IpAddr>(3),
        "192.0.2.9".parse::<IpAddr>().unwrap()
    );

    let too_big = Query::select()
        .expr(Expr::val(70_000i64).cast_as("int2"))
        .to_owned();
    let (sql, params) = too_big.build_postgres();
    let error = db
        .client
        .query_one(sql.as_str(), &params.as_params())
        .unwrap_err();
    assert!(format!("{error:?}").contains("out of range"), "{error:?}");

    let not_an_address = Query::select()
        .expr(Expr::val("nowhere").cast_as("inet"))
        .to_owned();
    let (sql, params) = not_an_address.build_postgres();
    let error = db
        .client
        .query_one(sql.as_str(), &params.as_params())
        .unwrap_err();
    assert!(
        format!("{error:?}").contains("`nowhere` is not an address"),
        "{error:?}"
    );
}

/// A left join that finds nothing decodes as `None`; rows decode by position, so a struct
/// read after another starts where the first one ends.
#[test]
fn left_joins_decode_as_options() {
    let mut db = demo_db();
    let mut printed = Vec::new();
    demo::queries::run(&mut db.client, &mut printed).unwrap();
    let select = User::select()
        .columns(UserMfa::columns())
        .left_join_along(UserMfa::USER_ID_FKEY.reversed())
        .to_owned();
    let (sql, params) = select.build_postgres();
    let rows = db.client.query(sql.as_str(), &params.as_params()).unwrap();
    let users: Vec<(User, Option<UserMfa>)> = rows
        .iter()
        .map(<(User, Option<UserMfa>)>::from_row)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users.len(), 2);
    assert!(users.iter().all(|(_, mfa)| mfa.is_none()));
    assert_eq!(<(User, Option<UserMfa>)>::WIDTH, 13 + 7);
    assert_eq!(User::table_def().columns.len(), 13);
}

/// The same typed statements on the async driver: `&tokio_postgres::Client`, futures of
/// the same results.
#[test]
fn typed_statements_run_on_tokio_postgres() {
    let db = demo_db();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&db.url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        let auth_users = Query::insert()
            .into_table(("auth", "users"))
            .columns(["id"])
            .values_panic([COACH_ID.into()])
            .to_owned();
        let (sql, params) = auth_users.build_postgres();
        client.execute(&sql, &params.as_params()).await.unwrap();

        let user: User = NewUser {
            id: COACH_ID,
            email: "noa@example.com".into(),
            first_name: Some("Noa".into()),
            last_name: None,
            role: UserRole::Coach.into(),
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
        .returning(User::table())
        .fetch_one(&client)
        .await
        .unwrap();
        assert_eq!(
            (user.role, user.status, user.timezone.as_str()),
            (UserRole::Coach, UserStatus::Active, "UTC")
        );

        let changed = User::update_many()
            .set(User::LANGUAGE.to(Language::He))
            .filter(User::EMAIL.eq("noa@example.com"))
            .execute(&client)
            .await
            .unwrap();
        assert_eq!(changed, 1);
        let found: Option<(String, Language)> = User::find()
            .filter(User::ID.eq(COACH_ID))
            .select_columns((User::EMAIL, User::LANGUAGE))
            .fetch_optional(&client)
            .await
            .unwrap();
        assert_eq!(found, Some(("noa@example.com".into(), Language::He)));
        let none = User::find()
            .filter(User::ID.eq(CLIENT_ID))
            .fetch_optional(&client)
            .await
            .unwrap();
        assert_eq!(none, None);
    });
}

/// A failure says what failed in the schema's words: the server's message with the
/// constraint, or the column, Rust type and Postgres type of a value that did not decode.
#[test]
fn errors_name_the_constraint_or_the_column_and_types() {
    let mut db = demo_db();
    let user = |email: &str| NewUser {
        id: COACH_ID,
        email: email.into(),
        first_name: None,
        last_name: None,
        role: DbDefault::Database,
        status: DbDefault::Database,
        language: DbDefault::Database,
        timezone: DbDefault::Database,
        phone: None,
        avatar_url: None,
        created_at: DbDefault::Database,
        updated_at: DbDefault::Database,
        last_seen_at: None,
    };
    let error = user("noa@example.com")
        .insert()
        .execute(&mut db.client)
        .unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error.kind(), schemata::query::ErrorKind::Server { code, .. } if code == "23503"),
        "{error:?}"
    );
    assert!(
        text.contains("violates foreign key constraint")
            && text.contains("constraint `users_id_fkey`")
            && text.contains("table `users`")
            && text.contains(r#"INSERT INTO "users""#),
        "{text}"
    );

    // The column's type drifted from the Rust field's.
    db.execute_script("ALTER TABLE sessions ALTER COLUMN duration_minutes TYPE bigint");
    db.execute_script(&format!(
        "INSERT INTO auth.users (id) VALUES ('{COACH_ID}')"
    ));
    user("noa@example.com")
        .insert()
        .execute(&mut db.client)
        .unwrap();
    db.execute_script(&format!(
        "INSERT INTO sessions (coach_id, client_id, title, scheduled_at) VALUES ('{COACH_ID}', '{COACH_ID}', 'Intake', now())"
    ));
    let error = Session::find()
        .select_columns((Session::TITLE, Session::DURATION_MINUTES))
        .fetch_all(&mut db.client)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(
            "column `sessions.duration_minutes` (Postgres type `int8`) cannot be read as `i32`"
        ),
        "{error}"
    );
    let error = Session::find()
        .fetch_one(&mut db.client)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(
            "column `sessions.duration_minutes` (Postgres type `int8`) cannot be read as `i32`"
        ),
        "{error}"
    );
}

/// A column whose type is a domain over an array: written and read by both drivers.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(name = "items")]
struct Item {
    #[column(primary_key)]
    id: i32,
    #[column(sql_type = "embedding")]
    embedding: Vec<f32>,
}

#[test]
fn a_domain_over_an_array_round_trips() {
    let mut db = TestDb::fresh();
    db.execute_script(
        "CREATE DOMAIN embedding AS real[] CHECK (cardinality(VALUE) = 3);
         CREATE TABLE items (id integer PRIMARY KEY, embedding embedding NOT NULL);",
    );
    let item = Item {
        id: 1,
        embedding: vec![0.5, -1.0, 2.25],
    };
    let read: Item = NewItem::from(item.clone())
        .insert()
        .returning(Item::table())
        .fetch_one(&mut db.client)
        .unwrap();
    assert_eq!(read, item);

    let other = Item { id: 2, ..item };
    let rows = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let pool = PgPool::connect(&db.url).await.unwrap();
            NewItem::from(other.clone())
                .insert()
                .execute(&pool)
                .await
                .unwrap();
            Item::find()
                .order_by(Item::ID, schemata::sea_query::Order::Asc)
                .fetch_all(&pool)
                .await
                .unwrap()
        });
    assert_eq!(rows, [read, other]);
}
