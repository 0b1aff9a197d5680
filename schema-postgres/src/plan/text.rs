//! A plan as a SQL script.

use super::{Hazard, Plan, Step};
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
    if let Some(notes) = super::review::file_notes(plan) {
        out.write_str(&notes)?;
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
        if let Some(timeout) = step.statement_timeout {
            writeln!(out, "SET statement_timeout = {};", setting(timeout))?;
        }
        // Every step that can is one transaction: a failure or a kill leaves it undone.
        if step.transactional {
            out.write_str("BEGIN;\n")?;
        }
        out.write_str(&step.sql)?;
        if step.transactional {
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

/// A time setting as `SET` takes it: `0` for none, otherwise quoted as [`duration`].
fn setting(timeout: Duration) -> String {
    if timeout.is_zero() {
        "0".into()
    } else {
        format!("'{}'", duration(timeout))
    }
}

/// Reads back a plan written by [`Plan::to_sql`]: a migration file of the `schemata`
/// layout. Each `-- Step k: description` starts a step; its `-- hazard` lines, its
/// `-- runs outside a transaction` mark, its `SET lock_timeout` and the `BEGIN;`/`COMMIT;`
/// around several statements are read back as the step's fields; the rest is its SQL.
/// Lint comments are not read back.
pub(super) fn parse_plan(text: &str) -> Result<Plan, String> {
    let mut steps: Vec<Step> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut description: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("-- Step ") {
            if let Some(description) = description.take() {
                steps.push(step(description, &lines)?);
            }
            let Some((_, described)) = rest.split_once(": ") else {
                return Err(format!("`{line}` has no description after the step number"));
            };
            description = Some(described.to_string());
            lines.clear();
        } else if description.is_some() {
            lines.push(line);
        }
    }
    if let Some(description) = description {
        steps.push(step(description, &lines)?);
    }
    Ok(Plan { steps })
}

fn step(description: String, lines: &[&str]) -> Result<Step, String> {
    let mut hazards = Vec::new();
    let mut transactional = true;
    let mut lock_timeout = None;
    let mut statement_timeout = None;
    let mut at = 0;
    while let Some(line) = lines.get(at) {
        if let Some(rest) = line.strip_prefix("-- hazard ") {
            let name = rest.split(':').next().unwrap_or_default();
            let hazard = Hazard::ALL
                .into_iter()
                .find(|h| h.name() == name)
                .ok_or_else(|| format!("step `{description}`: unknown hazard `{name}`"))?;
            hazards.push(hazard);
        } else if line.starts_with("-- lint ") {
        } else if *line == "-- runs outside a transaction" {
            transactional = false;
        } else if let Some(value) = line
            .strip_prefix("SET lock_timeout = '")
            .and_then(|rest| rest.strip_suffix("';"))
        {
            lock_timeout = Some(parse_duration(value).ok_or_else(|| {
                format!("step `{description}`: lock_timeout `{value}` is not `5s` or `500ms`")
            })?);
        } else if let Some(value) = line
            .strip_prefix("SET statement_timeout = ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            let parsed = match value {
                "0" => Some(Duration::ZERO),
                quoted => quoted
                    .strip_prefix('\'')
                    .and_then(|v| v.strip_suffix('\''))
                    .and_then(parse_duration),
            };
            statement_timeout = Some(parsed.ok_or_else(|| {
                format!("step `{description}`: statement_timeout `{value}` is not `0`, `'60s'` or `'500ms'`")
            })?);
        } else {
            break;
        }
        at += 1;
    }
    let mut body: Vec<&str> = lines[at..].to_vec();
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    if body.first() == Some(&"BEGIN;") && body.last() == Some(&"COMMIT;") {
        body.remove(0);
        body.pop();
    }
    if body.is_empty() {
        return Err(format!("step `{description}` has no SQL"));
    }
    Ok(Step {
        description,
        sql: format!("{}\n", body.join("\n")),
        hazards,
        transactional,
        lock_timeout,
        statement_timeout,
        findings: Vec::new(),
    })
}

/// `5s` or `250ms`, as [`duration`] writes them.
fn parse_duration(value: &str) -> Option<Duration> {
    match value.strip_suffix("ms") {
        Some(ms) => ms.parse().ok().map(Duration::from_millis),
        None => value
            .strip_suffix('s')?
            .parse()
            .ok()
            .map(Duration::from_secs),
    }
}
