//! Rules of a table's `partition_by`.

use super::column::known_column;
use crate::ast::Table;
use crate::attr;
use crate::ctxt::Ctxt;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::Ident;

/// `partition_by` names columns, and every unique key must hold the partition key.
pub(super) fn partition_by(cx: &Ctxt, table: &Table) {
    if let Some(by) = &table.attrs.partition_by {
        let mut key_fields = Vec::new();
        for key in &by.value.keys {
            if let attr::IndexTarget::Field(ident) = key {
                known_column(cx, table, ident);
                key_fields.push(ident);
            }
        }
        let has_expression = key_fields.len() < by.value.keys.len();
        // A unique key of a partitioned table holds per partition only, so Postgres wants
        // the whole partition key in it.
        let keys = unique_keys(table);
        for (fields, tokens) in keys {
            let missing: Vec<String> = key_fields
                .iter()
                .filter(|k| !fields.iter().any(|f| f.unraw() == k.unraw()))
                .map(|k| format!("`{k}`"))
                .collect();
            if has_expression {
                cx.error_spanned_by(
                    tokens,
                    "the table is partitioned by an expression, so Postgres cannot enforce a unique key across its partitions",
                );
            } else if !missing.is_empty() {
                cx.error_spanned_by(
                    tokens,
                    format!(
                        "a unique key of a partitioned table must include the partition key; add {}",
                        missing.join(", ")
                    ),
                );
            }
        }
    }
}

type TokenStream2 = proc_macro2::TokenStream;

/// The table's primary key and unique constraints: their fields, and where they are
/// written (for errors).
pub(super) fn unique_keys<'t>(table: &'t Table) -> Vec<(Vec<&'t Ident>, TokenStream2)> {
    let mut keys: Vec<(Vec<&Ident>, TokenStream2)> = Vec::new();
    for field in table.columns() {
        if let Some(key) = &field.attrs.primary_key {
            keys.push((vec![field.ident], key.to_token_stream()));
        }
        if let Some(key) = &field.attrs.unique {
            keys.push((vec![field.ident], key.to_token_stream()));
        }
    }
    if let Some(list) = &table.attrs.primary_key {
        keys.push((list.fields.iter().collect(), list_tokens(&list.fields)));
    }
    for list in &table.attrs.uniques {
        keys.push((list.fields.iter().collect(), list_tokens(&list.fields)));
    }
    keys
}

fn list_tokens(fields: &[Ident]) -> TokenStream2 {
    let mut tokens = TokenStream2::new();
    for field in fields {
        field.to_tokens(&mut tokens);
    }
    tokens
}
