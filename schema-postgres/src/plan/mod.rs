//! Migration plans: the ordered, online-safe steps that turn one schema into another.
//!
//! [`diff`] compares two schemas (see [`schema_core::diff`]), adds the drops and creates
//! that changes force on their dependents, writes each change as one or more [`Step`]s and
//! orders them by what they create, drop and use. Every step carries its [`Hazard`]s and
//! says whether it may run inside a transaction.
//!
//! ```
//! use schema_core::{Column, QualifiedName, Schema, SqlType, TableDef};
//! use schema_postgres::plan::{diff, Hazard, PlanOptions};
//!
//! let users = TableDef::new(QualifiedName::parse("users"))
//!     .with_column(Column::new("id", SqlType::Uuid, false))
//!     .with_column(Column::new("email", SqlType::Text, true));
//! let old = Schema::builder().add_table(users.clone()).build().unwrap();
//! let mut users = users;
//! users.columns.pop();
//! let new = Schema::builder().add_table(users).build().unwrap();
//!
//! let plan = diff(&old, &new, &PlanOptions::default()).unwrap();
//! assert_eq!(plan.steps.len(), 1);
//! // Re-runnable, and with squawk's ignore comment saying why the drop is on purpose.
//! assert_eq!(
//!     plan.steps[0].sql,
//!     "-- squawk-ignore ban-drop-column -- the change asks for it: drop column `public.users.email`\n\
//!      ALTER TABLE public.users DROP COLUMN IF EXISTS email;\n"
//! );
//! assert!(plan.steps[0].hazards.contains(&Hazard::DeletesData));
//! ```

mod build;
pub(crate) mod builder;
mod dependents;
pub(crate) mod graph;
pub(crate) mod hazard;
pub(crate) mod options;
pub(crate) mod problem;
mod rerun;
mod review;
#[cfg(test)]
mod tests;
mod text;
pub(crate) mod types;

pub use hazard::Hazard;
pub use options::PlanOptions;
pub use problem::Problem;

use schema_core::lint::{lint_changes, Finding};
use schema_core::Schema;
use std::fmt;
use std::time::Duration;

/// An ordered list of steps; running them in order turns the old schema into the new one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The steps, in the order they must run.
    pub steps: Vec<Step>,
}

/// One step of a plan: one statement, or a few that belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What the step does, in words.
    pub description: String,
    /// The SQL: statements each ending with `;` and a newline.
    pub sql: String,
    /// What can go wrong, sorted.
    pub hazards: Vec<Hazard>,
    /// Whether the step may run inside a transaction block. `CREATE INDEX CONCURRENTLY`
    /// cannot, and a new enum value cannot be used in the transaction that adds it; such
    /// steps must run on their own.
    pub transactional: bool,
    /// The `lock_timeout` to set before running the step.
    pub lock_timeout: Option<Duration>,
    /// The `statement_timeout` to set before running the step: zero (unbounded) for a
    /// step that runs long on purpose (see [`Step::runs_long`]).
    pub statement_timeout: Option<Duration>,
    /// What `lint` says of the step: `changes_authorization` when it turns row-level
    /// security off on an exposed table or drops the last policy of a table that keeps it.
    pub findings: Vec<Finding>,
}

impl Step {
    /// Whether the step loses data (a hazard that [`Hazard::is_data_loss`]).
    pub fn loses_data(&self) -> bool {
        self.hazards.iter().any(|h| h.is_data_loss())
    }

    /// The index the step builds with `CREATE INDEX CONCURRENTLY`, as SQL text qualified
    /// with its schema: a run of the step that was killed or failed leaves it INVALID,
    /// and `IF NOT EXISTS` would then keep it, so a runner drops it first.
    pub fn index_built_concurrently(&self) -> Option<String> {
        rerun::concurrent_index(&self.sql)
    }

    /// Whether the step scans, rewrites or builds, so that its time grows with the table
    /// and no statement timeout may bound it.
    pub fn runs_long(&self) -> bool {
        self.hazards.iter().any(|h| {
            matches!(
                h,
                Hazard::ScansTable | Hazard::RewritesTable | Hazard::BuildsIndex
            )
        })
    }
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Every hazard of the plan, once each, sorted.
    pub fn hazards(&self) -> Vec<Hazard> {
        let mut all: Vec<Hazard> = self
            .steps
            .iter()
            .flat_map(|s| s.hazards.iter().copied())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Every step's lint findings, in step order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.steps.iter().flat_map(|s| s.findings.iter())
    }

    /// The steps that lose data.
    pub fn data_loss(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.loses_data())
    }

    /// The steps that lose data, one line each (`  - step 2: drop column ...`), for the
    /// message that refuses the plan; `None` when no step does.
    pub fn data_loss_report(&self) -> Option<String> {
        let lines: Vec<String> = self
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.loses_data())
            .map(|(i, s)| format!("  - step {}: {}", i + 1, s.description))
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// The plan as a SQL script (see [`Plan::write_sql`]).
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        self.write_sql(&mut out)
            .expect("writing to a String cannot fail");
        out
    }

    /// Writes the plan as a SQL script `psql` can run: each step preceded by comments
    /// naming it and its hazards and by its `SET lock_timeout`; steps of several statements
    /// wrapped in `BEGIN`/`COMMIT`; steps that cannot run in a transaction marked so. An
    /// empty plan is a comment only.
    pub fn write_sql(&self, out: &mut impl fmt::Write) -> fmt::Result {
        text::write_plan(self, out)
    }

    /// Reads back a plan written by [`Plan::to_sql`], such as a migration file of the
    /// `schemata` layout: its steps with their descriptions, SQL, hazards, transaction
    /// marks and lock timeouts (not the lint findings). The error names what is malformed.
    pub fn from_sql(text: &str) -> Result<Plan, String> {
        text::parse_plan(text)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_sql(f)
    }
}

/// Why there is no plan: every change that cannot be done safely, each naming its object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The problems, in the order the changes were planned.
    pub problems: Vec<Problem>,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "cannot plan the migration: {one}"),
            many => {
                write!(f, "cannot plan the migration, {} problems:", many.len())?;
                for problem in many {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PlanError {}

/// The plan that turns `from` into `to`.
pub fn diff(from: &Schema, to: &Schema, options: &PlanOptions) -> Result<Plan, PlanError> {
    let problems = unreachable_states(to);
    if !problems.is_empty() {
        return Err(PlanError { problems });
    }
    let compared = schema_core::diff::compare(from, to);
    let changes = dependents::augment(&compared.old, &compared.new, compared.changes)
        .map_err(|problems| PlanError { problems })?;
    let findings = lint_changes(&compared.old, &compared.new, &changes);
    let mut builder = builder::Builder::new(&compared.old, &compared.new, &changes, options);
    build::build(&mut builder, &changes);
    if !builder.problems.is_empty() {
        return Err(PlanError {
            problems: builder.problems,
        });
    }
    let drafts = graph::order(builder.nodes).map_err(|stuck| PlanError {
        problems: stuck
            .into_iter()
            .map(|draft| Problem {
                object: draft.description,
                reason: "is caught in a dependency cycle with the other steps listed; this is a bug in the planner, please report it with both schemas".into(),
            })
            .collect(),
    })?;
    let context = review::Context::new(&compared.old, &compared.new, options.offline);
    let mut steps: Vec<Step> = merge(drafts)
        .into_iter()
        .map(|draft| {
            let sql = finished_sql(&draft.sql, &draft.description, &context);
            let mut step = Step {
                description: draft.description,
                sql,
                hazards: draft.hazards,
                transactional: draft.transactional,
                lock_timeout: options.lock_timeout,
                statement_timeout: None,
                findings: Vec::new(),
            };
            step.statement_timeout = options.statement_timeout.map(|timeout| {
                if step.runs_long() {
                    Duration::ZERO
                } else {
                    timeout
                }
            });
            step
        })
        .collect();
    // A finding goes to the step its change became (described by the change itself).
    for (index, finding) in findings {
        let description = changes[index].to_string();
        let step = steps
            .iter_mut()
            .find(|step| step.description == description)
            .expect("every change a finding is about is planned as a step it describes");
        step.findings.push(finding);
    }
    Ok(Plan { steps })
}

/// A step's SQL as the plan carries it, in one pass over its statements: each in the form
/// that can run again (`rerun`), preceded by squawk's ignore comment where it breaks a rule
/// on purpose (`review`; none for a statement the catalog check wraps in a `DO` block,
/// which squawk does not read).
fn finished_sql(sql: &str, description: &str, context: &review::Context<'_>) -> String {
    let mut out = String::with_capacity(sql.len() + 64);
    for tokens in rerun::statements(sql) {
        let statement = rerun::Statement::new(&tokens);
        let text = rerun::rewrite(&statement);
        let (lead, rest) = text.split_at(statement.lead_len());
        out.push_str(lead);
        if !rest.starts_with("DO ") {
            if let Some(comment) = review::ignore_comment(&statement, description, context) {
                out.push_str(&comment);
            }
        }
        out.push_str(rest);
    }
    out
}

/// Merges neighbouring steps that share a merge key (a policy, or an object kept as
/// definition text, dropped and created again) into one transactional step.
fn merge(drafts: Vec<builder::Draft>) -> Vec<builder::Draft> {
    let mut out: Vec<builder::Draft> = Vec::with_capacity(drafts.len());
    for draft in drafts {
        if let Some(last) = out.last_mut() {
            let same = draft.merge_key.is_some() && last.merge_key == draft.merge_key;
            if same && last.transactional && draft.transactional {
                let (table, name) = draft.merge_key.as_ref().expect("checked above");
                // Both halves of a replaced opaque object already say "replace".
                if last.description != draft.description {
                    last.description = format!("replace policy `{name}` on table `{table}`");
                }
                // The note both halves start with, once.
                let note = last.sql.lines().next().filter(|l| l.starts_with("-- "));
                let sql = match note {
                    Some(note) => draft
                        .sql
                        .strip_prefix(note)
                        .map(|rest| rest.trim_start_matches('\n'))
                        .unwrap_or(&draft.sql)
                        .to_string(),
                    None => draft.sql.clone(),
                };
                last.sql.push_str(&sql);
                last.hazards.extend(draft.hazards);
                last.hazards.sort();
                last.hazards.dedup();
                last.merge_key = None;
                continue;
            }
        }
        out.push(draft);
    }
    out
}

/// What a schema may say but no database can hold: planning towards it would never
/// converge.
fn unreachable_states(to: &Schema) -> Vec<Problem> {
    let mut problems = Vec::new();
    for table in &to.tables {
        for column in &table.columns {
            if column.identity.is_some() && column.nullable {
                problems.push(Problem {
                    object: format!("column `{}.{}`", table.name, column.name),
                    reason: "is an identity column that allows NULL, but Postgres makes identity columns NOT NULL; declare it NOT NULL".into(),
                });
            }
        }
    }
    problems
}
