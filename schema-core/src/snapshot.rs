//! Snapshots: a schema as JSON, to commit beside migrations and read in a code review.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "schema": {
//!     "tables": [ ... ]
//!   }
//! }
//! ```
//!
//! - `format_version` comes first and is read before anything else, so a snapshot written
//!   by a newer schemata is refused with a clear error instead of being misread.
//! - `schema` is the [`Schema`] as serde writes it: every collection is a list sorted by
//!   name (the builder sorts them), never a map, and fields keep their declaration order,
//!   so equal schemas give byte-identical snapshots. Empty lists, `false` flags and
//!   default settings are left out to keep the text short.
//! - The text is pretty-printed with two-space indentation and ends with a newline.
//!
//! Reading a snapshot checks it the way [`Schema::builder`] checks code: a snapshot that
//! contradicts itself (a foreign key to a table it does not have) is an error naming the
//! object, and malformed JSON is an error naming the line and column.
//!
//! ```
//! use schema_core::{snapshot, Column, QualifiedName, Schema, SqlType, TableDef};
//! let users = TableDef::new(QualifiedName::parse("users"))
//!     .with_column(Column::new("id", SqlType::Uuid, false));
//! let schema = Schema::builder().add_table(users).build().unwrap();
//! let json = snapshot::to_json(&schema);
//! assert!(json.starts_with("{\n  \"format_version\": 1,\n"));
//! assert_eq!(snapshot::from_json(&json).unwrap(), schema);
//! ```

use crate::{Schema, SchemaBuilder, SchemaErrors};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The snapshot format this version of schemata writes and reads.
pub const FORMAT_VERSION: u64 = 1;

#[derive(Serialize)]
struct SnapshotOut<'a> {
    format_version: u64,
    schema: &'a Schema,
}

/// Only the version: parsing this checks the JSON syntax of the whole text without
/// interpreting anything else, so a future format is recognised before its body is read.
#[derive(Deserialize)]
struct Header {
    format_version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn {
    #[allow(dead_code)] // Checked through `Header`.
    format_version: u64,
    schema: Schema,
}

/// Writes a schema as snapshot JSON: pretty-printed, deterministic, newline-terminated.
pub fn to_json(schema: &Schema) -> String {
    let snapshot = SnapshotOut {
        format_version: FORMAT_VERSION,
        schema,
    };
    let mut json =
        serde_json::to_string_pretty(&snapshot).expect("a schema always serializes to JSON");
    json.push('\n');
    json
}

/// Reads snapshot JSON back into a schema, checking the format version first and the
/// schema itself last.
pub fn from_json(text: &str) -> Result<Schema, SnapshotError> {
    let schema = part_from_json(text)?;
    // A snapshot may come from a live database, which can hold what Postgres accepts but a
    // hand-written schema should not (a policy on a table without RLS): only what Postgres
    // would reject makes it invalid.
    SchemaBuilder::from_schema(schema)
        .build_lenient()
        .map(|(schema, _)| schema)
        .map_err(SnapshotError::Invalid)
}

/// Reads snapshot JSON of part of a schema, checking the format version but not the
/// schema, which may use what the rest declares: start a [`SchemaBuilder::from_schema`]
/// with it, add the rest, and `build` checks the whole. `schemactl codegen` writes what it
/// does not write as Rust into such a part.
pub fn part_from_json(text: &str) -> Result<Schema, SnapshotError> {
    let header: Header = serde_json::from_str(text).map_err(SnapshotError::json)?;
    match header.format_version {
        None => return Err(SnapshotError::MissingVersion),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
        Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|n| n > FORMAT_VERSION) => {
            return Err(SnapshotError::NewerVersion(n.as_u64().unwrap_or_default()));
        }
        Some(other) => return Err(SnapshotError::UnknownVersion(other.to_string())),
    }
    let snapshot: SnapshotIn = serde_json::from_str(text).map_err(SnapshotError::json)?;
    Ok(snapshot.schema)
}

/// Why a snapshot could not be read.
#[derive(Debug)]
pub enum SnapshotError {
    /// Not JSON, or JSON that does not have the snapshot's shape.
    Json {
        /// Whether the text is not JSON at all (rather than JSON of the wrong shape).
        syntax: bool,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// No `format_version` field.
    MissingVersion,
    /// Written by a newer schemata, in a format this one does not know.
    NewerVersion(u64),
    /// A `format_version` that no schemata ever wrote.
    UnknownVersion(String),
    /// Well-formed, but the schema contradicts itself.
    Invalid(SchemaErrors),
}

impl SnapshotError {
    fn json(error: serde_json::Error) -> Self {
        // serde_json's message ends with the position, which we report in our own words.
        let text = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
        SnapshotError::Json {
            syntax: matches!(
                error.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            ),
            line: error.line(),
            column: error.column(),
            message,
        }
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Json {
                syntax: true,
                line,
                column,
                message,
            } => write!(
                f,
                "malformed snapshot JSON at line {line}, column {column}: {message}"
            ),
            SnapshotError::Json {
                syntax: false,
                line,
                column,
                message,
            } => write!(
                f,
                "the snapshot does not fit format version {FORMAT_VERSION} at line {line}, column {column}: {message}"
            ),
            SnapshotError::MissingVersion => f.write_str(
                "the snapshot has no `format_version`; a schemata snapshot starts with `\"format_version\": 1`",
            ),
            SnapshotError::NewerVersion(version) => write!(
                f,
                "the snapshot has format version {version}, newer than the version {FORMAT_VERSION} this schemata reads; upgrade schemata"
            ),
            SnapshotError::UnknownVersion(version) => write!(
                f,
                "the snapshot has format version {version}, which is not a known version; this schemata reads version {FORMAT_VERSION}"
            ),
            SnapshotError::Invalid(errors) => {
                write!(f, "the snapshot describes an invalid schema; {errors}")
            }
        }
    }
}

impl std::error::Error for SnapshotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SnapshotError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Column, ForeignKey, QualifiedName, SqlType, TableDef};

    fn sample() -> Schema {
        let users = TableDef::new(QualifiedName::parse("users"))
            .with_column(Column::new("id", SqlType::Uuid, false))
            .with_primary_key(None, &["id"]);
        let posts = TableDef::new(QualifiedName::parse("app.posts"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("author", SqlType::Uuid, true))
            .with_foreign_key(
                None,
                ForeignKey {
                    comment: Default::default(),
                    match_full: Default::default(),
                    name: String::new(),
                    columns: vec!["author".into()],
                    references: QualifiedName::parse("users"),
                    referenced_columns: vec![],
                    on_delete: Default::default(),
                    on_update: Default::default(),
                    deferrable: Default::default(),
                },
            );
        Schema::builder()
            .add_table(users)
            .add_table(posts)
            .build()
            .unwrap()
    }

    #[test]
    fn writes_version_first_and_reads_back() {
        let schema = sample();
        let json = to_json(&schema);
        assert!(json.starts_with("{\n  \"format_version\": 1,\n  \"schema\": {"));
        assert!(json.ends_with("}\n"));
        assert_eq!(from_json(&json).unwrap(), schema);
        assert_eq!(to_json(&from_json(&json).unwrap()), json);
    }

    #[test]
    fn refuses_other_versions_before_reading_the_body() {
        // The body would not parse as version 1; the version is the error reported.
        let future = r#"{"format_version": 2, "schema": {"tables": "a new shape"}}"#;
        assert_eq!(
            from_json(future).unwrap_err().to_string(),
            "the snapshot has format version 2, newer than the version 1 this schemata reads; upgrade schemata"
        );
        let odd = r#"{"format_version": "1", "schema": {}}"#;
        assert_eq!(
            from_json(odd).unwrap_err().to_string(),
            "the snapshot has format version \"1\", which is not a known version; this schemata reads version 1"
        );
        assert!(matches!(
            from_json(r#"{"schema": {}}"#),
            Err(SnapshotError::MissingVersion)
        ));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let text = "{\n  \"format_version\": 1,\n  \"schema\": {\n    \"tables\": [}\n}";
        assert_eq!(
            from_json(text).unwrap_err().to_string(),
            "malformed snapshot JSON at line 4, column 16: expected value"
        );
        let wrong_shape =
            "{\n  \"format_version\": 1,\n  \"schema\": {\"tables\": [{\"name\": 3}]}\n}";
        assert_eq!(
            from_json(wrong_shape).unwrap_err().to_string(),
            "the snapshot does not fit format version 1 at line 3, column 34: invalid type: integer `3`, expected struct QualifiedName"
        );
    }

    #[test]
    fn a_contradicting_snapshot_names_the_object() {
        let mut schema = sample();
        schema.tables.retain(|t| t.name.name != "users");
        let error = from_json(&to_json(&schema)).unwrap_err().to_string();
        assert!(
            error.contains("foreign key `posts_author_fkey` on table `app.posts`: references table `public.users`, which is not declared"),
            "{error}"
        );
    }
}
