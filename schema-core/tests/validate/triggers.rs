//! Triggers: a declared trigger function and valid events.

use super::errors;
use super::fixtures::{is_admin, touch, users_with_updated_at};
use schema_core::*;

#[test]
fn triggers_need_a_declared_trigger_function_and_valid_events() {
    let mut truncate_rows = Trigger::new(
        "truncate_rows",
        TriggerTiming::After,
        &[TriggerEvent::Truncate],
        QualifiedName::parse("touch"),
    );
    truncate_rows.for_each_row = true;
    let mut update_of = Trigger::new(
        "update_of_unknown",
        TriggerTiming::Before,
        &[TriggerEvent::Insert],
        QualifiedName::parse("touch"),
    );
    update_of.update_of = vec!["nickname".into()];
    let table = users_with_updated_at()
        .with_trigger(Trigger::new(
            "undeclared",
            TriggerTiming::Before,
            &[TriggerEvent::Update],
            QualifiedName::parse("missing"),
        ))
        .with_trigger(Trigger::new(
            "not_a_trigger_function",
            TriggerTiming::After,
            &[TriggerEvent::Insert],
            QualifiedName::parse("is_admin"),
        ))
        .with_trigger(Trigger::new(
            "instead",
            TriggerTiming::InsteadOf,
            &[TriggerEvent::Delete],
            QualifiedName::parse("touch"),
        ))
        .with_trigger(Trigger::new(
            "no_events",
            TriggerTiming::After,
            &[],
            QualifiedName::parse("touch"),
        ))
        .with_trigger(truncate_rows)
        .with_trigger(update_of)
        .with_trigger(Trigger::updated_at("users", "modified_at"));
    let errors = errors(
        Schema::builder()
            .add_table(table)
            .add_function(touch())
            .add_function(is_admin()),
    );
    assert_eq!(
        errors,
        [
            "trigger `instead` on table `public.users`: is `INSTEAD OF`, which only views can have; use `BEFORE` or `AFTER`",
            "trigger `no_events` on table `public.users`: fires on no event; name at least one of `insert`, `update`, `delete`, `truncate`",
            "trigger `not_a_trigger_function` on table `public.users`: calls function `public.is_admin`, which returns `boolean`; a trigger needs a function that returns `trigger`",
            "trigger `truncate_rows` on table `public.users`: fires on `truncate` for each row; `TRUNCATE` triggers are statement triggers only",
            "trigger `undeclared` on table `public.users`: calls function `public.missing`, which is not declared; add it with `.function::<...>()`, or `.add_external_function(...)` if the app does not own it",
            "trigger `update_of_unknown` on table `public.users`: names `UPDATE OF` columns but does not fire on `update`",
            "trigger `update_of_unknown` on table `public.users`: names column `nickname` in `UPDATE OF`, which table `public.users` does not have",
            "trigger `users_set_modified_at` on table `public.users`: sets column `modified_at` to now(), which table `public.users` does not have",
        ]
    );
}
