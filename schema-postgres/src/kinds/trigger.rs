//! `CREATE TRIGGER`.

use crate::literal::quote_literal;
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
