//! Row-level security and its policies: the model, the checks and the diff.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::{error, suspicious};
use crate::kinds::role::role_declared;
use crate::lint::{Allow, Lint};
use crate::{QualifiedName, Schema, SchemaError, TableDef};
use serde::{Deserialize, Serialize};

/// `ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowLevelSecurity {
    /// RLS applies to everyone but the table owner.
    pub enabled: bool,
    /// RLS applies to the table owner as well.
    pub forced: bool,
}

impl RowLevelSecurity {
    pub(crate) fn is_off(&self) -> bool {
        !self.enabled && !self.forced
    }
}

/// A row-level security policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Policy name, unique per table.
    pub name: String,
    /// Permissive policies are OR-ed together; restrictive ones are AND-ed on top.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restrictive: bool,
    /// The command the policy applies to.
    #[serde(default, skip_serializing_if = "PolicyCommand::is_all")]
    pub command: PolicyCommand,
    /// Roles the policy applies to; empty means `PUBLIC`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `USING (...)`: which existing rows are visible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// `WITH CHECK (...)`: which new rows are allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_check: Option<String>,
    /// Lints this policy keeps on purpose, each with its reason; `lint` reports none of
    /// them here, and reports an allow that no longer matches anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
    /// `COMMENT ON POLICY` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Policy {
    /// The policy with `COMMENT ON POLICY` text.
    pub fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }

    /// Keeps `lint` quiet on this policy, for `reason`.
    pub fn allow(mut self, lint: Lint, reason: &str) -> Self {
        self.allow.push(Allow::new(lint, reason));
        self
    }

    /// Whether the database would hold the same policy, comment aside: allows are the
    /// linter's business, and a change to them alone is no migration; a comment is changed
    /// by itself.
    fn same_in_database(&self, other: &Policy) -> bool {
        let bare = |policy: &Policy| Policy {
            allow: Vec::new(),
            comment: None,
            ..policy.clone()
        };
        bare(self) == bare(other)
    }
}

/// The command a policy covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    /// `FOR ALL` (the default)
    #[default]
    All,
    /// `FOR SELECT`
    Select,
    /// `FOR INSERT`
    Insert,
    /// `FOR UPDATE`
    Update,
    /// `FOR DELETE`
    Delete,
}

impl PolicyCommand {
    /// All commands with their SQL names.
    pub const ALL: [(&'static str, PolicyCommand); 5] = [
        ("all", PolicyCommand::All),
        ("select", PolicyCommand::Select),
        ("insert", PolicyCommand::Insert),
        ("update", PolicyCommand::Update),
        ("delete", PolicyCommand::Delete),
    ];

    /// The SQL keyword (`FOR SELECT`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }

    /// Whether Postgres accepts a `USING` clause for this command.
    pub fn allows_using(self) -> bool {
        self != PolicyCommand::Insert
    }

    /// Whether Postgres accepts a `WITH CHECK` clause for this command.
    pub fn allows_with_check(self) -> bool {
        matches!(
            self,
            PolicyCommand::All | PolicyCommand::Insert | PolicyCommand::Update
        )
    }

    fn is_all(&self) -> bool {
        *self == PolicyCommand::All
    }
}

pub(crate) fn validate(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    for policy in &table.policies {
        let object = format!("policy `{}` on table `{}`", policy.name, table.name);
        if !table.row_level_security.enabled {
            errors.push(suspicious(
                object.clone(),
                "has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`".into(),
            ));
        }
        for role in &policy.roles {
            if !role_declared(schema, role) {
                errors.push(error(
                    object.clone(),
                    format!("names role `{role}`, which is not declared; declare it with `.add_role(Role::new(\"{role}\"))`, or `.add_external_role(\"{role}\")` if the app does not own it"),
                ));
            }
        }
        if policy.using.is_some() && !policy.command.allows_using() {
            errors.push(error(
                object.clone(),
                "is a `FOR INSERT` policy, which cannot have `USING`; use `with_check`".into(),
            ));
        }
        if policy.with_check.is_some() && !policy.command.allows_with_check() {
            errors.push(error(
                object.clone(),
                format!(
                    "is a `FOR {}` policy, which cannot have `WITH CHECK`; use `using`",
                    policy.command.as_str()
                ),
            ));
        }
        if policy.using.is_none() && policy.with_check.is_none() {
            errors.push(suspicious(
                object.clone(),
                "has neither `using` nor `with_check`, so it allows nothing".into(),
            ));
        }
        for problem in Allow::problems(&policy.allow) {
            errors.push(error(object.clone(), problem));
        }
    }
}

/// `ALTER POLICY` can change the roles and replace the `USING` and `WITH CHECK`
/// expressions, but not the command, not permissive/restrictive, and not remove an
/// expression: anything else is a drop and a create.
/// The row-level security and policy changes of one table.
pub(crate) fn diff(name: &QualifiedName, old: &TableDef, new: &TableDef, out: &mut Vec<Change>) {
    if old.row_level_security != new.row_level_security {
        out.push(Change::SetRowLevelSecurity {
            table: name.clone(),
            from: old.row_level_security,
            to: new.row_level_security,
        });
    }
    diff_policies(name, &old.policies, &new.policies, out);
}

fn diff_policies(table: &QualifiedName, old: &[Policy], new: &[Policy], out: &mut Vec<Change>) {
    let matched = match_by(old, new, |p| &p.name);
    for policy in matched.removed {
        out.push(Change::DropPolicy {
            table: table.clone(),
            policy: policy.clone(),
        });
    }
    for (a, b) in matched.common {
        if a.same_in_database(b) {
            if a.comment != b.comment {
                out.push(set_comment(table, b));
            }
            continue;
        }
        let alterable = a.command == b.command
            && a.restrictive == b.restrictive
            && (a.using.is_none() || b.using.is_some())
            && (a.with_check.is_none() || b.with_check.is_some());
        if alterable {
            out.push(Change::AlterPolicy {
                table: table.clone(),
                from: a.clone(),
                to: b.clone(),
            });
            // `ALTER POLICY` leaves the comment as it was.
            if a.comment != b.comment {
                out.push(set_comment(table, b));
            }
        } else {
            out.push(Change::DropPolicy {
                table: table.clone(),
                policy: a.clone(),
            });
            out.push(Change::CreatePolicy {
                table: table.clone(),
                policy: b.clone(),
            });
        }
    }
    for policy in matched.added {
        out.push(Change::CreatePolicy {
            table: table.clone(),
            policy: policy.clone(),
        });
    }
}

fn set_comment(table: &QualifiedName, policy: &Policy) -> Change {
    Change::SetPolicyComment {
        table: table.clone(),
        policy: policy.name.clone(),
        comment: policy.comment.clone(),
    }
}
