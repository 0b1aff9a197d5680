//! Lints on a migration rather than a schema: the steps that change who may read or write
//! rows, which a schema-level lint cannot see because both schemas may be fine on their own.

use super::{exposed, part, Finding, Lint};
use crate::diff::Change;
use crate::schema::Schema;

/// The `changes_authorization` findings of `changes` (as [`crate::diff::compare`] gives them
/// between `old` and `new`), each with the index of the change it is about:
/// - row-level security turned off on a table in an exposed schema: its rows become
///   readable and writable by every API user its grants allow;
/// - the last policy of a table that keeps row-level security dropped: every API request on
///   it is denied from then on.
pub fn lint_changes(old: &Schema, new: &Schema, changes: &[Change]) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    for (index, change) in changes.iter().enumerate() {
        match change {
            Change::SetRowLevelSecurity { table, from, to }
                if from.enabled && !to.enabled && exposed(&table.schema) =>
            {
                let finding = Finding::new(
                    Lint::ChangesAuthorization,
                    table,
                    "this step turns row-level security off on a table the Data API serves: from then on its grants alone decide who reads and writes every row".into(),
                    "keep `#[table(rls)]` and change the policies instead, or move the table out of the exposed schema first".into(),
                );
                findings.push((index, finding));
            }
            Change::DropPolicy { table, policy } => {
                let had = old.table(table).is_some_and(|t| !t.policies.is_empty());
                let left = new
                    .table(table)
                    .is_some_and(|t| t.row_level_security.enabled && t.policies.is_empty());
                if had && left {
                    let finding = Finding::new(
                        Lint::ChangesAuthorization,
                        table,
                        "this step drops the last policy of a table that keeps row-level security: from then on every API request on it is denied".into(),
                        "add the policy that replaces it in the same migration, or turn row-level security off on purpose".into(),
                    )
                    .item(part("policy", &policy.name));
                    findings.push((index, finding));
                }
            }
            _ => {}
        }
    }
    findings
}
