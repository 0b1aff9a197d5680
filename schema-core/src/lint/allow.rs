//! A suppression written in the schema: one lint an object keeps on purpose, with the
//! reason beside it, the way `#[allow(...)]` sits beside the code it excuses.

use super::Lint;
use serde::{Deserialize, Serialize};

/// Keeps one lint quiet on the table, policy or function that holds it. A table's allow
/// covers every finding of that lint on the table and its parts (columns, foreign keys,
/// indexes, policies); a policy's covers only that policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allow {
    /// The lint to keep quiet.
    pub lint: Lint,
    /// Why the finding is intended. Building the schema refuses an empty one: a
    /// suppression nobody can explain later is one nobody dares remove.
    pub reason: String,
}

impl Allow {
    /// Allows `lint` for `reason`.
    pub fn new(lint: Lint, reason: &str) -> Self {
        Allow {
            lint,
            reason: reason.to_string(),
        }
    }

    /// What building the schema refuses in one object's allows: a missing reason, or the
    /// same lint allowed twice (which reason would hold?).
    pub(crate) fn problems(allows: &[Allow]) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, allow) in allows.iter().enumerate() {
            if allow.reason.trim().is_empty() {
                problems.push(format!(
                    "allows `{}` without a reason; write `allow({}, reason = \"...\")` saying why the finding is intended",
                    allow.lint, allow.lint
                ));
            }
            if allows[..i].iter().any(|a| a.lint == allow.lint) {
                problems.push(format!("allows `{}` twice", allow.lint));
            }
        }
        problems
    }
}
