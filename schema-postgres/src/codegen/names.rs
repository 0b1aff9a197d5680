//! Rust names and types for SQL objects: identifiers that always compile, and the field
//! types `#[derive(Table)]` maps back to the column's SQL type.

use schema_core::{QualifiedName, SqlType};
use std::collections::BTreeSet;

/// Words Rust reserves (strict, reserved and 2018+ keywords).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// `createdAt` -> `created_at`: the words of a SQL name, split as heck splits them, with
/// anything that cannot be in an identifier dropped. Never empty.
fn words(name: &str) -> Vec<String> {
    use heck::ToSnakeCase;
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    ascii
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A snake_case identifier for a SQL name: a field or a module.
pub(crate) fn snake(name: &str) -> String {
    let joined = words(name).join("_");
    fix(if joined.is_empty() {
        "x".into()
    } else {
        joined
    })
}

/// A PascalCase identifier for a SQL name: a struct, an enum or a variant.
pub(crate) fn pascal(name: &str) -> String {
    use heck::ToUpperCamelCase;
    let joined = words(name).join("_").to_upper_camel_case();
    fix(if joined.is_empty() {
        "X".into()
    } else {
        joined
    })
}

/// Whether Rust reserves `name`, so that it is not an identifier as it is.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Makes a candidate a valid identifier: a leading digit gets a `_` before it, a keyword
/// becomes raw (`r#type`), or gets a `_` after it when it cannot be raw (`self_`).
fn fix(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without `r#`, as the derives name things after it.
pub(crate) fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Hands out identifiers unique in one scope: the second `status` becomes `status_2`, in
/// the order asked, which is the sorted order of the objects, so output is deterministic.
#[derive(Default)]
pub(crate) struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub(crate) fn unique(&mut self, ident: String) -> String {
        let mut candidate = ident.clone();
        let mut n = 2;
        while self.taken.contains(unraw(&candidate)) {
            candidate = format!("{}_{n}", unraw(&ident));
            n += 1;
        }
        self.taken.insert(unraw(&candidate).to_owned());
        candidate
    }
}

/// serde's `rename_all` rules for fields, as `#[table(rename_all)]` applies them in
/// `schema-derive` (`attr/rename.rs`); the round-trip test holds the two together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// Named as serde names them.
#[allow(clippy::enum_variant_names)]
pub(crate) enum RenameRule {
    CamelCase,
    PascalCase,
    ScreamingSnakeCase,
    KebabCase,
    ScreamingKebabCase,
}

impl RenameRule {
    /// The candidates, in the order codegen prefers them.
    pub(crate) const ALL: [RenameRule; 5] = [
        RenameRule::CamelCase,
        RenameRule::PascalCase,
        RenameRule::ScreamingSnakeCase,
        RenameRule::KebabCase,
        RenameRule::ScreamingKebabCase,
    ];

    /// The spelling in `#[table(rename_all = "..")]`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RenameRule::CamelCase => "camelCase",
            RenameRule::PascalCase => "PascalCase",
            RenameRule::ScreamingSnakeCase => "SCREAMING_SNAKE_CASE",
            RenameRule::KebabCase => "kebab-case",
            RenameRule::ScreamingKebabCase => "SCREAMING-KEBAB-CASE",
        }
    }

    /// The column name the derive gives a snake_case field under this rule.
    pub(crate) fn apply(self, field: &str) -> String {
        match self {
            RenameRule::ScreamingSnakeCase => field.to_ascii_uppercase(),
            RenameRule::KebabCase => field.replace('_', "-"),
            RenameRule::ScreamingKebabCase => field.replace('_', "-").to_ascii_uppercase(),
            RenameRule::CamelCase | RenameRule::PascalCase => {
                let mut out = String::with_capacity(field.len());
                let mut capitalize = self == RenameRule::PascalCase;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        out.extend(ch.to_uppercase());
                        capitalize = false;
                    } else {
                        out.push(ch);
                    }
                }
                out
            }
        }
    }
}

/// The Rust type of a column, and whether the derive would infer the column's SQL type
/// from it (otherwise the field needs `sql_type = ".."`). `enum_type` names the Rust enum
/// generated for a Postgres enum, when there is one.
pub(crate) fn rust_type(
    ty: &SqlType,
    enum_type: &dyn Fn(&QualifiedName) -> Option<String>,
) -> (String, bool) {
    match ty {
        SqlType::Boolean => ("bool".into(), true),
        SqlType::SmallInt => ("i16".into(), true),
        SqlType::Integer => ("i32".into(), true),
        SqlType::BigInt => ("i64".into(), true),
        SqlType::Real => ("f32".into(), true),
        SqlType::DoublePrecision => ("f64".into(), true),
        SqlType::Numeric {
            precision: None,
            scale: None,
        } => ("Decimal".into(), true),
        SqlType::Numeric { .. } => ("Decimal".into(), false),
        SqlType::Text => ("String".into(), true),
        SqlType::Varchar { .. } | SqlType::Char { .. } => ("String".into(), false),
        SqlType::Bytea => ("Vec<u8>".into(), true),
        SqlType::Uuid => ("Uuid".into(), true),
        SqlType::Date => ("NaiveDate".into(), true),
        SqlType::Time => ("NaiveTime".into(), true),
        SqlType::Timestamp => ("NaiveDateTime".into(), true),
        SqlType::Timestamptz => ("DateTime<Utc>".into(), true),
        SqlType::Jsonb => ("serde_json::Value".into(), true),
        SqlType::Json => ("serde_json::Value".into(), false),
        SqlType::Inet => ("std::net::IpAddr".into(), true),
        SqlType::Enum(name) => match enum_type(name) {
            Some(rust) => (rust, true),
            None => ("String".into(), false),
        },
        SqlType::Array(element) => {
            let (inner, inferred) = rust_type(element, enum_type);
            // `Vec<u8>` is bytea, so a smallint array stays `Vec<i16>`; a `Vec<Vec<u8>>`
            // is `bytea[]` as the derive reads it.
            (format!("Vec<{inner}>"), inferred)
        }
        SqlType::Interval | SqlType::Tsvector | SqlType::Custom(_) => ("String".into(), false),
    }
}

/// A Rust expression for a SQL type in builder calls: `SqlType::Text`, or
/// `SqlType::parse("varchar(20)")` for types with modifiers and custom types. Enum types
/// are spelled out, because not every builder call resolves an enum named by text.
pub(crate) fn sql_type_expr(ty: &SqlType) -> String {
    let unit = match ty {
        SqlType::Boolean => "Boolean",
        SqlType::SmallInt => "SmallInt",
        SqlType::Integer => "Integer",
        SqlType::BigInt => "BigInt",
        SqlType::Real => "Real",
        SqlType::DoublePrecision => "DoublePrecision",
        SqlType::Text => "Text",
        SqlType::Bytea => "Bytea",
        SqlType::Uuid => "Uuid",
        SqlType::Date => "Date",
        SqlType::Time => "Time",
        SqlType::Timestamp => "Timestamp",
        SqlType::Timestamptz => "Timestamptz",
        SqlType::Interval => "Interval",
        SqlType::Json => "Json",
        SqlType::Jsonb => "Jsonb",
        SqlType::Inet => "Inet",
        SqlType::Tsvector => "Tsvector",
        SqlType::Enum(name) => {
            return format!(
                "SqlType::Enum(QualifiedName::new({:?}, {:?}))",
                name.schema, name.name
            )
        }
        SqlType::Array(inner) if matches!(inner.element(), SqlType::Enum(_)) => {
            return format!("SqlType::Array(Box::new({}))", sql_type_expr(inner))
        }
        _ => return format!("SqlType::parse({:?})", ty.to_string()),
    };
    format!("SqlType::{unit}")
}

/// The text `QualifiedName::parse` reads back as `name` (`users`, `app.users`), which the
/// builder constructors take; `None` when there is none (a schema name with a dot).
pub(crate) fn name_text(name: &QualifiedName) -> Option<String> {
    if name.schema.contains('.') {
        None
    } else if name.schema == schema_core::DEFAULT_SCHEMA && !name.name.contains('.') {
        Some(name.name.clone())
    } else {
        Some(name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_always_compile() {
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa_code"), "_2fa_code");
        assert_eq!(snake("prénom"), "pr_nom");
        assert_eq!(snake("¿?"), "x");
        assert_eq!(pascal("user_profiles"), "UserProfiles");
        assert_eq!(pascal("1st"), "_1st");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut scope = Scope::default();
        assert_eq!(scope.unique("status".into()), "status");
        assert_eq!(scope.unique("status".into()), "status_2");
        assert_eq!(scope.unique("r#type".into()), "r#type");
        assert_eq!(scope.unique("r#type".into()), "type_2");
    }

    #[test]
    fn rename_rules_follow_serde() {
        assert_eq!(
            RenameRule::CamelCase.apply("address_line_2"),
            "addressLine2"
        );
        assert_eq!(RenameRule::PascalCase.apply("user_id"), "UserId");
        assert_eq!(RenameRule::ScreamingKebabCase.apply("user_id"), "USER-ID");
    }
}
