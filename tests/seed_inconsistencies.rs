//! What the library says about the inconsistencies of the three write-ups in
//! `shared/seeds/`, written as they are there. The ported apps (`examples/apps/`) fix
//! each one; these tests put the original back and assert the exact report: from the
//! schema builder where the model can see the problem, from `check` (Postgres, through
//! a rolled-back transaction) where only the server can.

use schemata_example_apps::{coaching, demo, photography, therapy};
mod common;

use common::TestDb;
use schemata::postgres::check::{check, Rejection};
use schemata::postgres::RenderOptions;
use schemata::{EnumValue, FunctionDef, PgEnum, QualifiedName, Schema, SchemaBuilder};

fn errors(builder: SchemaBuilder) -> Vec<String> {
    match builder.build() {
        Ok(_) => panic!("expected the schema to be rejected"),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

/// What Postgres says, through `check`, on a fresh database.
fn rejection(schema: &Schema) -> Rejection {
    let mut db = TestDb::fresh();
    match check(&mut db.client, schema, &RenderOptions { stand_ins: true }) {
        Ok(()) => panic!("expected Postgres to reject the schema"),
        Err(rejection) => rejection,
    }
}

/// Coaching: the enhancement migration "added `no_show` to `session_status` (if not
/// already present)", but the initial `CREATE TYPE` already lists it. Declared the way
/// the history reads, the value is there twice.
#[test]
fn coaching_session_status_gets_no_show_twice() {
    let mut session_status = demo::enums::SessionStatus::enum_def();
    session_status.values.push(EnumValue {
        label: "no_show".into(),
        comment: None,
        renamed_from: None,
    });
    let mut builder = Schema::builder().add_enum(session_status);
    for def in coaching::schema().enums {
        if def.name.name != "session_status" {
            builder = builder.add_enum(def);
        }
    }
    assert_eq!(
        errors(builder),
        ["enum type `public.session_status`: value `no_show` is declared twice"]
    );
}

/// Photography: the tables the enhancement plan defines reference `clients` and
/// `sessions`, whose "definition [is] not found in scripts".
#[test]
fn photography_references_tables_it_never_defines() {
    // The audit trigger's function is the port's; with it, only the write-up's own
    // mistakes remain.
    let mut builder = Schema::builder().function::<photography::functions::AuditRowChange>();
    for table in photography::planned_tables() {
        builder = builder.add_table(table);
    }
    assert_eq!(
        errors(photography::supabase(builder)),
        [
            "foreign key `client_lifecycle_metrics_client_id_fkey` on table `public.client_lifecycle_metrics`: references table `public.clients`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
            "foreign key `gdpr_requests_client_id_fkey` on table `public.gdpr_requests`: references table `public.clients`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
            "foreign key `scheduling_conflicts_session_id_1_fkey` on table `public.scheduling_conflicts`: references table `public.sessions`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
            "foreign key `scheduling_conflicts_session_id_2_fkey` on table `public.scheduling_conflicts`: references table `public.sessions`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
            "foreign key `session_availability_session_id_fkey` on table `public.session_availability`: references table `public.sessions`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
            "foreign key `session_resources_session_id_fkey` on table `public.session_resources`: references table `public.sessions`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
        ]
    );
}

/// Photography: four of the "strategic" indexes are partial with a rolling cutoff
/// (`WHERE session_date >= CURRENT_DATE - INTERVAL '1 year'`). Postgres refuses a
/// predicate that is not immutable, and `CURRENT_DATE` is not.
#[test]
fn photography_rolling_partial_indexes_are_refused_by_postgres() {
    let written = [
        (
            "sessions",
            "idx_sessions_date_status",
            "session_date >= CURRENT_DATE - INTERVAL '1 year'",
        ),
        (
            "leads",
            "idx_leads_created_status",
            "created_at >= CURRENT_DATE - INTERVAL '6 months'",
        ),
        (
            "audit_log",
            "idx_audit_log_table_timestamp",
            "timestamp >= CURRENT_DATE - INTERVAL '90 days'",
        ),
        (
            "gallery_access_log",
            "idx_gallery_access_client_date",
            "accessed_at >= CURRENT_DATE - INTERVAL '30 days'",
        ),
    ];
    for (table, index, predicate) in written {
        let mut schema = photography::schema();
        let def = schema
            .tables
            .iter_mut()
            .find(|t| t.name.name == table)
            .unwrap();
        let def = def.indexes.iter_mut().find(|i| i.name == index).unwrap();
        def.predicate = Some(predicate.into());
        let rejection = rejection(&schema);
        assert_eq!(
            rejection.to_string(),
            format!(
                "index `{index}` on table `public.{table}`: Postgres rejects it: functions in index predicate must be marked IMMUTABLE"
            )
        );
    }
}

/// Photography: the analytics policy reads `admin_users.can_view_analytics`. The write-up
/// never defines `admin_users`; without that column Postgres refuses the policy.
#[test]
fn photography_policy_needs_a_column_admin_users_may_lack() {
    let mut schema = photography::schema();
    let admins = schema
        .tables
        .iter_mut()
        .find(|t| t.name.name == "admin_users")
        .unwrap();
    admins.columns.retain(|c| c.name != "can_view_analytics");
    assert_eq!(
        rejection(&schema).to_string(),
        "policy `Admins with analytics permission` on table `public.daily_business_metrics`: Postgres rejects it: column \"can_view_analytics\" does not exist"
    );
}

/// Therapy: `is_admin` lists `super_admin` and `analytics_admin`, which the `app_role`
/// enum does not have. A `sql` function is checked when it is created, so Postgres
/// refuses it, and `check` names it.
#[test]
fn therapy_is_admin_names_roles_app_role_lacks() {
    let mut schema = therapy::schema();
    let is_admin = schema
        .functions
        .iter_mut()
        .find(|f| f.name.name == "is_admin")
        .unwrap();
    is_admin.body = include_str!("../examples/apps/therapy/sql/is_admin_as_written.sql").into();
    let rejection = rejection(&schema);
    assert_eq!(
        rejection.to_string(),
        "function `public.is_admin`: Postgres rejects it: invalid input value for enum app_role: \"super_admin\""
    );
    assert!(rejection
        .statement
        .unwrap()
        .starts_with("CREATE FUNCTION public.is_admin(_user_id uuid)"));
}

/// Therapy: `aggregate_daily_analytics` reads `goal_stats` and `mood_stats`, whose joins
/// the write-up leaves out ("Additional joins for goal and mood statistics"). A
/// `plpgsql` body is only parsed when created, so neither the library nor Postgres can
/// tell before the function runs: this is what the port's explicit joins fix.
#[test]
fn therapy_analytics_function_fails_only_when_it_runs() {
    let mut schema = therapy::schema();
    let function: &mut FunctionDef = schema
        .functions
        .iter_mut()
        .find(|f| f.name == QualifiedName::parse("aggregate_daily_analytics"))
        .unwrap();
    function.body =
        include_str!("../examples/apps/therapy/sql/aggregate_daily_analytics_as_written.sql")
            .into();
    let mut db = TestDb::fresh();
    check(&mut db.client, &schema, &RenderOptions { stand_ins: true })
        .expect("a plpgsql body is accepted when created");
    db.execute_script(&schemata::postgres::to_sql(
        &schema,
        &RenderOptions { stand_ins: true },
    ));
    let error = db
        .client
        .batch_execute("SELECT aggregate_daily_analytics()")
        .unwrap_err();
    assert_eq!(
        error.as_db_error().unwrap().message(),
        "missing FROM-clause entry for table \"goal_stats\""
    );
}

/// Duplicate tables: two modules each declaring the audit trail under one name (the
/// photography app's `audit_log`, written twice) are reported, naming both.
#[test]
fn a_table_declared_twice_is_reported() {
    let audit = photography::planned_tables()
        .into_iter()
        .find(|t| t.name.name == "audit_log")
        .unwrap();
    assert_eq!(
        errors(photography::builder().add_table(audit)),
        [
            "table `public.audit_log`: the name `public.audit_log` is already used by table `public.audit_log`",
            "primary key `audit_log_pkey` on table `public.audit_log`: the name `public.audit_log_pkey` is already used by primary key `audit_log_pkey` on table `public.audit_log`",
            "index `idx_audit_log_table_timestamp` on table `public.audit_log`: the name `public.idx_audit_log_table_timestamp` is already used by index `idx_audit_log_table_timestamp` on table `public.audit_log`",
        ]
    );
}
