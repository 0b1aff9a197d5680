//! Rules of `#[trigger(...)]`, on tables and views.

use super::column::known_column;
use crate::ast::Columns;
use crate::attr::{Trigger, TriggerEventKind, TriggerTiming};
use crate::ctxt::Ctxt;
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Table,
    View,
    MaterializedView,
}

pub(super) fn triggers(cx: &Ctxt, owner: &impl Columns, triggers: &[Trigger], kind: Owner) {
    let mut names = BTreeMap::new();
    for trigger in triggers {
        let Some(name) = &trigger.name else {
            cx.error_spanned_by(
                &trigger.attr,
                "missing `name = \"...\"` in `#[trigger(...)]`: every trigger needs a name, unique in its table",
            );
            continue;
        };
        if names.insert(name.value.value(), ()).is_some() {
            cx.error_spanned_by(
                &name.value,
                format!("trigger `{}` is declared twice", name.value.value()),
            );
        }
        if kind == Owner::MaterializedView {
            cx.error_spanned_by(&trigger.attr, "a materialized view cannot have triggers");
            continue;
        }
        let timing = match trigger.timings.as_slice() {
            [] => {
                cx.error_spanned_by(
                    &trigger.attr,
                    "missing the timing in `#[trigger(...)]`: write one of `before`, `after`, `instead_of`",
                );
                None
            }
            [(timing, _), rest @ ..] => {
                for (_, key) in rest {
                    cx.error_spanned_by(
                        key,
                        "a trigger has one timing; write one of `before`, `after`, `instead_of`",
                    );
                }
                Some(*timing)
            }
        };
        let row = trigger.for_each_statement.is_none();
        let events = match &trigger.events {
            Some(events) => &events.value[..],
            None => {
                cx.error_spanned_by(
                    &trigger.attr,
                    "missing `events(...)` in `#[trigger(...)]`, as in `events(insert, update(title))`",
                );
                &[]
            }
        };
        if trigger.function.is_none() {
            cx.error_spanned_by(
                &trigger.attr,
                "missing `function = ...` in `#[trigger(...)]`: name a `#[derive(Function)]` type that returns `trigger`",
            );
        }
        for event in events {
            for field in &event.fields {
                known_column(cx, owner, field);
            }
            if event.kind == TriggerEventKind::Truncate && row {
                cx.error_spanned_by(
                    &event.key,
                    "`truncate` triggers fire once per statement; add `for_each_statement`",
                );
            }
        }
        match (timing, kind) {
            (Some(TriggerTiming::InsteadOf), Owner::Table) => {
                let key = &trigger.timings[0].1;
                cx.error_spanned_by(
                    key,
                    "`instead_of` triggers are for views; on a table use `before` or `after`",
                );
            }
            (Some(TriggerTiming::InsteadOf), _) => {
                if let Some(key) = &trigger.for_each_statement {
                    cx.error_spanned_by(key, "`instead_of` triggers fire for each row");
                }
                if let Some(when) = &trigger.when {
                    cx.error_spanned_by(&when.key, "`instead_of` triggers cannot have `when`");
                }
                for event in events.iter().filter(|e| !e.fields.is_empty()) {
                    cx.error_spanned_by(
                        &event.key,
                        "`instead_of` triggers cannot name `update(...)` columns",
                    );
                }
            }
            (Some(_), Owner::View) if row => {
                let key = &trigger.timings[0].1;
                cx.error_spanned_by(
                    key,
                    "a view takes `instead_of` row triggers, or `before`/`after` triggers with `for_each_statement`",
                );
            }
            _ => {}
        }
        // Constraint triggers: `AFTER ... FOR EACH ROW`, on tables.
        let after = timing == Some(TriggerTiming::After);
        for key in [&trigger.deferrable, &trigger.initially_deferred]
            .into_iter()
            .flatten()
        {
            if trigger.constraint.is_none() {
                cx.error_spanned_by(
                    key,
                    format!("`{key}` is for constraint triggers; add `constraint`"),
                );
            }
        }
        if let (Some(_), Some(key)) = (&trigger.deferrable, &trigger.initially_deferred) {
            cx.error_spanned_by(
                key,
                "`initially_deferred` already makes the trigger deferrable; drop `deferrable`",
            );
        }
        if let Some(key) = &trigger.constraint {
            if !after || !row || kind != Owner::Table {
                cx.error_spanned_by(
                    key,
                    "a constraint trigger is an `after` row trigger of a table: write `after`, without `for_each_statement`",
                );
            }
        }
        // Transition tables: `AFTER` triggers of tables, events that have such rows.
        let fires = |kinds: &[TriggerEventKind]| events.iter().any(|e| kinds.contains(&e.kind));
        let transition = [
            (
                &trigger.old_table,
                "old_table",
                [TriggerEventKind::Update, TriggerEventKind::Delete],
                "`update` or `delete`",
            ),
            (
                &trigger.new_table,
                "new_table",
                [TriggerEventKind::Insert, TriggerEventKind::Update],
                "`insert` or `update`",
            ),
        ];
        for (table, key, kinds, which) in transition {
            let Some(table) = table else { continue };
            if !after || trigger.constraint.is_some() || kind != Owner::Table {
                cx.error_spanned_by(
                    &table.key,
                    format!("`{key}` is for `after` triggers of tables that are not constraint triggers"),
                );
            } else if !fires(&kinds) {
                cx.error_spanned_by(
                    &table.key,
                    format!("`{key}` needs the trigger to fire on {which}"),
                );
            }
            if events.iter().any(|e| !e.fields.is_empty()) {
                cx.error_spanned_by(
                    &table.key,
                    format!("`{key}` cannot go with `update(...)` columns; Postgres refuses transition tables there"),
                );
            }
        }
    }
}
