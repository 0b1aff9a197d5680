//! Sequences: sane options, an owner that exists, grants on them.

use super::fixtures::users_with_updated_at;
use schema_core::*;

#[test]
fn sequences_have_sane_options_and_an_owner_that_exists() {
    let errors = Schema::builder()
        .add_table(users_with_updated_at())
        .add_sequence(SequenceDef::new("ticket_no").increment(0))
        .add_sequence(SequenceDef::new("countdown").min_value(10).max_value(5))
        .add_sequence(SequenceDef::new("early").min_value(100).start(1))
        .add_sequence(SequenceDef::new("texty").data_type(SqlType::Text))
        .add_sequence(SequenceDef::new("orphan").owned_by("orders", "id"))
        .add_sequence(SequenceDef::new("stray").owned_by("users", "number"))
        .add_sequence(SequenceDef::new("users"))
        .build()
        .unwrap_err();
    let messages: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "sequence `public.users`: the name `public.users` is already used by table `public.users`",
            "sequence `public.countdown`: has `min_value` 10 not below `max_value` 5",
            "sequence `public.early`: starts at 1, outside its bounds 100..=9223372036854775807",
            "sequence `public.orphan`: is owned by `public.orders.id`, but table `public.orders` is not declared",
            "sequence `public.stray`: is owned by column `number`, which table `public.users` does not have",
            "sequence `public.texty`: has type `text`; a sequence is `smallint`, `integer` or `bigint`",
            "sequence `public.ticket_no`: increments by 0; `increment` must not be zero",
        ]
    );
}

#[test]
fn grants_may_name_declared_sequences_and_sequences_diff_by_options() {
    let old = Schema::builder()
        .add_sequence(SequenceDef::new("invoice_no"))
        .add_sequence(SequenceDef::new("gone"))
        .add_role(Role::new("staff"))
        .grant(
            &[Privilege::Usage],
            GrantObject::sequence("invoice_no"),
            &["staff"],
        )
        .build()
        .unwrap();
    let new = Schema::builder()
        .add_sequence(SequenceDef::new("invoice_no").start(1000))
        .add_sequence(SequenceDef::new("fresh").data_type(SqlType::Integer))
        .add_role(Role::new("staff"))
        .grant(
            &[Privilege::Usage],
            GrantObject::sequence("invoice_no"),
            &["staff"],
        )
        .build()
        .unwrap();
    let changes: Vec<String> = diff::diff(&old, &new)
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        changes,
        [
            "create sequence `public.fresh`",
            "alter sequence `public.invoice_no`",
            "drop sequence `public.gone`",
        ]
    );
}
