//! `rename_all`: serde's case rules, for enum labels (`#[pg_enum]`) and column names
//! (`#[table]`).

use super::Keyword;
use heck::{
    ToKebabCase, ToLowerCamelCase, ToShoutyKebabCase, ToShoutySnakeCase, ToSnakeCase,
    ToUpperCamelCase,
};
use proc_macro2::Span;
use syn::Ident;

keywords! {
    /// How Rust names become SQL names. Spelled as serde spells them, so case matters.
    RenameRule, "`rename_all` rule", case_sensitive = true, {
        "lowercase" => LowerCase,
        "UPPERCASE" => UpperCase,
        "PascalCase" => PascalCase,
        "camelCase" => CamelCase,
        "snake_case" => SnakeCase,
        "SCREAMING_SNAKE_CASE" => ScreamingSnakeCase,
        "kebab-case" => KebabCase,
        "SCREAMING-KEBAB-CASE" => ScreamingKebabCase,
    }
}

impl_keyword!(RenameRule);

impl RenameRule {
    /// The label of a PascalCase variant, as serde renames variants.
    pub(crate) fn label(self, variant: &str) -> String {
        use RenameRule::*;
        match self {
            SnakeCase => variant.to_snake_case(),
            LowerCase => variant.to_lowercase(),
            UpperCase => variant.to_uppercase(),
            ScreamingSnakeCase => variant.to_shouty_snake_case(),
            KebabCase => variant.to_kebab_case(),
            ScreamingKebabCase => variant.to_shouty_kebab_case(),
            CamelCase => variant.to_lower_camel_case(),
            PascalCase => variant.to_upper_camel_case(),
        }
    }

    /// The column name of a snake_case field, as serde renames fields: the words are the
    /// parts between underscores, so `line_2` becomes `line2` in camelCase and
    /// `lowercase` keeps the underscores. `schemactl codegen` applies the same rule
    /// (`schema_postgres::codegen`) to decide when a table can use it.
    pub(crate) fn field(self, field: &str) -> String {
        use RenameRule::*;
        match self {
            LowerCase | SnakeCase => field.to_owned(),
            UpperCase | ScreamingSnakeCase => field.to_ascii_uppercase(),
            KebabCase => field.replace('_', "-"),
            ScreamingKebabCase => field.replace('_', "-").to_ascii_uppercase(),
            PascalCase | CamelCase => {
                let mut out = String::with_capacity(field.len());
                let mut capitalize = self == PascalCase;
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

#[cfg(test)]
mod tests {
    use super::RenameRule::*;

    #[test]
    fn variants_follow_serde() {
        let cases = [
            (SnakeCase, "in_progress"),
            (LowerCase, "inprogress"),
            (UpperCase, "INPROGRESS"),
            (ScreamingSnakeCase, "IN_PROGRESS"),
            (KebabCase, "in-progress"),
            (ScreamingKebabCase, "IN-PROGRESS"),
            (CamelCase, "inProgress"),
            (PascalCase, "InProgress"),
        ];
        for (rule, label) in cases {
            assert_eq!(rule.label("InProgress"), label, "{rule:?}");
        }
    }

    #[test]
    fn fields_follow_serde() {
        let cases = [
            (SnakeCase, "created_at_2"),
            (LowerCase, "created_at_2"),
            (UpperCase, "CREATED_AT_2"),
            (ScreamingSnakeCase, "CREATED_AT_2"),
            (KebabCase, "created-at-2"),
            (ScreamingKebabCase, "CREATED-AT-2"),
            (CamelCase, "createdAt2"),
            (PascalCase, "CreatedAt2"),
        ];
        for (rule, column) in cases {
            assert_eq!(rule.field("created_at_2"), column, "{rule:?}");
        }
    }
}
