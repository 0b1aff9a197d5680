//! Triggers: a function run before, after or instead of changes to a table or view.

use crate::name::QualifiedName;
use serde::{Deserialize, Serialize};

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
        }
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
                crate::updated_at::function_name(),
            )
        }
    }
}
