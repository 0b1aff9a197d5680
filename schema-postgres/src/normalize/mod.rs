//! Normalisation: the one place that decides when two spellings of a schema are the same.
//!
//! A schema built from Rust, rendered, applied and read back from the catalog must compare
//! equal to the schema we started from, although Postgres prints things its own way. Two
//! layers make that true.
//!
//! # Layer 1: offline rules ([`normalize`])
//!
//! Rewrites that are exact (both spellings mean the same to Postgres) and need no
//! database. [`introspect`](crate::introspect) applies them to what it reads, and a
//! comparison applies them to both sides. Each rule, with the case it settles:
//!
//! | Case | Rule |
//! |---|---|
//! | `int4` vs `integer`, `character varying(120)` vs `varchar(120)`, `bool` | [`SqlType::parse`] folds every alias into one variant; introspection reads types with `format_type` and parses them. Enum types are recognised by the catalog (`typtype = 'e'`), not by name. |
//! | `numeric(12)` vs `numeric(12,0)` | A precision without a scale gets scale 0, as Postgres stores it. |
//! | Implicit constraint and index names | The builder fills in Postgres's own default names ([`schema_core::naming`]); introspection reads the real names. Both sides carry the same explicit name, so there is nothing to rewrite. |
//! | `ON DELETE NO ACTION`, `NOT DEFERRABLE`, `USING btree`, `FOR ALL`, `TO public` | The model stores Postgres's defaults as its own defaults (and the builder folds `TO public`), so a default written out and one left out are the same value. |
//! | `NULLS LAST` on an ascending key, `NULLS FIRST` on a descending one | The builder drops a NULLS order that is the default for the direction; introspection reports one only when `indoption` differs from the default. |
//! | Default operator classes | Introspection reports an operator class only when it is not the default for its type (`opcdefault`). A model naming the default class explicitly is settled by layer 2. |
//! | `CURRENT_TIMESTAMP` vs `now()` in a default | Both are the transaction's start time as `timestamptz`: a default that is exactly one of them (any case) becomes `now()`. |
//! | Literal defaults: `'USD'::text`, `'{}'::jsonb`, `'-1'::integer`, `1.50`, `true` | A default that is a single literal, optionally cast to the column's own type (type modifiers such as lengths ignored, as Postgres leaves them out of the cast), becomes [`DefaultValue::Literal`]: a number on a numeric column (integer, numeric, real, double; Postgres casts negative numbers to a numeric type of its choice, so any numeric cast counts), `true`/`false` on a boolean column, text on any other. A literal in the model is typed the same way (`Literal::Text("5")` on an integer column is the number 5). |
//! | Whitespace in expressions | Runs of whitespace outside string literals and quoted identifiers become one space, and the ends are trimmed. |
//! | Redundant outer parentheses: `CHECK ((a > 0))`, index key `((a + 1))`, `WHERE (deleted_at IS NULL)` | Parentheses enclosing a whole expression are removed (check, generated column, index key, index predicate, policy `USING`/`WITH CHECK`). |
//! | An index "expression" that is a single column (`"userId"`) | Postgres stores it as a column key, so it becomes [`IndexTarget::Column`]. |
//! | An empty comment | `COMMENT ... IS ''` removes the comment, so `Some("")` is `None`. |
//!
//! # Layer 2: through Postgres ([`canonical_expressions`])
//!
//! An arbitrary SQL expression cannot be normalised exactly offline: Postgres adds casts it
//! derives from column types (`price > 0` on a numeric column reads back as
//! `price > 0::numeric`), parenthesises by operator precedence, and upper-cases keywords.
//! Guessing would be wrong in the cases that matter, so, as DESIGN.md proposes, Postgres
//! itself is the normaliser: [`canonical_expressions`] renders the model, applies it in a
//! throwaway database, reads it back, and takes from there the Postgres spelling of every
//! expression (defaults, generated columns, checks, index keys and predicates, policies)
//! and of every operator class, matched by object name. Everything else stays as the model
//! has it, so a structural difference (a missing index, a wrong type, a different action)
//! still shows as a difference.
//!
//! This is the simplest design that is robust: one round trip through the server per
//! comparison, no SQL parser of our own, and Postgres's printing is a fixed point of
//! itself. Comparing a model with a live database is then
//! `normalize(introspect(live)) == canonical_expressions(model)`.
//!
//! [`SqlType::parse`]: schema_core::SqlType::parse

pub(crate) mod rules;
#[cfg(feature = "introspect")]
mod through_postgres;

#[cfg(feature = "introspect")]
pub use through_postgres::{canonical_expressions, graft, owned_schemas, CanonicalError};

pub use rules::expression;

use rules::column_type;
use schema_core::{External, ExternalColumn, ExternalTable, QualifiedName, Schema, SqlType};
use std::collections::BTreeMap;

/// Applies every offline rule to `schema`, in place. Applying it twice changes nothing.
/// Besides the rules for tables and enums above, for the other kinds:
///
/// | Case | Rule |
/// |---|---|
/// | `CREATE EXTENSION x` vs `... WITH SCHEMA public` | An extension in `public` has no schema: where the search path puts it. |
/// | Types of arguments, return columns, view columns, domain bases, composite attributes | As for columns (`numeric(p)` is `numeric(p,0)`). |
/// | Argument defaults, trigger `WHEN`, view queries, domain checks, partition keys and bound values | Whitespace collapsed and enclosing parentheses removed, as for other expressions; a partition key that is one column is that column. |
/// | Domain defaults | As column defaults, with the base type as the column's type. |
/// | Empty comments | None, as for tables. |
pub fn normalize(schema: &mut Schema) {
    for kind in &crate::kinds::KINDS {
        (kind.normalize)(schema);
    }
}

/// A normalised copy of `schema`.
pub fn normalized(schema: &Schema) -> Schema {
    let mut copy = schema.clone();
    normalize(&mut copy);
    copy
}

/// What of `schema` a database can show, normalised: the form in which a model and an
/// introspected database are compared. On top of [`normalize`]:
///
/// - `renamed_from` hints are dropped: they steer the diff, and a database has none;
/// - external declarations shrink to what the schema uses, which is all introspection
///   can see of them: the roles its policies name, and of each external table the columns
///   its foreign keys reference (sorted by name); external functions go.
pub fn comparable(schema: &Schema) -> Schema {
    let mut out = normalized(schema);
    for def in &mut out.enums {
        def.renamed_from = None;
        for value in &mut def.values {
            value.renamed_from = None;
        }
    }
    for table in &mut out.tables {
        table.renamed_from = None;
        for column in &mut table.columns {
            column.renamed_from = None;
        }
    }
    // Roles are the cluster's, not the database's, so the roles the app owns are compared
    // by the grants and policies naming them; grants on objects the app does not own
    // (external functions and tables) are not read.
    out.roles.clear();
    let external = out.external.clone();
    out.grants
        .retain(|grant| match (&grant.on, grant.on.object_name()) {
            (on, Some(name)) if on.function_name().is_some() => {
                !external.functions.iter().any(|f| &f.name == name)
            }
            (_, Some(name)) => !external.tables.iter().any(|t| &t.name == name),
            (_, None) => true,
        });
    out.external = used_external(&out);
    out
}

/// The external roles and table columns `schema` refers to.
fn used_external(schema: &Schema) -> External {
    let mut roles: Vec<String> = schema
        .tables
        .iter()
        .flat_map(|t| &t.policies)
        .flat_map(|p| p.roles.iter().cloned())
        .chain(
            schema
                .grants
                .iter()
                .map(|g| g.to.clone())
                .filter(|role| role != "public"),
        )
        .collect();
    roles.sort();
    roles.dedup();
    let mut tables: BTreeMap<QualifiedName, BTreeMap<String, SqlType>> = BTreeMap::new();
    for key in schema.tables.iter().flat_map(|t| &t.foreign_keys) {
        let Some(target) = schema
            .external
            .tables
            .iter()
            .find(|t| t.name == key.references)
        else {
            continue;
        };
        let columns = tables.entry(target.name.clone()).or_default();
        for name in &key.referenced_columns {
            if let Some(column) = target.columns.iter().find(|c| &c.name == name) {
                columns.insert(name.clone(), column_type(&column.ty));
            }
        }
    }
    External {
        tables: tables
            .into_iter()
            .map(|(name, columns)| ExternalTable {
                name,
                columns: columns
                    .into_iter()
                    .map(|(name, ty)| ExternalColumn { name, ty })
                    .collect(),
            })
            .collect(),
        functions: Vec::new(),
        roles,
    }
}

#[cfg(test)]
mod tests {
    use super::rules::default;
    use super::*;
    use schema_core::QualifiedName;
    use schema_core::{Column, DefaultValue, Literal, TableDef};

    fn lit(text: &str, ty: SqlType) -> DefaultValue {
        default(DefaultValue::Expression(text.to_string()), &ty)
    }

    #[test]
    fn literal_defaults_as_postgres_prints_them() {
        use Literal::*;
        let cases = [
            ("'USD'::text", SqlType::Text, Text("USD".into())),
            ("'USD'", SqlType::Text, Text("USD".into())),
            (
                "'EUR'::character varying",
                SqlType::Varchar { length: Some(3) },
                Text("EUR".into()),
            ),
            ("'{}'::jsonb", SqlType::Jsonb, Text("{}".into())),
            (
                "'{}'::text[]",
                SqlType::Array(Box::new(SqlType::Text)),
                Text("{}".into()),
            ),
            ("'it''s'::text", SqlType::Text, Text("it's".into())),
            ("'-1'::integer", SqlType::Integer, Number("-1".into())),
            ("'-5'::integer", SqlType::BigInt, Number("-5".into())),
            ("'-2.5'::numeric", SqlType::Real, Number("-2.5".into())),
            (
                "1.50",
                SqlType::Numeric {
                    precision: Some(10),
                    scale: Some(2),
                },
                Number("1.50".into()),
            ),
            ("5", SqlType::Text, Text("5".into())),
            ("'5'", SqlType::BigInt, Number("5".into())),
            ("true", SqlType::Boolean, Boolean(true)),
            ("'f'", SqlType::Boolean, Text("f".into())),
            (
                "'active'::status",
                SqlType::Enum(QualifiedName::parse("status")),
                Text("active".into()),
            ),
            (
                "'ok'::app.\"Mood\"",
                SqlType::Enum(QualifiedName::new("app", "Mood")),
                Text("ok".into()),
            ),
        ];
        for (text, ty, expected) in cases {
            assert_eq!(lit(text, ty), DefaultValue::Literal(expected), "{text}");
        }
    }

    #[test]
    fn other_defaults_stay_expressions() {
        for (text, ty, expected) in [
            ("CURRENT_TIMESTAMP", SqlType::Timestamptz, "now()"),
            ("now( )", SqlType::Timestamptz, "now( )"),
            ("NOW()", SqlType::Timestamp, "now()"),
            ("gen_random_uuid()", SqlType::Uuid, "gen_random_uuid()"),
            ("'1 day'::interval", SqlType::Text, "'1 day'::interval"),
            (
                "'a'::text || 'b'::text",
                SqlType::Text,
                "'a'::text || 'b'::text",
            ),
            ("CURRENT_DATE", SqlType::Date, "CURRENT_DATE"),
        ] {
            assert_eq!(
                lit(text, ty),
                DefaultValue::Expression(expected.into()),
                "{text}"
            );
        }
    }

    #[test]
    fn model_literals_are_typed_by_their_column() {
        let typed = |literal: Literal, ty: SqlType| default(DefaultValue::Literal(literal), &ty);
        assert_eq!(
            typed(Literal::Text("5".into()), SqlType::Integer),
            DefaultValue::Literal(Literal::Number("5".into()))
        );
        assert_eq!(
            typed(
                Literal::Number("5".into()),
                SqlType::Varchar { length: None }
            ),
            DefaultValue::Literal(Literal::Text("5".into()))
        );
        assert_eq!(
            typed(Literal::Text("abc".into()), SqlType::Integer),
            DefaultValue::Literal(Literal::Text("abc".into()))
        );
    }

    #[test]
    fn expressions_lose_outer_parentheses_and_extra_space() {
        assert_eq!(expression("((a > 0))"), "a > 0");
        assert_eq!(expression("  deleted_at   IS NULL "), "deleted_at IS NULL");
        assert_eq!(expression("(a) AND (b)"), "(a) AND (b)");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        let mut table = TableDef::new(QualifiedName::parse("t"))
            .with_column({
                let mut c = Column::new("a", SqlType::Text, true);
                c.default = Some(DefaultValue::Expression(" ('x'::text) ".into()));
                c
            })
            .with_check(None, None, "((a <> ''))");
        table.comment = Some(String::new());
        let mut schema = Schema {
            tables: vec![table],
            ..Schema::default()
        };
        normalize(&mut schema);
        let once = schema.clone();
        normalize(&mut schema);
        assert_eq!(schema, once);
        assert_eq!(schema.tables[0].comment, None);
        assert_eq!(schema.tables[0].checks[0].expression, "a <> ''");
        assert_eq!(
            schema.tables[0].columns[0].default,
            Some(DefaultValue::Literal(Literal::Text("x".into())))
        );
    }
}
