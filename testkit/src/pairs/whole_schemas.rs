//! Pairs over a whole schema: no change, the demo app evolving, everything dropped and
//! everything created.

use super::{
    base, col, enum_col, enum_def, fk, id_table, index, keys, opt, policy, rls, table, with_default,
};
use schema_core::{IndexKey, PolicyCommand, SchemaBuilder};

pub(super) fn no_changes() -> (SchemaBuilder, SchemaBuilder) {
    same(|| {
        base().add_enum(enum_def("mood", &["ok", "meh"])).add_table(
            id_table("notes")
                .with_column(opt("body", "text"))
                .with_column(enum_col("mood", "mood", true))
                .with_index(None, index(keys(&["body"]))),
        )
    })
}

/// A small app growing up: several kinds of change at once.
pub(super) fn demo_app_evolves() -> (SchemaBuilder, SchemaBuilder) {
    let coaches = |v2: bool| {
        let mut t = table("coaches")
            .with_column(with_default(col("id", "uuid"), "gen_random_uuid()"))
            .with_column(col("name", "text"))
            .with_primary_key(None, &["id"]);
        if v2 {
            t = t
                .with_column(with_default(col("created_at", "timestamptz"), "now()"))
                .with_unique(None, &["name"]);
        }
        rls(t, v2, false)
    };
    let sessions = |v2: bool| {
        let mut t = table("sessions")
            .with_column(col("id", "bigint"))
            .with_column(col("coach_id", "uuid"))
            .with_column(if v2 {
                enum_col("status", "session_status", false)
            } else {
                col("status", "text")
            })
            .with_column(col("starts_at", "timestamptz"))
            .with_primary_key(None, &["id"])
            .with_foreign_key(None, fk(&["coach_id"], "coaches"));
        if v2 {
            let mut by_coach = index(vec![IndexKey::column("coach_id"), {
                let mut key = IndexKey::column("starts_at");
                key.descending = true;
                key
            }]);
            by_coach.predicate = Some("(status <> 'cancelled'::session_status)".into());
            t = t.with_index(Some("sessions_by_coach"), by_coach);
        } else {
            t = t.with_index(Some("sessions_by_coach"), index(keys(&["coach_id"])));
        }
        t
    };
    let v2 = base()
        .add_enum(enum_def("session_status", &["booked", "done", "cancelled"]))
        .add_table(coaches(true).with_policy(policy(
            "coaches_read",
            PolicyCommand::Select,
            Some("true"),
            None,
        )))
        .add_table(sessions(true));
    (
        base().add_table(coaches(false)).add_table(sessions(false)),
        v2,
    )
}

pub(super) const DEMO_SEED: &str = "INSERT INTO public.coaches (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Ada'); INSERT INTO public.sessions (id, coach_id, status, starts_at) VALUES (1, '00000000-0000-0000-0000-000000000001', 'booked', now());";

pub(super) fn everything_dropped() -> (SchemaBuilder, SchemaBuilder) {
    let (_, full) = demo_app_evolves();
    (full, base())
}

pub(super) fn everything_created() -> (SchemaBuilder, SchemaBuilder) {
    let (_, full) = demo_app_evolves();
    (base(), full)
}

fn same(build: fn() -> SchemaBuilder) -> (SchemaBuilder, SchemaBuilder) {
    (build(), build())
}

// --- Pairs ----------------------------------------------------------------------------
