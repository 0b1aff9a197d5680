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

/// The compile-time check of a text `default_value` on a column whose type may be a
/// `#[derive(PgEnum)]` enum: evaluated in a `const` item, so a value that is not one of
/// `labels` stops the build with `message`. Other types (`labels` is `None`) pass.
pub const fn check_enum_default(labels: Option<&[&str]>, value: &str, message: &str) {
    let Some(labels) = labels else { return };
    let mut i = 0;
    while i < labels.len() {
        if same_text(labels[i], value) {
            return;
        }
        i += 1;
    }
    panic!("{}", message);
}

/// `a == b` for `&str`, usable in `const` (`PartialEq` is not const).
const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
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
