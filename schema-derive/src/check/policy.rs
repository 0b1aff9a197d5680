//! Rules of a table's `#[policy(...)]`.

use crate::ast::Table;
use crate::attr::PolicyCommand;
use crate::ctxt::Ctxt;
use std::collections::BTreeMap;

pub(super) fn policies(cx: &Ctxt, table: &Table) {
    let rls = table.attrs.rls.is_some() || table.attrs.force_rls.is_some();
    if let (false, Some(first)) = (rls, table.policies.first()) {
        cx.error_spanned_by(
            &first.attr,
            "policies have no effect while row-level security is off; add `rls` (or `force_rls`) to `#[table(...)]`",
        );
    }
    let mut names: BTreeMap<String, ()> = BTreeMap::new();
    for policy in &table.policies {
        if names.insert(policy.name.value(), ()).is_some() {
            cx.error_spanned_by(
                &policy.name,
                format!("policy `{}` is declared twice", policy.name.value()),
            );
        }
        let command = policy
            .command
            .as_ref()
            .map_or(PolicyCommand::All, |c| c.value);
        if let (PolicyCommand::Insert, Some(using)) = (command, &policy.using) {
            cx.error_spanned_by(
                &using.key,
                "an `insert` policy cannot have `using`, which filters existing rows; use `with_check`",
            );
        }
        if let (PolicyCommand::Select | PolicyCommand::Delete, Some(with_check)) =
            (command, &policy.with_check)
        {
            let command = if command == PolicyCommand::Select {
                "select"
            } else {
                "delete"
            };
            cx.error_spanned_by(
                &with_check.key,
                format!("a `{command}` policy cannot have `with_check`, which checks new rows; use `using`"),
            );
        }
        if policy.using.is_none() && policy.with_check.is_none() {
            cx.error_spanned_by(
                &policy.attr,
                format!(
                    "policy `{}` has neither `using` nor `with_check`, so it allows nothing; add `using = \"...\"`",
                    policy.name.value()
                ),
            );
        }
    }
}
