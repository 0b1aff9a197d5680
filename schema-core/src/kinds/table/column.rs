//! Columns: their model (type, nullability, default, identity, generation), their checks
//! and their diff.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::sequence::option_problems;
use crate::{QualifiedName, Schema, SchemaError, SequenceOptions, SqlType, TableDef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column type.
    #[serde(rename = "type")]
    pub ty: SqlType,
    /// Whether NULL is allowed (`Option<T>` fields).
    pub nullable: bool,
    /// The `DEFAULT` clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `GENERATED ... AS IDENTITY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The options of an identity column's sequence (`START WITH`, `INCREMENT BY`, ...),
    /// without `data_type`: the sequence has the column's type.
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub identity_options: SequenceOptions,
    /// `GENERATED ALWAYS AS (expression) STORED`: the expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// `COLLATE`: the collation, where not the type's default: a built-in one (`C`,
    /// `und-x-icu`) or a [`CollationDef`](crate::CollationDef)'s name, qualified outside
    /// `public` (`app.case_insensitive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `COMMENT ON COLUMN` text, from the field's doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `SET STORAGE`: how Postgres stores the column's values, where not its type's
    /// default (`EXTERNAL` keeps long text uncompressed, for fast substrings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
    /// `COMPRESSION`: how long values are compressed, where not the server's
    /// `default_toast_compression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
    /// `SET STATISTICS`: how many values `ANALYZE` samples for the planner (0 to 10000),
    /// where not the server's `default_statistics_target`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<i32>,
    /// `SET (n_distinct = ...)`: the number of distinct values the planner assumes instead
    /// of what `ANALYZE` estimates; negative, minus the fraction of the rows (`-1`: all
    /// distinct). Kept as written (`0.5`, `-1`, `1e3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_distinct: Option<String>,
    /// `SET (n_distinct_inherited = ...)`: the same for the table with its inheritance
    /// children or partitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_distinct_inherited: Option<String>,
    /// The column's former name, for the diff engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

impl Column {
    /// A column with just a name, a type and nullability.
    pub fn new(name: impl Into<String>, ty: SqlType, nullable: bool) -> Self {
        Column {
            name: name.into(),
            ty,
            nullable,
            default: None,
            identity: None,
            identity_options: SequenceOptions::default(),
            generated: None,
            collation: None,
            comment: None,
            storage: None,
            compression: None,
            statistics: None,
            n_distinct: None,
            n_distinct_inherited: None,
            renamed_from: None,
        }
    }

    /// The column with `COLLATE collation`.
    pub fn collate(mut self, collation: &str) -> Self {
        self.collation = Some(collation.to_string());
        self
    }

    /// The column with `SET STORAGE storage`.
    pub fn storage(mut self, storage: Storage) -> Self {
        self.storage = Some(storage);
        self
    }

    /// The column with `COMPRESSION compression`.
    pub fn compression(mut self, compression: Compression) -> Self {
        self.compression = Some(compression);
        self
    }

    /// The column with `SET STATISTICS target`.
    pub fn statistics(mut self, target: i32) -> Self {
        self.statistics = Some(target);
        self
    }

    /// The column with `SET (n_distinct = value)`.
    pub fn n_distinct(mut self, value: f64) -> Self {
        self.n_distinct = Some(value.to_string());
        self
    }

    /// The column with `SET (n_distinct_inherited = value)`.
    pub fn n_distinct_inherited(mut self, value: f64) -> Self {
        self.n_distinct_inherited = Some(value.to_string());
        self
    }

    /// The attribute options Postgres keeps in `attoptions`, by name: `n_distinct` and
    /// `n_distinct_inherited` where set.
    pub fn attribute_options(&self) -> BTreeMap<String, String> {
        [
            ("n_distinct", &self.n_distinct),
            ("n_distinct_inherited", &self.n_distinct_inherited),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.clone()?)))
        .collect()
    }

    /// The identity options in canonical form for the column's type: every option equal to
    /// Postgres's default for an identity sequence of that type is `None`.
    pub fn canonical_identity_options(&self) -> SequenceOptions {
        let typed = SequenceOptions {
            data_type: Some(self.ty.clone()),
            ..self.identity_options.clone()
        };
        SequenceOptions {
            data_type: None,
            ..typed.canonical()
        }
    }
}

/// A column default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    /// A SQL expression, written verbatim: `now()`, `gen_random_uuid()`, `'{}'::jsonb`.
    Expression(String),
    /// A literal value, escaped by the renderer.
    Literal(Literal),
}

/// A literal value in a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    /// A string: rendered as an escaped SQL string literal.
    Text(String),
    /// A number, kept as written (`42`, `-1.5`).
    Number(String),
    /// `true` or `false`.
    Boolean(bool),
}

/// How Postgres stores a column's values (`SET STORAGE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// `PLAIN`: inline and uncompressed (the only choice for fixed-size types).
    Plain,
    /// `EXTERNAL`: out of line when long, uncompressed: fast substrings of long text.
    External,
    /// `EXTENDED`: compressed, then out of line when still long (text's default).
    Extended,
    /// `MAIN`: compressed, out of line only as a last resort.
    Main,
}

impl Storage {
    /// Every kind of storage with the spelling users write in attributes.
    pub const ALL: [(&'static str, Storage); 4] = [
        ("plain", Storage::Plain),
        ("external", Storage::External),
        ("extended", Storage::Extended),
        ("main", Storage::Main),
    ];

    /// The SQL keyword (`SET STORAGE EXTERNAL`).
    pub fn as_str(self) -> &'static str {
        match self {
            Storage::Plain => "PLAIN",
            Storage::External => "EXTERNAL",
            Storage::Extended => "EXTENDED",
            Storage::Main => "MAIN",
        }
    }

    /// The storage Postgres gives a column of `ty` (its type's `typstorage`), for the types
    /// it knows; `None` for others (custom types, domains).
    pub fn default_for(ty: &SqlType) -> Option<Storage> {
        Some(match ty {
            SqlType::Boolean
            | SqlType::SmallInt
            | SqlType::Integer
            | SqlType::BigInt
            | SqlType::Real
            | SqlType::DoublePrecision
            | SqlType::Uuid
            | SqlType::Date
            | SqlType::Time
            | SqlType::Timestamp
            | SqlType::Timestamptz
            | SqlType::Interval
            | SqlType::Enum(_) => Storage::Plain,
            SqlType::Numeric { .. } | SqlType::Inet => Storage::Main,
            SqlType::Text
            | SqlType::Varchar { .. }
            | SqlType::Char { .. }
            | SqlType::Bytea
            | SqlType::Json
            | SqlType::Jsonb
            | SqlType::Tsvector
            | SqlType::Array(_) => Storage::Extended,
            SqlType::Custom(_) => return None,
        })
    }
}

/// How a column's long values are compressed (`COMPRESSION`, Postgres 14 and later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    /// `pglz`, built into every server.
    Pglz,
    /// `lz4`, faster; only on a server built with it.
    Lz4,
}

impl Compression {
    /// Every method with its name in SQL and attributes.
    pub const ALL: [(&'static str, Compression); 2] =
        [("pglz", Compression::Pglz), ("lz4", Compression::Lz4)];

    /// The method's name in SQL (`COMPRESSION lz4`).
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::Pglz => "pglz",
            Compression::Lz4 => "lz4",
        }
    }
}

/// Identity column kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`: inserts may not supply a value.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`: inserts may supply a value.
    ByDefault,
}

/// Checks the columns of `table`.
pub(crate) fn validate(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    for column in &table.columns {
        // Described only for a problem: most columns have none.
        let object = || format!("column `{}.{}`", table.name, column.name);
        let mut problem = |message: String| errors.push(error(object(), message));
        if let SqlType::Enum(name) = column.ty.element() {
            if schema.enum_type(name).is_none() {
                problem(format!(
                    "uses enum type `{name}`, which is not registered; add it with `.enum_type::<...>()`"
                ));
            }
        }
        // The derive of a table does not see its enums' labels: a misspelt `default_value`
        // is caught here, before Postgres refuses the `CREATE TABLE`.
        if let (SqlType::Enum(name), Some(DefaultValue::Literal(Literal::Text(label)))) =
            (&column.ty, &column.default)
        {
            if let Some(enum_type) = schema.enum_type(name) {
                if !enum_type.values.iter().any(|value| &value.label == label) {
                    let labels: Vec<&str> =
                        enum_type.values.iter().map(|v| v.label.as_str()).collect();
                    problem(format!(
                        "has `default_value = \"{label}\"`, which is not a label of enum type `{name}` (its labels: {})",
                        labels.join(", ")
                    ));
                }
            }
        }
        if column.identity.is_some() && !column.ty.is_integer() {
            problem(format!(
                "is an identity column but has type `{}`; identity needs smallint, integer or bigint",
                column.ty
            ));
        }
        if column.identity.is_some() && column.default.is_some() {
            problem("has both `identity` and `default`; an identity column takes its values from its sequence".into());
        }
        if column.generated.is_some() && column.default.is_some() {
            problem(
                "has both `generated` and `default`; a generated column cannot have a default"
                    .into(),
            );
        }
        if column.generated.is_some() && column.identity.is_some() {
            problem("is both `generated` and `identity`; choose one".into());
        }
        storage_problems(column, &mut problem);
        if !column.identity_options.is_default() {
            if column.identity.is_none() {
                problem(
                    "has identity options but is not an identity column; add `identity`".into(),
                );
            } else if column.identity_options.data_type.is_some() {
                problem("sets the type of its identity sequence; the sequence has the column's type, leave `data_type` out".into());
            } else if column.ty.is_integer() {
                let typed = SequenceOptions {
                    data_type: Some(column.ty.clone()),
                    ..column.identity_options.clone()
                };
                for message in option_problems(&typed) {
                    problem(format!("has an identity sequence that {message}"));
                }
            }
        }
    }
    if let Some(pk) = &table.primary_key {
        for name in &pk.columns {
            if table.column(name).is_some_and(|c| c.nullable) {
                errors.push(error(
                    format!("column `{}.{name}`", table.name),
                    "is part of the primary key but nullable; primary key columns are NOT NULL, so do not use `Option<T>`".into(),
                ));
            }
        }
    }
}

/// The storage, compression and planner settings of a column: values Postgres takes, and
/// none that it would store as the default, which could never be read back as written.
fn storage_problems(column: &Column, problem: &mut impl FnMut(String)) {
    let default = Storage::default_for(&column.ty);
    if let (Some(storage), Some(default)) = (column.storage, default) {
        if storage == default {
            problem(format!(
                "has `storage = \"{}\"`, which is already the default of type `{}`; leave it out",
                storage.as_str().to_lowercase(),
                column.ty
            ));
        } else if default == Storage::Plain {
            problem(format!(
                "has `storage = \"{}\"`, but type `{}` is fixed-size and can only be stored plain",
                storage.as_str().to_lowercase(),
                column.ty
            ));
        }
    }
    if let (Some(compression), Some(Storage::Plain)) = (column.compression, default) {
        problem(format!(
            "has `compression = \"{}\"`, but type `{}` is fixed-size and never compressed",
            compression.as_str(),
            column.ty
        ));
    }
    if let Some(target) = column.statistics {
        if !(0..=10000).contains(&target) {
            problem(format!(
                "has `statistics = {target}`; the statistics target goes from 0 to 10000 (leave it out for the server's default)"
            ));
        }
    }
    for (name, value) in column.attribute_options() {
        match value.trim().parse::<f64>() {
            Ok(number) if number.is_finite() && number >= -1.0 => {}
            _ => problem(format!(
                "has `{name} = {value}`; it takes a number of distinct values, or minus the fraction of the rows from -1 to 0"
            )),
        }
    }
}

pub(crate) fn diff(table: &QualifiedName, old: &[Column], new: &[Column], out: &mut Vec<Change>) {
    // Column order is not compared: Postgres only appends columns, so a column added in
    // the middle of the new list lands at the end, and asking for a rewrite to move it
    // would be out of all proportion.
    let matched = match_by(old, new, |c| &c.name);
    for column in matched.removed {
        out.push(Change::DropColumn {
            table: table.clone(),
            column: column.clone(),
        });
    }
    for column in matched.added {
        out.push(Change::AddColumn {
            table: table.clone(),
            column: column.clone(),
        });
    }
    for (a, b) in matched.common {
        let column = || b.name.clone();
        if a.ty != b.ty {
            out.push(Change::AlterColumnType {
                table: table.clone(),
                column: column(),
                from: a.ty.clone(),
                to: b.ty.clone(),
            });
        }
        if a.collation != b.collation {
            out.push(Change::SetColumnCollation {
                table: table.clone(),
                column: column(),
                from: a.collation.clone(),
                to: b.collation.clone(),
            });
        }
        if a.nullable != b.nullable {
            out.push(Change::SetColumnNullable {
                table: table.clone(),
                column: column(),
                nullable: b.nullable,
            });
        }
        if a.default != b.default {
            out.push(Change::SetColumnDefault {
                table: table.clone(),
                column: column(),
                default: b.default.clone(),
            });
        }
        if a.identity != b.identity {
            out.push(Change::SetColumnIdentity {
                table: table.clone(),
                column: column(),
                from: a.identity,
                to: b.identity,
            });
        }
        let options = (
            a.canonical_identity_options(),
            b.canonical_identity_options(),
        );
        if b.identity.is_some() && options.0 != options.1 {
            out.push(Change::SetColumnIdentityOptions {
                table: table.clone(),
                column: column(),
                from: options.0,
                to: options.1,
            });
        }
        if a.generated != b.generated {
            out.push(Change::SetColumnGenerated {
                table: table.clone(),
                column: column(),
                from: a.generated.clone(),
                to: b.generated.clone(),
            });
        }
        // A new type gets the storage and compression of that type: what the column had
        // is gone, so what it should have is set again.
        // (A collation is changed with the type too.)
        let retyped = a.ty != b.ty || a.collation != b.collation;
        let storage = if retyped { None } else { a.storage };
        if storage != b.storage {
            out.push(Change::SetColumnStorage {
                table: table.clone(),
                column: column(),
                from: storage,
                to: b.storage,
            });
        }
        let compression = if retyped { None } else { a.compression };
        if compression != b.compression {
            out.push(Change::SetColumnCompression {
                table: table.clone(),
                column: column(),
                from: compression,
                to: b.compression,
            });
        }
        if a.statistics != b.statistics {
            out.push(Change::SetColumnStatistics {
                table: table.clone(),
                column: column(),
                from: a.statistics,
                to: b.statistics,
            });
        }
        let options = (a.attribute_options(), b.attribute_options());
        if options.0 != options.1 {
            out.push(Change::SetColumnOptions {
                table: table.clone(),
                column: column(),
                from: options.0,
                to: options.1,
            });
        }
        if a.comment != b.comment {
            out.push(Change::SetColumnComment {
                table: table.clone(),
                column: column(),
                comment: b.comment.clone(),
            });
        }
    }
}
