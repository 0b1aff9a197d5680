//! The SQL the typed-query helpers build, as snapshots (values inline, as sea-query prints
//! them for reading; the driver binding sends them as parameters, see `placeholders`).
//! Read every changed snapshot before accepting it: `cargo insta review`.

// Clippy's `duplicated_attributes` false positive (rust-clippy#13238), as in the demo.
#![allow(clippy::duplicated_attributes)]

use schemata_example_apps::{coaching, demo};

use chrono::{DateTime, TimeZone, Utc};
use demo::enums::*;
use demo::tables::*;
use schemata::query::postgres::BuildPostgres;
use schemata::query::prelude::*;
use schemata::query::{ToValue, TypedColumn};
use schemata::sea_query::{
    Expr, ExprTrait, Iden, Order, PostgresQueryBuilder, Query, QueryStatementWriter,
};
use schemata::{PgEnum, Table};
use uuid::Uuid;

/// `-- what` then the statement, for each `(what, &statement)`.
macro_rules! sql {
    ($(($what:expr, $statement:expr $(,)?)),* $(,)?) => {{
        let mut text = String::new();
        $(
            let statement = QueryStatementWriter::to_string($statement, PostgresQueryBuilder);
            text.push_str(&format!("-- {}\n{statement}\n\n", $what));
        )*
        text
    }};
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 12, 0, 0).unwrap()
}

fn session() -> Session {
    Session {
        id: id(1),
        coach_id: id(2),
        client_id: id(3),
        title: "It's a start".into(),
        description: None,
        scheduled_at: noon(),
        duration_minutes: 50,
        status: SessionStatus::Scheduled,
        meeting_url: None,
        price: Some(rust_decimal::Decimal::new(8050, 2)),
        rating: None,
        created_at: noon(),
        updated_at: noon(),
    }
}

#[test]
// Some values are passed by reference on purpose: the columns accept both.
#[allow(clippy::needless_borrows_for_generic_args)]
fn typed_filters() {
    let text = sql![
        (
            "comparisons take the column's Rust type",
            &Session::select()
                .cond_where(Session::COACH_ID.eq(id(2)))
                .cond_where(Session::CLIENT_ID.ne(&id(3)))
                .cond_where(Session::DURATION_MINUTES.lt(90))
                .cond_where(Session::DURATION_MINUTES.gte(30))
                .cond_where(Session::SCHEDULED_AT.between(noon(), noon()))
                .cond_where(Session::TITLE.like("Intake%"))
                .cond_where(Session::TITLE.ne("it's quoted"))
                .to_owned(),
        ),
        (
            "enums, sets and NULL; a nullable column takes its inner type",
            &Session::select()
                .cond_where(
                    Session::STATUS.is_in([SessionStatus::Scheduled, SessionStatus::NoShow])
                )
                .cond_where(Session::STATUS.is_not_in(&[SessionStatus::Cancelled]))
                .cond_where(Session::RATING.gt(3))
                .cond_where(Session::PRICE.is_not_null())
                .cond_where(Session::DESCRIPTION.is_null())
                .cond_where(Session::MEETING_URL.eq(Some("https://meet".to_string())))
                .to_owned(),
        ),
        (
            "mixed with the rest of sea-query",
            &Session::select()
                .cond_where(Session::RATING.is_null().or(Session::RATING.lt(2)))
                .cond_where(Session::DURATION_MINUTES.expr().mul(2).gt(100))
                .cond_where(Session::CREATED_AT.equals(Session::UPDATED_AT))
                .order_by(Session::SCHEDULED_AT, Order::Desc)
                .limit(10)
                .to_owned(),
        ),
        (
            "arrays, jsonb, bytea and inet",
            &Query::select()
                .expr(Expr::val(
                    vec!["a".to_string(), "b, \"c\"".to_string()].to_value()
                ))
                .expr(Expr::val(serde_json::json!({ "k": [1, null] }).to_value()))
                .expr(Expr::val(vec![0u8, 255].to_value()))
                .expr(Expr::val(
                    "10.0.0.1".parse::<std::net::IpAddr>().unwrap().to_value()
                ))
                .to_owned(),
        ),
    ];
    insta::assert_snapshot!(text);
}

#[test]
fn row_helpers() {
    // The columns with a database default are written out as such: `duration_minutes`
    // and `status` are left to the database because this row says so.
    let with_returning = NewSession {
        id: DbDefault::Database,
        coach_id: id(2),
        client_id: id(3),
        title: "It's a start".into(),
        description: None,
        scheduled_at: noon(),
        duration_minutes: DbDefault::Database,
        status: DbDefault::Database,
        meeting_url: None,
        price: Some(rust_decimal::Decimal::new(8050, 2)),
        rating: None,
        created_at: DbDefault::Database,
        updated_at: DbDefault::Database,
    }
    .insert()
    .returning(Session::table());
    let participant = ConversationParticipant {
        conversation_id: id(10),
        user_id: id(11),
        role: "member".into(),
        joined_at: noon(),
        last_read_at: None,
    };
    let audit = AuditLog {
        id: 99,
        user_id: None,
        action: AuditAction::Login,
        resource_type: None,
        resource_id: None,
        details: serde_json::json!({}),
        ip_address: None,
        user_agent: None,
        created_at: noon(),
    };
    let file = FileUpload {
        id: id(20),
        user_id: id(2),
        session_id: None,
        filename: "a.pdf".into(),
        storage_path: "a".into(),
        file_type: "application/pdf".into(),
        file_size: 10,
        file_size_mb: None,
        file_category: FileCategory::Document,
        description: None,
        tags: vec!["x".into()],
        download_count: 0,
        created_at: noon(),
    };
    let text = sql![
        ("select every column, in declared order", &Session::select()),
        ("insert every column", &session().insert()),
        (
            "insert, leaving columns with defaults to the database, returning the row",
            with_returning.statement(),
        ),
        (
            "an identity column `GENERATED ALWAYS` is never written",
            &audit.insert(),
        ),
        (
            "and with defaults skipped",
            NewAuditLog {
                details: DbDefault::Database,
                created_at: DbDefault::Database,
                ..NewAuditLog::from(audit.clone())
            }
            .insert()
            .statement(),
        ),
        ("a generated column is never written", &file.insert()),
        ("update by primary key", &session().update()),
        ("update by a composite primary key", &participant.update()),
        ("delete by primary key", &session().delete()),
        ("select by key", &Session::select_by_key(id(1))),
        (
            "select by composite key",
            &ConversationParticipant::select_by_key((id(10), id(11))),
        ),
        (
            "delete by composite key",
            &ConversationParticipant::delete_by_key((id(10), id(11))),
        ),
    ];
    insta::assert_snapshot!(text);
}

#[test]
fn joins_along_foreign_keys() {
    let text = sql![
        (
            "from the referencing table to the referenced one",
            &Session::select()
                .columns(User::columns())
                .join_along(Session::COACH_ID_FKEY)
                .to_owned(),
        ),
        (
            "one table twice, by alias",
            &Session::select()
                .columns(User::columns_of("coach"))
                .columns(User::columns_of("client"))
                .join_along(Session::COACH_ID_FKEY.alias("coach"))
                .join_along(Session::CLIENT_ID_FKEY.alias("client"))
                .cond_where(User::EMAIL.of("client").eq("dana@example.com"))
                .to_owned(),
        ),
        (
            "the other way round",
            &User::select()
                .join_along(Session::COACH_ID_FKEY.reversed())
                .cond_where(Session::STATUS.eq(SessionStatus::Completed))
                .to_owned(),
        ),
        (
            "a self join, left",
            &Message::select()
                .columns(Message::columns_of("parent"))
                .left_join_along(Message::REPLY_TO_ID_FKEY.alias("parent"))
                .to_owned(),
        ),
        (
            "a chain: shares of files of sessions",
            &FileShare::select()
                .join_along(FileShare::FILE_ID_FKEY)
                .left_join_along(FileUpload::SESSION_ID_FKEY)
                .cond_where(Session::COACH_ID.eq(id(2)))
                .to_owned(),
        ),
        (
            "the query's table under an alias",
            &Query::select()
                .columns(Session::columns_of("s"))
                .from(Session::table().alias("s"))
                .join_along(Session::COACH_ID_FKEY.source_alias("s"))
                .to_owned(),
        ),
    ];
    insta::assert_snapshot!(text);
}

#[test]
fn views_read_like_tables() {
    use coaching::enums::NotificationType;
    use coaching::views::{DailyNotificationStats as Stats, DatabaseSchemaSummary as Summary};
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let text = sql![
        (
            "a materialized view: every column in declared order, typed filters",
            &Stats::select()
                .cond_where(Stats::NOTIFICATION_TYPE.eq(NotificationType::PaymentReminder))
                .cond_where(Stats::DAY.gte(day))
                .cond_where(Stats::READ_RATE.is_not_null())
                .order_by(Stats::DAY, Order::Desc)
                .to_owned(),
        ),
        (
            "a plain view, by alias",
            &Query::select()
                .columns(Summary::columns_of("s"))
                .from(Summary::table().alias("s"))
                .cond_where(Summary::RLS_ENABLED.of("s").eq(true))
                .to_owned(),
        ),
    ];
    insta::assert_snapshot!(text);
    assert_eq!(
        coaching::views::DailyNotificationStatsIden::Table.to_string(),
        "daily_notification_stats"
    );
    assert_eq!(
        coaching::views::DailyNotificationStatsIden::ReadRate.to_string(),
        "read_rate"
    );
}

#[test]
fn sea_query_identifiers() {
    let names: Vec<String> = [
        SessionIden::Table,
        SessionIden::Id,
        SessionIden::CoachId,
        SessionIden::ScheduledAt,
    ]
    .iter()
    .map(|iden| iden.to_string())
    .collect();
    assert_eq!(names, ["sessions", "id", "coach_id", "scheduled_at"]);
    // A field renamed for Rust keeps its column name.
    assert_eq!(MessageIden::Kind.to_string(), "type");
    assert_eq!(Message::KIND.name(), "type");
    assert_eq!(format!("{:?}", Message::KIND), "messages.type");

    let text = sql![
        (
            "plain sea-query with the generated identifiers",
            &Query::select()
                .columns([SessionIden::Id, SessionIden::Title])
                .from(SessionIden::Table)
                .cond_where(Expr::col(SessionIden::Status).eq(SessionStatus::Completed.to_value()))
                .to_owned(),
        ),
        (
            "an update of chosen columns",
            &Query::update()
                .table(Session::table())
                .value(SessionIden::Rating, 5)
                .value(SessionIden::Status, SessionStatus::Completed.to_value())
                .cond_where(Session::ID.eq(id(1)))
                .to_owned(),
        ),
        (
            "a table the app does not own",
            &Query::select()
                .column("id")
                .from(("auth", "users"))
                .cond_where(Expr::col("id").eq(id(2)))
                .to_owned(),
        ),
    ];
    insta::assert_snapshot!(text);
}

/// Where the driver needs them, values are parameters.
#[test]
fn placeholders() {
    let select = Session::select()
        .cond_where(Session::COACH_ID.eq(id(2)))
        .cond_where(Session::STATUS.eq(SessionStatus::Scheduled))
        .to_owned();
    let (sql, params) = select.build_postgres();
    insta::assert_snapshot!(format!("{sql}\n{:#?}", params.0));
}

/// A table of key columns only: its update sets the key to itself, `SET` cannot be empty.
#[derive(Debug, Clone, Table)]
#[table(primary_key(follower_id, followee_id))]
struct Follow {
    follower_id: Uuid,
    followee_id: Uuid,
}

#[test]
fn a_table_of_key_columns_only() {
    let follow = Follow {
        follower_id: id(1),
        followee_id: id(2),
    };
    let text = sql![
        ("insert", &follow.insert()),
        ("update", &follow.update()),
        ("delete", &follow.delete()),
    ];
    insta::assert_snapshot!(text);
}

// Tables in a schema of their own, with a composite foreign key between them.

#[derive(Debug, Clone, Copy, PartialEq, PgEnum)]
#[pg_enum(schema = "billing")]
enum InvoiceState {
    Draft,
    Sent,
}

#[derive(Debug, Clone, Table)]
#[table(schema = "billing", primary_key(org_id, number))]
struct Invoice {
    org_id: Uuid,
    number: i32,
    #[column(default_value = "draft")]
    state: InvoiceState,
}

#[derive(Debug, Clone, Table)]
#[table(schema = "billing", name = "invoice_lines")]
#[table(foreign_key(columns(org_id, invoice_number), references = Invoice, on_delete = "cascade"))]
struct InvoiceLine {
    #[column(primary_key, identity = "always")]
    id: i64,
    org_id: Uuid,
    invoice_number: i32,
    amount_cents: i64,
}

#[test]
fn a_schema_other_than_public() {
    let line = InvoiceLine {
        id: 0,
        org_id: id(7),
        invoice_number: 12,
        amount_cents: 1999,
    };
    let text = sql![
        (
            "select",
            &Invoice::select()
                .cond_where(Invoice::STATE.eq(InvoiceState::Sent))
                .to_owned(),
        ),
        ("insert", &line.insert()),
        ("update", &line.update()),
        (
            "join along a composite foreign key",
            &InvoiceLine::select()
                .columns(Invoice::columns())
                .join_along(InvoiceLine::ORG_ID_INVOICE_NUMBER_FKEY)
                .to_owned(),
        ),
        (
            "delete by composite key",
            &Invoice::delete_by_key((id(7), 12)),
        ),
    ];
    insta::assert_snapshot!(text);
    let column: TypedColumn<InvoiceLine, i64, _> = InvoiceLine::AMOUNT_CENTS;
    assert_eq!(format!("{column:?}"), "invoice_lines.amount_cents");
}

/// The typed statements: projections, joins checked against the statement's tables,
/// typed writes, upserts on declared keys.
#[test]
fn typed_statements() {
    let new_session = NewSession {
        id: DbDefault::Database,
        coach_id: id(2),
        client_id: id(3),
        title: "Intake".into(),
        description: None,
        scheduled_at: noon(),
        duration_minutes: 50.into(),
        status: SessionStatus::Completed.into(),
        meeting_url: None,
        price: None,
        rating: None,
        created_at: DbDefault::Database,
        updated_at: DbDefault::Database,
    };
    let statements = [
        (
            "a projection of two tables: rows of (String, String)",
            Session::find()
                .join(Session::COACH_ID_FKEY)
                .filter(User::ROLE.eq(UserRole::Coach))
                .select_columns((Session::TITLE, User::EMAIL))
                .order_by(Session::SCHEDULED_AT, Order::Asc)
                .limit(10)
                .to_sql_string(),
        ),
        (
            "a whole table beside a column",
            User::find()
                .join_referencing(Session::COACH_ID_FKEY)
                .filter(Session::RATING.gte(4).or(Session::RATING.is_null()))
                .filter(User::STATUS.eq(UserStatus::Active))
                .select_columns((User::table(), Session::SCHEDULED_AT))
                .distinct()
                .to_sql_string(),
        ),
        (
            "an insert that says which columns the database fills in",
            new_session.insert().returning(Session::ID).to_sql_string(),
        ),
        (
            "an upsert on a declared unique key",
            NewConversationParticipant {
                conversation_id: id(10),
                user_id: id(11),
                role: "admin".to_string().into(),
                joined_at: DbDefault::Database,
                last_read_at: None,
            }
            .insert()
            .on_conflict(ConversationParticipant::PRIMARY_KEY)
            .update(ConversationParticipant::ROLE)
            .returning((
                ConversationParticipant::ROLE,
                ConversationParticipant::JOINED_AT,
            ))
            .to_sql_string(),
        ),
        (
            "an upsert that keeps the row there",
            NewUser {
                id: id(1),
                email: "noa@example.com".into(),
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
            }
            .insert()
            .on_conflict(User::EMAIL_KEY)
            .do_nothing()
            .to_sql_string(),
        ),
        (
            "a bulk update with typed assignments",
            Session::update_many()
                .set((
                    Session::STATUS.to(SessionStatus::Cancelled),
                    Session::MEETING_URL.to(None),
                ))
                .filter(Session::COACH_ID.eq(id(2)))
                .filter(Session::SCHEDULED_AT.gt(noon()))
                .returning(Session::ID)
                .to_sql_string(),
        ),
        (
            "a bulk delete",
            Session::delete_many()
                .filter(Session::STATUS.eq(SessionStatus::Cancelled))
                .to_sql_string(),
        ),
    ];
    let text: String = statements
        .iter()
        .map(|(what, sql)| format!("-- {what}\n{sql}\n\n"))
        .collect();
    insta::assert_snapshot!(text);
}

/// A `default_value` on an enum column must be one of the enum's labels. The derive checks
/// it at compile time (`tests/ui/column/enum-default-not-a-label.rs`); a table that did not
/// come from the derive (built by hand, read from a snapshot) is checked by `build()`.
#[test]
fn an_enum_default_that_is_not_a_label_fails_to_build() {
    #[derive(Debug, Clone, Copy, PgEnum)]
    enum ProjectStatus {
        Active,
        Archived,
    }

    #[derive(Table)]
    #[table(name = "projects")]
    struct Project {
        #[column(primary_key)]
        id: i64,
        #[column(default_value = "active")]
        status: ProjectStatus,
    }

    let mut table = <Project as schemata::Table>::table_def();
    table.columns[1].default = Some(schemata::DefaultValue::Literal(schemata::Literal::Text(
        "activ".into(),
    )));
    let errors = schemata::Schema::builder()
        .enum_type::<ProjectStatus>()
        .add_table(table)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        errors.contains("column `public.projects.status`")
            && errors.contains("`default_value = \"activ\"`, which is not a label of enum type `public.project_status` (its labels: active, archived)"),
        "{errors}"
    );
}
