//! `CREATE TRIGGER`.

use crate::literal::quote_literal;
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use schema_core::diff::Change;
use schema_core::{quote_ident, QualifiedName, Trigger};
use std::fmt::{self, Write};

/// `CREATE TRIGGER name timing events ON table FOR EACH ... [WHEN (...)] EXECUTE FUNCTION
/// f(arguments)`, one clause per line; the arguments are string constants.
pub fn create_trigger(
    table: &QualifiedName,
    trigger: &Trigger,
    out: &mut impl Write,
) -> fmt::Result {
    write!(
        out,
        "CREATE TRIGGER {}\n    {} ",
        quote_ident(&trigger.name),
        trigger.timing.as_str()
    )?;
    for (i, event) in trigger.events.iter().enumerate() {
        if i > 0 {
            out.write_str(" OR ")?;
        }
        out.write_str(event.as_str())?;
        if *event == schema_core::TriggerEvent::Update && !trigger.update_of.is_empty() {
            out.write_str(" OF ")?;
            for (i, column) in trigger.update_of.iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                out.write_str(&quote_ident(column))?;
            }
        }
    }
    write!(out, " ON {}", table.to_sql())?;
    out.write_str(if trigger.for_each_row {
        "\n    FOR EACH ROW"
    } else {
        "\n    FOR EACH STATEMENT"
    })?;
    if let Some(condition) = &trigger.when {
        write!(out, "\n    WHEN ({condition})")?;
    }
    write!(out, "\n    EXECUTE FUNCTION {}(", trigger.function.to_sql())?;
    for (i, argument) in trigger.arguments.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str(&quote_literal(argument))?;
    }
    out.write_str(");\n")
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateTrigger { table, trigger } => b.create_trigger(table, trigger),
        Change::DropTrigger { table, trigger } => {
            let mut node = Builder::node(
                Phase::DropTrigger,
                change.to_string(),
                format!(
                    "DROP TRIGGER {} ON {};\n",
                    quote_ident(&trigger.name),
                    table.to_sql()
                ),
                b.lock(table),
            );
            node.removes.push(Object::Trigger(table, &trigger.name));
            node.uses_old.push(Object::Table(table));
            node.uses_old.push(Object::Function(&trigger.function));
            b.push(node);
        }
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_trigger(&mut self, table: &'a QualifiedName, trigger: &'a Trigger) {
        let text = sql(|o| create_trigger(table, trigger, o));
        let mut node = Self::node(
            Phase::CreateTrigger,
            format!("create trigger `{}` on `{table}`", trigger.name),
            text,
            self.lock(table),
        );
        node.adds.push(Object::Trigger(table, &trigger.name));
        node.uses_new.push(Object::Table(table));
        node.uses_new.push(Object::Function(&trigger.function));
        node.uses_new.extend(
            trigger
                .update_of
                .iter()
                .map(|column| Object::Column(table, column)),
        );
        self.push(node);
    }
}
