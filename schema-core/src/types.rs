//! Column types: the Postgres type model and the Rust-to-Postgres mapping trait.

use crate::name::{quote_ident, QualifiedName};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Postgres column type, in canonical form: aliases (`int4`, `int`, `integer`) are one
/// variant, so two schemas compare equal however their types were spelled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlType {
    /// `boolean`
    Boolean,
    /// `smallint` (`int2`)
    SmallInt,
    /// `integer` (`int4`, `int`)
    Integer,
    /// `bigint` (`int8`)
    BigInt,
    /// `real` (`float4`)
    Real,
    /// `double precision` (`float8`)
    DoublePrecision,
    /// `numeric` or `numeric(p,s)` (`decimal`); `numeric(p)` parses as `numeric(p,0)`, as
    /// Postgres stores it.
    Numeric {
        /// Total number of digits, if limited.
        precision: Option<u32>,
        /// Digits after the decimal point, if given.
        scale: Option<u32>,
    },
    /// `text`
    Text,
    /// `character varying` with an optional length limit (`varchar(n)`).
    Varchar {
        /// Maximum length in characters.
        length: Option<u32>,
    },
    /// `character(n)` (`char(n)`; a bare `char` is `char(1)`).
    Char {
        /// Fixed length in characters.
        length: u32,
    },
    /// `bytea`
    Bytea,
    /// `uuid`
    Uuid,
    /// `date`
    Date,
    /// `time without time zone`
    Time,
    /// `timestamp without time zone`
    Timestamp,
    /// `timestamp with time zone` (`timestamptz`)
    Timestamptz,
    /// `interval`
    Interval,
    /// `json`
    Json,
    /// `jsonb`
    Jsonb,
    /// `inet`
    Inet,
    /// `tsvector`
    Tsvector,
    /// A user-defined enum type.
    Enum(QualifiedName),
    /// A one-dimensional array of the element type (Postgres does not enforce dimensions).
    Array(Box<SqlType>),
    /// Any other type, kept as written in lowercase: `citext`, `vector(1536)`,
    /// `timestamp(3) with time zone`, `extensions.geometry`.
    Custom(String),
}

impl SqlType {
    /// Parses a type as a user writes it in `sql_type = "..."` or as Postgres's
    /// `format_type` prints it, folding aliases into one canonical variant.
    pub fn parse(text: &str) -> SqlType {
        let normalized = normalize_spaces(text);
        let t = normalized.as_str();
        if let Some(element) = t.strip_suffix("[]") {
            return SqlType::Array(Box::new(SqlType::parse(element)));
        }
        let (base, args) = split_modifiers(t);
        let base = base.trim();
        match (base, args.as_slice()) {
            ("bool" | "boolean", []) => SqlType::Boolean,
            ("int2" | "smallint", []) => SqlType::SmallInt,
            ("int" | "int4" | "integer", []) => SqlType::Integer,
            ("int8" | "bigint", []) => SqlType::BigInt,
            ("float4" | "real", []) => SqlType::Real,
            ("float8" | "double precision" | "float", []) => SqlType::DoublePrecision,
            ("numeric" | "decimal", []) => SqlType::Numeric {
                precision: None,
                scale: None,
            },
            // Postgres reads `numeric(p)` as `numeric(p,0)` and prints it so.
            ("numeric" | "decimal", [p]) => SqlType::Numeric {
                precision: Some(*p),
                scale: Some(0),
            },
            ("numeric" | "decimal", [p, s]) => SqlType::Numeric {
                precision: Some(*p),
                scale: Some(*s),
            },
            ("text", []) => SqlType::Text,
            ("varchar" | "character varying", []) => SqlType::Varchar { length: None },
            ("varchar" | "character varying", [n]) => SqlType::Varchar { length: Some(*n) },
            ("char" | "character" | "bpchar", []) => SqlType::Char { length: 1 },
            ("char" | "character" | "bpchar", [n]) => SqlType::Char { length: *n },
            ("bytea", []) => SqlType::Bytea,
            ("uuid", []) => SqlType::Uuid,
            ("date", []) => SqlType::Date,
            ("time" | "time without time zone", []) => SqlType::Time,
            ("timestamp" | "timestamp without time zone", []) => SqlType::Timestamp,
            ("timestamptz" | "timestamp with time zone", []) => SqlType::Timestamptz,
            ("interval", []) => SqlType::Interval,
            ("json", []) => SqlType::Json,
            ("jsonb", []) => SqlType::Jsonb,
            ("inet", []) => SqlType::Inet,
            ("tsvector", []) => SqlType::Tsvector,
            _ => SqlType::Custom(t.to_string()),
        }
    }

    /// The element type of an array, or the type itself.
    pub fn element(&self) -> &SqlType {
        match self {
            SqlType::Array(inner) => inner.element(),
            other => other,
        }
    }

    /// Whether this is one of the integer types an identity column may have.
    pub fn is_integer(&self) -> bool {
        matches!(self, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt)
    }
}

/// Lowercases keywords and collapses runs of whitespace, keeping quoted parts as they are.
fn normalize_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quotes = false;
    let mut pending_space = false;
    for c in text.trim().chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if !in_quotes && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        // No space before `(`, `)`, `,`, `[`, nor after `(`, `,`: `numeric ( 10 , 2 )` is
        // `numeric(10,2)`.
        if pending_space
            && !out.is_empty()
            && !matches!(c, '(' | ')' | ',' | '[' | ']')
            && !out.ends_with(['(', ','])
        {
            out.push(' ');
        }
        pending_space = false;
        out.push(if in_quotes || c == '"' {
            c
        } else {
            c.to_ascii_lowercase()
        });
    }
    out
}

/// Splits `numeric(10,2)` into `("numeric", [10, 2])`. Anything that is not a plain
/// list of numbers in one trailing pair of parentheses returns no modifiers.
fn split_modifiers(t: &str) -> (&str, Vec<u32>) {
    if let Some(open) = t.find('(') {
        if let Some(inner) = t[open + 1..].strip_suffix(')') {
            let numbers: Option<Vec<u32>> =
                inner.split(',').map(|n| n.trim().parse().ok()).collect();
            if let Some(numbers) = numbers {
                return (&t[..open], numbers);
            }
        }
        return (t, Vec::new());
    }
    (t, Vec::new())
}

/// The type as Postgres's `format_type` prints it, which is also valid DDL.
/// A user-defined type's name as `format_type` prints it: unqualified in `public`.
pub(crate) fn type_name(name: &QualifiedName) -> String {
    if name.schema == crate::DEFAULT_SCHEMA {
        crate::quote_ident(&name.name).into_owned()
    } else {
        name.to_sql()
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Boolean => f.write_str("boolean"),
            SqlType::SmallInt => f.write_str("smallint"),
            SqlType::Integer => f.write_str("integer"),
            SqlType::BigInt => f.write_str("bigint"),
            SqlType::Real => f.write_str("real"),
            SqlType::DoublePrecision => f.write_str("double precision"),
            SqlType::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => write!(f, "numeric({p},{s})"),
                (Some(p), None) => write!(f, "numeric({p})"),
                _ => f.write_str("numeric"),
            },
            SqlType::Text => f.write_str("text"),
            SqlType::Varchar { length: Some(n) } => write!(f, "character varying({n})"),
            SqlType::Varchar { length: None } => f.write_str("character varying"),
            SqlType::Char { length } => write!(f, "character({length})"),
            SqlType::Bytea => f.write_str("bytea"),
            SqlType::Uuid => f.write_str("uuid"),
            SqlType::Date => f.write_str("date"),
            SqlType::Time => f.write_str("time without time zone"),
            SqlType::Timestamp => f.write_str("timestamp without time zone"),
            SqlType::Timestamptz => f.write_str("timestamp with time zone"),
            SqlType::Interval => f.write_str("interval"),
            SqlType::Json => f.write_str("json"),
            SqlType::Jsonb => f.write_str("jsonb"),
            SqlType::Inet => f.write_str("inet"),
            SqlType::Tsvector => f.write_str("tsvector"),
            SqlType::Enum(name) if name.schema == crate::name::DEFAULT_SCHEMA => {
                f.write_str(&quote_ident(&name.name))
            }
            SqlType::Enum(name) => f.write_str(&name.to_sql()),
            SqlType::Array(inner) => write!(f, "{inner}[]"),
            SqlType::Custom(text) => f.write_str(text),
        }
    }
}

/// How a Rust type is stored in Postgres. Implement it for your own types to use them as
/// columns, or override per column with `#[column(sql_type = "...")]`.
///
/// ```
/// use schema_core::{PgType, SqlType};
/// struct Email(String);
/// impl PgType for Email {
///     fn sql_type() -> SqlType { SqlType::Custom("citext".into()) }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no Postgres column type",
    label = "no `PgType` implementation",
    note = "implement `schemata::PgType` for it, derive `PgEnum` if it is an enum, or set the type with `#[column(sql_type = \"...\")]`"
)]
pub trait PgType {
    /// The column type.
    fn sql_type() -> SqlType;
    /// Whether the column accepts NULL: true only for `Option<T>`.
    fn nullable() -> bool {
        false
    }
    /// The labels of a Postgres enum type, in declared order; `None` for every other type.
    /// `#[derive(Table)]` checks a text `default_value` against them at compile time.
    const ENUM_LABELS: Option<&'static [&'static str]> = None;
}

macro_rules! pg_types {
    ($($rust:ty => $sql:expr,)*) => {
        $(impl PgType for $rust {
            fn sql_type() -> SqlType { $sql }
        })*
    };
}

pg_types! {
    bool => SqlType::Boolean,
    i16 => SqlType::SmallInt,
    i32 => SqlType::Integer,
    i64 => SqlType::BigInt,
    f32 => SqlType::Real,
    f64 => SqlType::DoublePrecision,
    String => SqlType::Text,
    Vec<u8> => SqlType::Bytea,
    std::net::IpAddr => SqlType::Inet,
}

impl<T: PgType> PgType for Option<T> {
    fn sql_type() -> SqlType {
        T::sql_type()
    }
    fn nullable() -> bool {
        true
    }
    const ENUM_LABELS: Option<&'static [&'static str]> = T::ENUM_LABELS;
}

/// `Vec<T>` is an array of `T`, except `Vec<u8>`, which is `bytea` (`u8` has no `PgType`).
impl<T: PgType> PgType for Vec<T> {
    fn sql_type() -> SqlType {
        SqlType::Array(Box::new(T::sql_type()))
    }
}

#[cfg(feature = "uuid")]
pg_types! { uuid::Uuid => SqlType::Uuid, }

#[cfg(feature = "chrono")]
pg_types! {
    chrono::DateTime<chrono::Utc> => SqlType::Timestamptz,
    chrono::DateTime<chrono::FixedOffset> => SqlType::Timestamptz,
    chrono::DateTime<chrono::Local> => SqlType::Timestamptz,
    chrono::NaiveDateTime => SqlType::Timestamp,
    chrono::NaiveDate => SqlType::Date,
    chrono::NaiveTime => SqlType::Time,
}

#[cfg(feature = "time")]
pg_types! {
    time::OffsetDateTime => SqlType::Timestamptz,
    time::PrimitiveDateTime => SqlType::Timestamp,
    time::Date => SqlType::Date,
    time::Time => SqlType::Time,
}

#[cfg(feature = "rust_decimal")]
pg_types! {
    rust_decimal::Decimal => SqlType::Numeric { precision: None, scale: None },
}

#[cfg(feature = "serde_json")]
pg_types! { serde_json::Value => SqlType::Jsonb, }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_fold_into_one_type() {
        for (text, ty) in [
            ("int4", SqlType::Integer),
            ("INTEGER", SqlType::Integer),
            ("int8", SqlType::BigInt),
            ("float8", SqlType::DoublePrecision),
            ("double  precision", SqlType::DoublePrecision),
            ("bool", SqlType::Boolean),
            ("timestamptz", SqlType::Timestamptz),
            ("timestamp with time zone", SqlType::Timestamptz),
            ("varchar(120)", SqlType::Varchar { length: Some(120) }),
            (
                "character varying(120)",
                SqlType::Varchar { length: Some(120) },
            ),
            (
                "character varying ( 120 )",
                SqlType::Varchar { length: Some(120) },
            ),
            ("bpchar", SqlType::Char { length: 1 }),
            (
                "decimal(10, 2)",
                SqlType::Numeric {
                    precision: Some(10),
                    scale: Some(2),
                },
            ),
            (
                "numeric(12)",
                SqlType::Numeric {
                    precision: Some(12),
                    scale: Some(0),
                },
            ),
            ("text[]", SqlType::Array(Box::new(SqlType::Text))),
            ("citext", SqlType::Custom("citext".into())),
            ("vector(1536)", SqlType::Custom("vector(1536)".into())),
        ] {
            assert_eq!(SqlType::parse(text), ty, "{text}");
        }
    }

    #[test]
    fn display_parses_back_to_itself() {
        for ty in [
            SqlType::Varchar { length: Some(120) },
            SqlType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
            SqlType::Char { length: 3 },
            SqlType::Timestamptz,
            SqlType::Array(Box::new(SqlType::Uuid)),
            SqlType::Custom("vector(1536)".into()),
        ] {
            assert_eq!(SqlType::parse(&ty.to_string()), ty);
        }
    }

    #[test]
    fn rust_types_map_to_postgres() {
        assert_eq!(<Vec<u8>>::sql_type(), SqlType::Bytea);
        assert_eq!(
            <Vec<String>>::sql_type(),
            SqlType::Array(Box::new(SqlType::Text))
        );
        assert_eq!(<Option<i64>>::sql_type(), SqlType::BigInt);
        assert!(<Option<i64>>::nullable());
        assert!(!i64::nullable());
    }
}
