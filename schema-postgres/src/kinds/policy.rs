//! Row-level security: the switches on a table and its policies; their normal form, the
//! steps that change them, and their catalog rows.

use crate::normalize::rules;
use crate::plan::builder::{alter_table, sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{quote_ident, Policy, PolicyCommand, QualifiedName, RowLevelSecurity};
use std::collections::BTreeSet;
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// `ALTER TABLE table ENABLE ROW LEVEL SECURITY`
pub fn enable_rls(table: &QualifiedName, out: &mut impl Write) -> fmt::Result {
    writeln!(
        out,
        "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;",
        table.to_sql()
    )
}

/// `ALTER TABLE table FORCE ROW LEVEL SECURITY`: the policies bind the table's owner too.
pub fn force_rls(table: &QualifiedName, out: &mut impl Write) -> fmt::Result {
    writeln!(
        out,
        "ALTER TABLE {} FORCE ROW LEVEL SECURITY;",
        table.to_sql()
    )
}

/// `CREATE POLICY name ON table`, one clause per line, leaving out the defaults
/// (`AS PERMISSIVE`, `FOR ALL`, `TO PUBLIC`).
pub fn create_policy(table: &QualifiedName, policy: &Policy, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE POLICY {} ON {}",
        quote_ident(&policy.name),
        table.to_sql()
    )?;
    if policy.restrictive {
        out.write_str("\n    AS RESTRICTIVE")?;
    }
    if policy.command != PolicyCommand::All {
        write!(out, "\n    FOR {}", policy.command.as_str())?;
    }
    for (i, role) in policy.roles.iter().enumerate() {
        out.write_str(if i == 0 { "\n    TO " } else { ", " })?;
        out.write_str(&quote_ident(role))?;
    }
    if let Some(using) = &policy.using {
        write!(out, "\n    USING ({using})")?;
    }
    if let Some(check) = &policy.with_check {
        write!(out, "\n    WITH CHECK ({check})")?;
    }
    out.write_str(";\n")
}

/// `COMMENT ON POLICY name ON table IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_policy(
    table: &QualifiedName,
    policy: &str,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(
        out,
        "COMMENT ON POLICY {} ON {} IS ",
        quote_ident(policy),
        table.to_sql()
    )?;
    super::comment::comment_text(comment, out)
}

/// `USING` and `WITH CHECK` in their normal form.
pub(crate) fn normalize(policy: &mut Policy) {
    for clause in [&mut policy.using, &mut policy.with_check]
        .into_iter()
        .flatten()
    {
        *clause = rules::expression(clause);
    }
    rules::comment(&mut policy.comment);
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::SetRowLevelSecurity { table, from, to } => {
            b.row_level_security(change.to_string(), table, *from, *to)
        }
        Change::CreatePolicy { table, policy } => {
            b.create_policy(change.to_string(), table, policy)
        }
        Change::DropPolicy { table, policy } => {
            let text = format!(
                "DROP POLICY {} ON {};\n",
                quote_ident(&policy.name),
                table.to_sql()
            );
            let mut list = vec![Hazard::ChangesAuthorization];
            list.extend_from_slice(b.lock(table));
            let key = (table.clone(), policy.name.clone());
            let replaced = b.replaced_policies.contains(&key);
            // A policy created again is dropped as late as possible, right before what
            // forces its drop, and created again right after.
            let phase = if replaced {
                Phase::AlterColumn
            } else {
                Phase::DropPolicy
            };
            let mut node = Builder::node(phase, change.to_string(), text, &list);
            node.payload.merge_key = replaced.then_some(key);
            node.removes.push(Object::Policy(table, &policy.name));
            let ids = policy_identifiers(policy);
            node.uses_old.push(Object::Table(table));
            node.uses_old.extend(b.columns_in(Side::Old, table, &ids));
            node.uses_old
                .extend(b.names_in(Side::Old, Some(table), &ids));
            b.push(node);
        }
        Change::AlterPolicy { table, from, to } => b.alter_policy(change, table, from, to),
        Change::SetPolicyComment {
            table,
            policy,
            comment,
        } => {
            let text = sql(|o| comment_on_policy(table, policy, comment.as_deref(), o));
            let mut node = Builder::node(Phase::Comment, change.to_string(), text, &[]);
            node.uses_new.push(Object::Policy(table, policy));
            b.push(node);
        }
        _ => return false,
    }
    true
}

pub(crate) fn policy_identifiers(policy: &Policy) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for expression in [&policy.using, &policy.with_check].into_iter().flatten() {
        ids.extend(identifiers(expression));
    }
    ids
}

impl<'a> Builder<'a> {
    pub(crate) fn row_level_security(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        from: RowLevelSecurity,
        to: RowLevelSecurity,
    ) {
        let mut text = String::new();
        if from.enabled != to.enabled {
            if to.enabled {
                text.push_str(&sql(|o| enable_rls(table, o)));
            } else {
                text.push_str(&format!(
                    "{} DISABLE ROW LEVEL SECURITY;\n",
                    alter_table(table)
                ));
            }
        }
        if from.forced != to.forced {
            if to.forced {
                text.push_str(&sql(|o| force_rls(table, o)));
            } else {
                text.push_str(&format!(
                    "{} NO FORCE ROW LEVEL SECURITY;\n",
                    alter_table(table)
                ));
            }
        }
        let mut list = self.lock(table).to_vec();
        if !self.created.contains(table) {
            list.push(Hazard::ChangesAuthorization);
        }
        let mut node = Self::node(Phase::RowLevelSecurity, description, text, &list);
        node.uses_new.push(Object::Table(table));
        // Policies first: switching RLS on before they exist would lock everyone out.
        if let Some(def) = self.new.tables.get(table) {
            for policy in &def.policies {
                node.uses_new.push(Object::Policy(table, &policy.name));
            }
        }
        self.push(node);
    }

    pub(crate) fn policy_uses(
        &self,
        side: Side,
        table: &'a QualifiedName,
        policy: &'a Policy,
    ) -> Vec<Object<'a>> {
        let ids = policy_identifiers(policy);
        let mut uses = vec![Object::Table(table)];
        uses.extend(self.columns_in(side, table, &ids));
        uses.extend(self.names_in(side, Some(table), &ids));
        uses.extend(policy.roles.iter().map(|r| Object::Role(r)));
        uses
    }

    pub(crate) fn create_policy(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        policy: &'a Policy,
    ) {
        let mut text = sql(|o| create_policy(table, policy, o));
        if let Some(comment) = &policy.comment {
            text.push_str(&sql(|o| {
                comment_on_policy(table, &policy.name, Some(comment), o)
            }));
        }
        let mut list = self.lock(table).to_vec();
        if !self.created.contains(table) {
            list.push(Hazard::ChangesAuthorization);
        }
        let key = (table.clone(), policy.name.clone());
        let replaced = self.replaced_policies.contains(&key);
        let phase = if replaced {
            Phase::AlterColumn
        } else {
            Phase::CreatePolicy
        };
        let mut node = Self::node(phase, description, text, &list);
        node.payload.merge_key = replaced.then_some(key);
        node.adds.push(Object::Policy(table, &policy.name));
        node.uses_new
            .extend(self.policy_uses(Side::New, table, policy));
        self.push(node);
    }

    pub(crate) fn alter_policy(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        from: &'a Policy,
        to: &'a Policy,
    ) {
        let mut text = format!(
            "ALTER POLICY {} ON {}",
            quote_ident(&to.name),
            table.to_sql()
        );
        if from.roles != to.roles {
            let roles: Vec<String> = if to.roles.is_empty() {
                vec!["PUBLIC".into()]
            } else {
                to.roles
                    .iter()
                    .map(|r| quote_ident(r).into_owned())
                    .collect()
            };
            text.push_str(&format!("\n    TO {}", roles.join(", ")));
        }
        if from.using != to.using {
            if let Some(using) = &to.using {
                text.push_str(&format!("\n    USING ({using})"));
            }
        }
        if from.with_check != to.with_check {
            if let Some(check) = &to.with_check {
                text.push_str(&format!("\n    WITH CHECK ({check})"));
            }
        }
        text.push_str(";\n");
        let mut list = self.lock(table).to_vec();
        list.push(Hazard::ChangesAuthorization);
        let mut node = Self::node(Phase::CreatePolicy, change.to_string(), text, &list);
        node.uses_old
            .extend(self.policy_uses(Side::Old, table, from));
        node.uses_new.extend(self.policy_uses(Side::New, table, to));
        self.push(node);
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::Comments;
    use postgres::types::Oid;
    use schema_core::{Policy, PolicyCommand};

    pub(crate) struct PolicyRow {
        pub(crate) table: Oid,
        pub(crate) name: String,
        pub(crate) permissive: bool,
        /// `r`, `a`, `w`, `d` or `*`.
        pub(crate) command: String,
        /// Role names; empty for `PUBLIC`.
        pub(crate) roles: Vec<String>,
        pub(crate) using: Option<String>,
        pub(crate) with_check: Option<String>,
        pub(crate) comment: Option<String>,
    }

    pub(crate) const POLICIES: &str = "
SELECT p.polrelid, p.polname::text, p.polpermissive, p.polcmd::text,
       CASE WHEN 0::pg_catalog.oid = ANY(p.polroles) THEN ARRAY[]::text[]
            ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                       WHERE r.oid = ANY(p.polroles) ORDER BY 1)
       END,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid, true),
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true),
       p.oid
FROM pg_catalog.pg_policy p
WHERE p.polrelid = ANY($1)
ORDER BY p.polrelid, p.polname";

    impl PolicyRow {
        /// The row, with its comment from `comments`.
        pub(crate) fn from_row(row: &postgres::Row, comments: &Comments) -> Self {
            PolicyRow {
                table: row.get(0),
                name: row.get(1),
                permissive: row.get(2),
                command: row.get(3),
                roles: row.get(4),
                using: row.get(5),
                with_check: row.get(6),
                comment: comments.policy(row.get(7)),
            }
        }
    }

    pub(crate) fn policy(row: PolicyRow) -> Policy {
        Policy {
            name: row.name,
            restrictive: !row.permissive,
            command: match row.command.as_str() {
                "r" => PolicyCommand::Select,
                "a" => PolicyCommand::Insert,
                "w" => PolicyCommand::Update,
                "d" => PolicyCommand::Delete,
                _ => PolicyCommand::All,
            },
            roles: row.roles,
            using: row.using,
            with_check: row.with_check,
            allow: Vec::new(),
            comment: row.comment,
        }
    }
}
