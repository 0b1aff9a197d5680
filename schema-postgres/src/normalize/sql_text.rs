//! Just enough SQL lexing for the offline rules: telling string literals and quoted
//! identifiers apart from the rest, so a rule never rewrites text inside them.

/// One piece of an expression's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// A quoted part: `'...'`, `E'...'`, `"..."` or `$tag$...$tag$`, kept byte for byte.
    Quoted(&'a str),
    /// Anything else.
    Plain(&'a str),
}

/// Splits `text` into quoted and plain pieces. An unterminated quote runs to the end.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\'' => Some(quote_end(bytes, i, b'\'', false)),
            b'"' => Some(quote_end(bytes, i, b'"', false)),
            b'E' | b'e'
                if bytes.get(i + 1) == Some(&b'\'') && (i == 0 || !is_ident_byte(bytes[i - 1])) =>
            {
                Some(quote_end(bytes, i + 1, b'\'', true))
            }
            b'$' if i == 0 || !is_ident_byte(bytes[i - 1]) => dollar_end(text, i),
            _ => None,
        };
        match end {
            Some(end) => {
                if plain_start < i {
                    out.push(Piece::Plain(&text[plain_start..i]));
                }
                out.push(Piece::Quoted(&text[i..end]));
                i = end;
                plain_start = end;
            }
            None => i += 1,
        }
    }
    if plain_start < bytes.len() {
        out.push(Piece::Plain(&text[plain_start..]));
    }
    out
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The end (exclusive) of a quote opened at `start`; a doubled quote is an escaped one,
/// and with `backslash` a backslash escapes the next byte.
fn quote_end(bytes: &[u8], start: usize, quote: u8, backslash: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if backslash && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// The end of a dollar-quoted string starting at `start`, if one starts there.
fn dollar_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start + 1..];
    let tag_len = rest.find('$')?;
    let tag = &rest[..tag_len];
    if !tag.bytes().enumerate().all(|(i, b)| {
        (b.is_ascii_alphabetic() || b == b'_' || b >= 0x80) || (i > 0 && b.is_ascii_digit())
    }) {
        return None;
    }
    let delimiter = &text[start..start + tag_len + 2];
    let body_start = start + delimiter.len();
    let close = text[body_start..].find(delimiter)?;
    Some(body_start + close + delimiter.len())
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

/// If `text` is a single identifier, bare or quoted, the name it denotes (bare names
/// fold to lowercase the way Postgres folds them in UTF-8: ASCII letters only).
pub(crate) fn identifier(text: &str) -> Option<String> {
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        let name = inner.replace("\"\"", "\"");
        // `"a" || "b"` starts and ends with a quote but is not one identifier.
        return (pieces(text).len() == 1).then_some(name);
    }
    let mut chars = text.chars();
    let first = chars.next()?;
    let plain = (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    (plain && !is_keyword_value(text)).then(|| text.to_ascii_lowercase())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_outside_quotes() {
        assert_eq!(
            collapse_whitespace("  a   >\n 0 AND\tb = 'x  y' OR \"c  d\" "),
            "a > 0 AND b = 'x  y' OR \"c  d\""
        );
        assert_eq!(collapse_whitespace("f( 'it''s  ok' )"), "f( 'it''s  ok' )");
        assert_eq!(collapse_whitespace("$$a  b$$ ||  x"), "$$a  b$$ || x");
        assert_eq!(collapse_whitespace("E'a\\'  b' ||  x"), "E'a\\'  b' || x");
    }

    #[test]
    fn strips_only_enclosing_parentheses() {
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(strip_outer_parens("(a) + (b)"), "(a) + (b)");
        assert_eq!(strip_outer_parens("( a ')' )"), "a ')'");
        assert_eq!(strip_outer_parens("lower(email)"), "lower(email)");
        assert_eq!(strip_outer_parens("(')(')"), "')('");
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
        assert_eq!(split_literal_cast("(0)::numeric"), Some(("0", "numeric")));
        assert_eq!(split_literal_cast("'a'::text || 'b'::text"), None);
        assert_eq!(split_literal_cast("now()::date"), None);
        assert!(is_number("-1.50"));
        assert!(!is_number("1e3"));
        assert!(!is_number("-"));
    }

    #[test]
    fn reads_identifiers() {
        assert_eq!(identifier("Email").as_deref(), Some("email"));
        assert_eq!(identifier("Éa").as_deref(), Some("Éa"));
        assert_eq!(identifier("\"userId\"").as_deref(), Some("userId"));
        assert_eq!(identifier("\"a\" || \"b\""), None);
        assert_eq!(identifier("lower(email)"), None);
        assert_eq!(identifier("true"), None);
    }
}
