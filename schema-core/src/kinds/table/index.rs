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
}

/// Index access method.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
}

impl IndexMethod {
    /// All methods with their SQL names.
    pub const ALL: [(&'static str, IndexMethod); 6] = [
        ("btree", IndexMethod::Btree),
        ("hash", IndexMethod::Hash),
        ("gist", IndexMethod::Gist),
        ("spgist", IndexMethod::Spgist),
        ("gin", IndexMethod::Gin),
        ("brin", IndexMethod::Brin),
    ];

    /// The SQL name (`USING gin`).
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(name, _)| *name)
            .unwrap_or("btree")
    }

    fn is_default(&self) -> bool {
        *self == IndexMethod::Btree
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
