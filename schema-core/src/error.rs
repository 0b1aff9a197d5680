//! What validation reports: one problem with the object it is about, and its severity.

use std::fmt;

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

pub(crate) fn error(object: String, message: String) -> SchemaError {
    SchemaError {
        object,
        message,
        severity: Severity::Error,
    }
}

/// A problem Postgres itself accepts but that is almost certainly a mistake in a schema
/// someone writes; a schema read from a database may still have it.
pub(crate) fn suspicious(object: String, message: String) -> SchemaError {
    SchemaError {
        severity: Severity::Suspicious,
        ..error(object, message)
    }
}
