//! Triggers: a function run before, after or instead of changes to a table or view.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::table::columns_of;
use crate::{
    Deferrable, FunctionDef, Language, QualifiedName, Returns, Schema, SchemaError, SqlType,
    TableDef,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A trigger on a table (or, with [`TriggerTiming::InsteadOf`], on a view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// Trigger name, unique per table.
    pub name: String,
    /// When it fires relative to the change.
    pub timing: TriggerTiming,
    /// The changes it fires on, in the order `insert`, `update`, `delete`, `truncate`.
    pub events: Vec<TriggerEvent>,
    /// `UPDATE OF columns`: fire on updates only when one of these columns is a target.
    /// Empty: on every update.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub update_of: Vec<String>,
    /// `FOR EACH ROW` rather than `FOR EACH STATEMENT`.
    pub for_each_row: bool,
    /// `WHEN (condition)`, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The function to run, which must return `trigger`.
    pub function: QualifiedName,
    /// Arguments passed to the function (`TG_ARGV`), each a string constant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// `CREATE CONSTRAINT TRIGGER`: an `AFTER ... FOR EACH ROW` trigger that fires at
    /// the end of the statement, or, deferred, at commit (`SET CONSTRAINTS` moves it), with
    /// how it may be deferred. `None` for a plain trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Deferrable>,
    /// `REFERENCING OLD TABLE AS name`: the rows before the statement, as a table the
    /// function can query (`AFTER` triggers on `update` or `delete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_table: Option<String>,
    /// `REFERENCING NEW TABLE AS name`: the rows after the statement (`AFTER` triggers on
    /// `insert` or `update`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_table: Option<String>,
    /// When it fires with respect to `session_replication_role`: as usual, never
    /// (`DISABLE TRIGGER`), only on a replica or always.
    #[serde(default, skip_serializing_if = "TriggerFiring::is_default")]
    pub firing: TriggerFiring,
    /// `COMMENT ON TRIGGER` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `ALTER TABLE .. {ENABLE | DISABLE | ENABLE REPLICA | ENABLE ALWAYS} TRIGGER`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerFiring {
    /// Fires unless the session is a replica's (`session_replication_role = replica`):
    /// Postgres's default.
    #[default]
    Origin,
    /// `DISABLE TRIGGER`: never fires.
    Disabled,
    /// `ENABLE REPLICA TRIGGER`: fires only in a replica's sessions (logical replication).
    Replica,
    /// `ENABLE ALWAYS TRIGGER`: fires in every session.
    Always,
}

impl TriggerFiring {
    fn is_default(&self) -> bool {
        *self == TriggerFiring::Origin
    }

    /// What follows `ALTER TABLE name` to set it (`DISABLE`, `ENABLE REPLICA`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerFiring::Origin => "ENABLE",
            TriggerFiring::Disabled => "DISABLE",
            TriggerFiring::Replica => "ENABLE REPLICA",
            TriggerFiring::Always => "ENABLE ALWAYS",
        }
    }
}

/// When a trigger fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    /// `BEFORE`: may change or skip the row.
    Before,
    /// `AFTER`: sees the change done.
    After,
    /// `INSTEAD OF`: replaces the change, on views only.
    InsteadOf,
}

impl TriggerTiming {
    /// The SQL keywords.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf => "INSTEAD OF",
        }
    }
}

/// A change a trigger fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    /// `INSERT`
    Insert,
    /// `UPDATE`
    Update,
    /// `DELETE`
    Delete,
    /// `TRUNCATE` (statement triggers only)
    Truncate,
}

impl TriggerEvent {
    /// All events with the spelling users write in attributes.
    pub const ALL: [(&'static str, TriggerEvent); 4] = [
        ("insert", TriggerEvent::Insert),
        ("update", TriggerEvent::Update),
        ("delete", TriggerEvent::Delete),
        ("truncate", TriggerEvent::Truncate),
    ];

    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerEvent::Insert => "INSERT",
            TriggerEvent::Update => "UPDATE",
            TriggerEvent::Delete => "DELETE",
            TriggerEvent::Truncate => "TRUNCATE",
        }
    }
}

impl Trigger {
    /// A `FOR EACH ROW` trigger with no condition and no arguments.
    pub fn new(
        name: &str,
        timing: TriggerTiming,
        events: &[TriggerEvent],
        function: QualifiedName,
    ) -> Self {
        Trigger {
            name: name.to_string(),
            timing,
            events: events.to_vec(),
            update_of: Vec::new(),
            for_each_row: true,
            when: None,
            function,
            arguments: Vec::new(),
            constraint: None,
            old_table: None,
            new_table: None,
            firing: TriggerFiring::Origin,
            comment: None,
        }
    }

    /// Sets the comment (`COMMENT ON TRIGGER`).
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// Sets when it fires (`TriggerFiring::Disabled` for `DISABLE TRIGGER`).
    pub fn firing(mut self, firing: TriggerFiring) -> Self {
        self.firing = firing;
        self
    }

    /// The arguments passed to the function (`TG_ARGV`).
    pub fn with_arguments(mut self, arguments: &[&str]) -> Self {
        self.arguments = arguments.iter().map(|a| a.to_string()).collect();
        self
    }

    /// Makes it a constraint trigger (`CREATE CONSTRAINT TRIGGER`), deferrable as given.
    pub fn constraint(mut self, deferrable: Deferrable) -> Self {
        self.constraint = Some(deferrable);
        self
    }

    /// `REFERENCING OLD TABLE AS name`.
    pub fn old_table(mut self, name: &str) -> Self {
        self.old_table = Some(name.to_string());
        self
    }

    /// `REFERENCING NEW TABLE AS name`.
    pub fn new_table(mut self, name: &str) -> Self {
        self.new_table = Some(name.to_string());
        self
    }

    /// `FOR EACH STATEMENT`.
    pub fn for_each_statement(mut self) -> Self {
        self.for_each_row = false;
        self
    }

    /// The library's one-line `updated_at` trigger: `BEFORE UPDATE ... FOR EACH ROW`
    /// calling [`crate::updated_at::function`] with the column's name, named
    /// `{table}_set_{column}`. Building the schema adds the function when it is missing.
    pub fn updated_at(table: &str, column: &str) -> Self {
        Trigger {
            arguments: vec![column.to_string()],
            ..Trigger::new(
                &format!("{table}_set_{column}"),
                TriggerTiming::Before,
                &[TriggerEvent::Update],
                updated_at_function_name(),
            )
        }
    }
}

/// Whether the function a trigger calls exists and returns `trigger`; `Err` with the
/// reason otherwise.
fn trigger_function(schema: &Schema, name: &QualifiedName) -> Result<(), String> {
    if let Some(function) = schema.function(name) {
        return match function.returns {
            Returns::Trigger => Ok(()),
            ref other => Err(format!(
                "calls function `{name}`, which returns `{other}`; a trigger needs a function that returns `trigger`"
            )),
        };
    }
    if let Some(function) = schema.external.functions.iter().find(|f| &f.name == name) {
        return match &function.returns {
            SqlType::Custom(text) if text == "trigger" => Ok(()),
            other => Err(format!(
                "calls external function `{name}`, which returns `{other}`; a trigger needs a function that returns `trigger`"
            )),
        };
    }
    // Postgres's own trigger functions (`suppress_redundant_updates_trigger`,
    // `tsvector_update_trigger`, ...) exist in every database: Postgres checks the name
    // and the return type itself when the trigger is created.
    if name.schema == BUILT_IN_SCHEMA {
        return Ok(());
    }
    Err(format!(
        "calls function `{name}`, which is not declared; add it with `.function::<...>()`, or `.add_external_function(...)` if the app does not own it"
    ))
}

/// The schema of Postgres's built-in functions, usable without being declared.
const BUILT_IN_SCHEMA: &str = "pg_catalog";
/// Checks the triggers of `table`.
pub(crate) fn validate(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    let object = table.object();
    let columns: Vec<&str> = columns_of(schema, table);
    validate_triggers(schema, &object, &table.triggers, &columns, false, errors);
    if table.partition_of.is_some() || !table.inherits.is_empty() {
        for trigger in &table.triggers {
            if trigger.for_each_row && (trigger.old_table.is_some() || trigger.new_table.is_some())
            {
                errors.push(error(
                    format!("trigger `{}` on {object}", trigger.name),
                    "is a row trigger with transition tables on a partition or inheritance child, which Postgres refuses; put it on the parent, or make it `FOR EACH STATEMENT`".into(),
                ));
            }
        }
    }
}

pub(crate) fn validate_triggers(
    schema: &Schema,
    owner: &str,
    triggers: &[Trigger],
    columns: &[&str],
    on_view: bool,
    errors: &mut Vec<SchemaError>,
) {
    let mut names = BTreeSet::new();
    for trigger in triggers {
        let object = format!("trigger `{}` on {owner}", trigger.name);
        let mut problem = |message: String| errors.push(error(object.clone(), message));
        if !names.insert(&trigger.name) {
            problem("is declared twice".into());
        }
        if let Err(message) = trigger_function(schema, &trigger.function) {
            problem(message);
        }
        if trigger.events.is_empty() {
            problem(
                "fires on no event; name at least one of `insert`, `update`, `delete`, `truncate`"
                    .into(),
            );
        }
        match (trigger.timing, on_view) {
            (TriggerTiming::InsteadOf, false) => problem(
                "is `INSTEAD OF`, which only views can have; use `BEFORE` or `AFTER`".into(),
            ),
            (TriggerTiming::InsteadOf, true) => {
                if !trigger.for_each_row {
                    problem("is `INSTEAD OF` and so must be `FOR EACH ROW`".into());
                }
                if trigger.when.is_some() {
                    problem("is `INSTEAD OF`, which cannot have a `WHEN` condition".into());
                }
                if !trigger.update_of.is_empty() {
                    problem("is `INSTEAD OF`, which cannot name `UPDATE OF` columns".into());
                }
            }
            (_, true) if trigger.for_each_row => problem(
                "is a `BEFORE`/`AFTER` row trigger on a view; views take `INSTEAD OF` row triggers, or statement triggers".into(),
            ),
            _ => {}
        }
        if trigger.for_each_row && trigger.events.contains(&TriggerEvent::Truncate) {
            problem(
                "fires on `truncate` for each row; `TRUNCATE` triggers are statement triggers only"
                    .into(),
            );
        }
        if trigger.constraint.is_some() {
            if trigger.timing != TriggerTiming::After || !trigger.for_each_row {
                problem("is a constraint trigger, which must be `AFTER` and `FOR EACH ROW`".into());
            }
            if on_view {
                problem("is a constraint trigger, which views cannot have".into());
            }
        }
        let transition = [("old", &trigger.old_table), ("new", &trigger.new_table)];
        for (which, table) in transition {
            let Some(table) = table else { continue };
            let fires = |event: TriggerEvent| trigger.events.contains(&event);
            let (events, fits) = match which {
                "old" => (
                    "`update` or `delete`",
                    fires(TriggerEvent::Update) || fires(TriggerEvent::Delete),
                ),
                _ => (
                    "`insert` or `update`",
                    fires(TriggerEvent::Insert) || fires(TriggerEvent::Update),
                ),
            };
            let clause = format!("`REFERENCING {} TABLE AS {table}`", which.to_uppercase());
            if trigger.timing != TriggerTiming::After || trigger.constraint.is_some() || on_view {
                problem(format!("has {clause}, which only `AFTER` triggers of tables that are not constraint triggers can have"));
            } else if !fits {
                problem(format!("has {clause} but fires on no {events}"));
            }
            if !trigger.update_of.is_empty() {
                problem(format!(
                    "has {clause}, which Postgres refuses beside `UPDATE OF` columns"
                ));
            }
        }
        if trigger.old_table.is_some() && trigger.old_table == trigger.new_table {
            problem("names its old and new transition tables the same".into());
        }
        if !trigger.update_of.is_empty() && !trigger.events.contains(&TriggerEvent::Update) {
            problem("names `UPDATE OF` columns but does not fire on `update`".into());
        }
        for column in &trigger.update_of {
            if !columns.contains(&column.as_str()) {
                problem(format!(
                    "names column `{column}` in `UPDATE OF`, which {owner} does not have"
                ));
            }
        }
        if trigger.function == updated_at_function_name()
            && schema.function(&trigger.function) == Some(&updated_at_function())
        {
            match trigger.arguments.as_slice() {
                [column] if columns.contains(&column.as_str()) => {}
                [column] => problem(format!(
                    "sets column `{column}` to now(), which {owner} does not have"
                )),
                _ => problem("calls the `updated_at` function, which takes the column to set as its one argument".into()),
            }
        }
    }
}

pub(crate) fn diff(
    table: &QualifiedName,
    from: &[Trigger],
    to: &[Trigger],
    changes: &mut Vec<Change>,
) {
    let matched = match_by(from, to, |t| &t.name);
    for trigger in matched.removed {
        changes.push(Change::DropTrigger {
            table: table.clone(),
            trigger: trigger.clone(),
        });
    }
    for (old, new) in matched.common {
        if old != new {
            changes.push(Change::DropTrigger {
                table: table.clone(),
                trigger: old.clone(),
            });
            changes.push(Change::CreateTrigger {
                table: table.clone(),
                trigger: new.clone(),
            });
        }
    }
    for trigger in matched.added {
        changes.push(Change::CreateTrigger {
            table: table.clone(),
            trigger: trigger.clone(),
        });
    }
}

// The function behind the one-line `updated_at` trigger, public as `crate::updated_at`.

/// `public.set_updated_at`
pub fn updated_at_function_name() -> QualifiedName {
    QualifiedName::new(crate::DEFAULT_SCHEMA, "set_updated_at")
}

/// A trigger function that sets the column named by its first argument to `now()` in the
/// new row. Going through `jsonb_populate_record` lets one function serve any column name
/// and any timestamp type: the value is cast to the column's type on the way back.
///
/// Its `search_path` is empty so that a caller's path cannot swap in another `now()`
/// (Supabase's `function_search_path_mutable`); everything the body calls lives in
/// `pg_catalog`, which Postgres searches even then.
pub fn updated_at_function() -> FunctionDef {
    FunctionDef::new(
        &updated_at_function_name().to_string(),
        Returns::Trigger,
        Language::Plpgsql,
        BODY,
    )
    .search_path(&[])
    .comment(
        "Sets the column named by the trigger's argument to now(); used by `updated_at` triggers.",
    )
}

const BODY: &str = "
BEGIN
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], now()));
    RETURN NEW;
END
";
