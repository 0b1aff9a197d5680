//! Lints on what the Data API exposes: tables without row-level security, views that run
//! as their owner, materialized views, and `auth.users` shown through a view.

use super::{exposed, part, Finding, Lint};
use crate::schema::Schema;
use crate::TableDef;
use crate::ViewDef;

pub(super) fn check(schema: &Schema, findings: &mut Vec<Finding>) {
    for table in schema.tables.iter().filter(|t| exposed(&t.name.schema)) {
        if !table.row_level_security.enabled {
            rls_disabled_in_public(table, findings);
            sensitive_columns_exposed(table, findings);
        }
    }
    for view in schema.views.iter().filter(|v| exposed(&v.name.schema)) {
        security_definer_view(view, findings);
        materialized_view_in_api(view, findings);
        auth_users_exposed(view, findings);
    }
}

fn rls_disabled_in_public(table: &TableDef, findings: &mut Vec<Finding>) {
    findings.push(Finding::new(
        Lint::RlsDisabledInPublic,
        &table.name,
        format!(
            "`{}` is served by the Data API without row-level security: anyone with the \
             project's public key reads and writes every row the API roles are granted",
            table.name.schema
        ),
        "turn row-level security on, `#[table(rls)]`, and add the policies each role needs".into(),
    ));
}

/// Column names that hold secrets or personal data, as sequences of `_`-separated words.
const SENSITIVE_WORDS: &[&[&str]] = &[
    &["password"],
    &["passwd"],
    &["secret"],
    &["api", "key"],
    &["apikey"],
    &["access", "token"],
    &["refresh", "token"],
    &["private", "key"],
    &["ssn"],
    &["social", "security"],
    &["credit", "card"],
    &["card", "number"],
    &["cvv"],
    &["iban"],
    &["bank", "account"],
    &["tax", "id"],
    &["passport"],
];

fn sensitive(column: &str) -> bool {
    let lower = column.to_ascii_lowercase();
    let words: Vec<&str> = lower.split('_').collect();
    SENSITIVE_WORDS.iter().any(|pattern| {
        words
            .windows(pattern.len())
            .any(|window| window == *pattern)
    })
}

fn sensitive_columns_exposed(table: &TableDef, findings: &mut Vec<Finding>) {
    for column in table.columns.iter().filter(|c| sensitive(&c.name)) {
        findings.push(
            Finding::new(
                Lint::SensitiveColumnsExposed,
                &table.name,
                format!(
                    "`{}` looks like a secret or personal data, and without row-level security \
                     the Data API hands it to anyone with the project's public key",
                    column.name
                ),
                "turn row-level security on, `#[table(rls)]`, or keep the column in a schema \
                 the API does not serve"
                    .into(),
            )
            .item(part("column", &column.name)),
        );
    }
}

fn security_definer_view(view: &ViewDef, findings: &mut Vec<Finding>) {
    if view.materialized || view.security_invoker {
        return;
    }
    findings.push(Finding::new(
        Lint::SecurityDefinerView,
        &view.name,
        "the view reads its tables with its owner's rights, so row-level security on them \
         does not apply to the API user querying it"
            .into(),
        "add `security_invoker` to the view (`#[view(security_invoker)]`), so the querying \
         user's rights and policies apply"
            .into(),
    ));
}

fn materialized_view_in_api(view: &ViewDef, findings: &mut Vec<Finding>) {
    if !view.materialized {
        return;
    }
    findings.push(Finding::new(
        Lint::MaterializedViewInApi,
        &view.name,
        "a materialized view has no row-level security, so the Data API serves all of its \
         rows to every role granted `SELECT`"
            .into(),
        format!(
            "move it to a schema the API does not serve (`name = \"private.{}\"`) and read it \
             through a function or view that filters by user",
            view.name.name
        ),
    ));
}

fn auth_users_exposed(view: &ViewDef, findings: &mut Vec<Finding>) {
    // A security-invoker view reads `auth.users` with the caller's rights, which the API
    // roles lack: it fails instead of leaking.
    if view.security_invoker && !view.materialized {
        return;
    }
    if !mentions_auth_users(&view.query) {
        return;
    }
    findings.push(Finding::new(
        Lint::AuthUsersExposed,
        &view.name,
        "the view reads `auth.users` with its owner's rights, so the Data API shows users' \
         emails and metadata to whoever may select from the view"
            .into(),
        "keep what the app needs in a table of its own (a `profiles` table filled by a \
         trigger), or move the view to a schema the API does not serve"
            .into(),
    ));
}

/// `auth.users` or `"auth"."users"`, as a whole name.
fn mentions_auth_users(query: &str) -> bool {
    let lower = query.to_ascii_lowercase().replace('"', "");
    lower.match_indices("auth.users").any(|(at, found)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + found.len()..].chars().next();
        let part_of_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !part_of_name(before) && !part_of_name(after) && before != Some('.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_names_match_whole_words() {
        assert!(sensitive("password_hash"));
        assert!(sensitive("stripe_api_key"));
        assert!(sensitive("access_token"));
        assert!(!sensitive("token_count"));
        assert!(!sensitive("passwords_reset_at"));
        assert!(!sensitive("secretary"));
    }

    #[test]
    fn auth_users_is_found_as_a_name() {
        assert!(mentions_auth_users("select id from auth.users"));
        assert!(mentions_auth_users("select u.id from \"auth\".\"users\" u"));
        assert!(!mentions_auth_users("select id from auth.users_extra"));
        assert!(!mentions_auth_users("select id from myauth.users"));
    }
}
