//! Whether a text written into the schema (a default, a check, a policy condition, a view's
//! query) can be pasted into a statement without changing what the statement does: the
//! check that keeps a snapshot from smuggling `); DROP TABLE customers; --` into a plan.

use super::token::{tokens, Kind};
use std::fmt;

/// Why a text is not exactly one SQL expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOneExpression {
    /// Nothing but whitespace and comments.
    Empty,
    /// A `;` outside quotes, which would end the statement the expression is written into.
    Semicolon,
    /// A `,` outside parentheses: a list, not one expression.
    List,
    /// A parenthesis or bracket closed without being opened, or left open.
    Unbalanced,
    /// A quote or comment left open.
    Unterminated,
    /// A `--` comment not ended by a line break, which would swallow what follows it.
    LineComment,
}

impl fmt::Display for NotOneExpression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotOneExpression::Empty => "the expression is empty",
            NotOneExpression::Semicolon => "the expression contains `;` outside quotes",
            NotOneExpression::List => "the expression is a list (a top-level `,`)",
            NotOneExpression::Unbalanced => "the expression's parentheses are unbalanced",
            NotOneExpression::Unterminated => "the expression leaves a quote or comment open",
            NotOneExpression::LineComment => {
                "the expression ends in a `--` comment that would swallow what follows"
            }
        })
    }
}

/// Checks that `text` is exactly one SQL expression that can be written inside a
/// statement: no `;`, balanced parentheses and brackets, no top-level `,`, nothing left
/// open. Whether the expression is valid SQL is left to Postgres.
pub fn one_expression(text: &str) -> Result<(), NotOneExpression> {
    let mut depth = 0usize;
    let mut empty = true;
    let mut at = 0;
    for token in tokens(text) {
        at += token.text.len();
        match token.kind {
            Kind::Unterminated => return Err(NotOneExpression::Unterminated),
            // A line comment runs to the next line break, which may be the next token.
            Kind::Space if token.text.starts_with("--") && !text[at - 1..].contains('\n') => {
                return Err(NotOneExpression::LineComment)
            }
            Kind::Space => continue,
            Kind::Symbol => match token.text {
                ";" => return Err(NotOneExpression::Semicolon),
                "(" | "[" => depth += 1,
                ")" | "]" => depth = depth.checked_sub(1).ok_or(NotOneExpression::Unbalanced)?,
                "," if depth == 0 => return Err(NotOneExpression::List),
                _ => {}
            },
            _ => {}
        }
        empty = false;
    }
    if empty {
        return Err(NotOneExpression::Empty);
    }
    if depth > 0 {
        return Err(NotOneExpression::Unbalanced);
    }
    Ok(())
}

/// Why a text is not exactly one query.
pub type NotOneQuery = NotOneExpression;

/// Checks that `text` is exactly one query (`SELECT`, `VALUES`, `WITH ...`) that can be
/// written inside `CREATE VIEW ... AS`: as [`one_expression`], except that top-level
/// commas are the query's own and one final `;` is allowed (it is left out when written).
pub fn one_query(text: &str) -> Result<(), NotOneQuery> {
    let text = text.trim_end();
    let text = text.strip_suffix(';').unwrap_or(text);
    match one_expression(text) {
        Err(NotOneExpression::List) => one_expression(&format!("({text})")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_one_expression_from_anything_else() {
        assert_eq!(one_expression("lower(email) = 'a;b' /* ; */"), Ok(()));
        assert_eq!(one_expression("$f$ ) ; $f$ || ROW(1, 2)"), Ok(()));
        assert_eq!(one_expression("a -- note\n + 1"), Ok(()));
        assert_eq!(
            one_expression("1); DROP TABLE t; --"),
            Err(NotOneExpression::Unbalanced)
        );
        assert_eq!(
            one_expression("1; DROP TABLE t"),
            Err(NotOneExpression::Semicolon)
        );
        assert_eq!(one_expression("a, b"), Err(NotOneExpression::List));
        assert_eq!(one_expression("f(a"), Err(NotOneExpression::Unbalanced));
        assert_eq!(one_expression("a)"), Err(NotOneExpression::Unbalanced));
        assert_eq!(
            one_expression("'it''s"),
            Err(NotOneExpression::Unterminated)
        );
        assert_eq!(
            one_expression("a /* b"),
            Err(NotOneExpression::Unterminated)
        );
        assert_eq!(one_expression("a -- b"), Err(NotOneExpression::LineComment));
        assert_eq!(one_expression(" /* */ "), Err(NotOneExpression::Empty));
    }

    #[test]
    fn tells_one_query_from_two() {
        assert_eq!(one_query("SELECT a, b FROM t;"), Ok(()));
        assert_eq!(one_query("WITH x AS (SELECT 1) SELECT * FROM x"), Ok(()));
        assert_eq!(
            one_query("SELECT 1; DROP TABLE t"),
            Err(NotOneExpression::Semicolon)
        );
        assert_eq!(
            one_query("SELECT 1 -- note"),
            Err(NotOneExpression::LineComment)
        );
    }
}
