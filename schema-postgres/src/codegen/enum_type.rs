//! A Postgres enum type as a `#[derive(PgEnum)]` enum, its variants in Rust case.

use super::names::{pascal, unraw, Scope};
use super::{doc, lit};
use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use schema_core::EnumDef;
use std::fmt::Write;

/// serde's rules for variants, as `#[pg_enum(rename_all)]` applies them, with the
/// derive's default (`snake_case`) first.
/// A rule: its name in `rename_all`, and what it makes of a variant.
type Rule = (&'static str, fn(&str) -> String);

const RULES: [Rule; 8] = [
    ("snake_case", |v| v.to_snake_case()),
    ("SCREAMING_SNAKE_CASE", |v| v.to_shouty_snake_case()),
    ("lowercase", |v| v.to_lowercase()),
    ("UPPERCASE", |v| v.to_uppercase()),
    ("kebab-case", |v| v.to_kebab_case()),
    ("SCREAMING-KEBAB-CASE", |v| v.to_kebab_case().to_uppercase()),
    ("camelCase", |v| v.to_lower_camel_case()),
    ("PascalCase", |v| v.to_upper_camel_case()),
];

/// Whether the derive can say everything this enum holds.
pub(crate) fn supported(def: &EnumDef) -> bool {
    def.comment
        .as_deref()
        .is_none_or(|c| c == c.trim() && !c.contains('\r'))
        && def.renamed_from.is_none()
        && !def.values.is_empty()
        && def.values.iter().all(|v| {
            v.renamed_from.is_none()
                && v.comment
                    .as_deref()
                    .is_none_or(|c| c == c.trim() && !c.contains('\r'))
        })
}

/// Whether `def` has no values, which a Rust enum cannot say (an enum without variants
/// derives nothing), so it is a builder call.
pub(crate) fn empty(def: &EnumDef) -> bool {
    def.values.is_empty() && def.renamed_from.is_none()
}

/// The builder expression for an enum without values.
pub(crate) fn empty_expr(def: &EnumDef) -> String {
    let base = format!(
        "EnumDef::new(QualifiedName::new({}, {}), &[])",
        lit(&def.name.schema),
        lit(&def.name.name)
    );
    let fields = match &def.comment {
        Some(comment) => vec![format!("comment: {}", super::some_text(comment))],
        None => Vec::new(),
    };
    super::with_fields("EnumDef", fields, base)
}

/// The enum for `def`, named `ident`.
pub(crate) fn write(out: &mut String, def: &EnumDef, ident: &str) {
    let mut scope = Scope::default();
    let variants: Vec<(String, &schema_core::EnumValue)> = def
        .values
        .iter()
        .map(|v| (scope.unique(pascal(&v.label)), v))
        .collect();
    // The rule most labels follow; the others get `label = ".."`.
    let (rule, apply) = RULES
        .iter()
        .enumerate()
        .max_by_key(|(position, (_, apply))| {
            let hits = variants
                .iter()
                .filter(|(v, value)| apply(unraw(v)) == value.label)
                .count();
            // Ties go to the earlier rule: the default first.
            (hits, std::cmp::Reverse(*position))
        })
        .map(|(_, rule)| *rule)
        .expect("there are rules");

    let mut attrs = Vec::new();
    if unraw(ident).to_snake_case() != def.name.name {
        attrs.push(format!("name = {}", lit(&def.name.name)));
    }
    if def.name.schema != "public" {
        attrs.push(format!("schema = {}", lit(&def.name.schema)));
    }
    if rule != "snake_case" {
        attrs.push(format!("rename_all = {}", lit(rule)));
    }
    if let Some(comment) = &def.comment {
        doc(out, "", comment);
    }
    out.push_str("#[derive(PgEnum)]\n");
    if !attrs.is_empty() {
        writeln!(out, "#[pg_enum({})]", attrs.join(", ")).unwrap();
    }
    writeln!(out, "pub enum {ident} {{").unwrap();
    for (variant, value) in &variants {
        if let Some(comment) = &value.comment {
            doc(out, "    ", comment);
        }
        if apply(unraw(variant)) != value.label {
            writeln!(out, "    #[pg_enum(label = {})]", lit(&value.label)).unwrap();
        }
        writeln!(out, "    {variant},").unwrap();
    }
    out.push_str("}\n");
}
