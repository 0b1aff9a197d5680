//! The tokens of a SQL text, as the Postgres dialect tokenizer of `sqlparser` reads them,
//! each with the exact slice of the text it came from.
//!
//! Every reader of SQL text in this crate goes through [`tokens`], so that rendering,
//! planning, normalisation and introspection agree on where a string, a quoted name or a
//! comment starts and ends (dollar quotes with tags, `E'\''`, nested comments included).

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Location, Token as Lexeme, TokenWithSpan, Tokenizer};

/// What a token is, in the terms the readers of SQL text need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) struct Token<'a> {
    pub kind: Kind,
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
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    let dialect = PostgreSqlDialect {};
    let mut lexemes: Vec<TokenWithSpan> = Vec::new();
    // The tokens read before an error are kept in the buffer; what follows is the open quote.
    let complete = Tokenizer::new(&dialect, text)
        .with_unescape(false)
        .tokenize_with_location_into_buf(&mut lexemes)
        .is_ok();
    let mut offsets = Offsets::new(text);
    let mut out = Vec::with_capacity(lexemes.len() + 1);
    let mut end = 0;
    for lexeme in &lexemes {
        let start = offsets.byte(lexeme.span.start);
        end = offsets.byte(lexeme.span.end);
        out.push(Token {
            kind: kind(&lexeme.token),
            text: &text[start..end],
        });
    }
    if end < text.len() {
        out.push(Token {
            kind: if complete {
                Kind::Symbol
            } else {
                Kind::Unterminated
            },
            text: &text[end..],
        });
    }
    out
}

fn kind(lexeme: &Lexeme) -> Kind {
    match lexeme {
        Lexeme::Word(word) if word.quote_style.is_some() => Kind::QuotedName,
        Lexeme::Word(_) => Kind::Word,
        Lexeme::Number(..) => Kind::Number,
        Lexeme::Whitespace(_) => Kind::Space,
        Lexeme::SingleQuotedString(_)
        | Lexeme::DollarQuotedString(_)
        | Lexeme::SingleQuotedByteStringLiteral(_)
        | Lexeme::NationalStringLiteral(_)
        | Lexeme::EscapedStringLiteral(_)
        | Lexeme::UnicodeStringLiteral(_)
        | Lexeme::HexStringLiteral(_) => Kind::Literal,
        // Postgres reads `"..."` only as a name; the tokenizer says so for some dialects.
        Lexeme::DoubleQuotedString(_) => Kind::QuotedName,
        _ => Kind::Symbol,
    }
}

/// Turns the tokenizer's line and column (counted in characters, from 1) into byte
/// offsets. Spans only move forward, so one walk over the text serves them all.
struct Offsets<'a> {
    rest: std::str::CharIndices<'a>,
    len: usize,
    line: u64,
    column: u64,
    byte: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            rest: text.char_indices(),
            len: text.len(),
            line: 1,
            column: 1,
            byte: 0,
        }
    }

    fn byte(&mut self, at: Location) -> usize {
        while (self.line, self.column) < (at.line, at.column) {
            let Some((_, c)) = self.rest.next() else {
                return self.len;
            };
            self.byte += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.byte
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
    fn covers_the_text_exactly_even_across_lines_and_non_ascii() {
        let text = "é\n  x -- ü\n$1 + 'ö";
        let all: String = tokens(text).iter().map(|t| t.text).collect();
        assert_eq!(all, text);
        assert_eq!(tokens(text).last().unwrap().kind, Kind::Unterminated);
    }
}
