//! The names a SQL text mentions, read from its tokens.
//!
//! Rendering orders functions and views by the names their SQL mentions, and the planner
//! finds what a check, an index expression, a default or a policy depends on the same way.
//! A full parse is not needed: the names a text contains are a superset of those it refers
//! to, and a false positive only adds an order (or an extra drop and create), never a
//! wrong one.

use super::token::{tokens, Kind, Token};
use std::collections::BTreeSet;

/// The name a word or quoted name token stands for: a quoted one as written (a doubled
/// quote inside standing for one), a bare one folded to lowercase. A reserved keyword
/// (`SELECT`, `ORDER`, `USER`, ...) is no name: a table called `order` must be written
/// `"order"`, so the `ORDER BY` of a function body does not name it.
fn name(token: &Token) -> Option<String> {
    match token.kind {
        Kind::Word if is_reserved(token.text) => None,
        Kind::Word => Some(token.text.to_lowercase()),
        Kind::QuotedName => Some(unquote(token.text)),
        _ => None,
    }
}

/// Postgres's fully reserved keywords (appendix C of its manual), which are never bare
/// names of tables, columns, types or functions.
fn is_reserved(word: &str) -> bool {
    const RESERVED: [&str; 77] = [
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "constraint",
        "create",
        "current_catalog",
        "current_date",
        "current_role",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "from",
        "grant",
        "group",
        "having",
        "in",
        "initially",
        "intersect",
        "into",
        "lateral",
        "leading",
        "limit",
        "localtime",
        "localtimestamp",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "placing",
        "primary",
        "references",
        "returning",
        "select",
        "session_user",
        "some",
        "symmetric",
        "table",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "when",
        "where",
        "window",
        "with",
    ];
    RESERVED.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// The name inside a complete `"..."` token.
fn unquote(quoted: &str) -> String {
    quoted[1..quoted.len() - 1].replace("\"\"", "\"")
}

/// The names a SQL text mentions: `(Some(schema), name)` for `schema.name`, `(None, name)`
/// for a bare name. String constants (dollar-quoted ones too) and comments are skipped.
pub(crate) fn referenced_names(sql: &str) -> BTreeSet<(Option<String>, String)> {
    let mut names = BTreeSet::new();
    let mut previous: Option<String> = None;
    let mut after_dot = false;
    for token in tokens(sql) {
        if let Some(word) = name(&token) {
            let schema = if after_dot { previous.take() } else { None };
            names.insert((schema, word.clone()));
            previous = Some(word);
            after_dot = false;
            continue;
        }
        match token.kind {
            Kind::Space => {}
            Kind::Symbol if token.text == "." && previous.is_some() => after_dot = true,
            _ => {
                previous = None;
                after_dot = false;
            }
        }
    }
    names
}

/// The identifiers in `sql`: bare words folded to lowercase, quoted ones as written.
/// Constants, numbers, comments and operators are skipped; a qualified name `a.b` gives
/// both `a` and `b`.
pub(crate) fn identifiers(sql: &str) -> BTreeSet<String> {
    tokens(sql).iter().filter_map(name).collect()
}

/// If `text` is a single identifier, bare or quoted, the name it denotes (bare names
/// fold to lowercase the way Postgres folds them in UTF-8: ASCII letters only). Words
/// that are values (`true`, `current_user`, ...) are not identifiers.
pub(crate) fn identifier(text: &str) -> Option<String> {
    match tokens(text).as_slice() {
        [token] if token.kind == Kind::QuotedName => Some(unquote(token.text)),
        [token] if token.kind == Kind::Word && !is_keyword_value(token.text) => {
            Some(token.text.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// Words that look like identifiers but are values.
fn is_keyword_value(text: &str) -> bool {
    [
        "true",
        "false",
        "null",
        "current_timestamp",
        "current_date",
        "current_time",
        "current_user",
        "session_user",
        "current_role",
        "localtime",
        "localtimestamp",
        "user",
    ]
    .iter()
    .any(|k| k.eq_ignore_ascii_case(text))
}

/// The values of the string constants in `sql`, in order: `'a''b'` gives `a'b`.
pub(crate) fn string_constants(sql: &str) -> Vec<String> {
    tokens(sql)
        .iter()
        .filter(|t| t.kind == Kind::Literal)
        .filter_map(|t| super::shape::string_literal(t.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Vec<String> {
        referenced_names(sql)
            .into_iter()
            .map(|(schema, name)| match schema {
                Some(schema) => format!("{schema}.{name}"),
                None => name,
            })
            .collect()
    }

    #[test]
    fn finds_bare_and_qualified_names_outside_strings_and_comments() {
        assert_eq!(
            names("SELECT n.Id FROM public.Notifications n -- daily_stats\nWHERE t = 'view_x' /* v */ AND \"Odd Name\".x > 0"),
            [
                "Odd Name", "n", "public", "t", "Odd Name.x", "n.id", "public.notifications",
            ]
        );
    }

    #[test]
    fn skips_dollar_quotes_escape_strings_and_nested_comments() {
        assert_eq!(
            names("f($body$ hidden $$ still $body$, E'it\\'s other', x) /* a /* b */ c */ + \"q\"\"t\".y"),
            ["f", "q\"t", "x", "q\"t.y"]
        );
    }

    fn ids(sql: &str) -> Vec<String> {
        identifiers(sql).into_iter().collect()
    }

    #[test]
    fn finds_words_and_quoted_names() {
        assert_eq!(
            ids(r#"(Status = 'on hold'::"Mood") AND "userId" = auth.uid()"#),
            ["Mood", "auth", "status", "uid", "userId"]
        );
    }

    #[test]
    fn skips_literals_numbers_and_dollar_quotes() {
        assert_eq!(
            ids("price > 1.5e3 AND note <> 'it''s x'"),
            ["note", "price"]
        );
        assert_eq!(
            ids("body = $$ hidden $$ OR tag = $t$ also $t$"),
            ["body", "tag"]
        );
        assert_eq!(ids(r#""a""b" > 0"#), ["a\"b"]);
        assert_eq!(ids("x$1 + $1"), ["x$1"]);
        assert_eq!(ids("E'\\'' || b"), ["b"]);
    }

    #[test]
    fn reads_identifiers() {
        assert_eq!(identifier("Email").as_deref(), Some("email"));
        assert_eq!(identifier("Éa").as_deref(), Some("Éa"));
        assert_eq!(identifier("\"userId\"").as_deref(), Some("userId"));
        assert_eq!(identifier("\"a\"\"b\"").as_deref(), Some("a\"b"));
        assert_eq!(identifier("\"a\" || \"b\""), None);
        assert_eq!(identifier("lower(email)"), None);
        assert_eq!(identifier("true"), None);
    }
}
