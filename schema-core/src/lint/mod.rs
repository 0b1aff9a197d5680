//! Supabase's database advisors (its linter, `splinter`), run on the model before deploy.
//!
//! Supabase checks a deployed database with SQL over the catalog; a schema written as code
//! knows the same facts earlier, so each lint here is a small function over the
//! [`Schema`], named as Supabase names it so that users recognise it. Only lints the
//! schema alone decides are here: the ones that read usage statistics (unused indexes,
//! bloat) or project settings (auth configuration, storage buckets) need a live project.
//!
//! The model assumes Supabase's defaults where the schema cannot say: the `public` schema
//! is exposed through the Data API, and `anon` and `authenticated` exist and hold
//! `EXECUTE` on every function (Postgres grants it to `PUBLIC`).
//!
//! ```
//! use schema_core::lint::{lint, Lint};
//! use schema_core::{Column, QualifiedName, Schema, SqlType, TableDef};
//! let notes = TableDef::new(QualifiedName::parse("notes"))
//!     .with_column(Column::new("body", SqlType::Text, false));
//! let schema = Schema::builder().add_table(notes).build().unwrap();
//! let lints: Vec<Lint> = lint(&schema).iter().map(|f| f.lint).collect();
//! assert_eq!(lints, [Lint::NoPrimaryKey, Lint::RlsDisabledInPublic]);
//! ```

mod allow;
mod exposure;
mod extension;
mod function;
mod index;
mod lints;
mod migration;
mod policy;
mod render;
mod suppress;
mod table;

pub use allow::Allow;
pub use lints::{Level, Lint};
pub use migration::lint_changes;
pub use suppress::{Report, Suppressed, Suppression};

use crate::schema::Schema;
use serde::{Deserialize, Serialize};

/// One problem found, with where it is and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which lint.
    pub lint: Lint,
    /// How bad.
    pub level: Level,
    /// The schema-qualified object: a table, view, function, or the extension's name.
    pub object: String,
    /// The part of the object at fault, as the code names it: ``policy `coaches see their
    /// sessions` ``, ``foreign key `sessions_coach_id_fkey` ``, ``column `password` ``.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Why it matters, in one sentence.
    pub why: String,
    /// What to write instead.
    pub fix: String,
}

impl Finding {
    fn new(lint: Lint, object: impl ToString, why: String, fix: String) -> Self {
        Finding {
            lint,
            level: lint.level(),
            object: object.to_string(),
            item: None,
            why,
            fix,
        }
    }

    fn item(mut self, item: String) -> Self {
        self.item = Some(item);
        self
    }

    /// Where the finding is, as printed after `-->` and as a suppression names it:
    /// `public.sessions` or ``public.sessions, policy `coaches see their sessions` ``.
    pub fn location(&self) -> String {
        match &self.item {
            Some(item) => format!("{}, {item}", self.object),
            None => self.object.clone(),
        }
    }
}

/// The schemas Supabase's Data API serves by default: whatever lives there is reachable
/// by anyone holding the project's public key, so RLS and grants are all that guard it.
const EXPOSED_SCHEMAS: &[&str] = &["public", "graphql_public"];

fn exposed(schema: &str) -> bool {
    EXPOSED_SCHEMAS.contains(&schema)
}

/// Every lint, each group over its own kind of object.
const GROUPS: &[fn(&Schema, &mut Vec<Finding>)] = &[
    table::check,
    index::check,
    policy::check,
    function::check,
    exposure::check,
    extension::check,
];

/// Runs every lint on `schema` and keeps quiet what its tables, policies and functions
/// allow: what remains, sorted by lint, then object, then item, with a finding for each
/// allow that matched nothing.
pub fn lint(schema: &Schema) -> Vec<Finding> {
    lint_with(schema, &[]).findings
}

/// Runs every lint and applies the schema's own allows plus `extra` suppressions (from a
/// command line or a CI configuration, naming objects by location): see [`Report`].
pub fn lint_with(schema: &Schema, extra: &[Suppression]) -> Report {
    let mut findings = Vec::new();
    for group in GROUPS {
        group(schema, &mut findings);
    }
    let mut suppressions = suppress::declared(schema);
    suppressions.extend_from_slice(extra);
    suppress::apply(findings, &suppressions)
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.lint.as_str(), &a.object, &a.item, &a.why).cmp(&(
            b.lint.as_str(),
            &b.object,
            &b.item,
            &b.why,
        ))
    });
}

/// A part of an object as findings name it: ``policy `coaches see their sessions` ``.
fn part(kind: &str, name: &str) -> String {
    format!("{kind} `{name}`")
}
