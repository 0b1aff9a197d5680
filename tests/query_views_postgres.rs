//! Views read through their typed handles on a real PostgreSQL: the coaching app's
//! materialized view and plain view, selected with typed filters and decoded by
//! `FromRow`.

use schemata_example_apps::coaching;
mod common;

use coaching::enums::NotificationType;
use coaching::views::{DailyNotificationStats, DatabaseSchemaSummary};
use common::TestDb;
use rust_decimal::Decimal;
use schemata::postgres::{to_sql, RenderOptions};
use schemata::query::prelude::*;
use schemata::sea_query::Order;

fn coaching_db() -> TestDb {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(
        &coaching::schema(),
        &RenderOptions { stand_ins: true },
    ));
    db
}

fn rows<T: FromRow>(db: &mut TestDb, select: &schemata::sea_query::SelectStatement) -> Vec<T> {
    let (sql, params) = select.build_postgres();
    db.client
        .query(&sql, &params.as_params())
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| T::from_row(row).unwrap())
        .collect()
}

#[test]
fn a_materialized_view_reads_back_through_its_typed_select() {
    let mut db = coaching_db();
    db.execute_script(
        "INSERT INTO auth.users VALUES ('00000000-0000-0000-0000-000000000001');
         INSERT INTO users (id, email, role)
           VALUES ('00000000-0000-0000-0000-000000000001', 'client@example.com', 'client');
         INSERT INTO notifications (user_id, type, channel, title, message, sent_at, read_at) VALUES
           ('00000000-0000-0000-0000-000000000001', 'payment_reminder', 'email', 't', 'm', now(), now()),
           ('00000000-0000-0000-0000-000000000001', 'payment_reminder', 'email', 't', 'm', now(), NULL),
           ('00000000-0000-0000-0000-000000000001', 'session_reminder', 'email', 't', 'm', NULL, NULL);
         REFRESH MATERIALIZED VIEW daily_notification_stats;",
    );

    let stats: Vec<DailyNotificationStats> = rows(
        &mut db,
        &DailyNotificationStats::select()
            .cond_where(
                DailyNotificationStats::NOTIFICATION_TYPE.eq(NotificationType::PaymentReminder),
            )
            .order_by(DailyNotificationStats::DAY, Order::Asc)
            .to_owned(),
    );
    assert_eq!(stats.len(), 1, "{stats:?}");
    let stats = &stats[0];
    assert_eq!(stats.notification_type, NotificationType::PaymentReminder);
    assert_eq!(stats.channel, "email");
    assert_eq!((stats.total, stats.sent, stats.read), (2, 2, 1));
    assert_eq!(stats.read_rate, Some(Decimal::new(5000, 2)));

    // A nullable view column: the one without a sent notification has no read rate.
    let unsent: Vec<DailyNotificationStats> = rows(
        &mut db,
        &DailyNotificationStats::select()
            .cond_where(DailyNotificationStats::READ_RATE.is_null())
            .to_owned(),
    );
    assert_eq!(unsent.len(), 1, "{unsent:?}");
    assert_eq!(
        unsent[0].notification_type,
        NotificationType::SessionReminder
    );
}

#[test]
fn a_plain_view_reads_back_through_its_typed_select() {
    let mut db = coaching_db();
    let summary: Vec<DatabaseSchemaSummary> = rows(
        &mut db,
        &DatabaseSchemaSummary::select()
            .cond_where(DatabaseSchemaSummary::TABLE_NAME.is_in(["notifications", "users"]))
            .order_by(DatabaseSchemaSummary::TABLE_NAME, Order::Asc)
            .to_owned(),
    );
    let names: Vec<&str> = summary.iter().map(|s| s.table_name.as_str()).collect();
    assert_eq!(names, ["notifications", "users"]);
    assert!(summary.iter().all(|s| s.column_count > 0), "{summary:?}");
}
