//! Sequences: standalone ones (`CREATE SEQUENCE`) and those behind `serial` columns (owned by
//! the column, read through its `nextval(...)` default); their checks and their diff.
//!
//! Options are kept in canonical form: an option equal to Postgres's default for the
//! sequence's type and direction is `None`, so a sequence written with no options and the
//! same sequence read from the catalog (where every option has a value) are equal.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::{Kind, Namespace};
use crate::validate::identifier_length;
use crate::{QualifiedName, Schema, SchemaBuilder, SchemaError, SqlType};
use serde::{Deserialize, Serialize};

/// `CREATE SEQUENCE`.
///
/// ```
/// use schema_core::{SequenceDef, Schema};
/// let schema = Schema::builder()
///     .add_sequence(SequenceDef::new("public.invoice_number").start(1000).increment(1))
///     .build()
///     .unwrap();
/// assert_eq!(schema.sequences[0].options.start, Some(1000));
/// // Postgres's default increment is 1, so it is not kept.
/// assert_eq!(schema.sequences[0].options.increment, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceDef {
    /// Schema-qualified name; sequences share a namespace with tables, views and indexes.
    pub name: QualifiedName,
    /// `AS`, `INCREMENT`, `MINVALUE`, `MAXVALUE`, `START`, `CACHE`, `CYCLE`.
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub options: SequenceOptions,
    /// `OWNED BY table.column`: dropped with the column (what `serial` does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<SequenceOwner>,
    /// `COMMENT ON SEQUENCE` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The column a sequence belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SequenceOwner {
    /// The table, in the sequence's schema.
    pub table: QualifiedName,
    /// The column.
    pub column: String,
}

/// A sequence's options; `None` (or `false`) is Postgres's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOptions {
    /// `AS smallint | integer | bigint`; bigint when `None`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<SqlType>,
    /// `INCREMENT BY`; 1 when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    /// `MINVALUE`; 1 ascending, the type's minimum descending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// `MAXVALUE`; the type's maximum ascending, -1 descending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// `START WITH`; the minimum ascending, the maximum descending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// `CACHE`; 1 when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    /// `CYCLE`: wrap around instead of failing at the limit.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

impl SequenceDef {
    /// A sequence with Postgres's default options.
    pub fn new(name: &str) -> Self {
        SequenceDef {
            name: QualifiedName::parse(name),
            options: SequenceOptions::default(),
            owned_by: None,
            comment: None,
        }
    }

    /// `AS smallint | integer | bigint`.
    pub fn data_type(mut self, ty: SqlType) -> Self {
        self.options.data_type = Some(ty);
        self
    }

    /// `INCREMENT BY`.
    pub fn increment(mut self, by: i64) -> Self {
        self.options.increment = Some(by);
        self
    }

    /// `MINVALUE`.
    pub fn min_value(mut self, value: i64) -> Self {
        self.options.min_value = Some(value);
        self
    }

    /// `MAXVALUE`.
    pub fn max_value(mut self, value: i64) -> Self {
        self.options.max_value = Some(value);
        self
    }

    /// `START WITH`.
    pub fn start(mut self, value: i64) -> Self {
        self.options.start = Some(value);
        self
    }

    /// `CACHE`.
    pub fn cache(mut self, values: i64) -> Self {
        self.options.cache = Some(values);
        self
    }

    /// `CYCLE`.
    pub fn cycle(mut self) -> Self {
        self.options.cycle = true;
        self
    }

    /// `OWNED BY table.column` (`table` in the sequence's schema unless qualified).
    pub fn owned_by(mut self, table: &str, column: &str) -> Self {
        let mut table = QualifiedName::parse(table);
        if !table_is_qualified(&table, &self.name) {
            table.schema = self.name.schema.clone();
        }
        self.owned_by = Some(SequenceOwner {
            table,
            column: column.to_string(),
        });
        self
    }

    /// `COMMENT ON SEQUENCE`.
    pub fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }

    /// How problems name it.
    pub(crate) fn object(&self) -> String {
        format!("sequence `{}`", self.name)
    }
}

// `QualifiedName::parse` puts an unqualified name in `public`; an owner written without a
// schema belongs in the sequence's own schema (Postgres requires the same schema).
fn table_is_qualified(table: &QualifiedName, sequence: &QualifiedName) -> bool {
    table.schema != crate::DEFAULT_SCHEMA || sequence.schema == crate::DEFAULT_SCHEMA
}

impl SequenceOptions {
    /// Whether every option is Postgres's default.
    pub fn is_default(&self) -> bool {
        *self == SequenceOptions::default()
    }

    /// The type's range: `(min, max)`.
    pub fn type_range(&self) -> (i64, i64) {
        match self.data_type {
            Some(SqlType::SmallInt) => (i16::MIN.into(), i16::MAX.into()),
            Some(SqlType::Integer) => (i32::MIN.into(), i32::MAX.into()),
            _ => (i64::MIN, i64::MAX),
        }
    }

    /// The options with every value filled in, as Postgres stores them.
    pub fn resolved(&self) -> ResolvedOptions {
        let increment = self.increment.unwrap_or(1);
        let (type_min, type_max) = self.type_range();
        let ascending = increment > 0;
        let min_value = self
            .min_value
            .unwrap_or(if ascending { 1 } else { type_min });
        let max_value = self
            .max_value
            .unwrap_or(if ascending { type_max } else { -1 });
        let start = self
            .start
            .unwrap_or(if ascending { min_value } else { max_value });
        ResolvedOptions {
            increment,
            min_value,
            max_value,
            start,
            cache: self.cache.unwrap_or(1),
        }
    }

    /// The canonical form: every option equal to its default is `None`.
    pub fn canonical(&self) -> SequenceOptions {
        let resolved = self.resolved();
        let defaults = SequenceOptions {
            data_type: self.data_type.clone(),
            increment: self.increment,
            ..SequenceOptions::default()
        }
        .resolved();
        let keep = |value: i64, default: i64| (value != default).then_some(value);
        let defaults_for_bounds = SequenceOptions {
            data_type: self.data_type.clone(),
            increment: self.increment,
            min_value: self.min_value,
            max_value: self.max_value,
            ..SequenceOptions::default()
        }
        .resolved();
        SequenceOptions {
            data_type: self.data_type.clone().filter(|t| *t != SqlType::BigInt),
            increment: keep(resolved.increment, 1),
            min_value: keep(resolved.min_value, defaults.min_value),
            max_value: keep(resolved.max_value, defaults.max_value),
            start: keep(resolved.start, defaults_for_bounds.start),
            cache: keep(resolved.cache, 1),
            cycle: self.cycle,
        }
    }
}

/// A sequence's options with every value filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedOptions {
    /// `INCREMENT BY`.
    pub increment: i64,
    /// `MINVALUE`.
    pub min_value: i64,
    /// `MAXVALUE`.
    pub max_value: i64,
    /// `START WITH`.
    pub start: i64,
    /// `CACHE`.
    pub cache: i64,
}

/// Whether `name` is a sequence of `schema`: a declared one, or the one Postgres makes for
/// an identity column (`{table}_{column}_seq`).
pub(crate) fn exists(schema: &Schema, name: &QualifiedName) -> bool {
    schema.sequence(name).is_some()
        || schema.tables.iter().any(|t| {
            t.name.schema == name.schema
                && t.columns.iter().any(|c| {
                    c.identity.is_some() && format!("{}_{}_seq", t.name.name, c.name) == name.name
                })
        })
}

impl SchemaBuilder {
    /// Adds a sequence (`CREATE SEQUENCE`).
    pub fn add_sequence(mut self, sequence: SequenceDef) -> Self {
        self.schema.sequences.push(sequence);
        self
    }
}

impl Kind for SequenceDef {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.sequences
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.sequences
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        Some(&self.name)
    }

    fn claim(&self) -> Option<(Namespace, String)> {
        Some((Namespace::Relation, self.object()))
    }

    fn canonicalize(list: &mut Vec<Self>) {
        list.sort_by(|a, b| a.name.cmp(&b.name));
        for sequence in list {
            sequence.options = sequence.options.canonical();
        }
    }

    /// Checks every sequence: an integer type, a non-zero increment, a start within the bounds,
    /// an owner that exists in the same schema.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        for sequence in &schema.sequences {
            let object = sequence.object();
            identifier_length("sequence name", &object, &sequence.name.name, errors);
            let mut problem = |message: String| errors.push(error(object.clone(), message));
            for message in option_problems(&sequence.options) {
                problem(message);
            }
            if let Some(owner) = &sequence.owned_by {
                if owner.table.schema != sequence.name.schema {
                    problem(format!(
                        "is owned by a column of `{}`, in another schema; Postgres requires the same schema",
                        owner.table
                    ));
                }
                match schema.table(&owner.table) {
                    None => problem(format!(
                        "is owned by `{}.{}`, but table `{}` is not declared",
                        owner.table, owner.column, owner.table
                    )),
                    Some(table) if table.column(&owner.column).is_none() => problem(format!(
                        "is owned by column `{}`, which table `{}` does not have",
                        owner.column, owner.table
                    )),
                    Some(_) => {}
                }
            }
        }
    }

    /// Sequences created, altered (options, owner or comment) and dropped.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.sequences, &to.sequences);
        let sequences = match_by(from, to, |s| &s.name);
        for def in sequences.added {
            changes.push(Change::CreateSequence { def: def.clone() });
        }
        for (old, new) in sequences.common {
            if old != new {
                changes.push(Change::AlterSequence {
                    from: old.clone(),
                    to: new.clone(),
                });
            }
        }
        for def in sequences.removed {
            changes.push(Change::DropSequence { def: def.clone() });
        }
    }
}

/// What is wrong with a sequence's options, each as the end of a sentence ("has type ...",
/// "starts at ..."): shared by sequences and identity columns.
pub(crate) fn option_problems(options: &SequenceOptions) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(ty) = &options.data_type {
        if !matches!(ty, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt) {
            problems.push(format!(
                "has type `{ty}`; a sequence is `smallint`, `integer` or `bigint`"
            ));
        }
    }
    if options.increment == Some(0) {
        problems.push("increments by 0; `increment` must not be zero".into());
    }
    let resolved = options.resolved();
    let (type_min, type_max) = options.type_range();
    if resolved.min_value >= resolved.max_value {
        problems.push(format!(
            "has `min_value` {} not below `max_value` {}",
            resolved.min_value, resolved.max_value
        ));
    } else if !(resolved.min_value..=resolved.max_value).contains(&resolved.start) {
        problems.push(format!(
            "starts at {}, outside its bounds {}..={}",
            resolved.start, resolved.min_value, resolved.max_value
        ));
    }
    if resolved.min_value < type_min || resolved.max_value > type_max {
        problems.push("has bounds outside the range of its type".into());
    }
    if resolved.cache < 1 {
        problems.push(format!(
            "caches {} values; `cache` must be at least 1",
            resolved.cache
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_equal_to_the_defaults_are_dropped() {
        let written = SequenceOptions {
            data_type: Some(SqlType::BigInt),
            increment: Some(1),
            min_value: Some(1),
            max_value: Some(i64::MAX),
            start: Some(1),
            cache: Some(1),
            cycle: false,
        };
        assert!(written.canonical().is_default());
    }

    #[test]
    fn defaults_follow_the_type_and_direction() {
        let descending = SequenceOptions {
            data_type: Some(SqlType::Integer),
            increment: Some(-1),
            min_value: Some(i32::MIN.into()),
            max_value: Some(-1),
            start: Some(-1),
            ..SequenceOptions::default()
        };
        assert_eq!(
            descending.canonical(),
            SequenceOptions {
                data_type: Some(SqlType::Integer),
                increment: Some(-1),
                ..SequenceOptions::default()
            }
        );
        // A start equal to a custom minimum is the default start, so it goes too.
        let from_100 = SequenceOptions {
            min_value: Some(100),
            start: Some(100),
            ..SequenceOptions::default()
        };
        assert_eq!(
            from_100.canonical(),
            SequenceOptions {
                min_value: Some(100),
                ..SequenceOptions::default()
            }
        );
    }
}
