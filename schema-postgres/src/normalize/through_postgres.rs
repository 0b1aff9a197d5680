//! Layer 2: Postgres as the normaliser of expressions (see the module docs above).

use super::{normalize, normalized};
use crate::introspect::{describe, introspect, IntrospectError, IntrospectOptions};
use crate::kinds::{domain, function, opaque, partition, trigger, view};
use crate::{statements, RenderOptions};
use postgres::{Client, Config, NoTls};
use schema_core::{IndexTarget, Schema, DEFAULT_SCHEMA};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The model with every expression and operator class spelled the way Postgres prints it.
///
/// Renders `model` (with stand-ins for its external objects), applies it to a throwaway
/// database created on the server `server` points at (the role needs `CREATEDB`), reads it
/// back, and takes from there, by object name, each column default and generation
/// expression, check expression, index key expression, operator class and predicate, and
/// policy `USING` / `WITH CHECK`. All the rest is the model's own, after the offline rules.
/// The throwaway database is dropped before returning, also on failure.
///
/// Roles are global to a Postgres server: the stand-ins create the roles the model's
/// policies name (`NOLOGIN`, where missing) and leave them. Point `server` at a
/// development or CI server, not at production.
pub fn canonical_expressions(server: &Config, model: &Schema) -> Result<Schema, CanonicalError> {
    let mut scratch = ScratchDatabase::create(server)?;
    // The throwaway database is a plain one: Citus's distribution calls (which change no
    // expression) are left out, as the server may not have Citus.
    let plain;
    let script_of = if model.tables.iter().any(|t| t.distribution.is_some()) {
        let mut copy = model.clone();
        copy.tables.iter_mut().for_each(|t| t.distribution = None);
        plain = copy;
        &plain
    } else {
        model
    };
    // Statement by statement, so that a rejection names the object at fault.
    for statement in statements(script_of, &RenderOptions { stand_ins: true }) {
        scratch.client.batch_execute(&statement.sql).map_err(|e| {
            CanonicalError::Apply(format!("{}: {}", statement.object, describe(&e)))
        })?;
    }
    let printed = introspect(
        &mut scratch.client,
        &IntrospectOptions::schemas(owned_schemas(model)),
    )
    .map_err(CanonicalError::Introspect)?;
    Ok(graft(model, &printed))
}

/// The schemas `model` owns objects in, `public` included: what to read back.
pub fn owned_schemas(model: &Schema) -> Vec<String> {
    let mut schemas: Vec<String> = model.schemas.clone();
    schemas.push(DEFAULT_SCHEMA.to_string());
    schemas.sort();
    schemas.dedup();
    schemas
}

/// `model`, offline-normalised, with Postgres's spelling from `printed` wherever both
/// have the same expression slot.
pub fn graft(model: &Schema, printed: &Schema) -> Schema {
    let mut out = normalized(model);
    for table in &mut out.tables {
        let Some(source) = printed.table(&table.name) else {
            continue;
        };
        for column in &mut table.columns {
            let Some(from) = source.column(&column.name) else {
                continue;
            };
            if column.default.is_some() && from.default.is_some() {
                column.default.clone_from(&from.default);
            }
            if column.generated.is_some() && from.generated.is_some() {
                column.generated.clone_from(&from.generated);
            }
        }
        for check in &mut table.checks {
            if let Some(from) = source.checks.iter().find(|c| c.name == check.name) {
                check.expression.clone_from(&from.expression);
            }
        }
        for exclusion in &mut table.exclusions {
            if let Some(from) = source.exclusions.iter().find(|e| e.name == exclusion.name) {
                exclusion.definition.clone_from(&from.definition);
            }
        }
        for index in &mut table.indexes {
            let Some(from) = source.indexes.iter().find(|i| i.name == index.name) else {
                continue;
            };
            if from.keys.len() == index.keys.len() {
                for (key, from) in index.keys.iter_mut().zip(&from.keys) {
                    if matches!(key.target, IndexTarget::Expression(_)) {
                        key.target = from.target.clone();
                    }
                    if key.opclass.is_some() {
                        key.opclass.clone_from(&from.opclass);
                    }
                }
            }
            if index.predicate.is_some() && from.predicate.is_some() {
                index.predicate.clone_from(&from.predicate);
            }
        }
        for policy in &mut table.policies {
            let Some(from) = source.policies.iter().find(|p| p.name == policy.name) else {
                continue;
            };
            if policy.using.is_some() && from.using.is_some() {
                policy.using.clone_from(&from.using);
            }
            if policy.with_check.is_some() && from.with_check.is_some() {
                policy.with_check.clone_from(&from.with_check);
            }
        }
    }
    for view in &mut out.views {
        view::graft(view, printed);
    }
    for table in &mut out.tables {
        if let Some(from) = printed.table(&table.name) {
            trigger::graft(&mut table.triggers, &from.triggers);
            partition::graft(table, from);
        }
    }
    for domain in &mut out.domains {
        domain::graft(domain, printed);
    }
    for function in &mut out.functions {
        function::graft(function, printed);
    }
    for object in &mut out.opaque {
        opaque::graft(object, printed);
    }
    normalize(&mut out);
    out
}

/// Why an expression could not be normalised through Postgres.
#[derive(Debug)]
pub enum CanonicalError {
    /// The server could not be reached, or the throwaway database not created.
    Server(String),
    /// Postgres rejected the rendered DDL.
    Apply(String),
    /// Reading the throwaway database back failed.
    Introspect(IntrospectError),
}

impl fmt::Display for CanonicalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CanonicalError::Server(message) => f.write_str(message),
            CanonicalError::Apply(message) => {
                write!(f, "Postgres rejected the schema's DDL: {message}")
            }
            CanonicalError::Introspect(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for CanonicalError {}

/// A database that exists for one normalisation and is dropped with this value.
struct ScratchDatabase {
    server: Config,
    name: String,
    client: Client,
}

impl ScratchDatabase {
    fn create(server: &Config) -> Result<Self, CanonicalError> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        // `SCHEMATA_SCRATCH_PREFIX` names them otherwise, for servers with naming rules.
        let prefix = std::env::var("SCHEMATA_SCRATCH_PREFIX")
            .ok()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "schemata_scratch".into());
        let name = schema_core::quote_ident(&format!(
            "{prefix}_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ))
        .into_owned();
        let server_error = |what: &str, e: postgres::Error| {
            CanonicalError::Server(format!("{what}: {}", describe(&e)))
        };
        let mut admin = server
            .connect(NoTls)
            .map_err(|e| server_error("cannot connect to the server", e))?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| server_error("cannot create a throwaway database", e))?;
        let mut config = server.clone();
        config.dbname(&name);
        match config.connect(NoTls) {
            Ok(client) => Ok(ScratchDatabase {
                server: server.clone(),
                name,
                client,
            }),
            Err(e) => {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"));
                Err(server_error("cannot connect to the throwaway database", e))
            }
        }
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        // FORCE ends our own connection too. A failure leaves a database whose name says
        // where it came from; there is nobody to report it to here.
        if let Ok(mut admin) = self.server.connect(NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
