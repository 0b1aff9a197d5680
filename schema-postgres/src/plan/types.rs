//! What changing a column's type costs: whether Postgres rewrites the table, whether the
//! conversion can fail or lose information, and the `USING` cast it needs.

use schema_core::{quote_ident, SqlType};

/// How a column goes from one type to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TypeChange {
    /// The table is rewritten (the representation changes). False for the binary
    /// coercible changes Postgres does in place, such as widening a `varchar`.
    pub rewrite: bool,
    /// Some values may not convert (too long, out of range, not parseable).
    pub may_fail: bool,
    /// Values convert with information lost: rounding, dropped time of day, precision.
    pub lossy: bool,
    /// The `USING` expression, when Postgres has no assignment cast for the change.
    pub using: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Number,
    Text,
    Time,
    Boolean,
    Json,
    Enum,
    Array,
    /// Types that convert only through text: uuid, bytea, inet, tsvector.
    Opaque,
    Custom,
}

fn family(ty: &SqlType) -> Family {
    use SqlType::*;
    match ty {
        SmallInt | Integer | BigInt | Real | DoublePrecision | Numeric { .. } => Family::Number,
        Text | Varchar { .. } | Char { .. } => Family::Text,
        Date | Time | Timestamp | Timestamptz | Interval => Family::Time,
        Boolean => Family::Boolean,
        Json | Jsonb => Family::Json,
        Enum(_) => Family::Enum,
        Array(_) => Family::Array,
        Uuid | Bytea | Inet | Tsvector => Family::Opaque,
        Custom(_) => Family::Custom,
    }
}

/// How `column` changes from `from` to `to`, or why Postgres cannot do it.
pub(crate) fn type_change(
    column: &str,
    from: &SqlType,
    to: &SqlType,
) -> Result<TypeChange, String> {
    let cast = |target: String| Some(format!("{}::{target}", quote_ident(column)));
    let no_cast = || {
        Err(format!(
            "Postgres has no cast from `{from}` to `{to}`; add a new column, copy the data over in a migration of your own, then drop the old one"
        ))
    };
    let (f, t) = (family(from), family(to));
    let change = |rewrite, may_fail, lossy, using| TypeChange {
        rewrite,
        may_fail,
        lossy,
        using,
    };
    Ok(match (f, t) {
        // Every type converts to a string type by its text form, as an assignment cast.
        (_, Family::Text) => change(
            !binary_coercible(from, to),
            string_may_fail(from, to),
            false,
            None,
        ),
        (Family::Number, Family::Number) => {
            let (may_fail, lossy) = number_change(from, to);
            change(!binary_coercible(from, to), may_fail, lossy, None)
        }
        (Family::Time, Family::Time) => match time_change(from, to) {
            Some((may_fail, lossy, using)) => change(
                true,
                may_fail,
                lossy,
                using.then(|| to.to_string()).and_then(cast),
            ),
            None => return no_cast(),
        },
        (Family::Json, Family::Json) => change(true, true, false, cast(to.to_string())),
        (Family::Enum, Family::Enum) => change(true, true, false, cast(format!("text::{to}"))),
        (Family::Array, Family::Array) => {
            let (SqlType::Array(a), SqlType::Array(b)) = (from, to) else {
                unreachable!("array family")
            };
            let element = type_change(column, a, b)?;
            let using = match b.as_ref() {
                SqlType::Enum(_) if matches!(a.as_ref(), SqlType::Enum(_)) => {
                    cast(format!("text[]::{to}"))
                }
                _ if element.using.is_some() => cast(to.to_string()),
                _ => None,
            };
            change(element.rewrite, element.may_fail, element.lossy, using)
        }
        (Family::Boolean, Family::Number) | (Family::Number, Family::Boolean)
            if [from, to].contains(&&SqlType::Integer) =>
        {
            change(
                true,
                f == Family::Number,
                f == Family::Number,
                cast(to.to_string()),
            )
        }
        // Text parses into anything; custom types are the user's business: both are
        // tried with an explicit cast, and may fail on the data.
        (Family::Text, _) | (Family::Custom, _) | (_, Family::Custom) => {
            change(true, true, false, cast(to.to_string()))
        }
        _ => return no_cast(),
    })
}

/// Changes Postgres makes without touching the rows.
fn binary_coercible(from: &SqlType, to: &SqlType) -> bool {
    use SqlType::*;
    match (from, to) {
        (Varchar { length: Some(a) }, Varchar { length: Some(b) }) => b >= a,
        (Varchar { .. }, Varchar { length: None } | Text) => true,
        (Text, Varchar { length: None }) => true,
        (
            Numeric {
                precision: Some(p),
                scale: s,
            },
            Numeric {
                precision: Some(q),
                scale: t,
            },
        ) => q >= p && s.unwrap_or(0) == t.unwrap_or(0),
        (
            Numeric { .. },
            Numeric {
                precision: None, ..
            },
        ) => true,
        _ => false,
    }
}

fn string_may_fail(from: &SqlType, to: &SqlType) -> bool {
    use SqlType::*;
    let limit = match to {
        Varchar { length: Some(n) } | Char { length: n } => *n,
        _ => return false,
    };
    match from {
        Varchar { length: Some(n) } | Char { length: n } => *n > limit,
        _ => true,
    }
}

/// (may fail, lossy) for a change between number types.
fn number_change(from: &SqlType, to: &SqlType) -> (bool, bool) {
    use SqlType::*;
    let int_rank = |ty: &SqlType| match ty {
        SmallInt => Some(1),
        Integer => Some(2),
        BigInt => Some(3),
        _ => None,
    };
    match (from, to) {
        (a, b) if int_rank(a).is_some() && int_rank(b).is_some() => {
            (int_rank(b) < int_rank(a), false)
        }
        (a, Real | DoublePrecision) if int_rank(a).is_some() => {
            (false, a == &BigInt || to == &Real)
        }
        (
            a,
            Numeric {
                precision: None, ..
            },
        ) if int_rank(a).is_some() => (false, false),
        (
            _,
            Numeric {
                precision: None, ..
            },
        ) => (false, false),
        (Real, DoublePrecision) => (false, false),
        (DoublePrecision, Real) => (true, true),
        (
            Numeric {
                precision: p,
                scale: s,
            },
            Numeric {
                precision: Some(q),
                scale: t,
            },
        ) => {
            let (s, t) = (s.unwrap_or(0), t.unwrap_or(0));
            let integer_digits_fit = p.is_some_and(|p| q - t >= p - s);
            (!integer_digits_fit, p.is_none() || t < s)
        }
        (
            a,
            Numeric {
                precision: Some(q),
                scale: t,
            },
        ) if int_rank(a).is_some() => {
            let digits = match a {
                SmallInt => 5,
                Integer => 10,
                _ => 19,
            };
            (q - t.unwrap_or(0) < digits, false)
        }
        (_, Numeric { .. }) => (true, true),
        // Real, double and numeric to an integer type: rounded.
        _ => (true, true),
    }
}

/// (may fail, lossy, needs an explicit cast) between date and time types, or `None`
/// when Postgres has no cast.
fn time_change(from: &SqlType, to: &SqlType) -> Option<(bool, bool, bool)> {
    use SqlType::*;
    Some(match (from, to) {
        (Date, Timestamp | Timestamptz) => (false, false, false),
        (Timestamp, Timestamptz) | (Timestamptz, Timestamp) => (false, false, false),
        (Timestamp | Timestamptz, Date) => (false, true, false),
        (Timestamp | Timestamptz, Time) => (false, true, false),
        (Time, Interval) => (false, false, false),
        (Interval, Time) => (false, true, false),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SqlType::*;

    fn change(from: SqlType, to: SqlType) -> TypeChange {
        type_change("c", &from, &to).unwrap()
    }

    #[test]
    fn widening_a_string_is_free() {
        let c = change(Varchar { length: Some(10) }, Varchar { length: Some(20) });
        assert_eq!(
            (c.rewrite, c.may_fail, c.lossy, c.using),
            (false, false, false, None)
        );
        assert!(!change(Varchar { length: Some(10) }, Text).rewrite);
        let narrowing = change(Text, Varchar { length: Some(3) });
        assert!(narrowing.may_fail && narrowing.rewrite && !narrowing.lossy);
    }

    #[test]
    fn numbers_widen_safely_and_narrow_with_hazards() {
        let widen = change(Integer, BigInt);
        assert!(widen.rewrite && !widen.may_fail && !widen.lossy);
        let narrow = change(BigInt, SmallInt);
        assert!(narrow.may_fail && !narrow.lossy);
        let rounds = change(DoublePrecision, Integer);
        assert!(rounds.lossy);
        let n = |p, s| Numeric {
            precision: Some(p),
            scale: Some(s),
        };
        assert!(!change(n(10, 2), n(12, 2)).rewrite);
        assert!(change(n(10, 2), n(10, 1)).lossy);
        assert!(change(n(10, 2), n(6, 2)).may_fail);
    }

    #[test]
    fn casts_are_explicit_only_where_needed() {
        assert_eq!(change(Text, Uuid).using.as_deref(), Some("c::uuid"));
        assert_eq!(change(Uuid, Text).using, None);
        let mood = |n: &str| Enum(schema_core::QualifiedName::parse(n));
        assert_eq!(
            change(mood("a"), mood("b")).using.as_deref(),
            Some("c::text::b")
        );
        assert_eq!(
            change(Array(Box::new(mood("a"))), Array(Box::new(mood("b"))))
                .using
                .as_deref(),
            Some("c::text[]::b[]")
        );
        assert_eq!(change(Json, Jsonb).using.as_deref(), Some("c::jsonb"));
        assert_eq!(change(Timestamptz, Date).using, None);
        assert!(change(Timestamptz, Date).lossy);
    }

    #[test]
    fn impossible_changes_are_refused() {
        let error = type_change("c", &Uuid, &Integer).unwrap_err();
        assert!(
            error.starts_with("Postgres has no cast from `uuid` to `integer`"),
            "{error}"
        );
        assert!(type_change("c", &Boolean, &Date).is_err());
        assert!(type_change("c", &Array(Box::new(Uuid)), &Uuid).is_err());
    }
}
