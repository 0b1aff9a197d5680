//! `allow(...)` in the derives: it lands on the table, policy or function it is written
//! on, `lint` honours it, and the DDL does not change.

use schemata::lint::{lint_with, Allow, Lint};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{ExternalFunction, Function, Schema, SqlType, Table};

/// Events written by the server only.
#[derive(Table)]
#[table(
    name = "events",
    allow(no_primary_key, reason = "append-only; rows are never updated"),
    allow(rls_disabled_in_public, reason = "no grants to the API roles")
)]
#[allow(dead_code)]
struct Event {
    payload: String,
}

#[derive(Table)]
#[table(name = "notes", rls)]
#[policy(
    name = "owners read",
    command = "select",
    roles(authenticated),
    using = "owner_id = auth.uid()",
    allow(auth_rls_initplan, reason = "measured: a note table of ten rows")
)]
#[allow(dead_code)]
struct Note {
    #[column(primary_key)]
    id: i64,
    owner_id: uuid::Uuid,
}

#[derive(Function)]
#[function(
    name = "add_one",
    args(n: i32),
    returns = "integer",
    language = "sql",
    volatility = "immutable",
    body = "SELECT n + 1",
    allow(function_search_path_mutable, reason = "pure arithmetic, no names to resolve")
)]
struct AddOne;

fn schema() -> Schema {
    Schema::builder()
        .table::<Event>()
        .table::<Note>()
        .function::<AddOne>()
        .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
        .add_external_role("authenticated")
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn allows_land_on_their_objects() {
    let schema = schema();
    let events = &schema.tables[0];
    assert_eq!(events.name.name, "events");
    assert_eq!(
        events.allow,
        [
            Allow::new(Lint::NoPrimaryKey, "append-only; rows are never updated"),
            Allow::new(Lint::RlsDisabledInPublic, "no grants to the API roles"),
        ]
    );
    let notes = &schema.tables[1];
    assert!(notes.allow.is_empty());
    assert_eq!(
        notes.policies[0].allow,
        [Allow::new(
            Lint::AuthRlsInitplan,
            "measured: a note table of ten rows"
        )]
    );
    assert_eq!(
        schema.functions[0].allow,
        [Allow::new(
            Lint::FunctionSearchPathMutable,
            "pure arithmetic, no names to resolve"
        )]
    );
}

#[test]
fn lint_keeps_quiet_what_the_derives_allow() {
    let report = lint_with(&schema(), &[]);
    assert_eq!(report.findings, []);
    let suppressed: Vec<String> = report
        .suppressed
        .iter()
        .map(|s| format!("{} {}", s.finding.lint, s.finding.location()))
        .collect();
    assert_eq!(
        suppressed,
        [
            "auth_rls_initplan public.notes, policy `owners read`",
            "function_search_path_mutable public.add_one",
            "no_primary_key public.events",
            "rls_disabled_in_public public.events",
        ]
    );
}

#[test]
fn allows_leave_the_ddl_alone() {
    let mut without = schema();
    without.tables[0].allow.clear();
    without.tables[1].policies[0].allow.clear();
    without.functions[0].allow.clear();
    let options = RenderOptions::default();
    assert_eq!(to_sql(&schema(), &options), to_sql(&without, &options));
}
