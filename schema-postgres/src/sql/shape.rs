//! The shape of a SQL text outside its quotes: whitespace, enclosing parentheses,
//! top-level separators, single constants, and whether it is exactly one expression.

use super::token::{tokens, Kind};

/// One piece of a text: a quoted token kept byte for byte, or a run of everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// A constant, a quoted name, or an unterminated quote.
    Quoted(&'a str),
    /// Anything else, comments included.
    Plain(&'a str),
}

/// Splits `text` into quoted tokens and the plain runs between them.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut at = 0;
    for token in tokens(text) {
        let end = at + token.text.len();
        if token.is_quoted() {
            if plain_start < at {
                out.push(Piece::Plain(&text[plain_start..at]));
            }
            out.push(Piece::Quoted(token.text));
            plain_start = end;
        }
        at = end;
    }
    if plain_start < text.len() {
        out.push(Piece::Plain(&text[plain_start..]));
    }
    out
}

/// Trims the text and turns every run of whitespace outside quotes into one space.
/// Whitespace outside literals and quoted identifiers carries no meaning in SQL.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text.trim()) {
        match piece {
            Piece::Quoted(q) => out.push_str(q),
            Piece::Plain(p) => {
                let mut space = false;
                for c in p.chars() {
                    if c.is_whitespace() {
                        space = true;
                        continue;
                    }
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
                if space {
                    out.push(' ');
                }
            }
        }
    }
    out
}

/// Removes parentheses that enclose the whole expression, as often as they do:
/// `((a > 0))` is `a > 0`, while `(a) + (b)` keeps its parentheses.
pub(crate) fn strip_outer_parens(text: &str) -> &str {
    let mut text = text.trim();
    while text.starts_with('(')
        && text.ends_with(')')
        && closing_paren(text) == Some(text.len() - 1)
    {
        text = text[1..text.len() - 1].trim();
    }
    text
}

/// The byte position of the parenthesis closing the one that opens `text`.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut offset = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Quoted(q) => offset += q.len(),
            Piece::Plain(p) => {
                for (i, b) in p.bytes().enumerate() {
                    match b {
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                return Some(offset + i);
                            }
                        }
                        _ => {}
                    }
                }
                offset += p.len();
            }
        }
    }
    None
}

/// If `text` is exactly one standard string literal (`'it''s'`), its value.
pub(crate) fn string_literal(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    // Every quote inside must be doubled, or the literal ended early.
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        value.push(c);
    }
    Some(value)
}

/// Splits `value::type` where `value` is a single literal or a plain number, returning
/// the value and the type text; `None` when the text has another shape.
pub(crate) fn split_literal_cast(text: &str) -> Option<(&str, &str)> {
    let pieces = pieces(text);
    match pieces.as_slice() {
        // The type may hold quoted identifiers (`'ok'::app."Mood"`), but no other literal.
        [Piece::Quoted(value), Piece::Plain(_), rest @ ..]
            if value.starts_with('\'')
                && rest
                    .iter()
                    .all(|p| !matches!(p, Piece::Quoted(q) if !q.starts_with('"'))) =>
        {
            let ty = text[value.len()..].strip_prefix("::")?;
            Some((value, ty.trim()))
        }
        // `(0)::numeric` and `0::numeric`: a number, possibly in parentheses.
        [Piece::Plain(whole)] => {
            let (value, ty) = whole.split_once("::")?;
            let value = strip_outer_parens(value);
            is_number(value).then_some((value, ty.trim()))
        }
        _ => None,
    }
}

/// Whether `text` is a plain decimal number as Postgres prints one: an optional minus,
/// digits, and optionally a point and more digits.
pub(crate) fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

// Used by introspection.
#[cfg_attr(not(feature = "introspect"), allow(dead_code))]
/// Splits `text` at each top-level `separator` (outside quotes and parentheses), trimming
/// the parts: `'a, b', f(1, 2), c` is three parts.
pub(crate) fn split_top_level(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    for piece in pieces(text) {
        match piece {
            Piece::Quoted(quoted) => parts.last_mut().expect("one part").push_str(quoted),
            Piece::Plain(plain) => {
                for c in plain.chars() {
                    match c {
                        '(' | '[' => depth += 1,
                        ')' | ']' => depth = depth.saturating_sub(1),
                        c if c == separator && depth == 0 => {
                            parts.push(String::new());
                            continue;
                        }
                        _ => {}
                    }
                    parts.last_mut().expect("one part").push(c);
                }
            }
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

#[cfg_attr(not(feature = "introspect"), allow(dead_code))]
/// Where `needle` first occurs in `text` outside quotes and parentheses.
pub(crate) fn find_top_level(text: &str, needle: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut offset = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Quoted(quoted) => offset += quoted.len(),
            Piece::Plain(plain) => {
                for (i, c) in plain.char_indices() {
                    if depth == 0 && plain[i..].starts_with(needle) {
                        return Some(offset + i);
                    }
                    match c {
                        '(' | '[' => depth += 1,
                        ')' | ']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                offset += plain.len();
            }
        }
    }
    None
}

/// Whether `text` must be parenthesised to be a column's or a domain's `DEFAULT`: there
/// Postgres's grammar takes a restricted expression (`b_expr`) without the keyword
/// operators (`AT TIME ZONE`, `AND`, `OR`, `NOT`, `IS NULL`, `IN`, `LIKE`, `BETWEEN`,
/// `COLLATE`, ...), so `DEFAULT now() AT TIME ZONE 'utc'` is a syntax error while
/// `DEFAULT (now() AT TIME ZONE 'utc')` is not. Only words outside parentheses count.
pub(crate) fn needs_parens_as_default(text: &str) -> bool {
    const KEYWORD_OPERATORS: [&str; 14] = [
        "AT", "AND", "OR", "NOT", "IS", "ISNULL", "NOTNULL", "IN", "LIKE", "ILIKE", "SIMILAR",
        "BETWEEN", "COLLATE", "OVERLAPS",
    ];
    let mut depth = 0usize;
    for token in tokens(text) {
        match (token.kind, token.text) {
            (Kind::Symbol, "(" | "[") => depth += 1,
            (Kind::Symbol, ")" | "]") => depth = depth.saturating_sub(1),
            (Kind::Word, word)
                if depth == 0
                    && KEYWORD_OPERATORS
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(word)) =>
            {
                return true
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_with_keyword_operators_need_parentheses() {
        assert!(needs_parens_as_default("now() AT TIME ZONE 'utc'"));
        assert!(needs_parens_as_default("a IS NULL"));
        assert!(needs_parens_as_default("true and false"));
        assert!(!needs_parens_as_default("now()"));
        assert!(!needs_parens_as_default("1 + 2"));
        assert!(!needs_parens_as_default("'a AND b'::text"));
        assert!(!needs_parens_as_default("(now() AT TIME ZONE 'utc')"));
        assert!(!needs_parens_as_default("coalesce(a IS NULL, false)"));
        assert!(!needs_parens_as_default("ARRAY[1 IN (1)]"));
        assert!(!needs_parens_as_default("\"at\"()"));
    }

    #[test]
    fn collapses_whitespace_outside_quotes() {
        assert_eq!(
            collapse_whitespace("  a   >\n 0 AND\tb = 'x  y' OR \"c  d\" "),
            "a > 0 AND b = 'x  y' OR \"c  d\""
        );
        assert_eq!(collapse_whitespace("f( 'it''s  ok' )"), "f( 'it''s  ok' )");
        assert_eq!(collapse_whitespace("$$a  b$$ ||  x"), "$$a  b$$ || x");
        assert_eq!(
            collapse_whitespace("$t$a $$  b$t$ ||  x"),
            "$t$a $$  b$t$ || x"
        );
        assert_eq!(collapse_whitespace("E'a\\'  b' ||  x"), "E'a\\'  b' || x");
        assert_eq!(
            collapse_whitespace("\"a\"\"  b\" ||  x"),
            "\"a\"\"  b\" || x"
        );
    }

    #[test]
    fn strips_only_enclosing_parentheses() {
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(strip_outer_parens("(a) + (b)"), "(a) + (b)");
        assert_eq!(strip_outer_parens("( a ')' )"), "a ')'");
        assert_eq!(strip_outer_parens("lower(email)"), "lower(email)");
        assert_eq!(strip_outer_parens("(')(')"), "')('");
        assert_eq!(strip_outer_parens("(E'\\')' )"), "E'\\')'");
        assert_eq!(strip_outer_parens("($x$)$x$)"), "$x$)$x$");
    }

    #[test]
    fn reads_literals_and_casts() {
        assert_eq!(string_literal("'it''s'").as_deref(), Some("it's"));
        assert_eq!(string_literal("'a' || 'b'"), None);
        assert_eq!(split_literal_cast("'USD'::text"), Some(("'USD'", "text")));
        assert_eq!(
            split_literal_cast("'x'::character varying"),
            Some(("'x'", "character varying"))
        );
        assert_eq!(
            split_literal_cast("'ok'::app.\"Mood\""),
            Some(("'ok'", "app.\"Mood\""))
        );
        assert_eq!(split_literal_cast("(0)::numeric"), Some(("0", "numeric")));
        assert_eq!(split_literal_cast("'a'::text || 'b'::text"), None);
        assert_eq!(split_literal_cast("E'a'::text"), None);
        assert_eq!(split_literal_cast("now()::date"), None);
        assert!(is_number("-1.50"));
        assert!(!is_number("1e3"));
        assert!(!is_number("-"));
    }

    #[test]
    fn splits_and_finds_at_the_top_level_only() {
        assert_eq!(
            split_top_level("'a, b', f(1, 2), $$c, d$$, E'\\', x', e", ','),
            ["'a, b'", "f(1, 2)", "$$c, d$$", "E'\\', x'", "e"]
        );
        assert_eq!(find_top_level("f(a = b) = 'x = y'", " = "), Some(8));
        assert_eq!(find_top_level("$q$ = $q$", " = "), None);
    }
}
