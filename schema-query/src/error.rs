//! What running a statement can fail with, in the words of the schema: the table, the
//! column, the Rust type and the Postgres type, and the server's own message.

use std::fmt;

type Source = Box<dyn std::error::Error + Send + Sync>;

/// A statement that failed: the server refused it, a value did not decode into its Rust
/// type, or it did not return the one row it had to.
///
/// Boxed, so that the `Result`s of every statement stay one pointer wide on the error side.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: Kind,
    /// The statement's SQL, when the failure is about one.
    sql: Option<String>,
    source: Option<Source>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// The server refused the statement (a constraint, a type, a permission...).
    Server {
        /// The server's message.
        message: String,
        /// Its `DETAIL`, such as the key that was already there.
        detail: Option<String>,
        /// The SQLSTATE code, such as `23505` for a unique violation.
        code: String,
        /// The table the server names, if any.
        table: Option<String>,
        /// The column the server names, if any.
        column: Option<String>,
        /// The constraint the server names, if any.
        constraint: Option<String>,
    },
    /// A column's value did not decode into the Rust type of its field.
    Decode {
        /// The table (or view) the column was read for, when known.
        table: Option<String>,
        /// The column, as the result names it.
        column: String,
        /// The Rust type it was read into.
        rust_type: &'static str,
        /// The Postgres type the server sent.
        pg_type: String,
    },
    /// A value could not be sent as a parameter of the statement.
    Encode,
    /// `fetch_one` found no row, or more than one.
    RowCount {
        /// How many rows came back.
        found: usize,
    },
    /// The driver failed otherwise: connecting, the connection closed...
    Driver,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &Kind {
        &self.0.kind
    }

    /// The SQL of the statement that failed, when the failure is about one.
    pub fn sql(&self) -> Option<&str> {
        self.0.sql.as_deref()
    }

    #[doc(hidden)]
    pub fn new(kind: Kind, source: Option<Source>) -> Self {
        Error(Box::new(Inner {
            kind,
            sql: None,
            source,
        }))
    }

    #[doc(hidden)]
    pub fn decode(
        column: impl Into<String>,
        rust_type: &'static str,
        pg_type: impl Into<String>,
        source: Source,
    ) -> Self {
        Error::new(
            Kind::Decode {
                table: None,
                column: column.into(),
                rust_type,
                pg_type: pg_type.into(),
            },
            Some(source),
        )
    }

    /// Names the table of a decoding error, where the caller knows it and the driver did
    /// not.
    #[doc(hidden)]
    pub fn in_table(mut self, name: &str) -> Self {
        if let Kind::Decode { table, .. } = &mut self.0.kind {
            table.get_or_insert_with(|| name.to_string());
        }
        self
    }

    #[doc(hidden)]
    pub fn with_sql(mut self, sql: &str) -> Self {
        self.0.sql.get_or_insert_with(|| sql.to_string());
        self
    }

    pub(crate) fn row_count(found: usize) -> Self {
        Error::new(Kind::RowCount { found }, None)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner { kind, sql, source } = &*self.0;
        match kind {
            Kind::Server {
                message,
                detail,
                code,
                table,
                column,
                constraint,
            } => {
                write!(
                    f,
                    "the server refused the statement: {message} (SQLSTATE {code}"
                )?;
                for (what, name) in [
                    ("table", table),
                    ("column", column),
                    ("constraint", constraint),
                ] {
                    if let Some(name) = name {
                        write!(f, ", {what} `{name}`")?;
                    }
                }
                f.write_str(")")?;
                if let Some(detail) = detail {
                    write!(f, "; {detail}")?;
                }
            }
            Kind::Decode {
                table,
                column,
                rust_type,
                pg_type,
            } => {
                let column = match table {
                    Some(table) => format!("{table}.{column}"),
                    None => column.clone(),
                };
                write!(
                    f,
                    "column `{column}` (Postgres type `{pg_type}`) cannot be read as `{rust_type}`"
                )?;
                if let Some(source) = source {
                    write!(f, ": {source}")?;
                }
            }
            Kind::Encode => {
                f.write_str("a value cannot be sent as a parameter")?;
                if let Some(source) = source {
                    write!(f, ": {source}")?;
                }
            }
            Kind::RowCount { found } => write!(
                f,
                "expected exactly one row, the statement returned {found}"
            )?,
            Kind::Driver => {
                f.write_str("the database driver failed")?;
                if let Some(source) = source {
                    write!(f, ": {source}")?;
                }
            }
        }
        if let Some(sql) = sql {
            write!(f, "\n  in: {sql}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}
