//! Notes for linters that review migration files: a statement that trips one of squawk's
//! rules on purpose (squawk, the Postgres migration linter teams run in CI) gets squawk's
//! ignore comment on the line before it, with the reason, so that a team linting the
//! plan sees only what is worth a look:
//!
//! ```sql
//! -- squawk-ignore ban-drop-column -- the change asks for it: drop column `public.t.c`
//! ALTER TABLE public.t DROP COLUMN IF EXISTS c;
//! ```
//!
//! The rules are matched by the shape of the statement, liberally: an ignore for a rule
//! that does not fire costs nothing. The online forms (`CONCURRENTLY`, `NOT VALID`, a
//! `lock_timeout` and `statement_timeout` on every step, re-runnable statements) are what
//! keeps the rest of squawk's rules quiet; `tests/squawk.rs` runs squawk over every plan of
//! the convergence suite.

use super::rerun::{parts, statements, unquoted, Statement};
use super::Plan;
use schema_core::{QualifiedName, Schema};
use std::borrow::Cow;
use std::collections::HashSet;

/// What a note may consult beyond the statement, gathered once per plan: a plan creating
/// thousands of tables asks about each of their indexes.
pub(super) struct Context<'a> {
    /// The tables the old schema has: an index on any other is built on an empty table.
    existing: HashSet<&'a QualifiedName>,
    /// The partitioned tables of the new schema.
    partitioned: HashSet<&'a QualifiedName>,
    offline: bool,
}

impl<'a> Context<'a> {
    pub(super) fn new(old: &'a Schema, new: &'a Schema, offline: bool) -> Self {
        Context {
            existing: old.tables.iter().map(|t| &t.name).collect(),
            partitioned: new
                .tables
                .iter()
                .filter(|t| t.partition_by.is_some())
                .map(|t| &t.name)
                .collect(),
            offline,
        }
    }
}

/// squawk's ignore comment for a statement that breaks its rules on purpose, as a line;
/// `description` is the step's, for the reason.
pub(super) fn ignore_comment(
    statement: &Statement<'_, '_>,
    description: &str,
    context: &Context<'_>,
) -> Option<String> {
    let notes = notes(statement, description, context);
    if notes.is_empty() {
        return None;
    }
    let rules: Vec<&str> = notes.iter().map(|(rule, _)| *rule).collect();
    let mut reasons: Vec<&str> = notes.iter().map(|(_, why)| why.as_str()).collect();
    reasons.dedup();
    Some(format!(
        "-- squawk-ignore {} -- {}\n",
        rules.join(", "),
        reasons.join("; ")
    ))
}

/// The rules the statement breaks on purpose, each with the reason.
fn notes(
    s: &Statement<'_, '_>,
    description: &str,
    context: &Context<'_>,
) -> Vec<(&'static str, String)> {
    let w = |n: usize| s.word(n);
    let asked = || format!("the change asks for it: {description}");
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let words = &s.upper;
    let has = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);

    match (w(0), w(1)) {
        ("DO", _) => return out,
        ("DROP", kind) => {
            let kind = match kind {
                "MATERIALIZED" => "VIEW",
                "FOREIGN" if w(2) == "TABLE" => "TABLE",
                other => other,
            };
            if let Some(rule) = drop_rule(kind) {
                out.push((rule, asked()));
            }
        }
        ("CREATE", _) => {
            let mut n = 1;
            if w(n) == "UNIQUE" {
                n += 1;
            }
            if w(n) == "INDEX" && w(n + 1) != "CONCURRENTLY" {
                let on = (n..s.words.len()).find(|&i| w(i) == "ON").unwrap_or(0);
                let at = if w(on + 1) == "ONLY" { on + 2 } else { on + 1 };
                let (table, _) = s.name(at);
                out.push((
                    "require-concurrent-index-creation",
                    plain_index(&table, context),
                ));
            }
        }
        _ => {}
    }
    if w(0) == "ALTER" {
        for (first, second, rule) in [
            ("DROP", "COLUMN", "ban-drop-column"),
            ("DROP", "CONSTRAINT", "ban-drop-constraint"),
            ("DROP", "DEFAULT", "ban-drop-default"),
            ("DROP", "NOT", "ban-drop-not-null"),
            ("DROP", "EXPRESSION", "ban-drop-generated-expression"),
            ("DROP", "IDENTITY", "ban-alter-identity"),
            ("ADD", "GENERATED", "ban-alter-identity"),
            ("SET", "GENERATED", "ban-alter-identity"),
            ("SET", "SCHEMA", "ban-set-schema"),
        ] {
            if has(first, second) {
                out.push((rule, asked()));
            }
        }
        if words.iter().any(|w| w == "RENAME") {
            let rule = match (w(1), has("RENAME", "COLUMN")) {
                (_, true) => "renaming-column",
                ("TABLE", false) if has("RENAME", "TO") => "renaming-table",
                _ => "renaming-object",
            };
            out.push((rule, asked()));
        }
        if w(1) == "TABLE" && words.iter().skip(3).any(|w| w == "TYPE") {
            out.push(("changing-column-type", asked()));
        }
        if has("ADD", "COLUMN") && words.iter().any(|w| w == "GENERATED") {
            out.push((
                "adding-field-with-default",
                "a stored generated column is computed for every row: the step says rewrites-table"
                    .into(),
            ));
        } else if has("ADD", "COLUMN") && words.iter().any(|w| w == "DEFAULT") {
            out.push((
                "adding-field-with-default",
                "a non-volatile default is stored once without touching the rows (volatile ones are filled in batches)".into(),
            ));
        }
    }
    out.sort_by_key(|(rule, _)| *rule);
    out.dedup_by_key(|(rule, _)| *rule);
    out
}

/// squawk's rule against dropping an object of this kind.
fn drop_rule(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "TABLE" => "ban-drop-table",
        "TYPE" => "ban-drop-type",
        "DOMAIN" => "ban-drop-domain",
        "VIEW" => "ban-drop-view",
        "FUNCTION" | "PROCEDURE" | "AGGREGATE" => "ban-drop-function",
        // squawk counts casts and operators among the types.
        "CAST" | "OPERATOR" => "ban-drop-type",
        "SCHEMA" => "ban-drop-schema",
        "EXTENSION" => "ban-drop-extension",
        "SEQUENCE" => "ban-drop-sequence",
        "TRIGGER" => "ban-drop-trigger",
        "DATABASE" => "ban-drop-database",
        _ => return None,
    })
}

/// squawk's file-level ignore for its rules about column types (`integer` over `bigint`,
/// `varchar(n)` over `text`), which judge the schema rather than the migration: one line
/// for the whole plan, naming the rules its statements would trip (a
/// type named anywhere outside a string or a body counts).
pub(super) fn file_notes(plan: &Plan) -> Option<String> {
    let mut rules: Vec<&'static str> = Vec::new();
    for step in &plan.steps {
        for tokens in statements(&step.sql) {
            rules.extend(type_choices(&Statement::new(&tokens).upper));
        }
    }
    rules.sort();
    rules.dedup();
    (!rules.is_empty()).then(|| {
        format!(
            "-- squawk-ignore-file {} -- column types are the schema's own choice\n",
            rules.join(", ")
        )
    })
}

/// squawk's rules about column types found among the words of a statement.
fn type_choices(words: &[Cow<'_, str>]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).map_or("", |w| w);
        match word.as_ref() {
            "INTEGER" | "INT" | "INT4" | "SERIAL" => out.push("prefer-bigint-over-int"),
            "SMALLINT" | "INT2" | "SMALLSERIAL" => out.push("prefer-bigint-over-smallint"),
            "VARCHAR" => out.push("prefer-text-field"),
            "CHARACTER" if next == "VARYING" => out.push("prefer-text-field"),
            "CHARACTER" | "CHAR" | "BPCHAR" => out.push("ban-char-field"),
            "TIMESTAMP" if next != "WITH" => out.push("prefer-timestamptz"),
            _ => {}
        }
    }
    out
}

/// Why an index is built without `CONCURRENTLY`.
fn plain_index(table: &str, context: &Context<'_>) -> String {
    if context.offline {
        return "an offline plan (plain forms, asked for)".into();
    }
    let parts: Vec<String> = parts(table).into_iter().map(unquoted).collect();
    let name = match parts.as_slice() {
        [schema, name] => QualifiedName::new(schema, name),
        _ => QualifiedName::parse(&parts.join(".")),
    };
    if context.partitioned.contains(&name) {
        "Postgres cannot build an index on a partitioned table concurrently".into()
    } else if !context.existing.contains(&name) {
        "the table is created by this plan: it is empty".into()
    } else {
        "built without CONCURRENTLY on purpose; see the step's hazards".into()
    }
}
