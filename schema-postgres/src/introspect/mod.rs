//! Reading a live database into the model.
//!
//! ```no_run
//! use schema_postgres::introspect::{introspect, IntrospectOptions};
//! let mut client = postgres::Client::connect(
//!     "postgres://postgres:postgres@127.0.0.1:5432/postgres",
//!     postgres::NoTls,
//! )?;
//! let schema = introspect(&mut client, &IntrospectOptions::default())?;
//! print!("{}", schema_core::snapshot::to_json(&schema));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! One catalog query per kind reads everything, each over all selected objects at once,
//! in one read-only repeatable-read transaction: a database with thousands of tables takes
//! no more round trips than one with a single table. The kinds in `crate::kinds::KINDS`
//! read their own objects (`Kind::read`); tables and their parts, functions, views,
//! triggers and grants are read here and put together in `assemble`.
//!
//! What is read: schemas, extensions (those installed in a schema read), collations, enum
//! types (labels in order, comments, value comments from the type comment), domains,
//! composite types, sequences (standalone and `serial` ones with their owner), tables
//! (partitioned parents with their key, partitions with their bound, storage options,
//! replica identity), columns (with their storage where not the type's, compression,
//! statistics target and `n_distinct` options, as plain columns of the `pg_attribute`
//! query), every constraint kind (exclusion, deferrable, `MATCH FULL`, `NO INHERIT`
//! included) with its comment, indexes of any access method with their comments, row-level
//! security, policies with their comments, functions, aggregates (from `pg_aggregate` with
//! `pg_proc`: moving-aggregate and ordered-set ones too, with their grants), triggers, views
//! and materialized views, grants, and comments. Objects belonging to an extension are left
//! out, as are the system schemas.
//! Roles belong to the cluster, not the database: the roles policies and grants name are
//! read as external roles, and a role's attributes are not read.
//!
//! What the structural model has no place for is kept as definition text
//! (`schema_core::Opaque`, read by `crate::kinds::opaque`): rules, constraint triggers
//! `FROM` another table, event triggers, base types with their functions, range types,
//! foreign tables with their servers, wrappers and user mappings, hypothetical-set
//! aggregates whose direct and aggregated arguments share one `VARIADIC "any"`, and the
//! functions and procedures the model cannot hold (other languages, settings), operators,
//! operator classes and families, casts, conversions, text search objects, statistics
//! objects, publications, access methods and languages, each with its privileges.
//! [`introspect_with_notes`] reports the simplifications that remain as [`Note`]s
//! (partitions whose bound or key cannot be parsed).
//!
//! The result goes through the offline [normalisation](crate::normalize) and the schema
//! builder, so it is sorted and checked like a schema built from code. A database the
//! builder rejects (a policy on a table without row-level security, a foreign key between
//! columns of different types) is an [`IntrospectError::Unrepresentable`] naming every
//! offending object.

mod assemble;
mod catalog;
pub(crate) mod filter;
pub(crate) mod note;

pub(crate) use catalog::{ColumnNames, Comments, OperatorClasses, Reader};
pub use note::Note;

use schema_core::{DefaultObjects, DefaultPrivilege, Schema, SchemaErrors, DEFAULT_SCHEMA};
use std::fmt;

/// Schemas Supabase creates and manages itself.
pub const SUPABASE_SCHEMAS: &[&str] = &[
    "_analytics",
    "_realtime",
    "auth",
    "cron",
    "extensions",
    "graphql",
    "graphql_public",
    "net",
    "pgbouncer",
    "pgsodium",
    "pgsodium_masks",
    "realtime",
    "storage",
    "supabase_functions",
    "supabase_migrations",
    "vault",
];

/// Publications Supabase creates for Realtime: apps add their tables to them, but they are
/// the platform's, never to be dropped by a model that does not declare them.
pub const SUPABASE_PUBLICATIONS: &[&str] = &[
    "supabase_realtime",
    "supabase_realtime_messages_publication",
];

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// The schemas to read. Empty reads every schema except the system ones
    /// (`pg_catalog`, `information_schema`, `pg_toast*`, `pg_temp*`) and those created by
    /// extensions.
    pub schemas: Vec<String>,
    /// When reading every schema, also leave out the [schemas Supabase
    /// manages](SUPABASE_SCHEMAS). Foreign keys into them (`auth.users`) then point at
    /// external tables.
    pub exclude_supabase: bool,
}

impl IntrospectOptions {
    /// Reads only the given schemas.
    pub fn schemas<I, S>(schemas: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        IntrospectOptions {
            schemas: schemas.into_iter().map(Into::into).collect(),
            exclude_supabase: false,
        }
    }

    /// The schemas to read, and the platform schemas left out whose extensions are read
    /// all the same (see [`scope_platform_extensions`]).
    fn select(&self, all: Vec<String>) -> Result<(Vec<String>, Vec<String>), IntrospectError> {
        if self.schemas.is_empty() {
            let (platform, selected) = all
                .into_iter()
                .partition(|s| self.exclude_supabase && SUPABASE_SCHEMAS.contains(&s.as_str()));
            return Ok((selected, platform));
        }
        let missing: Vec<String> = self
            .schemas
            .iter()
            .filter(|s| !all.contains(s))
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(IntrospectError::MissingSchemas(missing));
        }
        let mut selected = self.schemas.clone();
        selected.sort();
        selected.dedup();
        Ok((selected, Vec::new()))
    }
}

/// Keeps, of the extensions a database has in the schemas the platform manages (Supabase
/// installs its own and the ones enabled in its dashboard into `extensions`), only those
/// `model` declares: they are compared like any other, while the rest, and the schema
/// itself, are the platform's, which a plan must neither drop nor create. The same for
/// Supabase's Realtime publications ([`SUPABASE_PUBLICATIONS`]), and for the default
/// privileges its platform sets in `public` (see [`is_supabase_default_privilege`]) with
/// the grants they gave the app's objects. Call it on a database read with
/// `exclude_supabase` before comparing it with a model.
pub fn scope_platform_extensions(live: &mut Schema, model: &Schema) {
    let key = |d: &DefaultPrivilege| {
        (
            d.for_role.clone(),
            d.in_schema.clone(),
            d.on,
            d.to.clone(),
            d.revoke,
        )
    };
    let (platform, kept): (Vec<DefaultPrivilege>, Vec<DefaultPrivilege>) =
        std::mem::take(&mut live.default_privileges)
            .into_iter()
            .partition(|def| {
                is_supabase_default_privilege(def)
                    && !model.default_privileges.iter().any(|d| key(d) == key(def))
            });
    live.default_privileges = kept;
    // What they gave the app's tables, sequences and functions is the platform's too,
    // unless the model grants something on that object to that role.
    let given: Vec<schema_core::Grant> = platform.iter().flat_map(|def| def.grants(live)).collect();
    for given in given {
        let declared = model
            .grants
            .iter()
            .any(|g| g.on == given.on && g.to == given.to);
        if declared {
            continue;
        }
        for grant in &mut live.grants {
            if grant.on == given.on
                && grant.to == given.to
                && grant.with_grant_option == given.with_grant_option
            {
                grant.privileges.retain(|p| !given.privileges.contains(p));
            }
        }
    }
    live.grants.retain(|g| !g.privileges.is_empty());
    let platform = |schema: &Option<String>| {
        schema
            .as_deref()
            .is_some_and(|s| SUPABASE_SCHEMAS.contains(&s))
    };
    live.extensions.retain(|extension| {
        !platform(&extension.schema) || model.extensions.iter().any(|e| e.name == extension.name)
    });
    live.opaque.retain(|object| {
        object.kind != "publication"
            || !SUPABASE_PUBLICATIONS.contains(&object.identity.as_str())
            || model
                .opaque
                .iter()
                .any(|o| o.kind == object.kind && o.identity == object.identity)
    });
    let holding: Vec<&str> = live
        .extensions
        .iter()
        .filter_map(|e| e.schema.as_deref())
        .collect();
    live.schemas
        .retain(|s| !SUPABASE_SCHEMAS.contains(&s.as_str()) || holding.contains(&s.as_str()));
}

/// Whether `def` is one of the default privileges Supabase's platform sets: those of its
/// roles `postgres` and `supabase_admin` (or of the role reading, which is `postgres` on
/// Supabase) in `public`, granting on tables, sequences and functions to `postgres`,
/// `anon`, `authenticated` and `service_role`. A model that declares none leaves them
/// alone; one that declares the same role, schema, objects and grantee manages them.
pub fn is_supabase_default_privilege(def: &DefaultPrivilege) -> bool {
    const OWNERS: &[&str] = &["postgres", "supabase_admin"];
    const GRANTEES: &[&str] = &["postgres", "anon", "authenticated", "service_role"];
    def.for_role.as_deref().is_none_or(|r| OWNERS.contains(&r))
        && def.in_schema.as_deref() == Some(DEFAULT_SCHEMA)
        && matches!(
            def.on,
            DefaultObjects::Tables | DefaultObjects::Sequences | DefaultObjects::Functions
        )
        && GRANTEES.contains(&def.to.as_str())
        && !def.revoke
}

/// A schema read from a database, with notes on what the model could not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introspection {
    /// The schema, validated.
    pub schema: Schema,
    /// What was left out or simplified, sorted by object.
    pub notes: Vec<Note>,
}

/// Reads the database's schema. What the model cannot hold is left out silently; use
/// [`introspect_with_notes`] to learn what.
pub fn introspect(
    client: &mut postgres::Client,
    options: &IntrospectOptions,
) -> Result<Schema, IntrospectError> {
    introspect_with_notes(client, options).map(|introspection| introspection.schema)
}

/// Reads the database's schema and reports what the model could not hold.
pub fn introspect_with_notes(
    client: &mut postgres::Client,
    options: &IntrospectOptions,
) -> Result<Introspection, IntrospectError> {
    let catalog = catalog::read(client, |all| options.select(all))?;
    let (mut schema, mut notes) = assemble::assemble(catalog);
    crate::normalize::normalize(&mut schema);
    // The database accepted what it holds; what a hand-written schema should not do (a
    // policy on a table without RLS) is reported, not refused.
    let (schema, suspicious) = schema_core::SchemaBuilder::from_schema(schema)
        .build_lenient()
        .map_err(IntrospectError::Unrepresentable)?;
    notes.extend(
        suspicious
            .into_iter()
            .map(|problem| Note::new(problem.object, problem.message)),
    );
    Ok(Introspection { schema, notes })
}

/// Why a database could not be read.
#[derive(Debug)]
pub enum IntrospectError {
    /// A catalog query failed.
    Database {
        /// What was being read.
        context: &'static str,
        /// The error.
        source: postgres::Error,
    },
    /// Schemas asked for that the database does not have.
    MissingSchemas(Vec<String>),
    /// The database holds something the model's rules reject.
    Unrepresentable(SchemaErrors),
}

impl fmt::Display for IntrospectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntrospectError::Database { context, source } => {
                write!(f, "{context}: {}", describe(source))
            }
            IntrospectError::MissingSchemas(names) => {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                let (noun, verb) = if names.len() == 1 {
                    ("schema", "does")
                } else {
                    ("schemas", "do")
                };
                write!(f, "{noun} {} {verb} not exist", names.join(", "))
            }
            IntrospectError::Unrepresentable(errors) => {
                write!(
                    f,
                    "the database holds what the model cannot represent; {errors}"
                )
            }
        }
    }
}

impl std::error::Error for IntrospectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IntrospectError::Database { source, .. } => Some(source),
            IntrospectError::Unrepresentable(errors) => Some(errors),
            IntrospectError::MissingSchemas(_) => None,
        }
    }
}

/// A database error in one line: the server's message (with its detail) when the server
/// sent one, otherwise the client's description with each underlying cause.
pub fn describe(error: &postgres::Error) -> String {
    let text = if let Some(db) = error.as_db_error() {
        match db.detail() {
            Some(detail) => format!("{} ({})", db.message(), detail.trim_end_matches('.')),
            None => db.message().to_string(),
        }
    } else {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::scope_platform_extensions;
    use schema_core::{Opaque, Schema};

    #[test]
    fn supabase_realtime_publications_are_left_alone_unless_declared() {
        let realtime = Opaque::new(
            "publication",
            "supabase_realtime",
            "CREATE PUBLICATION supabase_realtime WITH (publish = 'insert, update, delete, truncate');",
        );
        let own = Opaque::new(
            "publication",
            "orders_feed",
            "CREATE PUBLICATION orders_feed WITH (publish = 'insert');",
        );
        let live = Schema {
            opaque: vec![realtime.clone(), own.clone()],
            ..Schema::default()
        };
        let mut undeclared = live.clone();
        scope_platform_extensions(&mut undeclared, &Schema::default());
        assert_eq!(undeclared.opaque, [own]);
        let declared = Schema {
            opaque: vec![realtime],
            ..Schema::default()
        };
        let mut kept = live.clone();
        scope_platform_extensions(&mut kept, &declared);
        assert_eq!(kept.opaque, live.opaque);
    }
}
