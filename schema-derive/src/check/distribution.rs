//! Citus's rules that one table shows: its distribution column exists and is in every
//! unique key, and the distribution attributes go together.

use super::column::known_column;
use super::partition::unique_keys;
use crate::ast::Table;
use crate::attr::{ColocateWith, Target};
use crate::ctxt::Ctxt;
use syn::ext::IdentExt;

pub(super) fn distribution(cx: &Ctxt, table: &Table) {
    let attrs = &table.attrs;
    if let Some(reference) = &attrs.reference {
        if attrs.distributed_by.is_some() {
            cx.error_spanned_by(
                reference,
                "a reference table is copied whole to every node, so it has no `distributed_by`: write one of them",
            );
        }
    }
    let Some(by) = &attrs.distributed_by else {
        let loose = [
            attrs.colocate_with.as_ref().map(|s| &s.key),
            attrs.shard_count.as_ref().map(|s| &s.key),
        ];
        for key in loose.into_iter().flatten() {
            cx.error_spanned_by(
                key,
                format!("`{key}` is for a distributed table: add `distributed_by = column`"),
            );
        }
        return;
    };
    let column = &by.value;
    known_column(cx, table, column);
    if let (Some(with), Some(count)) = (&attrs.colocate_with, &attrs.shard_count) {
        if matches!(with.value, ColocateWith::Table(_)) {
            cx.error_spanned_by(
                &count.key,
                "a colocated table has the shard count of the table it is colocated with; set `shard_count` there",
            );
        }
    }
    if let Some(with) = &attrs.colocate_with {
        if let ColocateWith::Table(Target::Type(path)) = &with.value {
            if path.is_ident("Self") || path.is_ident(table.ident) {
                cx.error_spanned_by(path, "a table cannot be colocated with itself");
            }
        }
    }
    // Citus enforces a unique key shard by shard: it must hold the distribution column.
    for (fields, tokens) in unique_keys(table) {
        if !fields.iter().any(|f| f.unraw() == column.unraw()) {
            cx.error_spanned_by(
                tokens,
                format!(
                    "a unique key of a distributed table must include its distribution column; add `{}`",
                    column.unraw()
                ),
            );
        }
    }
}
