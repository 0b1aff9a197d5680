//! What a `#[trigger(...)]` attribute describes a trigger with.

use crate::__private::{owned, strings};
use crate::{Deferrable, QualifiedName, Trigger, TriggerEvent, TriggerFiring, TriggerTiming};

/// A `#[trigger(...)]` attribute.
pub struct TriggerSpec<'a> {
    /// `name`
    pub name: &'a str,
    /// `before`, `after`, `instead_of`
    pub timing: TriggerTiming,
    /// `events(...)`
    pub events: &'a [TriggerEvent],
    /// `events(update(...))`: column names.
    pub update_of: &'a [&'a str],
    /// Not `for_each_statement`.
    pub for_each_row: bool,
    /// `when`
    pub when: Option<&'a str>,
    /// `function`
    pub function: FunctionRef<'a>,
    /// `args(...)`
    pub arguments: &'a [&'a str],
    /// `constraint`, with `deferrable` or `initially_deferred`.
    pub constraint: Option<Deferrable>,
    /// `old_table = "..."`
    pub old_table: Option<&'a str>,
    /// `new_table = "..."`
    pub new_table: Option<&'a str>,
    /// `firing = "disabled" | "replica" | "always"`
    pub firing: TriggerFiring,
    /// `comment = "..."`
    pub comment: Option<&'a str>,
}

impl<'a> TriggerSpec<'a> {
    /// A row trigger with no condition and no arguments.
    pub const fn new(
        name: &'a str,
        timing: TriggerTiming,
        events: &'a [TriggerEvent],
        function: FunctionRef<'a>,
    ) -> Self {
        TriggerSpec {
            name,
            timing,
            events,
            update_of: &[],
            for_each_row: true,
            when: None,
            function,
            arguments: &[],
            constraint: None,
            old_table: None,
            new_table: None,
            firing: TriggerFiring::Origin,
            comment: None,
        }
    }
}

/// The function a trigger calls.
pub enum FunctionRef<'a> {
    /// `function = Type`: `<Type as Function>::qualified_name`.
    Type(fn() -> QualifiedName),
    /// `function = "schema.name"`, parsed with [`QualifiedName::parse`].
    Named(&'a str),
}

pub(super) fn trigger(spec: &TriggerSpec<'_>) -> Trigger {
    Trigger {
        name: spec.name.to_string(),
        timing: spec.timing,
        events: spec.events.to_vec(),
        update_of: strings(spec.update_of),
        for_each_row: spec.for_each_row,
        when: owned(spec.when),
        function: match spec.function {
            FunctionRef::Type(name) => name(),
            FunctionRef::Named(text) => QualifiedName::parse(text),
        },
        arguments: strings(spec.arguments),
        constraint: spec.constraint,
        old_table: owned(spec.old_table),
        new_table: owned(spec.new_table),
        firing: spec.firing,
        comment: owned(spec.comment),
    }
}
