//! The roles the app owns: `CREATE ROLE` and `COMMENT ON ROLE`, and the steps that create
//! them.

use super::comment::comment_text;
use crate::literal::{dollar_quote, quote_literal};
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::render::{Part, Statements, COMMENTS};
use schema_core::diff::Change;
use schema_core::{quote_ident, Role, Schema};
use std::fmt::{self, Write};

/// A `DO` block creating the role unless one of that name exists, then granting it
/// membership of its parent roles.
///
/// Roles belong to the whole cluster, not to one database, so a script for a new database
/// cannot assume the role is new: an existing role is kept as it is (its attributes are
/// not changed). Two scripts applied at the same time (tests in parallel databases) can
/// both find the role missing; the loser of that race gets a unique violation, which is
/// caught, as is a membership granted twice.
pub fn create_role(role: &Role, out: &mut impl Write) -> fmt::Result {
    let mut attributes = vec![if role.login { "LOGIN" } else { "NOLOGIN" }];
    if !role.inherit {
        attributes.push("NOINHERIT");
    }
    if role.bypass_rls {
        attributes.push("BYPASSRLS");
    }
    let name = quote_ident(&role.name);
    let mut body = format!(
        "
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {literal}) THEN
        CREATE ROLE {name} {attributes};
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END;
",
        literal = quote_literal(&role.name),
        attributes = attributes.join(" "),
    );
    for parent in &role.member_of {
        body.push_str(&format!(
            "BEGIN
    GRANT {} TO {name};
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END;
",
            quote_ident(parent)
        ));
    }
    // A DO body is one block: wrap the sequence of blocks in an outer one.
    writeln!(
        out,
        "DO {};",
        dollar_quote(&format!("\nBEGIN\n{}END\n", indent(&body)))
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("    {line}\n")
            }
        })
        .collect()
}

/// `COMMENT ON ROLE name IS '...'`, or `IS NULL` to remove it. Roles belong to the
/// cluster, so the comment is seen from every database.
pub fn comment_on_role(role: &str, comment: Option<&str>, out: &mut impl Write) -> fmt::Result {
    write!(out, "COMMENT ON ROLE {} IS ", quote_ident(role))?;
    comment_text(comment, out)
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateRole { def } => b.create_role(change, def),
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_role(&mut self, change: &'a Change, role: &'a Role) {
        let mut text = sql(|o| create_role(role, o));
        if let Some(comment) = &role.comment {
            text.push_str(&sql(|o| comment_on_role(&role.name, Some(comment), o)));
        }
        let mut node = Self::node(Phase::CreateRole, change.to_string(), text, &[]);
        node.adds.push(Object::Role(&role.name));
        for parent in &role.member_of {
            node.uses_new.push(Object::Role(parent));
        }
        self.push(node);
    }
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    render,
    ..super::Kind::steps(steps)
};

fn render(schema: &Schema, part: Part, list: &mut Statements) {
    for role in &schema.roles {
        let object = format!("role `{}`", role.name);
        match (part, &role.comment) {
            (Part::Setup, _) => list.push("Roles", object, |out| create_role(role, out)),
            (Part::Comments, Some(comment)) => list.push(COMMENTS, object, |out| {
                comment_on_role(&role.name, Some(comment), out)
            }),
            _ => {}
        }
    }
}
