//! The rules for values every kind holds: comments, column types, expressions, defaults.
//! Each kind applies them to its own fields (`crate::kinds`).

use schema_core::{DefaultValue, IndexTarget, Literal, SqlType};

/// A collation as a column or domain names it: built-in collations live in `pg_catalog`,
/// the user's in `public` unless qualified, both spelled without their schema, and
/// `default` is no collation of its own.
pub(crate) fn collation(collation: &mut Option<String>) {
    if let Some(name) = collation {
        let bare = name
            .strip_prefix("pg_catalog.")
            .or_else(|| name.strip_prefix("public."))
            .unwrap_or(name);
        *collation = (bare != "default").then(|| bare.to_string());
    }
}

pub(crate) fn comment(comment: &mut Option<String>) {
    if comment.as_deref() == Some("") {
        *comment = None;
    }
}

/// `numeric(p)` is `numeric(p,0)`: Postgres stores (and prints) the scale.
pub(crate) fn column_type(ty: &SqlType) -> SqlType {
    match ty {
        SqlType::Numeric {
            precision: Some(precision),
            scale: None,
        } => SqlType::Numeric {
            precision: Some(*precision),
            scale: Some(0),
        },
        SqlType::Array(inner) => SqlType::Array(Box::new(column_type(inner))),
        other => other.clone(),
    }
}

/// An expression in its offline normal form: whitespace collapsed, enclosing parentheses
/// removed.
pub fn expression(text: &str) -> String {
    crate::sql::strip_outer_parens(&crate::sql::collapse_whitespace(text)).to_string()
}

/// What kind of literal a column's type calls for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LiteralKind {
    Number,
    Boolean,
    Text,
}

fn literal_kind(ty: &SqlType) -> LiteralKind {
    match ty {
        SqlType::SmallInt
        | SqlType::Integer
        | SqlType::BigInt
        | SqlType::Real
        | SqlType::DoublePrecision
        | SqlType::Numeric { .. } => LiteralKind::Number,
        SqlType::Boolean => LiteralKind::Boolean,
        _ => LiteralKind::Text,
    }
}

/// A column default in normal form; see the module docs for the rules.
pub(crate) fn default(value: DefaultValue, ty: &SqlType) -> DefaultValue {
    let kind = literal_kind(ty);
    let literal = match value {
        DefaultValue::Literal(literal) => literal,
        DefaultValue::Expression(text) => match literal_default(&text, ty) {
            Some(literal) => literal,
            None => return DefaultValue::Expression(expression_default(&text)),
        },
    };
    DefaultValue::Literal(match (literal, kind) {
        (Literal::Text(t), LiteralKind::Number) if crate::sql::is_number(&t) => Literal::Number(t),
        (Literal::Text(t), LiteralKind::Boolean) if t.eq_ignore_ascii_case("true") => {
            Literal::Boolean(true)
        }
        (Literal::Text(t), LiteralKind::Boolean) if t.eq_ignore_ascii_case("false") => {
            Literal::Boolean(false)
        }
        (Literal::Number(n), LiteralKind::Text) if is_string_type(ty) => Literal::Text(n),
        (Literal::Boolean(b), LiteralKind::Text) if is_string_type(ty) => {
            Literal::Text(b.to_string())
        }
        (literal, _) => literal,
    })
}

fn is_string_type(ty: &SqlType) -> bool {
    matches!(
        ty,
        SqlType::Text | SqlType::Varchar { .. } | SqlType::Char { .. }
    )
}

/// A default expression that is not a literal: `CURRENT_TIMESTAMP` is `now()`.
fn expression_default(text: &str) -> String {
    let text = expression(text);
    if text.eq_ignore_ascii_case("current_timestamp") || text.eq_ignore_ascii_case("now()") {
        "now()".to_string()
    } else {
        text
    }
}

/// The literal a default expression spells, if it is one.
fn literal_default(text: &str, ty: &SqlType) -> Option<Literal> {
    let text = expression(text);
    if text.eq_ignore_ascii_case("true") {
        return Some(Literal::Boolean(true));
    }
    if text.eq_ignore_ascii_case("false") {
        return Some(Literal::Boolean(false));
    }
    if crate::sql::is_number(&text) {
        return Some(Literal::Number(text));
    }
    if let Some(value) = crate::sql::string_literal(&text) {
        return Some(Literal::Text(value));
    }
    let (value, cast) = crate::sql::split_literal_cast(&text)?;
    let cast = SqlType::parse(cast);
    let value = crate::sql::string_literal(value).unwrap_or_else(|| value.to_string());
    if literal_kind(ty) == LiteralKind::Number
        && literal_kind(&cast) == LiteralKind::Number
        && crate::sql::is_number(&value)
    {
        return Some(Literal::Number(value));
    }
    (without_modifiers(&cast) == without_modifiers(&SqlType::parse(&ty.to_string())))
        .then_some(Literal::Text(value))
}

/// The type with lengths, precisions and other modifiers removed: Postgres prints the cast
/// of a default without them (`'x'::character varying` on a `varchar(3)` column), and
/// keeps none on an aggregate's arguments and states.
pub(crate) fn without_modifiers(ty: &SqlType) -> SqlType {
    match ty {
        SqlType::Varchar { .. } => SqlType::Varchar { length: None },
        SqlType::Char { .. } => SqlType::Char { length: 1 },
        SqlType::Numeric { .. } => SqlType::Numeric {
            precision: None,
            scale: None,
        },
        SqlType::Array(inner) => SqlType::Array(Box::new(without_modifiers(inner))),
        SqlType::Custom(text) => {
            let bare = remove_parenthesised(text);
            if &bare == text {
                ty.clone()
            } else {
                without_modifiers(&SqlType::parse(&bare))
            }
        }
        other => other.clone(),
    }
}

/// `timestamp(3) with time zone` -> `timestamp with time zone`.
fn remove_parenthesised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '(' if !in_quotes => depth += 1,
            ')' if !in_quotes && depth > 0 => {
                depth -= 1;
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            out.push(c);
        }
    }
    out
}

/// An index key or partition key in its normal form: an expression that is one column is
/// that column.
pub(crate) fn key_target(text: &str) -> IndexTarget {
    let text = expression(text);
    match crate::sql::identifier(&text) {
        Some(column) => IndexTarget::Column(column),
        None => IndexTarget::Expression(text),
    }
}
