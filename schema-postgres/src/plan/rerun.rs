//! Steps that can run again: after a failure, a kill or a deploy that stopped part way,
//! running a step a second time must finish the job, not fail on what the first run did.
//!
//! Each kind writes its statements in the plain form (the form the DDL renderer shares);
//! this pass rewrites every statement of a plan once, in one place:
//! - where Postgres has `IF [NOT] EXISTS` (tables, indexes, columns, constraints dropped,
//!   enum values, ...) or `OR REPLACE` (views, triggers, functions, aggregates), that form;
//! - otherwise a catalog check: the statement runs inside a `DO` block only when what it
//!   creates is missing, or what it renames is still there (constraints and policies added,
//!   types, domains and roles created, columns and values renamed, partitions attached).
//!
//! An index left INVALID by a killed `CREATE INDEX CONCURRENTLY` is not repaired here
//! (`IF NOT EXISTS` would keep it): `apply` drops it before running the step again, and a
//! fresh plan reads it as invalid and rebuilds it.

use crate::literal::quote_literal;
use schema_core::sql::{tokens, Kind, Token};
use std::borrow::Cow;

/// `sql` (statements each ending with `;`) with every statement in a form that can run
/// again.
#[cfg(test)]
fn rerunnable(sql: &str) -> String {
    statements(sql)
        .iter()
        .map(|tokens| rewrite(&Statement::new(tokens)))
        .collect()
}

/// The index a step builds with `CREATE INDEX CONCURRENTLY`, qualified with its table's
/// schema as SQL text: what a killed run of the step may have left INVALID.
pub(crate) fn concurrent_index(sql: &str) -> Option<String> {
    statements(sql).iter().find_map(|tokens| {
        let s = Statement::new(tokens);
        let mut n = 1;
        if s.word(0) != "CREATE" {
            return None;
        }
        if s.word(n) == "UNIQUE" {
            n += 1;
        }
        if s.word(n) != "INDEX" || s.word(n + 1) != "CONCURRENTLY" {
            return None;
        }
        n += 2;
        if s.word(n) == "IF" {
            n += 3;
        }
        let (index, after) = s.name(n);
        if s.word(after) != "ON" {
            return None;
        }
        let at = if s.word(after + 1) == "ONLY" {
            after + 2
        } else {
            after + 1
        };
        let (table, _) = s.name(at);
        Some(match parts(&table).as_slice() {
            [schema, _] => format!("{schema}.{index}"),
            _ => index,
        })
    })
}

/// The statements of `sql` as token lists, each with the whitespace and comments before
/// it and its `;`; trailing whitespace goes with the last.
pub(super) fn statements(sql: &str) -> Vec<Vec<Token<'_>>> {
    let mut out: Vec<Vec<Token<'_>>> = vec![Vec::new()];
    for token in tokens(sql) {
        let end = token.kind == Kind::Symbol && token.text == ";";
        out.last_mut().expect("never empty").push(token);
        if end {
            out.push(Vec::new());
        }
    }
    let tail = out.pop().expect("never empty");
    match out.last_mut() {
        Some(last) => last.extend(tail),
        None => out.push(tail),
    }
    out
}

/// One statement and where its words are.
pub(super) struct Statement<'s, 'a> {
    pub(super) tokens: &'s [Token<'a>],
    /// Indexes of the tokens that are not whitespace or comments.
    pub(super) words: Vec<usize>,
    /// Those tokens' texts, bare words upper-cased: what the rules match, made once.
    pub(super) upper: Vec<Cow<'a, str>>,
}

impl<'s, 'a> Statement<'s, 'a> {
    pub(super) fn new(tokens: &'s [Token<'a>]) -> Self {
        let words: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind != Kind::Space)
            .map(|(i, _)| i)
            .collect();
        let upper = words
            .iter()
            .map(|&i| {
                let t = tokens[i];
                if t.kind == Kind::Word && t.text.bytes().any(|b| b.is_ascii_lowercase()) {
                    Cow::Owned(t.text.to_ascii_uppercase())
                } else {
                    Cow::Borrowed(t.text)
                }
            })
            .collect();
        Statement {
            tokens,
            words,
            upper,
        }
    }

    /// The `n`th significant token, upper-cased when it is a bare word; empty past the end.
    pub(super) fn word(&self, n: usize) -> &str {
        self.upper.get(n).map_or("", |w| w)
    }

    /// The (possibly qualified) name starting at significant token `n`: its text as
    /// written and the significant index after it.
    pub(super) fn name(&self, n: usize) -> (String, usize) {
        let mut text = String::new();
        let mut at = n;
        while let Some(&i) = self.words.get(at) {
            let token = self.tokens[i];
            if !matches!(token.kind, Kind::Word | Kind::QuotedName) {
                break;
            }
            text.push_str(token.text);
            at += 1;
            if self.word(at) != "." {
                break;
            }
            text.push('.');
            at += 1;
        }
        (text, at)
    }

    /// The text with `insert` put before significant token `n`.
    fn with_inserted(&self, n: usize, insert: &str) -> String {
        let at = self.words[n];
        let mut out = String::new();
        for (i, token) in self.tokens.iter().enumerate() {
            if i == at {
                out.push_str(insert);
            }
            out.push_str(token.text);
        }
        out
    }

    /// The length of the whitespace and comments before the statement's first word.
    pub(super) fn lead_len(&self) -> usize {
        let first = self.words.first().copied().unwrap_or(self.tokens.len());
        self.tokens[..first].iter().map(|t| t.text.len()).sum()
    }

    /// The text as written.
    pub(super) fn text(&self) -> String {
        self.tokens.iter().map(|t| t.text).collect()
    }

    /// The significant indexes of `second` where `first second` appear as words at
    /// parenthesis depth zero, followed by something other than `IF`: the places after
    /// which an action of `ALTER TABLE` is made conditional.
    pub(super) fn actions(&self, first: &str, second: &str) -> Vec<usize> {
        let mut depth = 0i32;
        let mut out = Vec::new();
        for n in 0..self.words.len() {
            match self.word(n) {
                "(" => depth += 1,
                ")" => depth -= 1,
                w if depth == 0
                    && w == first
                    && self.word(n + 1) == second
                    && self.word(n + 2) != "IF" =>
                {
                    out.push(n + 1)
                }
                _ => {}
            }
        }
        out
    }
}

/// The name written as SQL, unquoted as Postgres stores it, as a string constant.
pub(super) fn stored(name: &str) -> String {
    quote_literal(&unquoted(parts(name).last().copied().unwrap_or_default()))
}

/// One part of a name as Postgres stores it: `"T"` -> `T`, `t` -> `t`.
pub(super) fn unquoted(part: &str) -> String {
    match part.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => part.to_ascii_lowercase(),
    }
}

/// The parts of a qualified name as written (`public."a.b"` -> `public`, `"a.b"`).
pub(super) fn parts(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in name.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => {
                out.push(&name[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&name[start..]);
    out
}

/// The statement run only when `condition` holds, inside a `DO` block.
fn guarded(condition: &str, statement: &Statement<'_, '_>) -> String {
    let text = statement.text();
    // Keep the comments before the statement outside the block.
    let (lead, rest) = text.split_at(statement.lead_len());
    let body = rest.trim_end();
    let trailing = &rest[body.len()..];
    let mut tag = "guard".to_string();
    while body.contains(&format!("${tag}$")) {
        tag.push('_');
    }
    format!(
        "{lead}DO ${tag}$\nBEGIN\n    IF {condition} THEN\n{body}\n    END IF;\nEND\n${tag}$;{trailing}"
    )
}

fn regclass(name: &str) -> String {
    format!("pg_catalog.to_regclass({})", quote_literal(name))
}

fn regtype(name: &str) -> String {
    format!("pg_catalog.to_regtype({})", quote_literal(name))
}

fn constraint_exists(table: &str, constraint: &str) -> String {
    format!(
        "EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = {} AND conname = {})",
        regclass(table),
        stored(constraint)
    )
}

fn policy_exists(table: &str, policy: &str) -> String {
    format!(
        "EXISTS (SELECT FROM pg_catalog.pg_policy WHERE polrelid = {} AND polname = {})",
        regclass(table),
        stored(policy)
    )
}

fn column_exists(table: &str, column: &str) -> String {
    format!(
        "EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND NOT attisdropped)",
        regclass(table),
        stored(column)
    )
}

/// The statement in a form that can run again (see the module docs).
pub(super) fn rewrite(s: &Statement<'_, '_>) -> String {
    let w = |n: usize| s.word(n);
    const NOT_EXISTS: &str = "IF NOT EXISTS ";
    const EXISTS: &str = "IF EXISTS ";

    // CREATE ... with IF NOT EXISTS.
    if w(0) == "CREATE" {
        let mut n = 1;
        if w(n) == "UNLOGGED" || w(n) == "UNIQUE" {
            n += 1;
        }
        let kind = w(n);
        n += 1;
        if kind == "MATERIALIZED" && w(n) == "VIEW" {
            n += 1;
        }
        if kind == "INDEX" && w(n) == "CONCURRENTLY" {
            n += 1;
        }
        let has_if_not_exists = w(n) == "IF";
        match kind {
            "TABLE" | "INDEX" | "SCHEMA" | "SEQUENCE" | "EXTENSION" | "MATERIALIZED"
            | "COLLATION"
                if !has_if_not_exists =>
            {
                return s.with_inserted(n, NOT_EXISTS);
            }
            "VIEW" | "TRIGGER" | "FUNCTION" | "PROCEDURE" | "AGGREGATE" => {
                return s.with_inserted(1, "OR REPLACE ");
            }
            // Postgres has no `OR REPLACE` for a constraint trigger: created unless there.
            "CONSTRAINT" if w(n) == "TRIGGER" => {
                let (trigger, after) = s.name(n + 1);
                let on = (after..s.upper.len()).find(|&i| w(i) == "ON");
                let Some(on) = on else { return s.text() };
                let (table, _) = s.name(on + 1);
                return guarded(
                    &format!(
                        "NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = {} AND tgname = {})",
                        regclass(&table),
                        stored(&trigger)
                    ),
                    s,
                );
            }
            "TYPE" | "DOMAIN" => {
                let (name, _) = s.name(n);
                return guarded(&format!("{} IS NULL", regtype(&name)), s);
            }
            "ROLE" => {
                let (name, _) = s.name(n);
                return guarded(
                    &format!(
                        "NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {})",
                        stored(&name)
                    ),
                    s,
                );
            }
            "POLICY" => {
                let (policy, after) = s.name(n);
                let (table, _) = s.name(after + 1);
                return guarded(&format!("NOT {}", policy_exists(&table, &policy)), s);
            }
            _ => return s.text(),
        }
    }

    // DROP ... with IF EXISTS; a kind named in several words (`DROP FOREIGN TABLE`, as the
    // objects kept as definition text write it) comes with it already.
    if w(0) == "DROP" && s.upper.windows(2).any(|p| p[0] == "IF" && p[1] == "EXISTS") {
        return s.text();
    }
    if w(0) == "DROP" {
        let mut n = 1;
        if w(n) == "MATERIALIZED" {
            n += 1;
        }
        n += 1;
        if w(n) == "CONCURRENTLY" {
            n += 1;
        }
        if w(n) == "IF" {
            return s.text();
        }
        return s.with_inserted(n, EXISTS);
    }

    if w(0) == "ALTER" {
        let kind = w(1);
        // ALTER TABLE name ...
        if kind == "TABLE" {
            let mut n = 2;
            if w(n) == "IF" {
                n += 2;
            }
            if w(n) == "ONLY" {
                n += 1;
            }
            let (table, after) = s.name(n);
            let action = w(after);
            if action == "RENAME" {
                return match w(after + 1) {
                    "TO" if w(2) != "IF" => s.with_inserted(2, EXISTS),
                    "CONSTRAINT" => {
                        let (old, _) = s.name(after + 2);
                        guarded(&constraint_exists(&table, &old), s)
                    }
                    "TO" => s.text(),
                    column => {
                        let n = if column == "COLUMN" {
                            after + 2
                        } else {
                            after + 1
                        };
                        let (old, _) = s.name(n);
                        guarded(&column_exists(&table, &old), s)
                    }
                };
            }
            if matches!(action, "ATTACH" | "DETACH") && w(after + 1) == "PARTITION" {
                // Attached while the partition has no parent yet; detached while it has.
                let (partition, _) = s.name(after + 2);
                let attached = format!(
                    "EXISTS (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = {})",
                    regclass(&partition)
                );
                let condition = if action == "ATTACH" {
                    format!("NOT {attached}")
                } else {
                    attached
                };
                return guarded(&condition, s);
            }
            if action == "INHERIT" || (action == "NO" && w(after + 1) == "INHERIT") {
                // Inherited from while the table does not inherit from the parent yet; given
                // up while it does.
                let at = if action == "NO" { after + 2 } else { after + 1 };
                let (parent, _) = s.name(at);
                let inherits = format!(
                    "EXISTS (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = {} AND inhparent = {})",
                    regclass(&table),
                    regclass(&parent)
                );
                let condition = if action == "NO" {
                    inherits
                } else {
                    format!("NOT {inherits}")
                };
                return guarded(&condition, s);
            }
            if action == "ADD" && w(after + 1) == "CONSTRAINT" {
                // The statement is atomic: its first constraint stands for all of it.
                let (constraint, _) = s.name(after + 2);
                return guarded(
                    &format!("NOT {}", constraint_exists(&table, &constraint)),
                    s,
                );
            }
            if action == "ALTER" && w(after + 1) == "COLUMN" && w(after + 3) == "ADD" {
                // ADD GENERATED ... AS IDENTITY: only while the column is no identity.
                let (column, _) = s.name(after + 2);
                return guarded(
                    &format!(
                        "EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND attidentity = '')",
                        regclass(&table),
                        stored(&column)
                    ),
                    s,
                );
            }
            if action == "SET" && w(after + 1) == "SCHEMA" && w(2) != "IF" {
                return s.with_inserted(2, EXISTS);
            }
            let mut at = s.actions("ADD", "COLUMN");
            for dropped in ["COLUMN", "CONSTRAINT", "IDENTITY", "EXPRESSION"] {
                at.extend(s.actions("DROP", dropped));
            }
            if !at.is_empty() {
                let mut text = String::new();
                for (i, token) in s.tokens.iter().enumerate() {
                    text.push_str(token.text);
                    if let Some(&n) = at.iter().find(|&&n| s.words[n] == i) {
                        let add = s.word(n - 1) == "ADD";
                        text.push_str(if add { " IF NOT EXISTS" } else { " IF EXISTS" });
                    }
                }
                return text;
            }
            return s.text();
        }
        if matches!(kind, "INDEX" | "VIEW" | "SEQUENCE") && w(2) != "IF" {
            let (_, after) = s.name(2);
            if w(after) == "RENAME" && w(after + 1) == "TO" {
                return s.with_inserted(2, EXISTS);
            }
        }
        if kind == "MATERIALIZED" && w(3) != "IF" {
            let (_, after) = s.name(3);
            if w(after) == "RENAME" && w(after + 1) == "TO" {
                return s.with_inserted(3, EXISTS);
            }
        }
        if kind == "TYPE" || kind == "DOMAIN" {
            let (name, after) = s.name(2);
            match (w(after), w(after + 1)) {
                ("ADD", "VALUE") if w(after + 2) != "IF" => {
                    return s.with_inserted(after + 2, NOT_EXISTS);
                }
                ("RENAME", "VALUE") => {
                    let old = w(after + 2);
                    return guarded(
                        &format!(
                            "EXISTS (SELECT FROM pg_catalog.pg_enum WHERE enumtypid = {} AND enumlabel = {old})",
                            regtype(&name)
                        ),
                        s,
                    );
                }
                ("RENAME", "TO") | ("SET", "SCHEMA") => {
                    return guarded(&format!("{} IS NOT NULL", regtype(&name)), s);
                }
                ("RENAME", "ATTRIBUTE") => {
                    let (old, _) = s.name(after + 2);
                    return guarded(&type_attribute_exists(&name, &old), s);
                }
                ("ADD", "ATTRIBUTE") => {
                    let (attribute, _) = s.name(after + 2);
                    return guarded(
                        &format!("NOT {}", type_attribute_exists(&name, &attribute)),
                        s,
                    );
                }
                ("DROP", "ATTRIBUTE") if w(after + 2) != "IF" => {
                    return s.with_inserted(after + 2, EXISTS);
                }
                ("ADD", "CONSTRAINT") => {
                    let (constraint, _) = s.name(after + 2);
                    return guarded(
                        &format!(
                            "NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE contypid = {} AND conname = {})",
                            regtype(&name),
                            stored(&constraint)
                        ),
                        s,
                    );
                }
                ("DROP", "CONSTRAINT") if w(after + 2) != "IF" => {
                    return s.with_inserted(after + 2, EXISTS);
                }
                _ => {}
            }
        }
        if kind == "SCHEMA" {
            let (name, after) = s.name(2);
            if w(after) == "RENAME" {
                return guarded(
                    &format!(
                        "EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = {})",
                        stored(&name)
                    ),
                    s,
                );
            }
        }
        if kind == "POLICY" {
            let (policy, after) = s.name(2);
            let (table, after_table) = s.name(after + 1);
            if w(after_table) == "RENAME" {
                return guarded(&policy_exists(&table, &policy), s);
            }
        }
    }
    s.text()
}

fn type_attribute_exists(type_name: &str, attribute: &str) -> String {
    format!(
        "EXISTS (SELECT FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON a.attrelid = t.typrelid WHERE t.oid = {} AND a.attname = {} AND NOT a.attisdropped)",
        regtype(type_name),
        stored(attribute)
    )
}

#[cfg(test)]
mod tests {
    use super::rerunnable;

    #[test]
    fn postgres_forms_where_they_exist() {
        assert_eq!(
            rerunnable("CREATE TABLE public.t (id integer);\nDROP TABLE public.u;\n"),
            "CREATE TABLE IF NOT EXISTS public.t (id integer);\nDROP TABLE IF EXISTS public.u;\n"
        );
        assert_eq!(
            rerunnable("CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON public.t (a);\n"),
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a_key ON public.t (a);\n"
        );
        assert_eq!(
            rerunnable("ALTER TABLE public.t ADD COLUMN a integer, DROP COLUMN b, DROP CONSTRAINT c;\n"),
            "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS a integer, DROP COLUMN IF EXISTS b, DROP CONSTRAINT IF EXISTS c;\n"
        );
        assert_eq!(
            rerunnable("ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'sad';\n"),
            "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';\n"
        );
        assert_eq!(
            rerunnable("DROP INDEX CONCURRENTLY public.i;\n"),
            "DROP INDEX CONCURRENTLY IF EXISTS public.i;\n"
        );
        assert_eq!(
            rerunnable("CREATE VIEW public.v AS SELECT 1;\n"),
            "CREATE OR REPLACE VIEW public.v AS SELECT 1;\n"
        );
        // Already re-runnable, and words inside strings and bodies are left alone.
        let done = "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS a text DEFAULT 'ADD COLUMN x';\n";
        assert_eq!(rerunnable(done), done);
    }

    #[test]
    fn catalog_checks_otherwise() {
        let guarded = rerunnable(
            "-- why\nALTER TABLE public.\"T\" ADD CONSTRAINT \"T_a_check\" CHECK (a > 0) NOT VALID;\n",
        );
        assert_eq!(
            guarded,
            "-- why\nDO $guard$\nBEGIN\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = pg_catalog.to_regclass('public.\"T\"') AND conname = 'T_a_check') THEN\nALTER TABLE public.\"T\" ADD CONSTRAINT \"T_a_check\" CHECK (a > 0) NOT VALID;\n    END IF;\nEND\n$guard$;\n"
        );
        assert!(rerunnable("CREATE TYPE public.mood AS ENUM ('a');\n")
            .contains("IF pg_catalog.to_regtype('public.mood') IS NULL THEN"));
        assert!(rerunnable("CREATE POLICY p ON public.t USING (true);\n")
            .contains("polrelid = pg_catalog.to_regclass('public.t') AND polname = 'p'"));
        assert!(rerunnable("ALTER TABLE public.t RENAME COLUMN a TO b;\n")
            .contains("attname = 'a' AND NOT attisdropped"));
    }

    #[test]
    fn the_index_a_step_builds_concurrently() {
        use super::concurrent_index;
        assert_eq!(
            concurrent_index(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"T_key\" ON app.\"T\" (a);\n"
            )
            .as_deref(),
            Some("app.\"T_key\"")
        );
        assert_eq!(concurrent_index("CREATE INDEX i ON public.t (a);\n"), None);
    }
}
