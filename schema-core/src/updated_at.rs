//! The function behind the one-line `updated_at` trigger (`#[table(updated_at)]`,
//! [`Trigger::updated_at`](crate::Trigger::updated_at)): the library provides it, so apps
//! stop copying the same few lines of PL/pgSQL into every schema.

#[doc(inline)]
pub use crate::kinds::table::trigger::{
    updated_at_function as function, updated_at_function_name as function_name,
};
use crate::name::QualifiedName;
use crate::traits::{Function, TriggerFunction};
use crate::FunctionDef;

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
