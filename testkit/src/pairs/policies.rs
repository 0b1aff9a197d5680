//! Pairs that change row-level security and policies.

use super::{base, col, id_table, opt, policy, rls};
use schema_core::{PolicyCommand, SchemaBuilder, TableDef};

pub(super) fn row_level_security() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(id_table("open_to_all"))
            .add_table(rls(id_table("locked"), true, true))
            .add_table(rls(id_table("half"), true, false)),
        base()
            .add_table(rls(id_table("open_to_all"), true, false))
            .add_table(id_table("locked"))
            .add_table(rls(id_table("half"), true, true)),
    )
}

pub(super) fn policies() -> (SchemaBuilder, SchemaBuilder) {
    use PolicyCommand::*;
    let mut public = policy("anyone_reads", Select, Some("true"), None);
    public.roles.clear();
    let mut anon = policy("anyone_reads", Select, Some("true"), None);
    anon.roles = vec!["anon".into(), "authenticated".into()];
    let mut restrictive = policy("only_mine", All, Some("(owner = CURRENT_USER)"), None);
    restrictive.restrictive = true;
    let columns = |t: TableDef| {
        t.with_column(col("owner", "text"))
            .with_column(opt("body", "text"))
    };
    (
        base().add_table(rls(
            columns(id_table("notes"))
                .with_policy(public)
                .with_policy(policy(
                    "writes",
                    Insert,
                    None,
                    Some("(owner = CURRENT_USER)"),
                ))
                .with_policy(policy(
                    "edits",
                    Update,
                    Some("(owner = CURRENT_USER)"),
                    Some("true"),
                ))
                .with_policy(policy(
                    "removes",
                    Delete,
                    Some("(owner = CURRENT_USER)"),
                    None,
                ))
                .with_policy(policy("retired", Select, Some("false"), None)),
            true,
            false,
        )),
        base().add_table(rls(
            columns(id_table("notes"))
                .with_policy(anon)
                .with_policy(policy(
                    "writes",
                    Insert,
                    None,
                    Some("((owner = CURRENT_USER) AND (body IS NOT NULL))"),
                ))
                .with_policy(policy(
                    "edits",
                    Update,
                    Some("(owner = CURRENT_USER)"),
                    None,
                ))
                .with_policy(policy("removes", All, Some("(owner = CURRENT_USER)"), None))
                .with_policy(restrictive),
            true,
            false,
        )),
    )
}
