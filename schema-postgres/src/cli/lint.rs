//! `lint`: Supabase's advisor lints ([`schema_core::lint`]) on a live database, a snapshot
//! or an app's own schema, printed like rustc's diagnostics or as JSON, with an exit code
//! a CI job can gate on.

use super::{connect, one_line, print};
use crate::introspect::{self, IntrospectOptions};
use clap::{Args, ValueEnum};
use schema_core::lint::{lint_with, Level};
use schema_core::Schema;
use std::path::PathBuf;

/// Exit status when a finding at or above the `--deny` level remains.
pub const FINDINGS_EXIT: u8 = 4;

/// `schemactl lint`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["url", "snapshot"])))]
pub struct LintArgs {
    /// A live database, such as postgres://user:password@localhost:5432/app
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// A snapshot JSON file
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Read only this schema of a database; repeat for several [default: every schema
    /// except the system ones and those Supabase manages]
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// How to print the findings, and when to fail.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// The output flags `schemactl lint` and an app's `lint` share.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// How to print the findings
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit non-zero when a finding at this level or above remains
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = Deny::Error)]
    pub deny: Deny,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Like rustc's diagnostics
    Human,
    /// One JSON document: `findings` and `suppressed`
    Json,
}

/// The lowest level that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Only errors fail
    Error,
    /// Warnings and errors fail
    Warning,
    /// Every finding fails
    Info,
}

impl Deny {
    fn level(self) -> Level {
        match self {
            Deny::Error => Level::Error,
            Deny::Warning => Level::Warning,
            Deny::Info => Level::Info,
        }
    }
}

/// Why `lint` exits non-zero.
pub enum Failure {
    /// One line for the user: the schema could not be read.
    Error(String),
    /// Findings at or above the threshold remain; they are printed, this says how many.
    Denied(String),
}

/// Reads the database or snapshot and reports on it.
pub fn lint(args: &LintArgs) -> Result<(), Failure> {
    let schema = load(args).map_err(Failure::Error)?;
    report(&schema, &args.report)
}

fn load(args: &LintArgs) -> Result<Schema, String> {
    if let Some(url) = &args.url {
        let (mut client, target) = connect(url)?;
        let options = IntrospectOptions {
            schemas: args.schemas.clone(),
            exclude_supabase: args.schemas.is_empty(),
        };
        return introspect::introspect(&mut client, &options).map_err(|e| {
            format!(
                "cannot read the schema of {target}: {}",
                one_line(&e.to_string())
            )
        });
    }
    let path = args
        .snapshot
        .as_ref()
        .expect("clap requires --url or --snapshot");
    super::read_snapshot(path)
}

/// Prints what linting `schema` finds (its own allows applied) and fails when a finding
/// at or above the threshold remains.
pub fn report(schema: &Schema, args: &ReportArgs) -> Result<(), Failure> {
    let report = lint_with(schema, &[]);
    let text = match args.format {
        Format::Human => report.to_string(),
        Format::Json => report.to_json() + "\n",
    };
    print(&text).map_err(Failure::Error)?;
    let threshold = args.deny.level();
    if !report.fails(threshold) {
        return Ok(());
    }
    let denied = report
        .findings
        .iter()
        .filter(|f| f.level >= threshold)
        .count();
    Err(Failure::Denied(format!(
        "{denied} finding{} at `{}` or above",
        if denied == 1 { "" } else { "s" },
        threshold.as_str()
    )))
}
