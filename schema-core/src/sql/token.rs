//! The tokens of a SQL text as Postgres's lexer reads them, each with the exact slice
//! of the text it came from.
//!
//! Every reader of SQL text goes through [`tokens`] (validation here, and rendering,
//! planning, normalisation and introspection in `schemata-postgres`), so that they agree on where a string, a quoted name or a
//! comment starts and ends (dollar quotes with tags, `E'\''`, nested comments included).
//! It is written here rather than taken from `sqlparser`: its Postgres tokenizer reads the
//! same tokens but costs the planner more than the three lexers it replaced together
//! (it allocates a string per token and looks every word up among the keywords) and adds
//! about 40 s to a clean debug build.

/// What a token is, in the terms the readers of SQL text need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bare word: a keyword or an unquoted name.
    Word,
    /// A double-quoted name: `"userId"`.
    QuotedName,
    /// A string constant of any form: `'a'`, `E'a'`, `$tag$a$tag$`, `B'01'`, `U&'a'`.
    Literal,
    /// A numeric constant.
    Number,
    /// Whitespace or a comment.
    Space,
    /// A quote or comment left open: it runs to the end of the text.
    Unterminated,
    /// Anything else: punctuation, an operator, a parameter such as `$1`.
    Symbol,
}

/// One token and the text it was read from, byte for byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// What it is.
    pub kind: Kind,
    /// The text it was read from.
    pub text: &'a str,
}

impl Token<'_> {
    /// Whether the token is quoted text (a constant or a quoted name), which no rule may
    /// look inside.
    pub fn is_quoted(&self) -> bool {
        matches!(
            self.kind,
            Kind::QuotedName | Kind::Literal | Kind::Unterminated
        )
    }
}

/// The tokens of `text`, covering it exactly: concatenating their texts gives `text` back.
/// A quote or comment that is never closed becomes one [`Kind::Unterminated`] token.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let (kind, end) = next(bytes, text, start);
        out.push(Token {
            kind,
            text: &text[start..end],
        });
        start = end;
    }
    out
}

/// The kind and end (exclusive) of the token starting at `at`. Every end falls on an
/// ASCII byte or the end of the text, so the slices are whole characters.
fn next(bytes: &[u8], text: &str, at: usize) -> (Kind, usize) {
    let byte = |i: usize| bytes.get(i).copied();
    match bytes[at] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
            let end = at
                + bytes[at..]
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
                    .count();
            (Kind::Space, end)
        }
        b'-' if byte(at + 1) == Some(b'-') => {
            let end = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
            (Kind::Space, end)
        }
        b'/' if byte(at + 1) == Some(b'*') => block_comment(bytes, at),
        b'\'' => quoted(bytes, at, b'\'', false),
        b'"' => quoted(bytes, at, b'"', false),
        b'E' | b'e' if byte(at + 1) == Some(b'\'') => quoted(bytes, at + 1, b'\'', true),
        b'B' | b'b' | b'X' | b'x' | b'N' | b'n' if byte(at + 1) == Some(b'\'') => {
            quoted(bytes, at + 1, b'\'', false)
        }
        b'U' | b'u' if byte(at + 1) == Some(b'&') && byte(at + 2) == Some(b'\'') => {
            quoted(bytes, at + 2, b'\'', false)
        }
        b'U' | b'u' if byte(at + 1) == Some(b'&') && byte(at + 2) == Some(b'"') => {
            quoted(bytes, at + 2, b'"', false)
        }
        b'$' => dollar(bytes, text, at),
        b if is_word_start(b) => (Kind::Word, word_end(bytes, at + 1)),
        b'0'..=b'9' => (Kind::Number, number_end(bytes, at)),
        b'.' if byte(at + 1).is_some_and(|b| b.is_ascii_digit()) => {
            (Kind::Number, number_end(bytes, at))
        }
        b':' if byte(at + 1) == Some(b':') => (Kind::Symbol, at + 2),
        b if is_operator(b) => (Kind::Symbol, operator_end(bytes, at)),
        // Punctuation, one character at a time.
        _ => (Kind::Symbol, at + 1),
    }
}

fn is_operator(b: u8) -> bool {
    b"+-*/<>=~!@#%^&|`?".contains(&b)
}

/// An operator is a run of operator characters that stops where a comment starts.
fn operator_end(bytes: &[u8], at: usize) -> usize {
    let mut end = at + 1;
    while end < bytes.len()
        && is_operator(bytes[end])
        && !matches!(&bytes[end..], [b'-', b'-', ..] | [b'/', b'*', ..])
    {
        end += 1;
    }
    end
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    from + bytes[from..]
        .iter()
        .take_while(|&&b| is_word_start(b) || b.is_ascii_digit() || b == b'$')
        .count()
}

/// Digits with `_` separators, an optional fraction and an optional exponent.
fn number_end(bytes: &[u8], at: usize) -> usize {
    let digits = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'_')
            .count()
    };
    let mut end = digits(at);
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1) != Some(&b'.') {
        end = digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        if bytes.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
            end = digits(end + 1 + sign);
        }
    }
    end
}

/// A quote opened at `open`: a doubled quote stands for one, and with `backslash` a
/// backslash escapes the next byte.
fn quoted(bytes: &[u8], open: usize, quote: u8, backslash: bool) -> (Kind, usize) {
    let kind = if quote == b'"' {
        Kind::QuotedName
    } else {
        Kind::Literal
    };
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash => i += 2,
            b if b == quote && bytes.get(i + 1) == Some(&quote) => i += 2,
            b if b == quote => return (kind, i + 1),
            _ => i += 1,
        }
    }
    (Kind::Unterminated, bytes.len())
}

/// `/* ... */`, which nests in Postgres.
fn block_comment(bytes: &[u8], at: usize) -> (Kind, usize) {
    let mut depth = 0usize;
    let mut i = at;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return (Kind::Space, i);
                }
            }
            _ => i += 1,
        }
    }
    (Kind::Unterminated, bytes.len())
}

/// `$1` (a parameter), `$tag$ ... $tag$` (a dollar-quoted string; the tag may be empty,
/// and does not start with a digit), or a lone `$`.
fn dollar(bytes: &[u8], text: &str, at: usize) -> (Kind, usize) {
    if bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
        let end = at
            + 1
            + bytes[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        return (Kind::Symbol, end);
    }
    let tag_end = match bytes.get(at + 1) {
        Some(&b) if is_word_start(b) => {
            at + 1
                + bytes[at + 1..]
                    .iter()
                    .take_while(|&&b| is_word_start(b) || b.is_ascii_digit())
                    .count()
        }
        _ => at + 1,
    };
    if bytes.get(tag_end) != Some(&b'$') {
        return (Kind::Symbol, at + 1);
    }
    let delimiter = &text[at..=tag_end];
    match text[tag_end + 1..].find(delimiter) {
        Some(close) => (Kind::Literal, tag_end + 1 + close + delimiter.len()),
        None => (Kind::Unterminated, bytes.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn reads_every_kind_of_quote() {
        use Kind::*;
        assert_eq!(
            kinds("$fn$ a $$ b $fn$||E'it\\'s'"),
            [
                (Literal, "$fn$ a $$ b $fn$"),
                (Symbol, "||"),
                (Literal, "E'it\\'s'")
            ]
        );
        assert_eq!(
            kinds("\"a\"\"b\" /* x /* y */ 'z' */ 'it''s'"),
            [
                (QuotedName, "\"a\"\"b\""),
                (Space, " "),
                (Space, "/* x /* y */ 'z' */"),
                (Space, " "),
                (Literal, "'it''s'"),
            ]
        );
        assert_eq!(
            kinds("U&'\\0041'::text"),
            [(Literal, "U&'\\0041'"), (Symbol, "::"), (Word, "text")]
        );
    }

    #[test]
    fn splits_operators_before_comments() {
        use Kind::*;
        assert_eq!(
            kinds("a<>-- x\n1.5e-3::int"),
            [
                (Word, "a"),
                (Symbol, "<>"),
                (Space, "-- x"),
                (Space, "\n"),
                (Number, "1.5e-3"),
                (Symbol, "::"),
                (Word, "int"),
            ]
        );
        assert_eq!(kinds("$1$"), [(Symbol, "$1"), (Symbol, "$")]);
    }

    #[test]
    fn covers_the_text_exactly_even_across_lines_and_non_ascii() {
        let text = "é\n  x -- ü\n$1 + 'ö";
        let all: String = tokens(text).iter().map(|t| t.text).collect();
        assert_eq!(all, text);
        assert_eq!(tokens(text).last().unwrap().kind, Kind::Unterminated);
    }
}

/// The statements of a script, each without its `;` and with surrounding space trimmed,
/// empty ones left out. A `;` inside a string, a quoted name, a comment or a
/// `BEGIN ATOMIC ... END` body does not end a statement. For servers that must be sent one
/// statement at a time: Citus passes the text of a DDL statement on to its workers, which
/// refuse a text holding several.
pub fn split_statements(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    // Depth of `BEGIN ATOMIC` bodies, and of `CASE` expressions within them (both end
    // with `END`).
    let mut depth = 0usize;
    let mut previous_word = "";
    for token in tokens(text) {
        let end = at + token.text.len();
        match token.kind {
            Kind::Word => {
                let word = token.text;
                if word.eq_ignore_ascii_case("atomic")
                    && previous_word.eq_ignore_ascii_case("begin")
                    || depth > 0 && word.eq_ignore_ascii_case("case")
                {
                    depth += 1;
                } else if depth > 0 && word.eq_ignore_ascii_case("end") {
                    depth -= 1;
                }
                previous_word = word;
            }
            Kind::Symbol if token.text == ";" && depth == 0 => {
                let statement = text[start..at].trim();
                if !statement.is_empty() {
                    out.push(statement);
                }
                start = end;
            }
            Kind::Space => {}
            _ => previous_word = "",
        }
        at = end;
    }
    let last = text[start..].trim();
    // A script that ends in comments has no statement there.
    if tokens(last).iter().any(|t| t.kind != Kind::Space) {
        out.push(last);
    }
    out
}

#[cfg(test)]
mod split_tests {
    use super::split_statements;

    #[test]
    fn statements_split_at_top_level_semicolons_only() {
        let script = "CREATE TABLE a (b text DEFAULT ';');\n-- a; comment\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT \";\" FROM x\n-- trailing";
        assert_eq!(
            split_statements(script),
            [
                "CREATE TABLE a (b text DEFAULT ';')",
                "-- a; comment\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END",
                "DO $$ BEGIN PERFORM 1; END $$",
                "SELECT \";\" FROM x\n-- trailing",
            ]
        );
        assert!(split_statements("  -- nothing\n").is_empty());
    }
}
