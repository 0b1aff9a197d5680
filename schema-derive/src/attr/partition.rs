//! The `partition_by(...)` key of `#[table(...)]`.

use super::index::IndexTarget;
use super::{skip_item, within, Item};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::{token, Ident, LitStr};

/// `partition_by(range(field, expr("...")))`.
pub(crate) struct PartitionBy {
    pub strategy: PartitionStrategy,
    pub keys: Vec<IndexTarget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartitionStrategy {
    Range,
    List,
    Hash,
}

impl PartitionStrategy {
    pub(crate) fn variant(self) -> Ident {
        let name = match self {
            PartitionStrategy::Range => "Range",
            PartitionStrategy::List => "List",
            PartitionStrategy::Hash => "Hash",
        };
        Ident::new(name, Span::call_site())
    }
}

const PARTITION_STRATEGIES: &[&str] = &["range", "list", "hash"];

/// `partition_by(range(field, expr("...")))` in `#[table(...)]`; `None` when malformed
/// (and reported).
pub(super) fn partition_by(cx: &Ctxt, item: &Item) -> syn::Result<Option<PartitionBy>> {
    const EXAMPLE: &str = "`partition_by(range(created_at))`, `partition_by(list(region))` or `partition_by(hash(id))`";
    let mut result: Option<PartitionBy> = None;
    let written = item.list(cx, "partition_by(...)", |inner| {
        let strategy = match inner.name.as_str() {
            "range" => PartitionStrategy::Range,
            "list" => PartitionStrategy::List,
            "hash" => PartitionStrategy::Hash,
            _ => {
                let valid: Vec<String> = PARTITION_STRATEGIES
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect();
                return Err(syn::Error::new_spanned(
                    &inner.key,
                    format!(
                        "unknown partitioning strategy `{}`; expected one of {}",
                        inner.name,
                        valid.join(", ")
                    ),
                ));
            }
        };
        if result.is_some() {
            return Err(syn::Error::new_spanned(
                &inner.key,
                "a table is partitioned one way; write one strategy in `partition_by(...)`",
            ));
        }
        let mut keys = Vec::new();
        let context = format!("{}(...)", inner.name);
        let written = inner.list(cx, &context, |key| {
            if key.name == "expr" && key.input.peek(token::Paren) {
                let content;
                syn::parenthesized!(content in key.input);
                let sql = within(&content, |content| {
                    let lit: LitStr = content.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            "expected the expression as a string: `expr(\"lower(region)\")`",
                        )
                    })?;
                    if !content.is_empty() {
                        return Err(content.error("expected only the expression string"));
                    }
                    Ok(lit)
                })?;
                keys.push(IndexTarget::Expression(sql));
            } else if key.is_bare() {
                keys.push(IndexTarget::Field(key.key.clone()));
            } else {
                let tokens = skip_item(key.input);
                return Err(syn::Error::new_spanned(
                    tokens,
                    "expected a field or `expr(\"...\")`",
                ));
            }
            Ok(())
        })?;
        if written.is_empty() {
            return Err(syn::Error::new_spanned(
                &inner.key,
                format!("`{}()` names no key; as in {EXAMPLE}", inner.name),
            ));
        }
        result = Some(PartitionBy { strategy, keys });
        Ok(())
    })?;
    if result.is_none() && written.is_empty() {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("`partition_by()` is empty; write {EXAMPLE}"),
        ));
    }
    Ok(result)
}
