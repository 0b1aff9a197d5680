//! sea-query values as sqlx arguments, each encoded as the type the server expects for
//! its parameter (which a description of the statement gives): an enum label into an
//! enum, an address into `inet`, an `i32` into a `bigint`, an array into a domain over an
//! array, as the `postgres` binding does.

use crate::error::{Error, Kind};
use sea_query::{OptionEnum, Value, Values};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArgumentBuffer, PgArguments, PgTypeInfo, PgTypeKind, Postgres};
use sqlx::{Arguments, Either, Encode, Type, TypeInfo};
use std::net::IpAddr;

/// The values as arguments of the statement: described first, to learn the parameter
/// types, unless there are none.
pub(super) async fn arguments<'e, E>(
    sql: &'e str,
    values: Values,
    executor: E,
) -> Result<PgArguments, Error>
where
    E: sqlx::Executor<'e, Database = Postgres>,
{
    let mut arguments = PgArguments::default();
    if values.0.is_empty() {
        return Ok(arguments);
    }
    let described = executor
        .describe(sql)
        .await
        .map_err(|error| Error::from(error).with_sql(sql))?;
    let types: Vec<PgTypeInfo> = match described.parameters() {
        Some(Either::Left(types)) => types.to_vec(),
        _ => Vec::new(),
    };
    for (index, value) in values.0.into_iter().enumerate() {
        let ty = types.get(index).cloned().ok_or_else(|| {
            Error::new(
                Kind::Encode,
                Some(format!("the statement has no parameter ${}", index + 1).into()),
            )
            .with_sql(sql)
        })?;
        arguments
            .add(Param { value, ty })
            .map_err(|error| Error::new(Kind::Encode, Some(error)).with_sql(sql))?;
    }
    Ok(arguments)
}

/// One value, with the type of its parameter.
struct Param {
    value: Value,
    ty: PgTypeInfo,
}

impl Type<Postgres> for Param {
    /// Never used: [`Encode::produces`] gives each parameter's own type.
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(0))
    }
}

impl Encode<'_, Postgres> for Param {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        encode(&self.value, &self.ty, buf)
    }

    fn produces(&self) -> Option<PgTypeInfo> {
        Some(self.ty.clone())
    }
}

/// A domain is sent as its base type.
fn base(ty: &PgTypeInfo) -> &PgTypeInfo {
    match ty.kind() {
        PgTypeKind::Domain(base) => self::base(base),
        _ => ty,
    }
}

/// sqlx's own encoding of `value`, for a parameter of type `ty`.
fn native<'q, T: Encode<'q, Postgres>>(
    value: &Option<T>,
    buf: &mut PgArgumentBuffer,
) -> Result<IsNull, BoxDynError> {
    match value {
        Some(value) => value.encode_by_ref(buf),
        None => Ok(IsNull::Yes),
    }
}

fn encode(
    value: &Value,
    ty: &PgTypeInfo,
    buf: &mut PgArgumentBuffer,
) -> Result<IsNull, BoxDynError> {
    let ty = base(ty);
    match value {
        Value::Bool(v) => native(v, buf),
        Value::TinyInt(v) => integer(v.map(i64::from), ty, buf),
        Value::SmallInt(v) => integer(v.map(i64::from), ty, buf),
        Value::Int(v) => integer(v.map(i64::from), ty, buf),
        Value::BigInt(v) => integer(*v, ty, buf),
        Value::TinyUnsigned(v) => integer(v.map(i64::from), ty, buf),
        Value::SmallUnsigned(v) => integer(v.map(i64::from), ty, buf),
        Value::Unsigned(v) => integer(v.map(i64::from), ty, buf),
        Value::BigUnsigned(v) => match v {
            Some(v) => integer(Some(i64::try_from(*v)?), ty, buf),
            None => Ok(IsNull::Yes),
        },
        Value::Float(v) => float(v.map(f64::from), ty, buf),
        Value::Double(v) => float(*v, ty, buf),
        Value::String(v) => text(v.as_deref(), ty, buf),
        Value::Char(v) => text(v.map(String::from).as_deref(), ty, buf),
        Value::Enum(OptionEnum::Some(v)) => text(Some(&v.value), ty, buf),
        Value::Enum(OptionEnum::None(_)) => Ok(IsNull::Yes),
        Value::Bytes(v) => native(v, buf),
        #[cfg(feature = "serde_json")]
        Value::Json(v) => match v {
            Some(json) => {
                // jsonb's binary form is a version byte, then the text.
                if ty.name() == "JSONB" {
                    buf.push(1);
                }
                serde_json::to_writer(&mut **buf, json)?;
                Ok(IsNull::No)
            }
            None => Ok(IsNull::Yes),
        },
        #[cfg(feature = "chrono")]
        Value::ChronoDate(v) => native(v, buf),
        #[cfg(feature = "chrono")]
        Value::ChronoTime(v) => native(v, buf),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTime(v) => native(v, buf),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTimeUtc(v) => native(v, buf),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTimeLocal(v) => native(v, buf),
        #[cfg(feature = "chrono")]
        Value::ChronoDateTimeWithTimeZone(v) => native(v, buf),
        #[cfg(feature = "time")]
        Value::TimeDate(v) => native(v, buf),
        #[cfg(feature = "time")]
        Value::TimeTime(v) => native(v, buf),
        #[cfg(feature = "time")]
        Value::TimeDateTime(v) => native(v, buf),
        #[cfg(feature = "time")]
        Value::TimeDateTimeWithTimeZone(v) => native(v, buf),
        #[cfg(feature = "uuid")]
        Value::Uuid(v) => native(v, buf),
        #[cfg(feature = "rust_decimal")]
        Value::Decimal(v) => native(v, buf),
        Value::Array(_, None) => Ok(IsNull::Yes),
        Value::Array(_, Some(items)) => match ty.kind() {
            PgTypeKind::Array(element) => array(items, element, buf),
            _ => Err(format!("an array cannot be sent as a `{}` parameter", ty.name()).into()),
        },
        // Other crates in the build may enable more of sea-query's value types.
        #[allow(unreachable_patterns)]
        other => Err(format!(
            "schemata's sqlx binding does not convert sea-query value {other:?}; enable the schemata feature for its type"
        )
        .into()),
    }
}

/// Integers fit whichever integer type the parameter has, or fail saying so.
fn integer(
    value: Option<i64>,
    ty: &PgTypeInfo,
    buf: &mut PgArgumentBuffer,
) -> Result<IsNull, BoxDynError> {
    let Some(value) = value else {
        return Ok(IsNull::Yes);
    };
    let out_of_range = |_| format!("{value} is out of range for a `{}` parameter", ty.name());
    match ty.name() {
        "INT2" => i16::try_from(value)
            .map_err(out_of_range)?
            .encode_by_ref(buf),
        "INT4" => i32::try_from(value)
            .map_err(out_of_range)?
            .encode_by_ref(buf),
        "INT8" => value.encode_by_ref(buf),
        other => Err(format!("an integer cannot be sent as a `{other}` parameter").into()),
    }
}

/// Floats fit `real` or `double precision`.
fn float(
    value: Option<f64>,
    ty: &PgTypeInfo,
    buf: &mut PgArgumentBuffer,
) -> Result<IsNull, BoxDynError> {
    let Some(value) = value else {
        return Ok(IsNull::Yes);
    };
    match ty.name() {
        // Postgres stores `real` as f32 anyway.
        "FLOAT4" => (value as f32).encode_by_ref(buf),
        "FLOAT8" => value.encode_by_ref(buf),
        other => Err(format!("a float cannot be sent as a `{other}` parameter").into()),
    }
}

/// Text goes into text types and enum types (whose binary form is the label), and into
/// `inet` parsed: that is how an `IpAddr` travels through sea-query.
fn text(
    value: Option<&str>,
    ty: &PgTypeInfo,
    buf: &mut PgArgumentBuffer,
) -> Result<IsNull, BoxDynError> {
    let Some(value) = value else {
        return Ok(IsNull::Yes);
    };
    if let PgTypeKind::Enum(labels) = ty.kind() {
        if !labels.iter().any(|label| label == value) {
            return Err(format!("`{value}` is not a value of enum type `{}`", ty.name()).into());
        }
    } else if ty.name() == "INET" {
        let address: IpAddr = value.parse().map_err(|error| {
            format!("`{value}` is not an address for an `inet` parameter: {error}")
        })?;
        return address.encode_by_ref(buf);
    }
    buf.extend_from_slice(value.as_bytes());
    Ok(IsNull::No)
}

/// A one-dimensional array in Postgres's binary format, each element encoded as the
/// element type.
fn array(
    items: &[Value],
    element: &PgTypeInfo,
    buf: &mut PgArgumentBuffer,
) -> Result<IsNull, BoxDynError> {
    let oid = element
        .oid()
        .ok_or_else(|| format!("the element type `{}` has no known OID", element.name()))?;
    let dimensions: i32 = if items.is_empty() { 0 } else { 1 };
    buf.extend_from_slice(&dimensions.to_be_bytes());
    // The has-nulls flag: Postgres works it out again from the elements.
    buf.extend_from_slice(&0_i32.to_be_bytes());
    buf.extend_from_slice(&oid.0.to_be_bytes());
    if items.is_empty() {
        return Ok(IsNull::No);
    }
    buf.extend_from_slice(&i32::try_from(items.len())?.to_be_bytes());
    buf.extend_from_slice(&1_i32.to_be_bytes());
    for item in items {
        let at = buf.len();
        buf.extend_from_slice(&0_i32.to_be_bytes());
        let length = match encode(item, element, buf)? {
            IsNull::Yes => -1,
            IsNull::No => i32::try_from(buf.len() - at - 4)?,
        };
        buf[at..at + 4].copy_from_slice(&length.to_be_bytes());
    }
    Ok(IsNull::No)
}
