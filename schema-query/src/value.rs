//! Rust values as sea-query values, and which values a typed column accepts.

use sea_query::{ArrayType, Value};

/// A Rust type whose values can be sent to Postgres in a query: every column type of a
/// `#[derive(Table)]` struct implements it. `#[derive(PgEnum)]` implements it for enums;
/// implement it for your own column types (alongside [`PgType`](schema_core::PgType)).
///
/// ```
/// use schema_query::sea_query::Value;
/// use schema_query::ToValue;
///
/// struct Email(String);
///
/// impl ToValue for Email {
///     fn to_value(&self) -> Value {
///         self.0.to_value()
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent to Postgres in a query",
    label = "no `ToValue` implementation",
    note = "implement `schemata::query::ToValue` for it, or derive `PgEnum` if it is an enum"
)]
pub trait ToValue {
    /// The value.
    fn to_value(&self) -> Value;

    /// A NULL of this type, for `Option::None`. Postgres infers a parameter's type from
    /// where it is used, so the default, an untyped NULL, is right almost everywhere.
    fn null() -> Value
    where
        Self: Sized,
    {
        Value::String(None)
    }

    /// The element type sea-query records for an array of this type. Only rendering SQL
    /// with inline values looks at it.
    fn array_type() -> ArrayType
    where
        Self: Sized,
    {
        ArrayType::String
    }
}

/// Types sea-query knows: the value, a typed NULL and the array element type come from it.
macro_rules! native {
    ($($rust:ty => $array:ident,)*) => {
        $(impl ToValue for $rust {
            fn to_value(&self) -> Value {
                Value::from(self.clone())
            }

            fn null() -> Value {
                Value::from(None::<$rust>)
            }

            fn array_type() -> ArrayType {
                ArrayType::$array
            }
        })*
    };
}

native! {
    bool => Bool,
    i16 => SmallInt,
    i32 => Int,
    i64 => BigInt,
    f32 => Float,
    f64 => Double,
    String => String,
    Vec<u8> => Bytes,
}

#[cfg(feature = "uuid")]
native! { uuid::Uuid => Uuid, }

#[cfg(feature = "chrono")]
native! {
    chrono::DateTime<chrono::Utc> => ChronoDateTimeUtc,
    chrono::DateTime<chrono::FixedOffset> => ChronoDateTimeWithTimeZone,
    chrono::DateTime<chrono::Local> => ChronoDateTimeLocal,
    chrono::NaiveDateTime => ChronoDateTime,
    chrono::NaiveDate => ChronoDate,
    chrono::NaiveTime => ChronoTime,
}

#[cfg(feature = "time")]
native! {
    time::OffsetDateTime => TimeDateTimeWithTimeZone,
    time::PrimitiveDateTime => TimeDateTime,
    time::Date => TimeDate,
    time::Time => TimeTime,
}

#[cfg(feature = "rust_decimal")]
native! { rust_decimal::Decimal => Decimal, }

#[cfg(feature = "serde_json")]
native! { serde_json::Value => Json, }

/// sea-query has no address type; the text form is what Postgres parses for `inet`, and
/// the driver binding turns it back into an address for an `inet` parameter.
impl ToValue for std::net::IpAddr {
    fn to_value(&self) -> Value {
        Value::String(Some(self.to_string()))
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(value) => value.to_value(),
            None => T::null(),
        }
    }

    fn null() -> Value {
        T::null()
    }

    fn array_type() -> ArrayType {
        T::array_type()
    }
}

/// A Postgres array. `Vec<u8>` is `bytea` instead: `u8` is no `ToValue`.
impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        let items = self.iter().map(ToValue::to_value).collect();
        Value::Array(T::array_type(), Some(Box::new(items)))
    }

    fn null() -> Value {
        Value::Array(T::array_type(), None)
    }

    fn array_type() -> ArrayType {
        T::array_type()
    }
}

/// What a typed column's comparisons accept for a column of Rust type `V` (the column
/// `C`): a `V`, a `&V`, a `&str` for text, and for a nullable column also the inner type.
/// The column is a parameter only so that a mismatch names it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value of column `{C}`, which holds `{V}`",
    label = "expected `{V}`",
    note = "a column takes its field's Rust type or a reference to it; a nullable column also takes the inner type"
)]
pub trait ValueOf<V, C> {
    /// The value to compare with.
    fn into_value(self) -> Value;
}

impl<V: ToValue, C> ValueOf<V, C> for V {
    fn into_value(self) -> Value {
        self.to_value()
    }
}

impl<V: ToValue, C> ValueOf<V, C> for &V {
    fn into_value(self) -> Value {
        self.to_value()
    }
}

impl<V: ToValue, C> ValueOf<Option<V>, C> for V {
    fn into_value(self) -> Value {
        self.to_value()
    }
}

impl<V: ToValue, C> ValueOf<Option<V>, C> for &V {
    fn into_value(self) -> Value {
        self.to_value()
    }
}

impl<C> ValueOf<String, C> for &str {
    fn into_value(self) -> Value {
        Value::String(Some(self.to_string()))
    }
}

impl<C> ValueOf<Option<String>, C> for &str {
    fn into_value(self) -> Value {
        Value::String(Some(self.to_string()))
    }
}

/// Nullable column types: what `is_null` and `is_not_null` need.
#[diagnostic::on_unimplemented(
    message = "column `{C}` is `NOT NULL` (it holds `{Self}`), so it is never NULL",
    label = "only nullable (`Option<...>`) columns can be compared with NULL"
)]
pub trait Nullable<C> {}

impl<T, C> Nullable<C> for Option<T> {}

/// Text column types: what `like` needs.
#[diagnostic::on_unimplemented(
    message = "column `{C}` holds `{Self}`, not text",
    label = "`like` matches text columns only"
)]
pub trait Text<C> {}

impl<C> Text<C> for String {}
impl<C> Text<C> for Option<String> {}

/// Column types that can be compared with a column of type `V` (the same type, with or
/// without `Option`): what `equals` needs.
#[diagnostic::on_unimplemented(
    message = "column `{C}` holds `{Self}`, which cannot be compared with `{V}`",
    label = "expected a column of type `{V}`"
)]
pub trait ComparableWith<V, C> {}

impl<T, C> ComparableWith<T, C> for T {}
impl<T, C> ComparableWith<Option<T>, C> for T {}
impl<T, C> ComparableWith<T, C> for Option<T> {}

/// The values of a row's fields, as a tuple of references in column order: what the
/// derive's `Record::values` calls, so that the per-field work is generic code here,
/// checked once, rather than code in every table.
#[doc(hidden)]
pub trait ToValues {
    /// One value per field.
    fn to_values(self) -> Vec<Value>;
}

macro_rules! to_values {
    ($($t:ident)*) => {
        impl<$($t: ToValue),*> ToValues for ($(&$t,)*) {
            #[allow(non_snake_case)]
            fn to_values(self) -> Vec<Value> {
                let ($($t,)*) = self;
                vec![$($t.to_value()),*]
            }
        }
    };
}

/// Invokes `$m!` for every suffix of the list: one tuple arity each.
macro_rules! arities {
    ($m:ident; $first:ident $($rest:ident)*) => {
        $m!($first $($rest)*);
        $crate::value::arities!($m; $($rest)*);
    };
    ($m:ident;) => {};
}

pub(crate) use arities;

arities!(to_values; A B C D E F G H I J K L M N O P Q R S T U V W X Y Z A1 B1 C1 D1 E1 F1);
