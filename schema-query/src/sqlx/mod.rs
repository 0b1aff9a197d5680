//! Running typed statements with `sqlx` (Postgres): on `&PgPool` and `&mut PgConnection`
//! (a transaction is one: `&mut *tx`), rows decoded by sqlx's own `Decode`, and the
//! `Type`/`Encode`/`Decode` implementations `#[derive(PgEnum)]` adds to enums.
//!
//! ```ignore
//! let pool = sqlx::PgPool::connect(&url).await?;
//! let titles: Vec<(String, String)> = Task::find()
//!     .join(Task::PROJECT_ID_FKEY)
//!     .select_columns((Task::TITLE, Project::NAME))
//!     .fetch_all(&pool)
//!     .await?;
//! ```
//!
//! sqlx sends each parameter with a declared type; a sea-query value does not know the
//! column it goes to (an enum label is text, an address is text). So a statement is first
//! described (sqlx caches the prepared statement) and each value is encoded as the type
//! the server expects there, the way the `postgres` binding lets the server infer it.

mod bind;
mod execute;

/// What the code `#[derive(PgEnum)]` generates calls. Not a public API.
#[doc(hidden)]
pub mod __private {
    use crate::EnumLabel;
    pub use sqlx::encode::IsNull;
    pub use sqlx::error::BoxDynError;
    pub use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgTypeKind, PgValueRef, Postgres};
    pub use sqlx::{Decode, Encode, Type};

    /// The enum's own type, by name: sqlx looks its OID up once per connection.
    pub fn enum_type_info(name: &'static str) -> PgTypeInfo {
        PgTypeInfo::with_name(name)
    }

    /// Its own Postgres enum type (by name), or text.
    pub fn enum_compatible<E: EnumLabel>(ty: &PgTypeInfo) -> bool {
        use sqlx::TypeInfo;
        let own = matches!(ty.kind(), PgTypeKind::Enum(_))
            && (ty.name() == E::NAME || ty.name() == format!("{}.{}", E::SCHEMA, E::NAME));
        own || <&str as Type<Postgres>>::compatible(ty)
    }

    /// An enum value goes over the wire as its label.
    pub fn enum_encode<E: EnumLabel>(
        value: &E,
        buf: &mut PgArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        buf.extend_from_slice(value.label().as_bytes());
        Ok(IsNull::No)
    }

    /// The variant with the label Postgres sent.
    pub fn enum_decode<E: EnumLabel>(value: PgValueRef<'_>) -> Result<E, BoxDynError> {
        let label = value.as_str()?;
        E::from_label(label).ok_or_else(|| {
            format!(
                "`{label}` is not a value of enum type `{}.{}` as the Rust enum declares it",
                E::SCHEMA,
                E::NAME
            )
            .into()
        })
    }
}
