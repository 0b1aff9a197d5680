//! `schemactl diff`: the migration plan between two schemas, each a live database or a
//! snapshot file.

use super::{connect, one_line, print};
use crate::introspect::{self, IntrospectOptions};
use crate::normalize::{canonical_expressions, normalized};
use crate::plan::{self, PlanOptions};
use clap::Args;
use schema_core::Schema;
use std::path::Path;
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
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub lock_timeout: u64,
    /// statement_timeout set before each step that only changes the catalog, in
    /// milliseconds (steps that scan, rewrite or build set 0); 0 sets none
    #[arg(long, value_name = "MS", default_value_t = 60000)]
    pub statement_timeout: u64,
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
    /// `sql`: the plan as SQL; `html`: a page with the target schema drawn, what the plan
    /// adds, drops and alters marked, and the steps with their hazards beside it (printed
    /// even when the plan deletes data: it is for review, and shows the hazards)
    #[arg(long, value_enum, default_value_t = PlanFormat::Sql)]
    pub format: PlanFormat,
}

/// How `diff` prints the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// SQL to run
    Sql,
    /// A self-contained HTML page to review
    Html,
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
        Ok(Side::Snapshot(super::read_snapshot(Path::new(source))?))
    }
}

/// A snapshot compared with the database at `live` is spelled as Postgres prints (see
/// [`spelled`]); two snapshots are compared by the offline rules; a database already is
/// spelled by Postgres.
fn comparable(side: Side, live: Option<&str>, scratch: Option<&str>) -> Result<Schema, String> {
    match (side, live) {
        (Side::Database(schema), _) => Ok(schema),
        (Side::Snapshot(schema), Some(live)) => spelled(&schema, live, scratch),
        (Side::Snapshot(schema), None) => Ok(normalized(&schema)),
    }
}

/// `model` spelled the way Postgres prints it, to compare with the database at `live`:
/// through a throwaway database on `scratch` when given; otherwise on the database's own
/// server when that leaves nothing behind (the role may create a database, and every role
/// the model names exists already, since roles outlive the throwaway database); otherwise
/// by the offline rules alone, saying on stderr how many expressions may then differ only
/// in spelling.
pub(crate) fn spelled(model: &Schema, live: &str, scratch: Option<&str>) -> Result<Schema, String> {
    let parse = |url: &str| {
        url.parse::<postgres::Config>()
            .map_err(|e| format!("invalid URL: {}", one_line(&e.to_string())))
    };
    if let Some(url) = scratch {
        return canonical_expressions(&parse(url)?, model).map_err(|e| {
            format!(
                "cannot spell the expressions through the scratch server: {}",
                one_line(&e.to_string())
            )
        });
    }
    let offline = |reason: String| {
        let count = expressions(model);
        if count > 0 {
            eprintln!(
                "note: {count} expression{} compared offline, so they may differ only in spelling ({reason}); pass --scratch-url with a development server to compare them exactly",
                if count == 1 { " was" } else { "s were" }
            );
        }
        normalized(model)
    };
    let server = parse(live)?;
    match missing_roles(&server, model) {
        Ok(missing) if missing.is_empty() => {}
        Ok(missing) => {
            return Ok(offline(format!(
                "the server lacks role{} {}, which spelling them there would create",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            )))
        }
        Err(reason) => return Ok(offline(reason)),
    }
    Ok(canonical_expressions(&server, model).unwrap_or_else(|e| offline(one_line(&e.to_string()))))
}

/// The roles `model` names (its own, external ones, those of its policies) that the
/// server at `server` does not have.
fn missing_roles(server: &postgres::Config, model: &Schema) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = model.roles.iter().map(|r| r.name.clone()).collect();
    names.extend(model.external.roles.iter().cloned());
    for table in &model.tables {
        for policy in &table.policies {
            names.extend(policy.roles.iter().cloned());
        }
    }
    names.retain(|n| n != "public");
    names.sort();
    names.dedup();
    let mut client = server
        .connect(postgres::NoTls)
        .map_err(|e| format!("cannot connect: {}", one_line(&e.to_string())))?;
    let present: Vec<String> = client
        .query(
            "SELECT rolname::text FROM pg_catalog.pg_roles WHERE rolname = ANY($1)",
            &[&names],
        )
        .map_err(|e| format!("cannot read the roles: {}", one_line(&e.to_string())))?
        .iter()
        .map(|row| row.get(0))
        .collect();
    Ok(names.into_iter().filter(|n| !present.contains(n)).collect())
}

/// How many SQL expressions `model` holds whose spelling Postgres may change.
fn expressions(model: &Schema) -> usize {
    let mut count = 0;
    for table in &model.tables {
        count += table
            .columns
            .iter()
            .filter(|c| {
                matches!(c.default, Some(schema_core::DefaultValue::Expression(_)))
                    || c.generated.is_some()
            })
            .count();
        count += table.checks.len();
        count += table
            .indexes
            .iter()
            .map(|i| {
                usize::from(i.predicate.is_some())
                    + i.keys
                        .iter()
                        .filter(|k| matches!(k.target, schema_core::IndexTarget::Expression(_)))
                        .count()
            })
            .sum::<usize>();
        count += table
            .policies
            .iter()
            .map(|p| usize::from(p.using.is_some()) + usize::from(p.with_check.is_some()))
            .sum::<usize>();
    }
    count
}

/// Prints the plan, or says why not.
pub fn diff(args: &DiffArgs) -> Result<(), Failure> {
    // Both sides at once: reading two large databases one after the other doubles the wait.
    let (from, to) = std::thread::scope(|scope| {
        let to = scope.spawn(|| load(&args.to, args));
        let from = load(&args.from, args);
        let to = to
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (from, to)
    });
    let from = from.map_err(Failure::Error)?;
    let to = to.map_err(Failure::Error)?;
    // The database a snapshot is compared with, when one side is a database.
    let live = match (&from, &to) {
        (Side::Database(_), Side::Snapshot(_)) => Some(args.from.as_str()),
        (Side::Snapshot(_), Side::Database(_)) => Some(args.to.as_str()),
        _ => None,
    };
    let scratch = args.scratch_url.as_deref();
    let from_database = matches!(from, Side::Database(_));
    let to_database = matches!(to, Side::Database(_));
    let mut from = comparable(from, live, scratch).map_err(Failure::Error)?;
    let mut to = comparable(to, live, scratch).map_err(Failure::Error)?;
    // Of the extensions in Supabase's schemas, a database keeps those the other side has.
    if args.schemas.is_empty() {
        if from_database {
            introspect::scope_platform_extensions(&mut from, &to);
        }
        if to_database {
            introspect::scope_platform_extensions(&mut to, &from);
        }
    }

    let options = PlanOptions {
        offline: args.offline,
        lock_timeout: (args.lock_timeout > 0).then(|| Duration::from_millis(args.lock_timeout)),
        statement_timeout: (args.statement_timeout > 0)
            .then(|| Duration::from_millis(args.statement_timeout)),
        ..PlanOptions::default()
    };
    let plan = plan::diff(&from, &to, &options).map_err(|e| Failure::Error(e.to_string()))?;
    if args.format == PlanFormat::Html {
        let page = crate::erd::migration_html(&from, &to, &plan).map_err(Failure::Error)?;
        return print(&page).map_err(Failure::Error);
    }
    if let (Some(steps), false) = (plan.data_loss_report(), args.allow_hazards) {
        return Err(Failure::DataLoss(format!(
            "the plan deletes data; review these steps and run again with --allow-hazards to print it:\n{steps}"
        )));
    }
    let printed = print(&plan.to_sql()).map_err(Failure::Error);
    // The process ends here: freeing two schemas of thousands of tables piece by piece
    // would take a twentieth of its time.
    std::mem::forget((from, to, plan));
    printed
}
