//! A plan as a SQL script.

use super::Plan;
use std::fmt::{self, Write};
use std::time::Duration;

pub(super) fn write_plan(plan: &Plan, out: &mut impl Write) -> fmt::Result {
    if plan.steps.is_empty() {
        return out.write_str("-- No changes: the schemas are the same.\n");
    }
    let count = plan.steps.len();
    writeln!(
        out,
        "-- Migration plan: {count} step{}.",
        if count == 1 { "" } else { "s" }
    )?;
    let hazards = plan.hazards();
    if hazards.is_empty() {
        out.write_str("-- Hazards: none.\n")?;
    } else {
        let names: Vec<&str> = hazards.iter().map(|h| h.name()).collect();
        writeln!(out, "-- Hazards: {}.", names.join(", "))?;
    }
    for (i, step) in plan.steps.iter().enumerate() {
        writeln!(out, "\n-- Step {}: {}", i + 1, step.description)?;
        for hazard in &step.hazards {
            writeln!(out, "-- hazard {}: {}", hazard.name(), hazard.description())?;
        }
        for finding in &step.findings {
            writeln!(
                out,
                "-- lint {} ({}): {}; {}",
                finding.lint,
                finding.level.as_str(),
                finding.why,
                finding.fix
            )?;
        }
        if !step.transactional {
            out.write_str("-- runs outside a transaction\n")?;
        }
        if let Some(timeout) = step.lock_timeout {
            writeln!(out, "SET lock_timeout = '{}';", duration(timeout))?;
        }
        let several = step.sql.matches(";\n").count() > 1;
        if several && step.transactional {
            out.write_str("BEGIN;\n")?;
        }
        out.write_str(&step.sql)?;
        if several && step.transactional {
            out.write_str("COMMIT;\n")?;
        }
    }
    Ok(())
}

/// As Postgres reads a time setting: whole seconds as `5s`, otherwise milliseconds.
fn duration(timeout: Duration) -> String {
    let ms = timeout.as_millis();
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}
