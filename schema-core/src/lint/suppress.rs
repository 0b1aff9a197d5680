//! Suppressions: a finding the team has decided to keep, with the reason written down.
//! The schema's own allows and any given from outside meet here as one list, addressed
//! the way findings print their location.

use super::{part, sort, Allow, Finding, Level, Lint};
use crate::schema::Schema;
use serde::{Deserialize, Serialize};

/// Keeps one lint quiet on one object. `object` is what a finding prints after `-->`:
/// the whole object (`public.sessions`, every finding of the lint on it) or one part of
/// it (``public.sessions, policy `coaches see their sessions` ``).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// The lint to keep quiet.
    pub lint: Lint,
    /// The object or part, as a finding's location prints it.
    pub object: String,
    /// Why the finding is intended. Required: a suppression nobody can explain later is
    /// one nobody dares remove.
    pub reason: String,
}

impl Suppression {
    /// Suppresses `lint` on `object` for `reason`.
    pub fn new(lint: Lint, object: &str, reason: &str) -> Self {
        Suppression {
            lint,
            object: object.to_string(),
            reason: reason.to_string(),
        }
    }

    fn matches(&self, finding: &Finding) -> bool {
        self.lint == finding.lint
            && (self.object == finding.object || self.object == finding.location())
    }
}

/// A finding a suppression kept quiet, and the suppression's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// The reason the suppression gave.
    pub reason: String,
}

/// What linting found once suppressions are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// What remains, sorted; includes suppressions without a reason and unused ones.
    pub findings: Vec<Finding>,
    /// What suppressions kept quiet, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
}

impl Report {
    /// Whether a finding at or above `threshold` remains: what a CI gate exits non-zero on.
    pub fn fails(&self, threshold: Level) -> bool {
        self.findings.iter().any(|f| f.level >= threshold)
    }

    /// How many remaining findings have `level`.
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The report as JSON, for `--format json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report serializes")
    }
}

/// The allows tables, policies and functions declare, each addressed as the findings
/// it covers print their location.
pub(super) fn declared(schema: &Schema) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    let mut add = |object: String, allows: &[Allow]| {
        for allow in allows {
            suppressions.push(Suppression::new(allow.lint, &object, &allow.reason));
        }
    };
    for table in &schema.tables {
        add(table.name.to_string(), &table.allow);
        for policy in &table.policies {
            let object = format!("{}, {}", table.name, part("policy", &policy.name));
            add(object, &policy.allow);
        }
    }
    for function in &schema.functions {
        add(function.name.to_string(), &function.allow);
    }
    suppressions
}

/// Splits `findings` into kept and suppressed, and reports the suppressions themselves
/// where they are wrong: without a reason (refused, so it suppresses nothing) or unused.
pub(super) fn apply(mut findings: Vec<Finding>, allows: &[Suppression]) -> Report {
    sort(&mut findings);
    let (refused, valid): (Vec<&Suppression>, Vec<&Suppression>) =
        allows.iter().partition(|a| a.reason.trim().is_empty());
    let mut used = vec![false; valid.len()];
    let mut report = Report::default();
    for finding in findings {
        match valid.iter().position(|a| a.matches(&finding)) {
            Some(i) => {
                used[i] = true;
                report.suppressed.push(Suppressed {
                    reason: valid[i].reason.clone(),
                    finding,
                });
            }
            None => report.findings.push(finding),
        }
    }
    for allow in refused {
        report.findings.push(Finding::new(
            Lint::AllowWithoutReason,
            &allow.object,
            format!(
                "the suppression of `{}` gives no reason, so nobody can tell later whether it still holds",
                allow.lint
            ),
            format!(
                "say why the finding is intended: `allow({}, reason = \"...\")`",
                allow.lint
            ),
        ));
    }
    for (allow, _) in valid.iter().zip(&used).filter(|(_, used)| !**used) {
        report.findings.push(Finding::new(
            Lint::UnusedAllow,
            &allow.object,
            format!(
                "`{}` reports nothing here any more, and a stale suppression would hide it if the problem came back",
                allow.lint
            ),
            format!("remove `allow({})`", allow.lint),
        ));
    }
    sort(&mut report.findings);
    report
}
