//! Domains: `CREATE DOMAIN` and `COMMENT ON DOMAIN`.

use super::column::default_value;
use super::comment::comment_text;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::{Hazard, Problem};
use schema_core::diff::Change;
use schema_core::{quote_ident, DomainDef, QualifiedName};
use std::fmt::{self, Write};

/// `CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL]`, then each check on its own line.
pub fn create_domain(domain: &DomainDef, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE DOMAIN {} AS {}",
        domain.name.to_sql(),
        domain.base
    )?;
    if let Some(default) = &domain.default {
        out.write_str("\n    DEFAULT ")?;
        default_value(default, out)?;
    }
    if domain.not_null {
        out.write_str("\n    NOT NULL")?;
    }
    for check in &domain.checks {
        write!(
            out,
            "\n    CONSTRAINT {} CHECK ({})",
            quote_ident(&check.name),
            check.expression
        )?;
    }
    out.write_str(";\n")
}

/// `COMMENT ON DOMAIN name IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_domain(
    name: &QualifiedName,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON DOMAIN {} IS ", name.to_sql())?;
    comment_text(comment, out)
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateDomain { def } => b.create_domain(change, def),
        Change::DropDomain { def } => {
            let mut node = Builder::node(
                Phase::DropType,
                change.to_string(),
                format!("DROP DOMAIN {};\n", def.name.to_sql()),
                &[],
            );
            node.removes.push(Object::Enum(&def.name));
            node.uses_old.push(Object::Schema(&def.name.schema));
            b.push(node);
        }
        Change::AlterDomain { from, to } => b.alter_domain(change, from, to),
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_domain(&mut self, change: &'a Change, def: &'a DomainDef) {
        let mut text = sql(|o| create_domain(def, o));
        if let Some(comment) = &def.comment {
            text.push_str(&sql(|o| comment_on_domain(&def.name, Some(comment), o)));
        }
        let mut node = Self::node(Phase::CreateType, change.to_string(), text, &[]);
        node.adds.push(Object::Enum(&def.name));
        node.uses_new.push(Object::Schema(&def.name.schema));
        node.uses_new.extend(self.type_needs(Side::New, &def.base));
        self.push(node);
    }

    pub(crate) fn alter_domain(
        &mut self,
        change: &'a Change,
        from: &'a DomainDef,
        to: &'a DomainDef,
    ) {
        if from.base != to.base {
            self.problems.push(Problem {
                object: change.object(),
                reason: format!(
                    "cannot change its base type from `{}` to `{}` in place; create a new domain, move the columns to it and drop this one",
                    from.base, to.base
                ),
            });
            return;
        }
        let name = to.name.to_sql();
        let mut text = String::new();
        let mut list = Vec::new();
        if from.default != to.default {
            match &to.default {
                Some(default) => {
                    let value = sql(|o| super::column::default_value(default, o));
                    text.push_str(&format!("ALTER DOMAIN {name} SET DEFAULT {value};\n"));
                }
                None => text.push_str(&format!("ALTER DOMAIN {name} DROP DEFAULT;\n")),
            }
        }
        for check in &from.checks {
            if !to.checks.contains(check) {
                text.push_str(&format!(
                    "ALTER DOMAIN {name} DROP CONSTRAINT {};\n",
                    quote_ident(&check.name)
                ));
            }
        }
        if from.not_null != to.not_null {
            if to.not_null {
                text.push_str(&format!("ALTER DOMAIN {name} SET NOT NULL;\n"));
                list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
            } else {
                text.push_str(&format!("ALTER DOMAIN {name} DROP NOT NULL;\n"));
            }
        }
        for check in &to.checks {
            if !from.checks.contains(check) {
                let constraint = quote_ident(&check.name);
                if self.online() {
                    // Checked for new values at once; existing ones read without a lock
                    // on the columns using the domain.
                    text.push_str(&format!(
                        "ALTER DOMAIN {name} ADD CONSTRAINT {constraint} CHECK ({}) NOT VALID;\n",
                        check.expression
                    ));
                    text.push_str(&format!(
                        "ALTER DOMAIN {name} VALIDATE CONSTRAINT {constraint};\n"
                    ));
                } else {
                    text.push_str(&format!(
                        "ALTER DOMAIN {name} ADD CONSTRAINT {constraint} CHECK ({});\n",
                        check.expression
                    ));
                }
                list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
            }
        }
        if from.comment != to.comment {
            text.push_str(&sql(|o| {
                comment_on_domain(&to.name, to.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::AlterColumn, change.to_string(), text, &list);
        node.uses_new.push(Object::Enum(&to.name));
        self.push(node);
    }
}
