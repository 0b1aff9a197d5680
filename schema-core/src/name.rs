//! Names of database objects: schema-qualified names and the one identifier quoting rule.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Postgres truncates identifiers longer than this many bytes (NAMEDATALEN - 1), silently.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// The schema objects land in when none is named.
pub const DEFAULT_SCHEMA: &str = "public";

/// A schema-qualified object name such as `auth.users`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QualifiedName {
    /// The Postgres schema (namespace), `public` by default.
    pub schema: String,
    /// The object's name inside its schema.
    pub name: String,
}

impl QualifiedName {
    /// A name in the given schema.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// Parses `schema.name` or a bare `name` (which lands in `public`).
    ///
    /// The split is on the first dot: names containing dots are not supported in this
    /// short form; build them with [`QualifiedName::new`].
    pub fn parse(text: &str) -> Self {
        match text.split_once('.') {
            Some((schema, name)) => QualifiedName::new(schema, name),
            None => QualifiedName::new(DEFAULT_SCHEMA, text),
        }
    }

    /// The name as SQL: each part quoted only where Postgres needs it.
    pub fn to_sql(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

/// For messages: `schema.name`, unquoted.
impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// Quotes an identifier only where Postgres needs it: when it is not all lowercase ASCII
/// letters, digits, `_` and `$` starting with a letter or `_`, or when it is a keyword that
/// cannot be used as a plain name. This is the only place identifiers are quoted.
pub fn quote_ident(name: &str) -> Cow<'_, str> {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && RESERVED_KEYWORDS.binary_search(&name).is_err();
    if plain {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    }
}

/// Keywords Postgres 15 does not accept as bare column or table names: every keyword whose
/// category is not "unreserved" (`SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'`).
/// Sorted, for binary search.
#[rustfmt::skip]
const RESERVED_KEYWORDS: &[&str] = &[
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case",
    "cast", "char", "character", "check", "coalesce", "collate", "collation", "column",
    "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
    "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
    "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
    "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
    "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
    "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull",
    "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer",
    "overlaps", "overlay", "placing", "position", "precision", "primary", "real",
    "references", "returning", "right", "row", "select", "session_user", "setof", "similar",
    "smallint", "some", "substring", "symmetric", "table", "tablesample", "then", "time",
    "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user",
    "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with",
    "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces",
    "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        assert!(RESERVED_KEYWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn quotes_only_where_needed() {
        assert_eq!(quote_ident("users"), "users");
        assert_eq!(quote_ident("user_2fa$"), "user_2fa$");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("order"), "\"order\"");
        assert_eq!(quote_ident("userId"), "\"userId\"");
        assert_eq!(quote_ident("2fa"), "\"2fa\"");
        assert_eq!(quote_ident("my table"), "\"my table\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident(""), "\"\"");
        assert_eq!(quote_ident("é"), "\"é\"");
    }

    #[test]
    fn parses_qualified_names() {
        assert_eq!(
            QualifiedName::parse("auth.users"),
            QualifiedName::new("auth", "users")
        );
        assert_eq!(
            QualifiedName::parse("users"),
            QualifiedName::new("public", "users")
        );
        assert_eq!(
            QualifiedName::new("public", "user").to_sql(),
            "public.\"user\""
        );
    }
}
