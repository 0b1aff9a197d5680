//! The `schemactl` command line, as a library so that an app's own binary can offer the
//! same commands.
//!
//! ```text
//! schemactl inspect --url postgres://user:password@host:5432/database [--schema NAME]...
//! schemactl diff --from SRC --to DST [--allow-hazards] [--offline] [--lock-timeout MS]
//! schemactl lint (--url URL | --snapshot FILE) [--format human|json] [--deny LEVEL]
//! schemactl apply --url URL --to FILE [--allow-hazards] [--lock-timeout MS] [--max-retries N]
//! schemactl verify --url URL --snapshot FILE [--stand-ins]
//! schemactl stand-ins --snapshot FILE
//! schemactl erd (--url URL | --snapshot FILE) [--format mermaid|dot|svg|html] [--schema S]... [--table GLOB]... [--around TABLE [--depth N]]
//! schemactl codegen (--url URL [--schema NAME]... [--exclude-supabase] | --snapshot FILE) --out DIR [--force]
//! ```
//!
//! `verify` applies a snapshot to a development database inside a transaction that is
//! rolled back and names the object Postgres refuses; `stand-ins` prints the stand-ins for
//! the snapshot's external objects alone.
//!
//! `inspect` prints the database's schema as [snapshot JSON](schema_core::snapshot) on
//! stdout, and on stderr one `note:` line per object the model cannot hold yet. Every
//! failure (unreachable server, wrong password, missing database, missing privileges) is
//! one `error:` line on stderr and a non-zero exit code.
//!
//! `diff` prints the [migration plan](crate::plan) from SRC to DST, each a `postgres://`
//! URL or a snapshot JSON file, as SQL on stdout: only comments when they are the same.
//! A plan that deletes data is not printed unless `--allow-hazards` is given: the steps
//! that would lose data are listed on stderr and the exit code is 3. Exit codes: 0 done,
//! 1 error, 2 usage error, 3 data loss refused.
//!
//! `apply` plans from the database to the snapshot and runs the plan there, recording it in
//! `_schemata.migrations`, one deploy at a time, retrying steps that wait too long for a
//! lock, with progress on stderr (see [`crate::apply`]); exit 3 when the plan deletes data
//! and `--allow-hazards` is missing.
//!
//! `lint` prints Supabase's advisor lints on a database or a snapshot, in rustc's style or
//! as JSON, and exits 4 when a finding at the `--deny` level (default `error`) or above
//! remains.

pub mod app;
pub mod apply;
pub mod codegen;
pub(crate) mod diff;
pub mod erd;
pub mod lint;
pub mod verify;

pub use diff::DiffArgs;
pub use lint::LintArgs;

use crate::introspect::{self, IntrospectOptions};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

/// Postgres schema as Rust code: inspect databases and snapshots.
#[derive(Debug, Parser)]
#[command(name = "schemactl", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a live database's schema as snapshot JSON
    Inspect(InspectArgs),
    /// Print the migration from one schema (database or snapshot) to another
    Diff(DiffArgs),
    /// Report Supabase's advisor lints on a database or a snapshot
    Lint(LintArgs),
    /// Migrate a live database to a snapshot: plan, then run the plan with history,
    /// a deploy lock, lock-timeout retries and progress
    Apply(apply::ApplyArgs),
    /// Apply a snapshot to a development database and roll it back: the object Postgres
    /// refuses, if any
    Verify(VerifyArgs),
    /// Print the stand-ins for a snapshot's external objects (auth.users, auth.uid(), ...)
    StandIns(SnapshotArgs),
    /// Draw a database's or snapshot's schema: Mermaid, DOT, SVG or an HTML page
    Erd(erd::ErdArgs),
    /// Write Rust source describing a database or a snapshot, to take it over
    Codegen(codegen::CodegenArgs),
}

/// `schemactl verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A development database, such as postgres://user:password@localhost:5432/scratch
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub url: String,
    /// The snapshot JSON file to verify
    #[arg(long, value_name = "FILE")]
    pub snapshot: std::path::PathBuf,
    /// Create stand-ins for the external objects first (never against Supabase)
    #[arg(long)]
    pub stand_ins: bool,
}

/// A command that reads one snapshot.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// The snapshot JSON file
    #[arg(long, value_name = "FILE")]
    pub snapshot: std::path::PathBuf,
}

/// Reads a snapshot file; the error names the file and what is wrong in one line.
pub(crate) fn read_snapshot(path: &std::path::Path) -> Result<schema_core::Schema, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read snapshot `{}`: {e}", path.display()))?;
    schema_core::snapshot::from_json(&text).map_err(|e| {
        format!(
            "snapshot `{}`: {}",
            path.display(),
            one_line(&e.to_string())
        )
    })
}

/// `schemactl inspect`
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Database URL, such as postgres://user:password@localhost:5432/app
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub url: String,
    /// Read only this schema; repeat for several [default: every schema except the
    /// system ones]
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Leave out the schemas Supabase manages (auth, storage, realtime, ...)
    #[arg(long)]
    pub exclude_supabase: bool,
}

/// Runs `schemactl` with the process's arguments: the whole `main` of the binary.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs `schemactl` with the given arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout and succeed; usage errors fail.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if let Command::Diff(args) = &cli.command {
        return match diff::diff(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(diff::Failure::Error(message)) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
            Err(diff::Failure::DataLoss(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(diff::DATA_LOSS_EXIT)
            }
        };
    }
    if let Command::Apply(args) = &cli.command {
        return match apply::run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(apply::Failure::Error(message)) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
            Err(apply::Failure::DataLoss(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(apply::DATA_LOSS_EXIT)
            }
        };
    }
    if let Command::Lint(args) = &cli.command {
        return match lint::lint(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(lint::Failure::Error(message)) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
            Err(lint::Failure::Denied(message)) => {
                eprintln!("error: {message}");
                ExitCode::from(lint::FINDINGS_EXIT)
            }
        };
    }
    match execute(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a parsed command; the error is one line for the user.
pub fn execute(cli: &Cli) -> Result<(), String> {
    match &cli.command {
        Command::Inspect(args) => inspect(args),
        Command::Diff(args) => diff::diff(args).map_err(|failure| match failure {
            diff::Failure::Error(message) | diff::Failure::DataLoss(message) => message,
        }),
        Command::Lint(args) => lint::lint(args).map_err(|failure| match failure {
            lint::Failure::Error(message) | lint::Failure::Denied(message) => message,
        }),
        Command::Apply(args) => apply::run(args).map_err(|failure| match failure {
            apply::Failure::Error(message) | apply::Failure::DataLoss(message) => message,
        }),
        Command::Verify(args) => {
            verify::verify(&args.url, &read_snapshot(&args.snapshot)?, args.stand_ins)
        }
        Command::StandIns(args) => verify::stand_ins(&read_snapshot(&args.snapshot)?),
        Command::Erd(args) => erd::erd(args),
        Command::Codegen(args) => codegen::codegen(args),
    }
}

fn inspect(args: &InspectArgs) -> Result<(), String> {
    let (mut client, target) = connect(&args.url)?;
    let options = IntrospectOptions {
        schemas: args.schemas.clone(),
        exclude_supabase: args.exclude_supabase,
    };
    let introspection = introspect::introspect_with_notes(&mut client, &options).map_err(|e| {
        format!(
            "cannot read the schema of {target}: {}",
            one_line(&e.to_string())
        )
    })?;
    let mut stderr = std::io::stderr().lock();
    for note in &introspection.notes {
        let _ = writeln!(stderr, "note: {note}");
    }
    print(&schema_core::snapshot::to_json(&introspection.schema))
}

/// Writes to stdout; a closed pipe (`schemactl inspect | head`) is not an error.
fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to stdout: {e}"))
        }
        _ => Ok(()),
    }
}

/// Connects, returning the client and a description of the server for messages (never
/// the password).
pub fn connect(url: &str) -> Result<(postgres::Client, String), String> {
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e: postgres::Error| format!("invalid database URL: {}", cause(&e)))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    let target = target(&config);
    let client = config
        .connect(postgres::NoTls)
        .map_err(|e| format!("cannot connect to {target}: {}", cause(&e)))?;
    Ok((client, target))
}

/// `host:port/database`, as the URL names them.
fn target(config: &postgres::Config) -> String {
    let mut text = String::new();
    let ports = config.get_ports();
    for (i, host) in config.get_hosts().iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        match host {
            postgres::config::Host::Tcp(name) => text.push_str(name),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => text.push_str(&path.display().to_string()),
        }
        let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
        let _ = write!(text, ":{port}");
    }
    if text.is_empty() {
        text.push_str("localhost:5432");
    }
    let database = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    let _ = write!(text, "/{database}");
    text
}

/// The most telling part of a client error: the server's message, else the operating
/// system's (connection refused, unknown host, timeout), else the client's own.
fn cause(error: &postgres::Error) -> String {
    if error.as_db_error().is_some() {
        return introspect::describe(error);
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return one_line(&lowercase_first(&io.to_string()));
        }
        source = cause.source();
    }
    introspect::describe(error)
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
