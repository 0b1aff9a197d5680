//! What a SQL expression mentions, without parsing it.
//!
//! The planner needs to know which columns, tables and types a check, an index expression,
//! a default or a policy refers to, so that it can drop the expression before what it
//! depends on changes and create it after. A full SQL parser is not needed for that: the
//! identifiers an expression contains are a superset of what it refers to, and a false
//! positive only costs an extra drop and create, never a wrong order.

use std::collections::BTreeSet;

/// The identifiers in `sql`: unquoted words folded to lowercase as Postgres folds them,
/// quoted ones as written. String literals, dollar-quoted strings, numbers and operators
/// are skipped; a qualified name `a.b` gives both `a` and `b`.
pub(crate) fn identifiers(sql: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i = skip_quoted(&chars, i, '\'');
        } else if c == '"' {
            let end = skip_quoted(&chars, i, '"');
            let inner: String = chars[i + 1..end.saturating_sub(1).max(i + 1)]
                .iter()
                .collect();
            found.insert(inner.replace("\"\"", "\""));
            i = end;
        } else if c == '$' && i + 1 < chars.len() && (chars[i + 1] == '$' || is_start(chars[i + 1]))
        {
            i = skip_dollar_quoted(&chars, i);
        } else if is_start(c) {
            let start = i;
            while i < chars.len()
                && (is_start(chars[i]) || chars[i].is_ascii_digit() || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            found.insert(word.to_lowercase());
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

fn is_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// The index just past the closing quote of a quoted part starting at `start`; a doubled
/// quote inside stands for one.
fn skip_quoted(chars: &[char], start: usize, quote: char) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

/// Skips `$tag$ ... $tag$`. A `$` that does not open a well-formed tag is skipped alone.
fn skip_dollar_quoted(chars: &[char], start: usize) -> usize {
    let mut end_of_tag = start + 1;
    while end_of_tag < chars.len() && chars[end_of_tag] != '$' {
        if !(is_start(chars[end_of_tag]) || chars[end_of_tag].is_ascii_digit()) {
            return start + 1;
        }
        end_of_tag += 1;
    }
    if end_of_tag >= chars.len() {
        return start + 1;
    }
    let tag = &chars[start..=end_of_tag];
    let mut i = end_of_tag + 1;
    while i + tag.len() <= chars.len() {
        if &chars[i..i + tag.len()] == tag {
            return i + tag.len();
        }
        i += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(sql: &str) -> Vec<String> {
        identifiers(sql).into_iter().collect()
    }

    #[test]
    fn finds_words_and_quoted_names() {
        assert_eq!(
            ids(r#"(Status = 'on hold'::"Mood") AND "userId" = auth.uid()"#),
            ["Mood", "and", "auth", "status", "uid", "userId"]
        );
    }

    #[test]
    fn skips_literals_numbers_and_dollar_quotes() {
        assert_eq!(
            ids("price > 1.5e3 AND note <> 'it''s x'"),
            ["and", "note", "price"]
        );
        assert_eq!(
            ids("body = $$ hidden $$ OR tag = $t$ also $t$"),
            ["body", "or", "tag"]
        );
        assert_eq!(ids(r#""a""b" > 0"#), ["a\"b"]);
        assert_eq!(ids("x$1 + $1"), ["x$1"]);
    }
}
