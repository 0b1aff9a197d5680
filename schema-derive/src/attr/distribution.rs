//! `#[table(distributed_by = column, colocate_with = Type, shard_count = 32)]` and
//! `#[table(reference)]`: how Citus spreads the table.

use super::column::integer;
use super::constraint::{reference, Target};
use super::{skip_item, Item};
use syn::ext::IdentExt;
use syn::{Ident, Token};

/// `colocate_with = Type`, `colocate_with = "schema.table"` or `colocate_with = "none"`.
pub(crate) enum ColocateWith {
    Table(Target),
    Alone,
}

/// `distributed_by = field`.
pub(crate) fn distributed_by(item: &Item) -> syn::Result<Ident> {
    if item.input.peek(Token![=]) {
        item.input.parse::<Token![=]>()?;
        if item.input.peek(Ident::peek_any) {
            let field = item.input.call(Ident::parse_any)?;
            if item.is_bare() {
                return Ok(field);
            }
        }
    }
    let tokens = skip_item(item.input);
    Err(syn::Error::new_spanned(
        if tokens.is_empty() {
            quote::ToTokens::to_token_stream(&item.key)
        } else {
            tokens
        },
        "expected the field Citus distributes the table by: `distributed_by = tenant_id`",
    ))
}

/// `colocate_with = Type | "schema.table" | "none"`.
pub(crate) fn colocate_with(item: &Item) -> syn::Result<ColocateWith> {
    let target = reference(item)?;
    if !target.columns.is_empty() {
        return Err(syn::Error::new_spanned(
            target.tokens,
            "`colocate_with` names a table, without columns: `colocate_with = Tenant` or `colocate_with = \"public.tenants\"`",
        ));
    }
    Ok(match target.target {
        Target::Named(name) if name == "none" => ColocateWith::Alone,
        other => ColocateWith::Table(other),
    })
}

/// `shard_count = 32`: at least one, and a count Citus accepts (up to 64,000).
pub(crate) fn shard_count(item: &Item) -> syn::Result<u32> {
    let value = integer(item)?;
    if !(1..=64_000).contains(&value) {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("`shard_count = {value}` is out of range; Citus takes 1 to 64000 shards"),
        ));
    }
    Ok(value as u32)
}
