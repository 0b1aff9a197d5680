//! The validated schema and its builder.

use crate::enums::EnumDef;
use crate::external::{External, ExternalFunction, ExternalTable};
use crate::name::{QualifiedName, DEFAULT_SCHEMA};
use crate::table::{NullsOrder, TableDef};
use crate::traits::{PgEnum, Table};
use crate::types::SqlType;
use crate::validate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// A complete, validated database schema: what the derives, a snapshot or a live database
/// describe. Everything in it is sorted by name, so equal schemas are equal values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Postgres schemas (namespaces) the app owns, other than `public`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<String>,
    /// Enum types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumDef>,
    /// Tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableDef>,
    /// Objects referenced but not owned.
    #[serde(default, skip_serializing_if = "External::is_empty")]
    pub external: External,
}

impl Schema {
    /// Starts a schema.
    pub fn builder() -> SchemaBuilder {
        SchemaBuilder::default()
    }

    /// Looks a table up by name.
    pub fn table(&self, name: &QualifiedName) -> Option<&TableDef> {
        self.tables.iter().find(|t| &t.name == name)
    }

    /// Looks an enum type up by name.
    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumDef> {
        self.enums.iter().find(|e| &e.name == name)
    }
}

/// Collects tables, enum types and external objects, then checks them all at once.
///
/// ```
/// use schema_core::{ExternalTable, Schema, SqlType, TableDef, Column, QualifiedName};
/// let users = TableDef::new(QualifiedName::parse("users"))
///     .with_column(Column::new("id", SqlType::Uuid, false))
///     .with_primary_key(None, &["id"]);
/// let schema = Schema::builder()
///     .add_table(users)
///     .external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
///     .build()
///     .unwrap();
/// assert_eq!(schema.tables[0].primary_key.as_ref().unwrap().name, "users_pkey");
/// ```
#[derive(Debug, Clone, Default)]
pub struct SchemaBuilder {
    schema: Schema,
}

impl SchemaBuilder {
    /// Starts from an existing schema, such as one read from a snapshot, so that
    /// [`build`](Self::build) checks it again. Building an already built schema returns
    /// it unchanged.
    pub fn from_schema(schema: Schema) -> Self {
        SchemaBuilder { schema }
    }

    /// Adds a `#[derive(Table)]` type.
    pub fn table<T: Table>(self) -> Self {
        self.add_table(T::table_def())
    }

    /// Adds a `#[derive(PgEnum)]` type.
    pub fn enum_type<E: PgEnum>(self) -> Self {
        self.add_enum(E::enum_def())
    }

    /// Adds a table definition.
    pub fn add_table(mut self, table: TableDef) -> Self {
        self.schema.tables.push(table);
        self
    }

    /// Adds an enum type definition.
    pub fn add_enum(mut self, def: EnumDef) -> Self {
        self.schema.enums.push(def);
        self
    }

    /// Adds an owned Postgres schema (namespace) even if no object lives in it yet.
    pub fn namespace(mut self, name: &str) -> Self {
        self.schema.schemas.push(name.to_string());
        self
    }

    /// Declares a table the app references but does not own.
    pub fn external_table(mut self, table: ExternalTable) -> Self {
        self.schema.external.tables.push(table);
        self
    }

    /// Declares a function the app calls but does not own.
    pub fn external_function(mut self, function: ExternalFunction) -> Self {
        self.schema.external.functions.push(function);
        self
    }

    /// Declares a role policies may name (such as Supabase's `authenticated`).
    pub fn external_role(mut self, role: &str) -> Self {
        self.schema.external.roles.push(role.to_string());
        self
    }

    /// Resolves defaults, sorts everything by name and checks the whole schema, returning
    /// every problem found rather than the first.
    pub fn build(self) -> Result<Schema, SchemaErrors> {
        let (schema, errors) = self.check();
        if errors.is_empty() {
            Ok(schema)
        } else {
            Err(SchemaErrors(errors))
        }
    }

    /// Like [`build`](Self::build), but lets through what Postgres accepts
    /// ([`Severity::Suspicious`]), returning those problems beside the schema. For schemas
    /// that describe an existing database, such as an introspected one or its snapshot.
    pub fn build_lenient(self) -> Result<(Schema, Vec<SchemaError>), SchemaErrors> {
        let (schema, problems) = self.check();
        let (suspicious, errors): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|p| p.severity == Severity::Suspicious);
        if errors.is_empty() {
            Ok((schema, suspicious))
        } else {
            Err(SchemaErrors(errors))
        }
    }

    fn check(self) -> (Schema, Vec<SchemaError>) {
        let mut schema = self.schema;
        resolve_enum_types(&mut schema);
        canonicalize(&mut schema);
        // Primary-key targets are filled in before validation so that a foreign key's
        // column count and types are checked against what it will really reference.
        let mut errors = validate::fill_referenced_columns(&mut schema);
        errors.extend(validate::validate(&schema));
        (schema, errors)
    }
}

/// `sql_type = "user_role"` names an enum by text: once the enum types are known, such a
/// custom type becomes the enum it names.
fn resolve_enum_types(schema: &mut Schema) {
    let enums: BTreeSet<QualifiedName> = schema.enums.iter().map(|e| e.name.clone()).collect();
    fn resolve(ty: &mut SqlType, enums: &BTreeSet<QualifiedName>) {
        match ty {
            SqlType::Array(inner) => resolve(inner, enums),
            SqlType::Custom(text) => {
                let unquoted = text.replace('"', "");
                let name = QualifiedName::parse(&unquoted);
                if enums.contains(&name) {
                    *ty = SqlType::Enum(name);
                }
            }
            _ => {}
        }
    }
    for table in &mut schema.tables {
        for column in &mut table.columns {
            resolve(&mut column.ty, &enums);
        }
    }
}

/// Sorts every collection whose order carries no meaning, and drops redundant settings,
/// so that two schemas describing the same database are equal values.
fn canonicalize(schema: &mut Schema) {
    let owned_schemas = schema
        .tables
        .iter()
        .map(|t| &t.name.schema)
        .chain(schema.enums.iter().map(|e| &e.name.schema))
        .filter(|s| s.as_str() != DEFAULT_SCHEMA)
        .cloned();
    let external_schemas: BTreeSet<&String> = schema
        .external
        .tables
        .iter()
        .map(|t| &t.name.schema)
        .chain(schema.external.functions.iter().map(|f| &f.name.schema))
        .collect();
    let mut schemas: Vec<String> = owned_schemas
        .filter(|s| !external_schemas.contains(s))
        .chain(schema.schemas.drain(..))
        .collect();
    schemas.sort();
    schemas.dedup();
    schema.schemas = schemas;

    schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    for table in &mut schema.tables {
        table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        table.policies.sort_by(|a, b| a.name.cmp(&b.name));
        for policy in &mut table.policies {
            policy.roles.sort();
            policy.roles.dedup();
            // `TO public` is the same as no role list.
            if policy.roles.iter().any(|r| r == "public") {
                policy.roles.clear();
            }
        }
        for key in table.indexes.iter_mut().flat_map(|i| i.keys.iter_mut()) {
            let default = if key.descending {
                NullsOrder::First
            } else {
                NullsOrder::Last
            };
            if key.nulls == Some(default) {
                key.nulls = None;
            }
        }
    }
    schema.external.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema
        .external
        .functions
        .sort_by(|a, b| a.name.cmp(&b.name));
    schema.external.roles.sort();
    schema.external.roles.dedup();
}

/// One problem with a schema, naming the object at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The object at fault, such as ``table `public.sessions` ``.
    pub object: String,
    /// What is wrong with it.
    pub message: String,
    /// Whether Postgres itself would reject it.
    pub severity: Severity,
}

/// How bad a schema problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Postgres would reject it, or the model cannot express it.
    Error,
    /// Postgres accepts it, but in a schema someone writes it is a mistake (a policy on a
    /// table without RLS, a foreign key between columns of different types). Refused by
    /// [`SchemaBuilder::build`]; allowed by [`SchemaBuilder::build_lenient`], which reads
    /// schemas that already exist in a database.
    Suspicious,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.message)
    }
}

/// Every problem found while building a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaErrors(pub Vec<SchemaError>);

impl fmt::Display for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "the schema has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            writeln!(f, "  - {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaErrors {}
