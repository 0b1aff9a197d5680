//! Statements into SQL text and driver parameters.
//!
//! sea-query's values are converted by the Postgres type of the parameter they are bound
//! to, which the server infers from where the parameter stands: so an enum label or an
//! address sent as text lands in an enum or `inet` column, and an `i32` in a `bigint` one,
//! without casts in the SQL. A value that does not fit its parameter is the driver's usual
//! "cannot convert" error.

use bytes::BytesMut;
use postgres_types::{to_sql_checked, IsNull, Kind, ToSql, Type, WrongType};
use sea_query::{OptionEnum, PostgresQueryBuilder, QueryStatementWriter, Value};
use std::error::Error as StdError;
use std::net::IpAddr;

type BoxError = Box<dyn StdError + Sync + Send>;

/// Builds a sea-query statement into SQL with `$1, $2...` placeholders and the parameters
/// for the `postgres` / `tokio-postgres` crates.
pub trait BuildPostgres {
    /// The SQL and its parameters: pass `&params.as_params()` to `query`/`execute`.
    fn build_postgres(&self) -> (String, Params);
}

impl<S: QueryStatementWriter> BuildPostgres for S {
    fn build_postgres(&self) -> (String, Params) {
        let (sql, values) = self.build(PostgresQueryBuilder);
        (sql, Params(values.0.into_iter().map(Param).collect()))
    }
}

/// The parameters of a built statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Params(pub Vec<Param>);

impl Params {
    /// The parameters as the driver's `query` and `execute` take them.
    pub fn as_params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
    }
}

/// One sea-query value as a driver parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param(pub Value);

impl ToSql for Param {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        encode(&self.0, ty, out)
    }

    /// Every type: `to_sql` converts by the parameter's type, or fails saying which.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// An array element, borrowed from the array value.
#[derive(Debug)]
struct Element<'a>(&'a Value);

impl ToSql for Element<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        encode(self.0, ty, out)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// The driver's own conversion, with its type check; NULL for any type.
fn checked<T: ToSql>(value: Option<&T>, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    match value {
        Some(value) => value.to_sql_checked(ty, out),
        None => Ok(IsNull::Yes),
    }
}

/// A domain is sent as its base type (a domain over `real[]` takes an array).
fn base(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(base) => self::base(base),
        _ => ty,
    }
}

fn encode(value: &Value, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let ty = base(ty);
    match value {
        Value::Bool(v) => checked(v.as_ref(), ty, out),
        Value::TinyInt(v) => integer(v.map(i64::from), ty, out),
        Value::SmallInt(v) => integer(v.map(i64::from), ty, out),
        Value::Int(v) => integer(v.map(i64::from), ty, out),
        Value::BigInt(v) => integer(*v, ty, out),
        Value::TinyUnsigned(v) => integer(v.map(i64::from), ty, out),
        Value::SmallUnsigned(v) => integer(v.map(i64::from), ty, out),
        Value::Unsigned(v) => integer(v.map(i64::from), ty, out),
        Value::BigUnsigned(v) => match v {
            Some(v) => {
                let v = i64::try_from(*v)
                    .map_err(|_| format!("{v} is out of range for a `{ty}` parameter"))?;
                integer(Some(v), ty, out)
            }
            None => Ok(IsNull::Yes),
        },
        Value::Float(v) => float(v.map(f64::from), ty, out),
        Value::Double(v) => float(*v, ty, out),
        Value::String(v) => text(v.as_deref(), ty, out),
        Value::Char(v) => text(v.map(String::from).as_deref(), ty, out),
        Value::Enum(OptionEnum::Some(v)) => text(Some(&v.value), ty, out),
        Value::Enum(OptionEnum::None(_)) => Ok(IsNull::Yes),
        Value::Bytes(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "serde_json")]
        Value::Json(v) => checked(v.as_deref(), ty, out),
        #[cfg(feature = "chrono")]
        Value::ChronoDate(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "chrono")]
        Value::ChronoTime(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTime(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTimeUtc(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTimeLocal(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTimeWithTimeZone(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "time")]
        Value::TimeDate(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "time")]
        Value::TimeTime(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "time")]
        Value::TimeDateTime(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "time")]
        Value::TimeDateTimeWithTimeZone(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "uuid")]
        Value::Uuid(v) => checked(v.as_ref(), ty, out),
        #[cfg(feature = "rust_decimal")]
        Value::Decimal(v) => checked(v.as_ref(), ty, out),
        Value::Array(_, None) => Ok(IsNull::Yes),
        Value::Array(_, Some(items)) => {
            if !matches!(ty.kind(), Kind::Array(_)) {
                return Err(format!("an array cannot be sent as a `{ty}` parameter").into());
            }
            let elements: Vec<Element<'_>> = items.iter().map(Element).collect();
            elements.to_sql(ty, out)
        }
        // Other crates in the build may enable more of sea-query's value types.
        #[allow(unreachable_patterns)]
        other => Err(format!(
            "schemata's postgres binding does not convert sea-query value {other:?}; enable the schemata feature for its type"
        )
        .into()),
    }
}

/// Integers fit whichever integer type the parameter has, or fail saying so.
fn integer(value: Option<i64>, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let Some(value) = value else {
        return Ok(IsNull::Yes);
    };
    let out_of_range = |_| format!("{value} is out of range for a `{ty}` parameter");
    match *ty {
        Type::INT2 => i16::try_from(value).map_err(out_of_range)?.to_sql(ty, out),
        Type::INT4 => i32::try_from(value).map_err(out_of_range)?.to_sql(ty, out),
        _ => value.to_sql_checked(ty, out),
    }
}

/// Floats fit `real` or `double precision`.
fn float(value: Option<f64>, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let Some(value) = value else {
        return Ok(IsNull::Yes);
    };
    match *ty {
        // Postgres stores `real` as f32 anyway.
        Type::FLOAT4 => (value as f32).to_sql(ty, out),
        _ => value.to_sql_checked(ty, out),
    }
}

/// Text goes into text types, enum types (an enum value's binary form is its label) and
/// `inet` (parsed: that is how an `IpAddr` travels through sea-query).
fn text(value: Option<&str>, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let Some(value) = value else {
        return Ok(IsNull::Yes);
    };
    if <&str as ToSql>::accepts(ty) {
        return value.to_sql(ty, out);
    }
    if let Kind::Enum(labels) = ty.kind() {
        if !labels.iter().any(|label| label == value) {
            return Err(format!("`{value}` is not a value of enum type `{ty}`").into());
        }
        out.extend_from_slice(value.as_bytes());
        return Ok(IsNull::No);
    }
    if *ty == Type::INET {
        let address: IpAddr = value.parse().map_err(|error| {
            format!("`{value}` is not an address for an `inet` parameter: {error}")
        })?;
        return address.to_sql(ty, out);
    }
    Err(Box::new(WrongType::new::<String>(ty.clone())))
}
