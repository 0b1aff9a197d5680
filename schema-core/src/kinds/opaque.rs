//! Opaque objects: what a database holds that the structural model has no place for (a
//! rule, a range type, a foreign table, a window function, an event trigger, an
//! operator, a cast, a text search configuration, ...), kept as Postgres's own definition
//! text with the objects it depends on. A database is never refused for holding one: it
//! is read, snapshotted, compared by its definition, and created, dropped or replaced in
//! dependency order like any other object.
//!
//! An opaque object is known by its kind and its identity, as Postgres's
//! `pg_identify_object` writes them (`rule` / `protect on public.accounts`, `aggregate` /
//! `public.total(integer)`, `cast` / `(text AS public.label)`): unique per kind, and the
//! text `DROP` and `COMMENT ON` name the object by. Two definitions are the same when their
//! text is, so a definition should be spelled as Postgres prints it (what `inspect` reads):
//! comparing a model with a database through `canonical_expressions` takes Postgres's
//! spelling for every opaque object the model declares.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::{error, suspicious};
use crate::kinds::{Kind, Namespace};
use crate::sql::{tokens, Kind as Token};
use crate::types::type_name;
use crate::{QualifiedName, Schema, SchemaBuilder, SchemaError, SqlType};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An object kept as its definition text.
///
/// ```
/// use schema_core::{Opaque, Schema, SqlType};
/// let schema = Schema::builder()
///     .add_opaque(Opaque::new(
///         "range type",
///         "public.floatrange",
///         "CREATE TYPE public.floatrange AS RANGE (subtype = double precision);",
///     ))
///     .build()
///     .unwrap();
/// let range = &schema.opaque[0];
/// assert_eq!(range.name.as_ref().unwrap().to_string(), "public.floatrange");
/// assert_eq!(range.sql_type(), Some(SqlType::Custom("floatrange".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opaque {
    /// What it is, in Postgres's words: `rule`, `range type`, `foreign table`,
    /// `aggregate`, `procedure`, `event trigger`, `text search configuration`, ...
    pub kind: String,
    /// Its identity as Postgres's `pg_identify_object` writes it: unique within its kind,
    /// and how `DROP` and `COMMENT ON` name it.
    pub identity: String,
    /// Where it lives, taken from the identity: its schema and name (a rule or a trigger:
    /// its table's schema and its own name; an operator: its symbol). `None` for objects
    /// of the whole database: event triggers, casts, servers, user mappings, ...
    #[serde(skip)]
    pub name: Option<QualifiedName>,
    /// The statements that create it, as Postgres prints them, each ending with `;`.
    pub definition: String,
    /// `COMMENT ON` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The objects it needs, structural or opaque: created before it, dropped after it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dependency>,
}

/// An object an opaque object depends on: its kind and identity, as for [`Opaque`]
/// (`table` / `public.accounts`, `function` / `public.total_step(integer, integer)`,
/// `server` / `files`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Dependency {
    /// Its kind.
    pub kind: String,
    /// Its identity.
    pub identity: String,
    /// Its schema and name, taken from the identity (see [`Opaque::name`]).
    #[serde(skip)]
    pub name: Option<QualifiedName>,
}

/// Kinds of objects that belong to the whole database rather than to a schema.
const DATABASE_WIDE: &[&str] = &[
    "access method",
    "cast",
    "event trigger",
    "extension",
    "foreign-data wrapper",
    "language",
    "publication",
    "role",
    "schema",
    "server",
    "subscription",
    "transform",
    "user mapping",
];

/// Kinds whose identity is `name on schema.table`: they are named within their table.
const ON_A_TABLE: &[&str] = &["policy", "rule", "table constraint", "trigger"];

/// Kinds that are types, which columns and arguments use by name.
const TYPE_KINDS: &[&str] = &["base type", "multirange type", "range type", "type"];

/// Kinds that are routines, which SQL calls by name.
const ROUTINE_KINDS: &[&str] = &["aggregate", "function", "procedure"];

/// Kinds that are relations, which SQL reads by name.
const RELATION_KINDS: &[&str] = &["foreign table", "materialized view", "table", "view"];

impl Opaque {
    /// An object of `kind` known by `identity`, created by `definition` (one or more
    /// statements).
    pub fn new(kind: &str, identity: &str, definition: &str) -> Self {
        Opaque {
            kind: kind.to_string(),
            identity: identity.to_string(),
            name: name_of(kind, identity),
            definition: definition.to_string(),
            comment: None,
            depends_on: Vec::new(),
        }
    }

    /// Declares that it needs the object of `kind` known by `identity`.
    pub fn depends_on(mut self, kind: &str, identity: &str) -> Self {
        self.depends_on.push(Dependency::new(kind, identity));
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// How messages name it: ``rule `protect on public.accounts` ``.
    pub fn object(&self) -> String {
        format!("{} `{}`", self.kind, self.identity)
    }

    /// Whether it is a type (a range or base type), which columns may use.
    pub fn is_type(&self) -> bool {
        TYPE_KINDS.contains(&self.kind.as_str())
    }

    /// Whether it is a routine (an aggregate, a procedure, a function the structural model
    /// cannot hold), which SQL calls by name.
    pub fn is_routine(&self) -> bool {
        ROUTINE_KINDS.contains(&self.kind.as_str())
    }

    /// Whether it is a relation (a foreign table), which SQL reads by name.
    pub fn is_relation(&self) -> bool {
        RELATION_KINDS.contains(&self.kind.as_str())
    }

    /// A type's name as columns use it (as `format_type` prints it); `None` for other kinds.
    pub fn sql_type(&self) -> Option<SqlType> {
        match &self.name {
            Some(name) if self.is_type() => Some(SqlType::Custom(type_name(name))),
            _ => None,
        }
    }
}

impl Dependency {
    /// The object of `kind` known by `identity`.
    pub fn new(kind: &str, identity: &str) -> Self {
        Dependency {
            kind: kind.to_string(),
            identity: identity.to_string(),
            name: name_of(kind, identity),
        }
    }
}

/// The schema and name an identity holds; `None` for objects of the whole database.
///
/// `public.total(integer)` -> `public.total`; `protect on public.accounts` ->
/// `public.protect`; `public.<->(point,point)` -> `public.<->`;
/// `public.my_ops USING btree` -> `public.my_ops`.
fn name_of(kind: &str, identity: &str) -> Option<QualifiedName> {
    if DATABASE_WIDE.contains(&kind) {
        return None;
    }
    let all = tokens(identity);
    let words: Vec<_> = all.iter().filter(|t| t.kind != Token::Space).collect();
    let part = |t: &crate::sql::Token<'_>| match t.kind {
        Token::QuotedName => t.text[1..t.text.len() - 1].replace("\"\"", "\""),
        _ => t.text.to_string(),
    };
    if ON_A_TABLE.contains(&kind) {
        let on = words
            .iter()
            .position(|t| t.kind == Token::Word && t.text.eq_ignore_ascii_case("on"))?;
        let schema = words.get(on + 1)?;
        return Some(QualifiedName::new(part(schema), part(words.first()?)));
    }
    match words.as_slice() {
        [schema, dot, name, ..] if dot.text == "." => {
            Some(QualifiedName::new(part(schema), part(name)))
        }
        // `.+` reads as one operator token when the symbol starts after the dot.
        [schema, symbol, ..] if symbol.kind == Token::Symbol && symbol.text.starts_with('.') => {
            Some(QualifiedName::new(part(schema), &symbol.text[1..]))
        }
        [name, ..] => Some(QualifiedName::new(crate::DEFAULT_SCHEMA, part(name))),
        [] => None,
    }
}

impl SchemaBuilder {
    /// Adds an object kept as its definition text (see [`Opaque`]).
    pub fn add_opaque(mut self, object: Opaque) -> Self {
        self.schema.opaque.push(object);
        self
    }
}

/// The definition as one text: trimmed, its statements each ending with `;`.
fn canonical_definition(definition: &str) -> String {
    let trimmed = definition.trim();
    if trimmed.ends_with(';') {
        trimmed.to_string()
    } else {
        format!("{trimmed};")
    }
}

/// Whether the model has an object of `kind` known by `identity`, for the kinds the model
/// holds structurally; `None` for kinds it does not hold (which must then be opaque).
fn structural_exists(schema: &Schema, dependency: &Dependency) -> Option<bool> {
    let name = dependency.name.as_ref();
    let is = |n: &QualifiedName| Some(n) == name;
    let found = match dependency.kind.as_str() {
        "schema" => {
            dependency.identity == crate::DEFAULT_SCHEMA
                || schema.schemas.contains(&dependency.identity)
        }
        "extension" => schema
            .extensions
            .iter()
            .any(|e| e.name == dependency.identity),
        "table" | "view" | "materialized view" => {
            schema.tables.iter().any(|t| is(&t.name))
                || schema.views.iter().any(|v| is(&v.name))
                || schema.external.tables.iter().any(|t| is(&t.name))
        }
        // A table's row type is a type too.
        "type" => {
            schema.enums.iter().any(|e| is(&e.name))
                || schema.domains.iter().any(|d| is(&d.name))
                || schema.composites.iter().any(|c| is(&c.name))
                || schema.tables.iter().any(|t| is(&t.name))
                || schema
                    .opaque
                    .iter()
                    .any(|o| o.is_type() && o.name.as_ref() == name)
        }
        // An aggregate may be structural or, in a form the model does not hold, opaque.
        "function" | "aggregate" => {
            schema.functions.iter().any(|f| is(&f.name))
                || schema.aggregates.iter().any(|a| is(&a.name))
                || schema.external.functions.iter().any(|f| is(&f.name))
                || schema
                    .opaque
                    .iter()
                    .any(|o| o.is_routine() && o.name.as_ref() == name)
        }
        "sequence" => schema.sequences.iter().any(|s| is(&s.name)),
        "collation" => schema.collations.iter().any(|c| is(&c.name)),
        _ => return None,
    };
    Some(found)
}

impl Kind for Opaque {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.opaque
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.opaque
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        self.name.as_ref()
    }

    /// A range type's name is taken among the types, a foreign table's among the relations.
    fn claim(&self) -> Option<(Namespace, String)> {
        if self.is_type() {
            Some((Namespace::Type, self.object()))
        } else if self.is_relation() {
            Some((Namespace::Relation, self.object()))
        } else {
            None
        }
    }

    fn canonicalize(list: &mut Vec<Self>) {
        for object in list.iter_mut() {
            object.name = name_of(&object.kind, &object.identity);
            object.definition = canonical_definition(&object.definition);
            for dependency in &mut object.depends_on {
                dependency.name = name_of(&dependency.kind, &dependency.identity);
            }
            object.depends_on.sort();
            object.depends_on.dedup();
        }
        list.sort_by(|a, b| (&a.kind, &a.identity).cmp(&(&b.kind, &b.identity)));
    }

    /// An identity used once per kind, a definition, and every dependency present.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        let mut seen = BTreeSet::new();
        for object in &schema.opaque {
            let mut problem = |message: String| errors.push(error(object.object(), message));
            if !seen.insert((&object.kind, &object.identity)) {
                problem("is declared twice".into());
            }
            if object.kind.trim().is_empty() || object.identity.trim().is_empty() {
                problem("has no kind or no identity; give both, as `inspect` reads them".into());
            }
            if object.definition.trim_matches([' ', '\n', ';']).is_empty() {
                problem("has no definition; give the statement that creates it".into());
            }
            for dependency in &object.depends_on {
                let present = structural_exists(schema, dependency).unwrap_or_else(|| {
                    schema
                        .opaque
                        .iter()
                        .any(|o| o.kind == dependency.kind && o.identity == dependency.identity)
                });
                if !present {
                    // Refused in a schema written by hand; a database read keeps the object
                    // with a note when what it needs was left out (a base type).
                    errors.push(suspicious(
                        object.object(),
                        format!(
                            "depends on {} `{}`, which the schema does not have",
                            dependency.kind, dependency.identity
                        ),
                    ));
                }
            }
        }
    }

    /// Objects created, and replaced when their definition changed, together with every
    /// opaque object that depends on a replaced one (Postgres refuses to drop what others
    /// need, so they are dropped first and created again after); a comment changed alone
    /// is set in place.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let key = |o: &Opaque| (o.kind.clone(), o.identity.clone());
        let matched = match_by(&from.opaque, &to.opaque, key);
        for def in &matched.added {
            changes.push(Change::CreateOpaque {
                def: (*def).clone(),
            });
        }
        let mut replaced: BTreeMap<(String, String), (&Opaque, &Opaque)> = BTreeMap::new();
        for (old, new) in &matched.common {
            let same_but_comment =
                old.definition == new.definition && old.depends_on == new.depends_on;
            if same_but_comment && old.comment != new.comment {
                changes.push(Change::SetOpaqueComment {
                    def: (*new).clone(),
                });
            } else if !same_but_comment {
                replaced.insert(key(new), (old, new));
            }
        }
        // What depends on a replaced object is replaced too, transitively.
        loop {
            let before = replaced.len();
            for (old, new) in &matched.common {
                let needs_replaced = old
                    .depends_on
                    .iter()
                    .any(|d| replaced.contains_key(&(d.kind.clone(), d.identity.clone())));
                if needs_replaced {
                    replaced.entry(key(new)).or_insert((old, new));
                }
            }
            if replaced.len() == before {
                break;
            }
        }
        for (old, new) in replaced.into_values() {
            changes.push(Change::ReplaceOpaque {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }

    /// Objects dropped: after what uses them is gone (the planner orders them).
    fn diff_dropped(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let key = |o: &Opaque| (o.kind.clone(), o.identity.clone());
        for def in match_by(&from.opaque, &to.opaque, key).removed {
            changes.push(Change::DropOpaque { def: def.clone() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::{QualifiedName, TableDef};

    fn rule(definition: &str) -> Opaque {
        Opaque::new("rule", "protect on public.accounts", definition)
            .depends_on("table", "public.accounts")
    }

    fn accounts() -> SchemaBuilder {
        Schema::builder().add_table(TableDef::new(QualifiedName::parse("accounts")))
    }

    #[test]
    fn identities_give_the_schema_and_name() {
        let name = |kind: &str, identity: &str| name_of(kind, identity).map(|n| n.to_string());
        assert_eq!(
            name("rule", "protect on app.accounts").as_deref(),
            Some("app.protect")
        );
        assert_eq!(
            name("aggregate", "public.total(integer)").as_deref(),
            Some("public.total")
        );
        assert_eq!(
            name("operator", "public.<->(point,point)").as_deref(),
            Some("public.<->")
        );
        assert_eq!(
            name("operator class", "\"My App\".\"Ops\" USING btree").as_deref(),
            Some("My App.Ops")
        );
        assert_eq!(name("cast", "(text AS public.label)"), None);
        assert_eq!(name("event trigger", "audit_ddl"), None);
    }

    #[test]
    fn duplicates_missing_definitions_and_dependencies_are_refused_naming_the_object() {
        let errors = Schema::builder()
            .add_opaque(rule(
                "CREATE RULE protect AS ON DELETE TO public.accounts DO INSTEAD NOTHING",
            ))
            .add_opaque(rule(" ;"))
            .add_opaque(
                Opaque::new(
                    "foreign table",
                    "public.files",
                    "CREATE FOREIGN TABLE public.files () SERVER disk",
                )
                .depends_on("server", "disk"),
            )
            .build()
            .unwrap_err()
            .to_string();
        for expected in [
            "rule `protect on public.accounts`: is declared twice",
            "rule `protect on public.accounts`: has no definition",
            "rule `protect on public.accounts`: depends on table `public.accounts`, which the schema does not have",
            "foreign table `public.files`: depends on server `disk`, which the schema does not have",
        ] {
            assert!(errors.contains(expected), "{expected}\n\nnot in:\n{errors}");
        }
    }

    #[test]
    fn definitions_compare_as_canonical_text() {
        let a = accounts()
            .add_opaque(rule(
                "CREATE RULE protect AS ON DELETE TO public.accounts DO INSTEAD NOTHING;\n",
            ))
            .build()
            .unwrap();
        let b = accounts()
            .add_opaque(rule(
                "  CREATE RULE protect AS ON DELETE TO public.accounts DO INSTEAD NOTHING",
            ))
            .build()
            .unwrap();
        assert_eq!(a, b);
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn created_dropped_replaced_and_commented() {
        let server = Opaque::new(
            "server",
            "disk",
            "CREATE SERVER disk FOREIGN DATA WRAPPER file_fdw;",
        );
        let table = |columns: &str| {
            Opaque::new(
                "foreign table",
                "public.files",
                &format!("CREATE FOREIGN TABLE public.files ({columns}) SERVER disk;"),
            )
            .depends_on("server", "disk")
        };
        let with = |server: Opaque, table: Opaque| {
            Schema::builder()
                .add_opaque(server)
                .add_opaque(table)
                .build()
                .unwrap()
        };
        let old = with(server.clone(), table("name text"));
        let listed = |from: &Schema, to: &Schema| -> Vec<String> {
            diff(from, to).iter().map(|c| c.to_string()).collect()
        };
        assert_eq!(
            listed(&Schema::default(), &old),
            [
                "create foreign table `public.files`",
                "create server `disk`"
            ]
        );
        assert_eq!(
            listed(&old, &Schema::default()),
            ["drop foreign table `public.files`", "drop server `disk`"]
        );
        assert_eq!(
            listed(&old, &with(server.clone(), table("name text, size bigint"))),
            ["replace foreign table `public.files`"]
        );
        // The server changes, so the table that needs it is dropped and created again.
        let moved = Opaque::new(
            "server",
            "disk",
            "CREATE SERVER disk VERSION '2' FOREIGN DATA WRAPPER file_fdw;",
        );
        assert_eq!(
            listed(&old, &with(moved, table("name text"))),
            [
                "replace foreign table `public.files`",
                "replace server `disk`"
            ]
        );
        assert_eq!(
            listed(
                &old,
                &with(server.comment("local files"), table("name text"))
            ),
            ["set the comment of server `disk`"]
        );
    }
}
