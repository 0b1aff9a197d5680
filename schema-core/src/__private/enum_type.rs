//! What `#[derive(PgEnum)]` describes an enum type with.

use crate::__private::owned;
use crate::{EnumDef, EnumValue, QualifiedName};

/// A `#[derive(PgEnum)]` enum.
pub struct EnumSpec<'a> {
    /// `#[pg_enum(schema)]`
    pub schema: &'a str,
    /// `#[pg_enum(name)]`
    pub name: &'a str,
    /// The enum's doc comment.
    pub comment: Option<&'a str>,
    /// `#[pg_enum(renamed_from)]`
    pub renamed_from: Option<&'a str>,
    /// The variants, in declared order.
    pub values: &'a [EnumValueSpec<'a>],
}

/// A variant.
pub struct EnumValueSpec<'a> {
    /// The label.
    pub label: &'a str,
    /// The variant's doc comment.
    pub comment: Option<&'a str>,
    /// `#[pg_enum(renamed_from)]`
    pub renamed_from: Option<&'a str>,
}

impl<'a> EnumValueSpec<'a> {
    /// A value with just a label.
    pub const fn new(label: &'a str) -> Self {
        EnumValueSpec {
            label,
            comment: None,
            renamed_from: None,
        }
    }
}

/// Builds the enum type a derive describes.
pub fn enum_def(spec: &EnumSpec<'_>) -> EnumDef {
    EnumDef {
        name: QualifiedName::new(spec.schema, spec.name),
        values: spec
            .values
            .iter()
            .map(|value| EnumValue {
                label: value.label.to_string(),
                comment: owned(value.comment),
                renamed_from: owned(value.renamed_from),
            })
            .collect(),
        comment: owned(spec.comment),
        renamed_from: owned(spec.renamed_from),
    }
}
