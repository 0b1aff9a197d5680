//! Checking a schema against a real Postgres: what only the server knows, such as whether
//! a function body, a view's query or a policy's expression is valid SQL over the schema,
//! named by the object it belongs to.
//!
//! ```no_run
//! # fn schema() -> schema_core::Schema { schema_core::Schema::default() }
//! use schema_postgres::{check::check, RenderOptions};
//! let mut client = postgres::Client::connect(
//!     "postgres://postgres:postgres@127.0.0.1:5432/scratch",
//!     postgres::NoTls,
//! )?;
//! if let Err(rejection) = check(&mut client, &schema(), &RenderOptions { stand_ins: true }) {
//!     eprintln!("{rejection}"); // function `public.is_admin`: Postgres rejects it: ...
//! }
//! # Ok::<(), postgres::Error>(())
//! ```

use crate::{statements, RenderOptions};
use postgres::Client;
use schema_core::Schema;
use std::fmt;

/// Why Postgres would not take a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The object at fault, as the builder's errors name objects:
    /// ``function `public.is_admin` ``.
    pub object: String,
    /// What is wrong: Postgres's message (with its detail and hint), or a type mismatch.
    pub message: String,
    /// The statement Postgres refused, when it refused one.
    pub statement: Option<String>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.message)
    }
}

impl std::error::Error for Rejection {}

/// Applies the schema's DDL to the database `client` is connected to, one statement at a
/// time inside a transaction that is always rolled back, then compares each view's
/// declared column types with the ones Postgres inferred. The first statement Postgres
/// refuses, or the first view column whose type differs, is returned, naming its object.
///
/// Run it on an empty database: the DDL creates every object and fails on one that
/// exists. Everything is undone, except what Postgres cannot roll back: nothing here.
/// (Roles belong to the cluster, but `CREATE ROLE` is transactional too.)
pub fn check(
    client: &mut Client,
    schema: &Schema,
    options: &RenderOptions,
) -> Result<(), Rejection> {
    let mut transaction = client.transaction().map_err(|e| Rejection {
        object: "the connection".into(),
        message: crate::introspect::describe(&e),
        statement: None,
    })?;
    for statement in statements(schema, options) {
        if let Err(error) = transaction.batch_execute(&statement.sql) {
            return Err(Rejection {
                object: statement.object,
                message: format!("Postgres rejects it: {}", message(&error)),
                statement: Some(statement.sql),
            });
        }
    }
    for view in &schema.views {
        let rows = transaction
            .query(
                "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod)
                 FROM pg_catalog.pg_attribute a
                 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum",
                &[&view.name.schema, &view.name.name],
            )
            .map_err(|e| Rejection {
                object: format!("{} `{}`", view.kind(), view.name),
                message: crate::introspect::describe(&e),
                statement: None,
            })?;
        let inferred: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        for (column, (name, ty)) in view.columns.iter().zip(&inferred) {
            let declared = schema_core::SqlType::parse(&column.ty.to_string());
            let actual = schema_core::SqlType::parse(ty);
            // `format_type` leaves out the schema of a type on the search path.
            let same = declared == actual
                || matches!((&declared, &actual), (schema_core::SqlType::Enum(e), schema_core::SqlType::Custom(t)) if &e.name == t);
            if !same || &column.name != name {
                return Err(Rejection {
                    object: format!("{} `{}`", view.kind(), view.name),
                    message: format!(
                        "declares column `{}` as `{}`, but Postgres makes its query's column `{name}` of type `{ty}`",
                        column.name, column.ty
                    ),
                    statement: None,
                });
            }
        }
        if inferred.len() != view.columns.len() {
            return Err(Rejection {
                object: format!("{} `{}`", view.kind(), view.name),
                message: format!(
                    "declares {} column(s), but its query produces {}",
                    view.columns.len(),
                    inferred.len()
                ),
                statement: None,
            });
        }
    }
    // Dropping the transaction rolls it back.
    Ok(())
}

/// Postgres's message with its detail and hint, on one line.
fn message(error: &postgres::Error) -> String {
    let Some(db) = error.as_db_error() else {
        return crate::introspect::describe(error);
    };
    let mut text = db.message().to_string();
    if let Some(detail) = db.detail() {
        text.push_str(&format!(" ({})", detail.trim_end_matches('.')));
    }
    if let Some(hint) = db.hint() {
        text.push_str(&format!("; hint: {}", hint.trim_end_matches('.')));
    }
    text
}
