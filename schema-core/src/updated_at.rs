//! The function behind the one-line `updated_at` trigger (`#[table(updated_at)]`,
//! [`Trigger::updated_at`](crate::Trigger::updated_at)): the library provides it, so apps
//! stop copying the same few lines of PL/pgSQL into every schema.

use crate::function::{FunctionDef, Language, Returns};
use crate::name::QualifiedName;
use crate::traits::{Function, TriggerFunction};

/// The library's `updated_at` trigger function as a Rust type, for
/// `#[trigger(function = SetUpdatedAt, ...)]` and `.function::<SetUpdatedAt>()`.
pub struct SetUpdatedAt;

impl Function for SetUpdatedAt {
    fn qualified_name() -> QualifiedName {
        function_name()
    }

    fn function_def() -> FunctionDef {
        function()
    }
}

impl TriggerFunction for SetUpdatedAt {}

/// `public.set_updated_at`
pub fn function_name() -> QualifiedName {
    QualifiedName::new(crate::DEFAULT_SCHEMA, "set_updated_at")
}

/// A trigger function that sets the column named by its first argument to `now()` in the
/// new row. Going through `jsonb_populate_record` lets one function serve any column name
/// and any timestamp type: the value is cast to the column's type on the way back.
pub fn function() -> FunctionDef {
    FunctionDef::new(
        &function_name().to_string(),
        Returns::Trigger,
        Language::Plpgsql,
        BODY,
    )
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
