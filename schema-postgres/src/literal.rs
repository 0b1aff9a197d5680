//! SQL string constants: the one function that escapes a string literal, and the dollar
//! quoting of function bodies.

/// Writes `text` as a SQL string literal: `it's` becomes `'it''s'`.
///
/// This is the only place string literals are escaped; every default, comment and
/// stand-in goes through it.
///
/// The output assumes `standard_conforming_strings = on`, Postgres's default since 9.1
/// and the only value Postgres 15 still recommends: in a plain `'...'` literal only the
/// single quote is special, so it is doubled and nothing else is touched. Backslashes in
/// particular stay as they are (`'C:\temp'` is the eight characters `C:\temp`); under the
/// old `standard_conforming_strings = off` they would be read as escapes, so do not run
/// the DDL in a session that turns it off.
///
/// Two things cannot be written at all, and fail loudly rather than being changed:
/// - A NUL character (`\0`): Postgres text values cannot contain it, and the wire
///   protocol ends query text at the first NUL. It is written as is, so the statement is
///   rejected: clients either refuse the query (the `postgres` crate) or cut it at the NUL,
///   which leaves this literal unterminated and the statement a syntax error.
/// - Invalid UTF-8 cannot occur in a Rust `&str`; the text is sent as UTF-8, so the
///   connection's `client_encoding` must be UTF-8 (the default for a UTF-8 database).
pub fn quote_literal(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('\'');
    for c in text.chars() {
        if c == '\'' {
            quoted.push('\'');
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// Wraps a function body in dollar quotes whose tag does not occur in the body, so the
/// body needs no escaping at all: `$$`, or `$body$`, `$body1$`, ... when the body itself
/// contains `$$`. The closing tag is the first occurrence of the tag after the opening
/// one, so the tag must not start anywhere inside the body, not even where the body's
/// last characters and the tag together spell it (a body ending in `$`).
pub(crate) fn dollar_quote(body: &str) -> String {
    let tag = std::iter::once(String::new())
        .chain((0..).map(|n| {
            if n == 0 {
                "body".to_string()
            } else {
                format!("body{n}")
            }
        }))
        .map(|name| format!("${name}$"))
        .find(|tag| format!("{body}{tag}").find(tag.as_str()) == Some(body.len()))
        .expect("some tag is not in a finite body");
    format!("{tag}{body}{tag}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_single_quotes_only() {
        assert_eq!(quote_literal(""), "''");
        assert_eq!(quote_literal("plain"), "'plain'");
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(quote_literal("''"), "''''''");
        assert_eq!(quote_literal(r"C:\temp"), r"'C:\temp'");
        assert_eq!(quote_literal("\"x\""), "'\"x\"'");
        assert_eq!(quote_literal("line\nbreak"), "'line\nbreak'");
        assert_eq!(quote_literal("café ☕"), "'café ☕'");
    }

    #[test]
    fn dollar_tag_avoids_the_body() {
        assert_eq!(dollar_quote("select 1"), "$$select 1$$");
        assert_eq!(dollar_quote("select '$$'"), "$body$select '$$'$body$");
        assert_eq!(
            dollar_quote("select '$$' || '$body$'"),
            "$body1$select '$$' || '$body$'$body1$"
        );
        // `$$select 1$$$` would end the body after `1` and leave a stray `$`.
        assert_eq!(dollar_quote("select 1$"), "$body$select 1$$body$");
        assert_eq!(dollar_quote("x $body"), "$$x $body$$");
    }
}
