//! Domains: `CREATE DOMAIN` and `COMMENT ON DOMAIN`, their normal form, the steps that
//! create, alter and drop them, and their catalog rows.

use super::column::default_value;
use super::comment::comment_text;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::plan::problem::Problem;
use crate::render::{Part, Statements, COMMENTS};
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{quote_ident, DefaultValue, DomainDef, QualifiedName, Schema};
use std::collections::BTreeSet;
use std::fmt::{self, Write};

/// `CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL]`, then each check on its own line.
pub fn create_domain(domain: &DomainDef, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE DOMAIN {} AS {}",
        domain.name.to_sql(),
        domain.base
    )?;
    super::column::collate_clause(&domain.collation, out)?;
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

/// The base type as for columns, the default as a column default of the base type, checks
/// in their normal form.
pub(crate) fn normalize(domain: &mut DomainDef) {
    rules::comment(&mut domain.comment);
    domain.base = rules::column_type(&domain.base);
    rules::collation(&mut domain.collation);
    if let Some(value) = domain.default.take() {
        domain.default = Some(rules::default(value, &domain.base));
    }
    for check in &mut domain.checks {
        check.expression = rules::expression(&check.expression);
    }
}

/// Postgres's spelling of the checks and the default, from the domain of the same name in
/// `printed`.
#[cfg(feature = "introspect")]
pub(crate) fn graft(domain: &mut DomainDef, printed: &schema_core::Schema) {
    let Some(from) = printed.domains.iter().find(|d| d.name == domain.name) else {
        return;
    };
    for check in &mut domain.checks {
        if let Some(source) = from.checks.iter().find(|c| c.name == check.name) {
            check.expression.clone_from(&source.expression);
        }
    }
    if domain.default.is_some() && from.default.is_some() {
        domain.default.clone_from(&from.default);
    }
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
            node.removes.push(Object::Type(&def.name));
            node.uses_old.push(Object::Schema(&def.name.schema));
            node.uses_old
                .extend(b.names_in(Side::Old, None, &expression_identifiers(def)));
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
        node.adds.push(Object::Type(&def.name));
        node.uses_new.push(Object::Schema(&def.name.schema));
        node.uses_new.extend(self.type_needs(Side::New, &def.base));
        node.uses_new
            .extend(self.collation_needs(Side::New, &def.collation));
        node.uses_new
            .extend(self.names_in(Side::New, None, &expression_identifiers(def)));
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
        if from.collation != to.collation {
            self.problems.push(Problem {
                object: change.object(),
                reason: "cannot change its collation in place (Postgres has no `ALTER DOMAIN .. COLLATE`); create a new domain, move the columns to it and drop this one".into(),
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
        node.uses_new.push(Object::Type(&to.name));
        node.uses_new
            .extend(self.names_in(Side::New, None, &expression_identifiers(to)));
        self.push(node);
    }
}

/// The names a domain's default and checks mention: the functions they call are created
/// before the domain and dropped after it.
fn expression_identifiers(def: &DomainDef) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    if let Some(DefaultValue::Expression(sql)) = &def.default {
        ids.extend(identifiers(sql));
    }
    for check in &def.checks {
        ids.extend(identifiers(&check.expression));
    }
    ids
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.domains.iter_mut().for_each(normalize),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

fn render(schema: &Schema, part: Part, list: &mut Statements) {
    for domain in &schema.domains {
        let object = format!("domain `{}`", domain.name);
        match (part, &domain.comment) {
            (Part::Types, _) => list.push("Domains", object, |out| create_domain(domain, out)),
            (Part::Comments, Some(comment)) => list.push(COMMENTS, object, |out| {
                comment_on_domain(&domain.name, Some(comment), out)
            }),
            _ => {}
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{DefaultValue, DomainDef, QualifiedName, SqlType};
    use std::collections::BTreeSet;

    pub(crate) struct DomainRow {
        pub(crate) schema: String,
        pub(crate) name: String,
        /// `format_type` of the base type.
        pub(crate) base: String,
        /// The base type, when it is an enum.
        pub(crate) base_enum: Option<(String, String)>,
        pub(crate) not_null: bool,
        pub(crate) default: Option<String>,
        /// The collation where not the base type's, as `schema.name`.
        pub(crate) collation: Option<String>,
        pub(crate) comment: Option<String>,
        pub(crate) check_names: Vec<String>,
        pub(crate) check_expressions: Vec<String>,
    }

    pub(crate) fn domains_query() -> String {
        format!(
            "
SELECT n.nspname::text, t.typname::text,
       pg_catalog.format_type(t.typbasetype, t.typtypmod),
       CASE WHEN b.typtype = 'e' THEN bn.nspname::text END,
       CASE WHEN b.typtype = 'e' THEN b.typname::text END,
       t.typnotnull,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0, true),
       CASE WHEN t.typcollation <> b.typcollation THEN (
         SELECT cn.nspname || '.' || co.collname FROM pg_catalog.pg_collation co
         JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
         WHERE co.oid = t.typcollation) END,
       (SELECT ds.description FROM pg_catalog.pg_description ds
        WHERE ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
          AND ds.objsubid = 0),
       ARRAY(SELECT c.conname::text FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname),
       ARRAY(SELECT pg_catalog.pg_get_expr(c.conbin, 0, true) FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
JOIN pg_catalog.pg_namespace bn ON bn.oid = b.typnamespace
WHERE t.typtype = 'd' AND n.nspname = ANY($1) AND {}
ORDER BY 1, 2",
            not_member("pg_catalog.pg_type", "t.oid")
        )
    }

    impl DomainRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            let schema: Option<String> = row.get(3);
            let name: Option<String> = row.get(4);
            DomainRow {
                schema: row.get(0),
                name: row.get(1),
                base: row.get(2),
                base_enum: schema.zip(name),
                not_null: row.get(5),
                default: row.get(6),
                collation: row.get(7),
                comment: row.get(8),
                check_names: row.get(9),
                check_expressions: row.get(10),
            }
        }
    }

    /// Reads every domain of the schemas read.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let rows = reader.in_namespaces("reading domains", &domains_query())?;
        for row in &rows {
            let domain = domain(DomainRow::from_row(row), reader.enums);
            reader.schema.domains.push(domain);
        }
        Ok(())
    }

    /// What a catalog row becomes.
    pub(crate) fn domain(row: DomainRow, enums: &BTreeSet<QualifiedName>) -> DomainDef {
        let name = QualifiedName::new(row.schema, row.name);
        let base = match row.base_enum {
            Some((schema, name)) if enums.contains(&QualifiedName::new(&schema, &name)) => {
                SqlType::Enum(QualifiedName::new(schema, name))
            }
            _ => SqlType::parse(&row.base),
        };
        let mut def = DomainDef::new(&name.to_string(), base);
        def.name = name;
        def.not_null = row.not_null;
        def.default = row.default.map(DefaultValue::Expression);
        def.collation = row.collation;
        def.comment = row.comment;
        for (check, expression) in row.check_names.iter().zip(&row.check_expressions) {
            def = def.with_check(Some(check), expression);
        }
        def
    }
}
