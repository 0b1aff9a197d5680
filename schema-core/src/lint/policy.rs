//! Lints on row-level security: the switch, the policies and what their expressions call.

use super::{part, Finding, Lint};
use crate::schema::Schema;
use crate::{Policy, PolicyCommand, TableDef};
use std::collections::BTreeSet;

pub(super) fn check(schema: &Schema, findings: &mut Vec<Finding>) {
    let roles = request_roles(schema);
    for table in &schema.tables {
        rls_switch(table, findings);
        multiple_permissive_policies(table, &roles, findings);
        for policy in &table.policies {
            auth_rls_initplan(table, policy, findings);
            rls_policy_always_true(table, policy, findings);
            rls_references_user_metadata(table, policy, findings);
        }
    }
}

/// `policy_exists_rls_disabled` and `rls_enabled_no_policy`: the two ways the switch and
/// the policies disagree.
fn rls_switch(table: &TableDef, findings: &mut Vec<Finding>) {
    let enabled = table.row_level_security.enabled;
    if !enabled && !table.policies.is_empty() {
        findings.push(Finding::new(
            Lint::PolicyExistsRlsDisabled,
            &table.name,
            format!(
                "row-level security is off, so its {} {} nothing: every role with a grant \
                 sees and changes every row",
                table.policies.len(),
                if table.policies.len() == 1 {
                    "policy restricts"
                } else {
                    "policies restrict"
                }
            ),
            "turn it on: `#[table(rls)]`".into(),
        ));
    }
    if enabled && table.policies.is_empty() && table.partition_of.is_none() {
        findings.push(Finding::new(
            Lint::RlsEnabledNoPolicy,
            &table.name,
            "row-level security is on without a policy, so no API role can read or write \
             a row; fine for a table only the server touches, a bug otherwise"
                .into(),
            "add the `#[policy(...)]` each role needs, or allow this lint with the reason \
             the table is server-only"
                .into(),
        ));
    }
}

/// Supabase's functions that read the request's JWT, and Postgres's setting reader they
/// are built on: each is stable within a statement, so `(select f())` runs it once
/// instead of once per row.
const REQUEST_FUNCTIONS: &[&str] = &[
    "auth.uid",
    "auth.jwt",
    "auth.role",
    "auth.email",
    "current_setting",
];

fn auth_rls_initplan(table: &TableDef, policy: &Policy, findings: &mut Vec<Finding>) {
    let mut called = BTreeSet::new();
    let mut rewrites = Vec::new();
    for (clause, expression) in clauses(policy) {
        let calls = unwrapped_calls(expression);
        if calls.is_empty() {
            continue;
        }
        let mut rewritten = String::new();
        let mut at = 0;
        for (start, end) in calls {
            called.insert(function_name(&expression[start..end]));
            rewritten.push_str(&expression[at..start]);
            rewritten.push_str("(select ");
            rewritten.push_str(&expression[start..end]);
            rewritten.push(')');
            at = end;
        }
        rewritten.push_str(&expression[at..]);
        rewrites.push(format!("{clause} = {rewritten:?}"));
    }
    if rewrites.is_empty() {
        return;
    }
    let called: Vec<String> = called.into_iter().map(|f| format!("`{f}()`")).collect();
    findings.push(
        Finding::new(
            Lint::AuthRlsInitplan,
            &table.name,
            format!(
                "{} is called once for every row the query looks at; wrapped in `(select ...)` \
                 Postgres runs it once per statement",
                called.join(", ")
            ),
            format!("write {}", rewrites.join(", ")),
        )
        .item(part("policy", &policy.name)),
    );
}

/// The policy's expressions with the attribute key that sets each.
fn clauses(policy: &Policy) -> impl Iterator<Item = (&'static str, &str)> {
    [("using", &policy.using), ("with_check", &policy.with_check)]
        .into_iter()
        .filter_map(|(clause, expression)| Some((clause, expression.as_deref()?)))
}

/// `auth.uid ()` -> `auth.uid`.
fn function_name(call: &str) -> String {
    call[..call.find('(').unwrap_or(call.len())]
        .trim()
        .to_ascii_lowercase()
}

/// Byte ranges of the calls to [`REQUEST_FUNCTIONS`] in `sql` that are not already the
/// whole of a `(select ...)`, outside string literals and quoted identifiers.
fn unwrapped_calls(sql: &str) -> Vec<(usize, usize)> {
    let bytes = sql.as_bytes();
    let mut calls = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => i = skip_quoted(bytes, i, quote),
            _ => {
                let after_identifier = i > 0
                    && (bytes[i - 1].is_ascii_alphanumeric() || b"_.$".contains(&bytes[i - 1]));
                let call = (!after_identifier)
                    .then(|| REQUEST_FUNCTIONS.iter().find_map(|f| call_at(sql, i, f)))
                    .flatten();
                match call {
                    Some(end) => {
                        if !wrapped(&sql[..i], &sql[end..]) {
                            calls.push((i, end));
                        }
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
    }
    calls
}

/// Past the literal or quoted identifier opening at `start` (a doubled quote escapes).
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// The end of a call to `function` starting at `start`, through its closing parenthesis.
fn call_at(sql: &str, start: usize, function: &str) -> Option<usize> {
    let head = sql.get(start..start + function.len())?;
    if !head.eq_ignore_ascii_case(function) {
        return None;
    }
    let bytes = sql.as_bytes();
    let mut i = start + function.len();
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'(') {
        return None;
    }
    let mut depth = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                i = skip_quoted(bytes, i, quote);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the call between `before` and `after` is the whole of a `(select call)`.
fn wrapped(before: &str, after: &str) -> bool {
    let before = before.trim_end();
    let keyword = before.len().checked_sub("select".len());
    let opens = keyword.is_some_and(|at| {
        before.is_char_boundary(at)
            && before[at..].eq_ignore_ascii_case("select")
            && before[..at].trim_end().ends_with('(')
    });
    let mut after = after.trim_start();
    // Postgres prints `(select auth.uid())` back as `( SELECT auth.uid() AS uid)`.
    if after
        .get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case("as "))
    {
        after = after[3..]
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .trim_start();
    }
    opens && after.starts_with(')')
}

/// The roles a Data API request runs as: Supabase's `anon` and `authenticated`, and every
/// other role the schema knows that row-level security applies to. `authenticator` only
/// switches into one of them; roles that bypass RLS never meet a policy.
fn request_roles(schema: &Schema) -> BTreeSet<&str> {
    const BYPASS_RLS: &[&str] = &["postgres", "service_role", "supabase_admin"];
    let owned_bypass: BTreeSet<&str> = schema
        .roles
        .iter()
        .filter(|r| r.bypass_rls)
        .map(|r| r.name.as_str())
        .collect();
    ["anon", "authenticated"]
        .into_iter()
        .chain(schema.external.roles.iter().map(String::as_str))
        .chain(schema.roles.iter().map(|r| r.name.as_str()))
        .chain(
            schema
                .tables
                .iter()
                .flat_map(|t| &t.policies)
                .flat_map(|p| &p.roles)
                .map(String::as_str),
        )
        .filter(|r| !BYPASS_RLS.contains(r) && !owned_bypass.contains(r))
        .collect()
}

const COMMANDS: [PolicyCommand; 4] = [
    PolicyCommand::Select,
    PolicyCommand::Insert,
    PolicyCommand::Update,
    PolicyCommand::Delete,
];

fn multiple_permissive_policies(
    table: &TableDef,
    roles: &BTreeSet<&str>,
    findings: &mut Vec<Finding>,
) {
    for role in roles {
        for command in COMMANDS {
            let applying: Vec<&Policy> = table
                .policies
                .iter()
                .filter(|p| !p.restrictive)
                .filter(|p| p.command == PolicyCommand::All || p.command == command)
                .filter(|p| p.roles.is_empty() || p.roles.iter().any(|r| r == role))
                .collect();
            if applying.len() < 2 {
                continue;
            }
            let names: Vec<String> = applying.iter().map(|p| format!("`{}`", p.name)).collect();
            findings.push(Finding::new(
                Lint::MultiplePermissivePolicies,
                &table.name,
                format!(
                    "policies {} apply to `{role}` for {}: Postgres evaluates each of them for \
                     every row",
                    names.join(", "),
                    command.as_str()
                ),
                format!(
                    "merge them into one `command = \"{}\"` policy whose condition joins theirs \
                     with `or` (split a `for all` policy into the commands it is meant for), or \
                     give each its own `roles(...)`",
                    command.as_str().to_ascii_lowercase()
                ),
            ));
        }
    }
}

/// `true`, `(true)`, ` TRUE `.
fn always_true(expression: &str) -> bool {
    let mut text = expression.trim();
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        text = inner.trim();
    }
    text.eq_ignore_ascii_case("true")
}

fn rls_policy_always_true(table: &TableDef, policy: &Policy, findings: &mut Vec<Finding>) {
    // Reading everything is often the point (a catalogue, public profiles); writing
    // everything rarely is.
    if policy.restrictive || policy.command == PolicyCommand::Select {
        return;
    }
    let using = policy.using.as_deref().is_some_and(always_true);
    // Without `WITH CHECK`, Postgres checks new rows with `USING`.
    let check = match &policy.with_check {
        Some(check) => always_true(check),
        None => using,
    };
    if !(using || check) {
        return;
    }
    let who = if policy.roles.is_empty() {
        "every role".to_string()
    } else {
        policy
            .roles
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    findings.push(
        Finding::new(
            Lint::RlsPolicyAlwaysTrue,
            &table.name,
            format!(
                "the condition is `true`, so {who} may {} any row: row-level security is on \
                 but restricts nothing",
                match policy.command {
                    PolicyCommand::Insert => "insert",
                    PolicyCommand::Update => "update",
                    PolicyCommand::Delete => "delete",
                    _ => "change",
                }
            ),
            "compare the row with the user, such as `using = \"user_id = (select auth.uid())\"` \
             (and the same `with_check`)"
                .into(),
        )
        .item(part("policy", &policy.name)),
    );
}

fn rls_references_user_metadata(table: &TableDef, policy: &Policy, findings: &mut Vec<Finding>) {
    let trusts = clauses(policy).any(|(_, expression)| {
        let lower = expression.to_ascii_lowercase();
        lower.contains("user_metadata") || lower.contains("raw_user_meta_data")
    });
    if !trusts {
        return;
    }
    findings.push(
        Finding::new(
            Lint::RlsReferencesUserMetadata,
            &table.name,
            "`user_metadata` is written by the user through `auth.updateUser()`, so a policy \
             that trusts it lets anyone grant themselves access"
                .into(),
            "read the claim from `app_metadata` (only the server can write it), such as \
             `(select auth.jwt()) -> 'app_metadata' ->> 'role'`, or from a table users cannot \
             write"
                .into(),
        )
        .item(part("policy", &policy.name)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(sql: &str) -> Vec<&str> {
        unwrapped_calls(sql)
            .into_iter()
            .map(|(start, end)| &sql[start..end])
            .collect()
    }

    #[test]
    fn calls_wrapped_in_a_select_are_left_alone() {
        assert_eq!(rewrite("user_id = auth.uid()"), ["auth.uid()"]);
        assert_eq!(rewrite("user_id = (select auth.uid())"), Vec::<&str>::new());
        assert_eq!(
            rewrite("user_id = ( SELECT auth.uid() AS uid)"),
            Vec::<&str>::new()
        );
        assert_eq!(
            rewrite("(auth.jwt() ->> 'role') = 'admin' and id = (select auth.uid())"),
            ["auth.jwt()"]
        );
        assert_eq!(
            rewrite("x = current_setting('request.jwt.claims', true)::json->>'sub'"),
            ["current_setting('request.jwt.claims', true)"]
        );
    }

    #[test]
    fn names_inside_literals_and_other_names_are_not_calls() {
        assert_eq!(rewrite("note = 'auth.uid()'"), Vec::<&str>::new());
        assert_eq!(rewrite("my_auth.uid() = id"), Vec::<&str>::new());
        assert_eq!(rewrite("auth.uid = id"), Vec::<&str>::new());
    }

    #[test]
    fn true_in_any_parentheses_is_always_true() {
        assert!(always_true(" ( TRUE ) "));
        assert!(!always_true("true and false"));
    }
}
