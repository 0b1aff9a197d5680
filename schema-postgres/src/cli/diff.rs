//! `schemactl diff`: the migration plan between two schemas, each a live database or a
//! snapshot file.

use super::{connect, one_line, print};
use crate::introspect::{self, IntrospectOptions};
use crate::normalize::{canonical_expressions, normalized};
use crate::plan::{self, PlanOptions};
use clap::Args;
use schema_core::Schema;
use std::time::Duration;

/// `schemactl diff`
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The schema as it is: a postgres:// URL or a snapshot JSON file
    #[arg(long, value_name = "SRC")]
    pub from: String,
    /// The schema as it should be: a postgres:// URL or a snapshot JSON file
    #[arg(long, value_name = "DST")]
    pub to: String,
    /// Print the plan even when it deletes data (the hazards are comments in it)
    #[arg(long)]
    pub allow_hazards: bool,
    /// Plain forms instead of online ones: no CONCURRENTLY, no NOT VALID
    #[arg(long)]
    pub offline: bool,
    /// lock_timeout set before each step, in milliseconds; 0 sets none
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    pub lock_timeout: u64,
    /// Read only this schema of a database; repeat for several [default: every schema
    /// except the system ones and those Supabase manages]
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// A server where a throwaway database may be created, to spell a snapshot's
    /// expressions the way Postgres prints them before comparing it with a database.
    /// Creates the roles the snapshot's policies name: a development server, never
    /// production
    #[arg(long, value_name = "URL")]
    pub scratch_url: Option<String>,
}

/// Exit status of a plan refused because it deletes data.
pub const DATA_LOSS_EXIT: u8 = 3;

/// Why `diff` did not print a plan.
pub enum Failure {
    /// One line for the user.
    Error(String),
    /// The plan deletes data and `--allow-hazards` was not given: the message lists the
    /// steps that do.
    DataLoss(String),
}

/// One side of the comparison.
enum Side {
    Database(Schema),
    Snapshot(Schema),
}

fn is_url(source: &str) -> bool {
    source.starts_with("postgres://") || source.starts_with("postgresql://")
}

fn load(source: &str, args: &DiffArgs) -> Result<Side, String> {
    if is_url(source) {
        let (mut client, target) = connect(source)?;
        let options = IntrospectOptions {
            schemas: args.schemas.clone(),
            exclude_supabase: args.schemas.is_empty(),
        };
        let schema = introspect::introspect(&mut client, &options).map_err(|e| {
            format!(
                "cannot read the schema of {target}: {}",
                one_line(&e.to_string())
            )
        })?;
        Ok(Side::Database(schema))
    } else {
        let text = std::fs::read_to_string(source)
            .map_err(|e| format!("cannot read snapshot `{source}`: {e}"))?;
        let schema = schema_core::snapshot::from_json(&text)
            .map_err(|e| format!("snapshot `{source}`: {}", one_line(&e.to_string())))?;
        Ok(Side::Snapshot(schema))
    }
}

/// A snapshot compared with a database is spelled as Postgres prints (through the
/// scratch server when there is one, by the offline rules otherwise); a database already
/// is.
fn comparable(side: Side, scratch: Option<&postgres::Config>) -> Result<Schema, String> {
    match side {
        Side::Database(schema) => Ok(schema),
        Side::Snapshot(schema) => match scratch {
            Some(server) => canonical_expressions(server, &schema).map_err(|e| {
                format!(
                    "cannot spell the snapshot's expressions through the scratch server: {}",
                    one_line(&e.to_string())
                )
            }),
            None => Ok(normalized(&schema)),
        },
    }
}

/// Prints the plan, or says why not.
pub fn diff(args: &DiffArgs) -> Result<(), Failure> {
    let from = load(&args.from, args).map_err(Failure::Error)?;
    let to = load(&args.to, args).map_err(Failure::Error)?;
    let scratch = match &args.scratch_url {
        Some(url) => Some(url.parse::<postgres::Config>().map_err(|e| {
            Failure::Error(format!("invalid scratch URL: {}", one_line(&e.to_string())))
        })?),
        None => None,
    };
    let mixed = matches!(
        (&from, &to),
        (Side::Database(_), Side::Snapshot(_)) | (Side::Snapshot(_), Side::Database(_))
    );
    let scratch = if mixed { scratch.as_ref() } else { None };
    let from = comparable(from, scratch).map_err(Failure::Error)?;
    let to = comparable(to, scratch).map_err(Failure::Error)?;

    let options = PlanOptions {
        offline: args.offline,
        lock_timeout: (args.lock_timeout > 0).then(|| Duration::from_millis(args.lock_timeout)),
    };
    let plan = plan::diff(&from, &to, &options).map_err(|e| Failure::Error(e.to_string()))?;
    let losses: Vec<String> = plan
        .steps
        .iter()
        .enumerate()
        .filter(|(_, step)| step.hazards.iter().any(|h| h.is_data_loss()))
        .map(|(i, step)| format!("  - step {}: {}", i + 1, step.description))
        .collect();
    if !losses.is_empty() && !args.allow_hazards {
        return Err(Failure::DataLoss(format!(
            "the plan deletes data; review these steps and run again with --allow-hazards to print it:\n{}",
            losses.join("\n")
        )));
    }
    print(&plan.to_sql()).map_err(Failure::Error)
}
