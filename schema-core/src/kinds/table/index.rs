//! Indexes: their model (method, keys, partial predicate, INCLUDE) and their diff.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::QualifiedName;
use serde::{Deserialize, Serialize};

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Index name (Postgres's default: `{table}_{columns}_idx`, `expr` for expressions).
    pub name: String,
    /// `CREATE UNIQUE INDEX`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// `NULLS NOT DISTINCT` (Postgres 15): a unique index that lets no two rows hold NULL
    /// in the same key, where by default NULLs never conflict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// Access method.
    #[serde(default, skip_serializing_if = "IndexMethod::is_default")]
    pub method: IndexMethod,
    /// Key columns and expressions, in order.
    pub keys: Vec<IndexKey>,
    /// `INCLUDE (...)` columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Partial index predicate (`WHERE ...`), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// `COMMENT ON INDEX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Index access method. Snapshots hold its SQL name (`"gin"`, `"bloom"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndexMethod {
    /// `btree` (the default)
    #[default]
    Btree,
    /// `hash`
    Hash,
    /// `gist`
    Gist,
    /// `spgist`
    Spgist,
    /// `gin`
    Gin,
    /// `brin`
    Brin,
    /// An access method an extension provides, by its name: `hnsw` and `ivfflat`
    /// (pgvector), `bloom`, `rum`. The library needs to know nothing more about it; the
    /// extension must be installed, and the name is checked to be one lower-case word.
    Other(String),
}

impl IndexMethod {
    /// The methods built into Postgres, with their SQL names.
    pub const BUILT_IN: [(&'static str, IndexMethod); 6] = [
        ("btree", IndexMethod::Btree),
        ("hash", IndexMethod::Hash),
        ("gist", IndexMethod::Gist),
        ("spgist", IndexMethod::Spgist),
        ("gin", IndexMethod::Gin),
        ("brin", IndexMethod::Brin),
    ];

    /// The method called `name` (any case): a built-in one, or [`IndexMethod::Other`].
    pub fn named(name: &str) -> IndexMethod {
        let lower = name.to_ascii_lowercase();
        Self::BUILT_IN
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, m)| m.clone())
            .unwrap_or(IndexMethod::Other(lower))
    }

    /// The SQL name (`USING gin`).
    pub fn as_str(&self) -> &str {
        match self {
            IndexMethod::Other(name) => name,
            built_in => Self::BUILT_IN
                .iter()
                .find(|(_, m)| m == built_in)
                .map(|(name, _)| *name)
                .unwrap_or("btree"),
        }
    }

    /// Whether `name` can name an access method: one word of lower-case letters, digits
    /// and underscores, not starting with a digit.
    pub fn is_valid_name(name: &str) -> bool {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }

    fn is_default(&self) -> bool {
        *self == IndexMethod::Btree
    }
}

impl Serialize for IndexMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for IndexMethod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        if !IndexMethod::is_valid_name(&name.to_ascii_lowercase()) {
            return Err(serde::de::Error::custom(format!(
                "index method `{name}` is not one word of letters, digits and underscores"
            )));
        }
        Ok(IndexMethod::named(&name))
    }
}

/// An index's method is one word (see [`IndexMethod::is_valid_name`]): it is written
/// into `USING` as it is.
pub(crate) fn validate_method(
    owner: &dyn std::fmt::Display,
    index: &Index,
    errors: &mut Vec<crate::SchemaError>,
) {
    if let IndexMethod::Other(name) = &index.method {
        if !IndexMethod::is_valid_name(name) {
            errors.push(crate::error::error(
                owner.to_string(),
                format!("has access method `{name}`, which is not one lower-case word of letters, digits and underscores (such as `hnsw` or `bloom`)"),
            ));
        }
    }
}

/// One key of an index: a column or an expression, with its ordering and operator class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexKey {
    /// The column or expression.
    #[serde(flatten)]
    pub target: IndexTarget,
    /// Operator class, such as `gin_trgm_ops` or `jsonb_path_ops`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// `DESC`
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    /// `NULLS FIRST` / `NULLS LAST` when it differs from the default for the direction
    /// (NULLS LAST for ascending, NULLS FIRST for descending); building the schema drops
    /// a redundant one so equal indexes compare equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<NullsOrder>,
}

impl IndexKey {
    /// An ascending key on a column.
    pub fn column(name: impl Into<String>) -> Self {
        IndexKey {
            target: IndexTarget::Column(name.into()),
            opclass: None,
            descending: false,
            nulls: None,
        }
    }

    /// An ascending key on an expression.
    pub fn expression(sql: impl Into<String>) -> Self {
        IndexKey {
            target: IndexTarget::Expression(sql.into()),
            ..IndexKey::column("")
        }
    }
}

/// What an index key indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexTarget {
    /// A column by name.
    Column(String),
    /// A SQL expression, verbatim (`lower(email)`).
    Expression(String),
}

/// Where NULLs sort in an index key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    /// `NULLS FIRST`
    First,
    /// `NULLS LAST`
    Last,
}

/// Drops a `NULLS` order that is the default for its direction.
pub(crate) fn canonicalize(indexes: &mut [Index]) {
    for key in indexes.iter_mut().flat_map(|i| i.keys.iter_mut()) {
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

/// The index changes of one table: an index whose definition changed is replaced.
pub(crate) fn diff(name: &QualifiedName, old: &[Index], new: &[Index], out: &mut Vec<Change>) {
    let indexes = match_by(old, new, |i| &i.name);
    for index in indexes.removed {
        out.push(Change::DropIndex {
            table: name.clone(),
            index: index.clone(),
        });
    }
    for (from, to) in indexes.common.into_iter().filter(|(a, b)| a != b) {
        let uncommented = |index: &Index| Index {
            comment: None,
            ..index.clone()
        };
        // Only the comment differs: no rebuild for that.
        if uncommented(from) == uncommented(to) {
            out.push(Change::SetIndexComment {
                table: name.clone(),
                index: to.name.clone(),
                comment: to.comment.clone(),
            });
            continue;
        }
        out.push(Change::ReplaceIndex {
            table: name.clone(),
            from: from.clone(),
            to: to.clone(),
        });
    }
    for index in indexes.added {
        out.push(Change::CreateIndex {
            table: name.clone(),
            index: index.clone(),
        });
    }
}
