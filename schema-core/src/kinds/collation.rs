//! Collations (`CREATE COLLATION`): how text compares and sorts, such as a case-insensitive
//! ICU collation for emails; their checks and their diff. Postgres cannot alter what a
//! collation is, so a changed one is dropped and created again.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::Kind;
use crate::validate::identifier_length;
use crate::{QualifiedName, Schema, SchemaBuilder, SchemaError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// `CREATE COLLATION`.
///
/// ```
/// use schema_core::{CollationDef, Schema};
/// // Compares `Ann@Example.com` equal to `ann@example.com`.
/// let schema = Schema::builder()
///     .add_collation(CollationDef::icu("public.case_insensitive", "und-u-ks-level2").nondeterministic())
///     .build()
///     .unwrap();
/// assert!(!schema.collations[0].deterministic);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollationDef {
    /// Schema-qualified name.
    pub name: QualifiedName,
    /// Which library compares: the operating system's C library or ICU.
    #[serde(default, skip_serializing_if = "CollationProvider::is_libc")]
    pub provider: CollationProvider,
    /// The locale: an ICU locale (`und-u-ks-level2`), or for libc both `LC_COLLATE` and
    /// `LC_CTYPE` (`C`, `en_US.utf8`).
    pub locale: String,
    /// libc only: `LC_CTYPE` where it differs from [`locale`](Self::locale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lc_ctype: Option<String>,
    /// Whether strings that differ compare unequal (Postgres's default); `false`, with ICU,
    /// makes strings equal when the locale says so (case- or accent-insensitive).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub deterministic: bool,
    /// `COMMENT ON COLLATION` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// Which library a collation uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollationProvider {
    /// The C library of the server's operating system.
    #[default]
    Libc,
    /// ICU, which Debian's and most other builds of Postgres include.
    Icu,
}

impl CollationProvider {
    fn is_libc(&self) -> bool {
        *self == CollationProvider::Libc
    }

    /// As `CREATE COLLATION` spells it.
    pub fn as_str(&self) -> &'static str {
        match self {
            CollationProvider::Libc => "libc",
            CollationProvider::Icu => "icu",
        }
    }
}

impl fmt::Display for CollationProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CollationDef {
    /// A libc collation: `locale` is both `LC_COLLATE` and `LC_CTYPE`.
    pub fn libc(name: &str, locale: &str) -> Self {
        CollationDef {
            name: QualifiedName::parse(name),
            provider: CollationProvider::Libc,
            locale: locale.to_string(),
            lc_ctype: None,
            deterministic: true,
            comment: None,
        }
    }

    /// An ICU collation for `locale`, such as `und-u-ks-level2` (case-insensitive).
    pub fn icu(name: &str, locale: &str) -> Self {
        CollationDef {
            provider: CollationProvider::Icu,
            ..CollationDef::libc(name, locale)
        }
    }

    /// Strings the locale calls equal compare equal (ICU only).
    pub fn nondeterministic(mut self) -> Self {
        self.deterministic = false;
        self
    }

    /// A libc collation's `LC_CTYPE`, where it differs from its `LC_COLLATE`.
    pub fn lc_ctype(mut self, lc_ctype: &str) -> Self {
        self.lc_ctype = Some(lc_ctype.to_string());
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    fn object(&self) -> String {
        format!("collation `{}`", self.name)
    }
}

impl SchemaBuilder {
    /// Adds a collation (`CREATE COLLATION`).
    pub fn add_collation(mut self, collation: CollationDef) -> Self {
        self.schema.collations.push(collation);
        self
    }
}

impl Kind for CollationDef {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.collations
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.collations
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        Some(&self.name)
    }

    fn canonicalize(list: &mut Vec<Self>) {
        list.sort_by(|a, b| a.name.cmp(&b.name));
        for collation in list {
            // The same as no `LC_CTYPE` of its own.
            if collation.lc_ctype.as_ref() == Some(&collation.locale) {
                collation.lc_ctype = None;
            }
        }
    }

    /// A name used once, a locale, and only what the provider supports.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        let mut seen = std::collections::BTreeSet::new();
        for collation in &schema.collations {
            let object = collation.object();
            identifier_length("collation name", &object, &collation.name.name, errors);
            let mut problem = |message: &str| errors.push(error(object.clone(), message.into()));
            if !seen.insert(&collation.name) {
                problem("is declared twice");
            }
            if collation.locale.trim().is_empty() {
                problem("has no locale; name one, such as `und-u-ks-level2` (ICU) or `C` (libc)");
            }
            match collation.provider {
                CollationProvider::Icu if collation.lc_ctype.is_some() => {
                    problem("is an ICU collation with an `lc_ctype`, which only libc collations have; use `locale` alone");
                }
                CollationProvider::Libc if !collation.deterministic => {
                    problem("is nondeterministic, which Postgres supports only for ICU collations; use `CollationDef::icu`");
                }
                _ => {}
            }
        }
    }

    /// Collations created, dropped and created again when they changed (only the comment
    /// changes in place).
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let collations = match_by(&from.collations, &to.collations, |c| &c.name);
        for def in collations.added {
            changes.push(Change::CreateCollation { def: def.clone() });
        }
        for (old, new) in collations.common {
            let comment_only = CollationDef {
                comment: new.comment.clone(),
                ..old.clone()
            } == *new;
            if comment_only && old.comment != new.comment {
                changes.push(Change::SetCollationComment { def: new.clone() });
            } else if old != new {
                changes.push(Change::DropCollation { def: old.clone() });
                changes.push(Change::CreateCollation { def: new.clone() });
            }
        }
    }

    /// Collations dropped: after the columns and indexes that use them.
    fn diff_dropped(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        for def in match_by(&from.collations, &to.collations, |c| &c.name).removed {
            changes.push(Change::DropCollation { def: def.clone() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_provider_cannot_do_is_refused_naming_the_collation() {
        let errors = Schema::builder()
            .add_collation(CollationDef::libc("loose", "C").nondeterministic())
            .add_collation(CollationDef::icu("mixed", "und").lc_ctype("C"))
            .add_collation(CollationDef::icu("blank", " "))
            .build()
            .unwrap_err()
            .to_string();
        for expected in [
            "collation `public.loose`: is nondeterministic, which Postgres supports only for ICU collations",
            "collation `public.mixed`: is an ICU collation with an `lc_ctype`",
            "collation `public.blank`: has no locale",
        ] {
            assert!(errors.contains(expected), "{expected}\n\nnot in:\n{errors}");
        }
    }

    #[test]
    fn a_ctype_equal_to_the_locale_is_no_ctype_of_its_own() {
        let schema = Schema::builder()
            .add_collation(CollationDef::libc("c", "C").lc_ctype("C"))
            .build()
            .unwrap();
        assert_eq!(schema.collations[0], CollationDef::libc("c", "C"));
    }
}
