//! The typed queries of the demo app on `sqlx` (async, tokio): the same statements as
//! `typed-queries` runs on the blocking `postgres` crate, here on a `PgPool`'s
//! transaction, `.await`ed.
//!
//! ```text
//! DATABASE_URL=postgres://user:password@host/empty_db cargo run --example typed-queries-sqlx
//! cargo run --example typed-queries-sqlx -- --keep   # commit instead of rolling back
//! ```
//!
//! Like `typed-queries`: the database must not hold the demo's tables yet (default: the
//! local server's `postgres` database), and everything runs in one transaction that is
//! rolled back unless `--keep` is given.

use schemata_example_apps::demo;

use chrono::{Duration, TimeZone, Utc};
use demo::enums::*;
use demo::tables::*;
use rust_decimal::Decimal;
use schemata::postgres::{to_sql, RenderOptions};
use schemata::query::prelude::*;
use schemata::sea_query::Order;
use sqlx::postgres::{PgConnection, PgPoolOptions};
use std::error::Error;
use std::process::ExitCode;
use uuid::Uuid;

const DEFAULT_DATABASE_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

const USAGE: &str = "usage: typed-queries-sqlx [--keep]
  --keep  commit the schema and rows instead of rolling them back

DATABASE_URL names the database (default: the local server's `postgres` database); it
must not hold the demo's tables yet";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut keep = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--keep" => keep = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("typed-queries-sqlx: unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match run(keep).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("typed-queries-sqlx: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(keep: bool) -> Result<(), Box<dyn Error>> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .map_err(|error| {
            format!("cannot connect to DATABASE_URL ({error}); set it to an empty database on a running server")
        })?;

    let schema = demo::schema();
    let names: Vec<String> = schema.tables.iter().map(|t| t.name.name.clone()).collect();
    let taken: Vec<String> = sqlx::query_scalar(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name = ANY($1)",
    )
    .bind(&names)
    .fetch_all(&pool)
    .await?;
    if !taken.is_empty() {
        return Err(format!(
            "the database already has {}; point DATABASE_URL at an empty database",
            taken.join(", ")
        )
        .into());
    }

    let mut transaction = pool.begin().await?;
    println!("== create the demo schema, with stand-ins for Supabase's objects");
    sqlx::raw_sql(&to_sql(&schema, &RenderOptions { stand_ins: true }))
        .execute(&mut *transaction)
        .await?;
    walk(&mut transaction).await?;
    if keep {
        transaction.commit().await?;
        println!("\n== committed (--keep)");
    } else {
        transaction.rollback().await?;
        println!("\n== rolled back: the database is as it was (--keep commits instead)");
    }
    Ok(())
}

/// Prints a step and the statement as it goes to the server.
fn show(step: &str, statement: &impl Statement) {
    println!("\n== {step}\n{}", statement.build().0);
}

async fn walk(db: &mut PgConnection) -> Result<(), Box<dyn Error>> {
    let now = Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap();
    let (coach_id, client_id) = (Uuid::from_u128(0xC0AC4), Uuid::from_u128(0xC11E47));

    // The app does not own Supabase's `auth.users`: plain sqlx writes it.
    sqlx::query("INSERT INTO auth.users (id) VALUES ($1), ($2)")
        .bind(coach_id)
        .bind(client_id)
        .execute(&mut *db)
        .await?;

    let coach = User {
        id: coach_id,
        email: "noa@example.com".into(),
        first_name: Some("Noa".into()),
        last_name: Some("Levi".into()),
        role: UserRole::Coach,
        status: UserStatus::Active,
        language: Language::He,
        timezone: "Asia/Jerusalem".into(),
        phone: None,
        avatar_url: None,
        created_at: now,
        updated_at: now,
        last_seen_at: None,
    };
    let insert = NewUser::from(coach.clone()).insert();
    show("1. insert the coach, every column from the struct", &insert);
    insert.execute(&mut *db).await?;

    let insert = NewUser {
        id: client_id,
        email: "dana@example.com".into(),
        first_name: Some("Dana".into()),
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
    .returning(User::table());
    show(
        "2. insert the client, the database filling in what the row leaves to it",
        &insert,
    );
    let client: User = insert.fetch_one(&mut *db).await?;
    println!(
        "   the database gave role {:?}, language {:?}, timezone {}",
        client.role, client.language, client.timezone
    );

    for (n, title, days) in [
        (1, "Goals for the quarter", 1),
        (2, "Follow-up", 8),
        (3, "Intake", -7),
    ] {
        NewSession {
            id: Uuid::from_u128(0x5E55_0000 + n).into(),
            coach_id,
            client_id,
            title: title.into(),
            description: None,
            scheduled_at: now + Duration::days(days),
            duration_minutes: DbDefault::Database,
            status: DbDefault::Database,
            meeting_url: None,
            price: Some(Decimal::new(8000, 2)),
            rating: None,
            created_at: DbDefault::Database,
            updated_at: DbDefault::Database,
        }
        .insert()
        .execute(&mut *db)
        .await?;
    }

    let upcoming = Session::find()
        .filter(Session::COACH_ID.eq(coach_id))
        .filter(Session::STATUS.eq(SessionStatus::Scheduled))
        .filter(Session::SCHEDULED_AT.gt(now))
        .order_by(Session::SCHEDULED_AT, Order::Asc);
    show("3. the coach's upcoming sessions", &upcoming);
    for session in upcoming.fetch_all(&mut *db).await? {
        println!("   {} on {}", session.title, session.scheduled_at);
    }

    let titles = Session::find()
        .join(Session::CLIENT_ID_FKEY)
        .select_columns((Session::TITLE, User::EMAIL))
        .order_by(Session::SCHEDULED_AT, Order::Asc);
    show(
        "4. each session's title with its client's email: a (String, String) per row",
        &titles,
    );
    for (title, email) in titles.fetch_all(&mut *db).await? {
        println!("   {title}: {email}");
    }

    let reschedule = Session::update_many()
        .set(Session::STATUS.to(SessionStatus::Rescheduled))
        .filter(Session::STATUS.eq(SessionStatus::Scheduled))
        .filter(Session::SCHEDULED_AT.gt(now + Duration::days(2)));
    show("5. a bulk update: rows affected", &reschedule);
    println!(
        "   {} session(s) rescheduled",
        reschedule.execute(&mut *db).await?
    );

    let upsert = NewUser {
        first_name: Some("Dana R.".into()),
        ..NewUser::from(client.clone())
    }
    .insert()
    .on_conflict(User::EMAIL_KEY)
    .update(User::FIRST_NAME)
    .returning((User::EMAIL, User::FIRST_NAME));
    show("6. an upsert by email", &upsert);
    let (email, first_name) = upsert.fetch_one(&mut *db).await?;
    println!("   {email} is now {first_name:?}");

    let gone = Session::delete_many()
        .filter(Session::SCHEDULED_AT.lt(now))
        .returning(Session::TITLE);
    show("and a delete returning what it removed", &gone);
    println!("   deleted {:?}", gone.fetch_all(&mut *db).await?);
    let left: Vec<String> = Session::find()
        .select_columns(Session::TITLE)
        .order_by(Session::SCHEDULED_AT, Order::Asc)
        .fetch_all(&mut *db)
        .await?;
    println!("   left: {left:?}");
    Ok(())
}
