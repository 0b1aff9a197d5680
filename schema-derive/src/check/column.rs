//! Rules on columns: one field's `#[column(...)]` keys, and the lists of fields that
//! tables and views name (keys, indexes, triggers), with a suggestion for a misspelt one.

use crate::ast::{Columns, Field};
use crate::attr;
use crate::ctxt::Ctxt;
use std::collections::BTreeMap;
use syn::ext::IdentExt;
use syn::Ident;

/// Rules between the keys of one `#[column(...)]`.
pub(super) fn column(cx: &Ctxt, field: &Field) {
    let a = &field.attrs;
    if let Some(skip) = &a.skip {
        let others: Vec<String> = a
            .keys
            .iter()
            .filter(|key| key.unraw() != "skip")
            .map(|key| format!("`{key}`"))
            .collect();
        if !others.is_empty() {
            cx.error_spanned_by(
                skip,
                format!(
                    "`skip` cannot be combined with {}: a skipped field is not a column",
                    others.join(", ")
                ),
            );
        }
        return;
    }
    if let (Some(_), Some(value)) = (&a.default, &a.default_value) {
        cx.error_spanned_by(
            &value.key,
            "`default_value` conflicts with `default`: write the default once, as a SQL expression (`default`) or a literal (`default_value`)",
        );
    }
    let default_key = a
        .default
        .as_ref()
        .map(|d| &d.key)
        .or(a.default_value.as_ref().map(|d| &d.key));
    if let (Some(_), Some(default)) = (&a.identity, default_key) {
        cx.error_spanned_by(
            default,
            format!("`{default}` conflicts with `identity`: an identity column takes its values from its sequence"),
        );
    }
    if let Some(generated) = &a.generated {
        if let Some(default) = default_key {
            cx.error_spanned_by(
                &generated.key,
                format!("`generated` conflicts with `{default}`: a generated column is always computed, so it cannot have a default"),
            );
        }
        if a.identity.is_some() {
            cx.error_spanned_by(
                &generated.key,
                "`generated` conflicts with `identity`: a column is either computed from other columns or numbered by a sequence",
            );
        }
    }
    if a.references.is_none() {
        for key in a.actions.keys() {
            let example = match key.to_string().as_str() {
                "on_delete" | "on_update" => format!("{key} = \"cascade\""),
                _ => key.to_string(),
            };
            cx.error_spanned_by(
                key,
                format!(
                    "`{key}` needs `references`: write `#[column(references = Table, {example})]`"
                ),
            );
        }
    }
    if let Some(references) = &a.references {
        reference_arity(cx, &references.value, 1);
    }
    if let (Some(identity), true) = (&a.identity, field.is_option()) {
        cx.error_spanned_by(
            &identity.key,
            format!(
                "field `{}` is an `Option`, but an identity column is never NULL; make the field non-optional",
                field.ident
            ),
        );
    }
    if let Some(key) = &a.primary_key {
        if field.is_option() {
            cx.error_spanned_by(
                key,
                format!(
                    "field `{}` is an `Option`, but a primary key column cannot be NULL; make the field non-optional",
                    field.ident
                ),
            );
        }
    }
}

/// A foreign key naming referenced columns needs as many as it has columns.
pub(super) fn reference_arity(cx: &Ctxt, reference: &attr::Reference, columns: usize) {
    let referenced = reference.columns.len();
    if referenced != 0 && referenced != columns {
        cx.error_spanned_by(
            &reference.tokens,
            format!(
                "the foreign key has {columns} column{} but references {referenced}",
                if columns == 1 { "" } else { "s" }
            ),
        );
    }
}

/// Two fields mapping to one column name: reported on the second.
pub(super) fn duplicate_columns(cx: &Ctxt, table: &impl Columns) {
    let mut seen: BTreeMap<&str, &Field> = BTreeMap::new();
    for field in table.column_fields() {
        if let Some(first) = seen.get(field.column.as_str()) {
            let message = format!(
                "column `{}` is already declared by field `{}`; give one of them another `#[column(name = \"...\")]`",
                field.column, first.ident
            );
            match &field.attrs.name {
                Some(name) => cx.error_spanned_by(&name.value, message),
                None => cx.error_spanned_by(field.ident, message),
            }
        } else {
            seen.insert(&field.column, field);
        }
    }
}

/// Every field a list names must be a column, and named once.
pub(super) fn field_list(cx: &Ctxt, table: &impl Columns, idents: &[Ident]) {
    for (i, ident) in idents.iter().enumerate() {
        if idents[..i]
            .iter()
            .any(|earlier| earlier.unraw() == ident.unraw())
        {
            cx.error_spanned_by(ident, format!("field `{ident}` is listed twice"));
        } else {
            known_column(cx, table, ident);
        }
    }
}

pub(super) fn known_column(cx: &Ctxt, table: &impl Columns, ident: &Ident) {
    match table.find_field(ident) {
        Some(field) if field.attrs.skip.is_some() => cx.error_spanned_by(
            ident,
            format!("field `{ident}` is `#[column(skip)]`, so it is not a column"),
        ),
        Some(_) => {}
        None => {
            let wanted = ident.unraw().to_string();
            let columns = table.column_fields();
            let message = match columns.iter().find(|f| f.column == wanted) {
                Some(field) => format!(
                    "no field `{wanted}` in `{}`; attributes name fields, not columns: write `{}`",
                    table.ident(),
                    field.ident
                ),
                None => {
                    let fields: Vec<&Ident> = columns.iter().map(|f| f.ident).collect();
                    match closest(&wanted, &fields) {
                        Some(close) => format!(
                            "no field `{wanted}` in `{}`; did you mean `{close}`?",
                            table.ident()
                        ),
                        None => {
                            let fields: Vec<String> =
                                fields.iter().map(|f| format!("`{f}`")).collect();
                            format!(
                                "no field `{wanted}` in `{}`; expected one of {}",
                                table.ident(),
                                fields.join(", ")
                            )
                        }
                    }
                }
            };
            cx.error_spanned_by(ident, message);
        }
    }
}

/// The field a misspelt name most likely meant: the nearest by edit distance, if near
/// enough to be a typo rather than another name.
fn closest<'a>(wanted: &str, fields: &[&'a Ident]) -> Option<&'a Ident> {
    let limit = wanted.chars().count().div_ceil(3);
    fields
        .iter()
        .map(|field| (edit_distance(wanted, &field.unraw().to_string()), *field))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, field)| field)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("user", "user_id"), 3);
        assert_eq!(edit_distance("created_at", "created"), 3);
        assert_eq!(edit_distance("emial", "email"), 2);
        assert_eq!(edit_distance("", "id"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggests_only_near_names() {
        let fields: Vec<Ident> = ["id", "user_id", "email"]
            .iter()
            .map(|f| Ident::new(f, proc_macro2::Span::call_site()))
            .collect();
        let fields: Vec<&Ident> = fields.iter().collect();
        assert_eq!(closest("emial", &fields).unwrap(), "email");
        assert_eq!(closest("userid", &fields).unwrap(), "user_id");
        assert!(closest("title", &fields).is_none());
    }
}
