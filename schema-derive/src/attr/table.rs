//! `#[table(...)]`: a table's own keys, its key lists and checks, and `updated_at`.

use super::allow::{allow, Allow};
use super::column::{literal, Literal};
use super::constraint::{foreign_key, ForeignKey};
use super::distribution::{colocate_with, distributed_by, shard_count, ColocateWith};
use super::partition::{partition_by, PartitionBy};
use super::{parse_attr, set, set_flag, skip_item, Item, Keyword, RenameRule, Set};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Attribute, Ident, LitStr, Token};

/// All `#[table(...)]` attributes of a struct, merged: keys may be split across several.
#[derive(Default)]
pub(crate) struct Table {
    pub name: Option<Set<LitStr>>,
    pub schema: Option<Set<LitStr>>,
    /// `rename_all = "camelCase"`: column names of fields without `#[column(name)]`.
    pub rename_all: Option<Set<RenameRule>>,
    pub rls: Option<Ident>,
    pub force_rls: Option<Ident>,
    pub primary_key: Option<KeyList>,
    pub uniques: Vec<KeyList>,
    pub checks: Vec<TableCheck>,
    /// `exclude(name = "...", definition = "...")`, as a check's name and text.
    pub exclusions: Vec<TableCheck>,
    pub foreign_keys: Vec<ForeignKey>,
    pub renamed_from: Option<Set<LitStr>>,
    pub partition_by: Option<Set<PartitionBy>>,
    pub updated_at: Option<UpdatedAt>,
    pub allows: Vec<Allow>,
    pub unlogged: Option<Ident>,
    pub replica_identity: Option<Set<ReplicaIdentity>>,
    pub replica_identity_index: Option<Set<LitStr>>,
    /// `cluster_on = "index"`.
    pub cluster_on: Option<Set<LitStr>>,
    /// `storage(fillfactor = 70, autovacuum_enabled = false)`, as written.
    pub storage: Vec<(Ident, String)>,
    /// `inherits = "parent"`, each time it is given.
    pub inherits: Vec<LitStr>,
    /// `distributed_by = field` (Citus).
    pub distributed_by: Option<Set<Ident>>,
    /// `colocate_with = Type | "schema.table" | "none"` (Citus).
    pub colocate_with: Option<Set<ColocateWith>>,
    /// `shard_count = 32` (Citus).
    pub shard_count: Option<Set<u32>>,
    /// `reference` (Citus).
    pub reference: Option<Ident>,
}

keywords! {
    /// `replica_identity`: `schemata::ReplicaIdentity` without an index.
    ReplicaIdentity, "replica_identity", case_sensitive = false, {
        "default" => Default,
        "full" => Full,
        "nothing" => Nothing,
    }
}

impl_keyword!(ReplicaIdentity);

/// `primary_key(a, b, name = "...")` or `unique(a, b, name = "...")`.
pub(crate) struct KeyList {
    pub fields: Vec<Ident>,
    pub name: Option<Set<LitStr>>,
    /// `deferrable = "initially_immediate"` or `"initially_deferred"`.
    pub deferrable: Option<Set<LitStr>>,
    /// `comment = "..."`: `COMMENT ON CONSTRAINT`.
    pub comment: Option<Set<LitStr>>,
}

/// `check(name = "...", expr = "...")`.
pub(crate) struct TableCheck {
    pub name: LitStr,
    pub expr: LitStr,
    /// `no_inherit` (checks only).
    pub no_inherit: bool,
    /// `comment = "..."`: `COMMENT ON CONSTRAINT`.
    pub comment: Option<LitStr>,
}

/// `updated_at` or `updated_at = field` in `#[table(...)]`.
pub(crate) struct UpdatedAt {
    pub key: Ident,
    /// The field written, or `None` for the field called `updated_at`.
    pub field: Option<Ident>,
}

const TABLE_KEYS: &[&str] = &[
    "name",
    "schema",
    "rename_all",
    "rls",
    "force_rls",
    "primary_key",
    "unique",
    "check",
    "exclude",
    "foreign_key",
    "renamed_from",
    "partition_by",
    "updated_at",
    "allow",
    "unlogged",
    "replica_identity",
    "replica_identity_index",
    "cluster_on",
    "storage",
    "inherits",
    "distributed_by",
    "colocate_with",
    "shard_count",
    "reference",
];

const KEY_LIST_KEYS: &[&str] = &["name", "deferrable", "comment"];

const CHECK_KEYS: &[&str] = &["name", "expr", "no_inherit", "comment"];

const EXCLUDE_KEYS: &[&str] = &["name", "definition", "comment"];

/// The keys `exclude(...)` needs.
const EXCLUDE_REQUIRED: &[&str] = &["name", "definition"];

impl Table {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Table {
        let mut table = Table::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("table")) {
            parse_attr(cx, attr, "#[table(...)]", |item| {
                match item.name.as_str() {
                    "name" => set(cx, &mut table.name, item, item.non_empty_string()?),
                    "schema" => set(cx, &mut table.schema, item, item.non_empty_string()?),
                    "rename_all" => set(cx, &mut table.rename_all, item, item.keyword()?),
                    "renamed_from" => {
                        set(cx, &mut table.renamed_from, item, item.non_empty_string()?)
                    }
                    "rls" => set_flag(cx, &mut table.rls, item)?,
                    "force_rls" => set_flag(cx, &mut table.force_rls, item)?,
                    "primary_key" => {
                        let list = key_list(cx, item)?;
                        if table.primary_key.is_some() {
                            cx.error_spanned_by(&item.key, item.duplicate());
                        } else {
                            table.primary_key = Some(list);
                        }
                    }
                    "unique" => table.uniques.push(key_list(cx, item)?),
                    "check" => {
                        if let Some(check) = table_check(cx, item)? {
                            table.checks.push(check);
                        }
                    }
                    "exclude" => {
                        if let Some(exclusion) = table_exclusion(cx, item)? {
                            table.exclusions.push(exclusion);
                        }
                    }
                    "foreign_key" => {
                        if let Some(key) = foreign_key(cx, item)? {
                            table.foreign_keys.push(key);
                        }
                    }
                    "partition_by" => {
                        if let Some(by) = partition_by(cx, item)? {
                            set(cx, &mut table.partition_by, item, by);
                        }
                    }
                    "updated_at" => {
                        let updated_at = updated_at(item)?;
                        if table.updated_at.is_some() {
                            cx.error_spanned_by(&item.key, item.duplicate());
                        } else {
                            table.updated_at = Some(updated_at);
                        }
                    }
                    "allow" => table.allows.extend(allow(cx, item)?),
                    "unlogged" => set_flag(cx, &mut table.unlogged, item)?,
                    "storage" => {
                        item.list(cx, "#[table(storage(...))]", |inner| {
                            let value = match literal(inner)? {
                                Literal::Text(text) => text,
                                Literal::Number(digits) => digits,
                                Literal::Boolean(flag) => flag.to_string(),
                            };
                            if table.storage.iter().any(|(key, _)| *key == inner.key) {
                                cx.error_spanned_by(&inner.key, inner.duplicate());
                            } else {
                                table.storage.push((inner.key.clone(), value));
                            }
                            Ok(())
                        })?;
                    }
                    "replica_identity" => {
                        set(cx, &mut table.replica_identity, item, item.keyword()?)
                    }
                    "replica_identity_index" => set(
                        cx,
                        &mut table.replica_identity_index,
                        item,
                        item.non_empty_string()?,
                    ),
                    "cluster_on" => set(cx, &mut table.cluster_on, item, item.non_empty_string()?),
                    "inherits" => table.inherits.push(item.non_empty_string()?),
                    "distributed_by" => {
                        set(cx, &mut table.distributed_by, item, distributed_by(item)?)
                    }
                    "colocate_with" => {
                        set(cx, &mut table.colocate_with, item, colocate_with(item)?)
                    }
                    "shard_count" => set(cx, &mut table.shard_count, item, shard_count(item)?),
                    "reference" => set_flag(cx, &mut table.reference, item)?,
                    _ => return Err(item.unknown(TABLE_KEYS)),
                }
                Ok(())
            });
        }
        table
    }
}

/// `primary_key(a, b, name = "...")` / `unique(...)`. A bare `name` is a field called
/// `name`; `name = ` is the constraint's name.
fn key_list(cx: &Ctxt, item: &Item) -> syn::Result<KeyList> {
    let mut fields = Vec::new();
    let mut name = None;
    let mut deferrable = None;
    let mut comment = None;
    let context = format!("{}(...)", item.name);
    let written = item.list(cx, &context, |inner| {
        if inner.name == "name" && inner.input.peek(Token![=]) {
            set(cx, &mut name, inner, inner.non_empty_string()?);
        } else if inner.name == "comment" && inner.input.peek(Token![=]) {
            set(cx, &mut comment, inner, inner.non_empty_string()?);
        } else if inner.name == "deferrable" && inner.input.peek(Token![=]) {
            let value = inner.non_empty_string()?;
            if !matches!(
                value.value().as_str(),
                "initially_immediate" | "initially_deferred"
            ) {
                return Err(syn::Error::new_spanned(
                    &value,
                    format!(
                        "unknown deferrability `{}`; expected `initially_immediate` or `initially_deferred`",
                        value.value()
                    ),
                ));
            }
            set(cx, &mut deferrable, inner, value);
        } else if inner.is_bare() {
            fields.push(inner.key.clone());
        } else {
            return Err(inner.unknown(KEY_LIST_KEYS));
        }
        Ok(())
    })?;
    // Only `name = ...` (or nothing) was written; a malformed entry is reported already.
    if fields.is_empty()
        && written
            .iter()
            .all(|key| key == "name" || key == "deferrable" || key == "comment")
    {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!(
                "`{0}(...)` names no field; write `{0}(field, ...)`",
                item.name
            ),
        ));
    }
    Ok(KeyList {
        fields,
        name,
        deferrable,
        comment,
    })
}

/// `check(name = "...", expr = "...")`; `None` after reporting a missing key.
/// `exclude(name = "...", definition = "USING gist (room WITH =, during WITH &&)")`.
fn table_exclusion(cx: &Ctxt, item: &Item) -> syn::Result<Option<TableCheck>> {
    let mut name = None;
    let mut definition = None;
    let mut comment: Option<Set<LitStr>> = None;
    let written = item.list(cx, "exclude(...)", |inner| {
        match inner.name.as_str() {
            "name" => set(cx, &mut name, inner, inner.non_empty_string()?),
            "definition" => set(cx, &mut definition, inner, inner.non_empty_string()?),
            "comment" => set(cx, &mut comment, inner, inner.non_empty_string()?),
            _ => return Err(inner.unknown(EXCLUDE_KEYS)),
        }
        Ok(())
    })?;
    const EXAMPLE: &str =
        "exclude(name = \"no_double_booking\", definition = \"USING gist (room WITH =, during WITH &&)\")";
    for key in EXCLUDE_REQUIRED {
        if !written.iter().any(|k| k == key) {
            return Err(syn::Error::new_spanned(
                &item.key,
                format!("missing `{key} = \"...\"` in `exclude(...)`, as in `{EXAMPLE}`"),
            ));
        }
    }
    Ok(name.zip(definition).map(|(name, definition)| TableCheck {
        name: name.value,
        expr: definition.value,
        no_inherit: false,
        comment: comment.map(|c| c.value),
    }))
}

fn table_check(cx: &Ctxt, item: &Item) -> syn::Result<Option<TableCheck>> {
    let mut name = None;
    let mut expr = None;
    let mut no_inherit = None;
    let mut comment: Option<Set<LitStr>> = None;
    let written = item.list(cx, "check(...)", |inner| {
        match inner.name.as_str() {
            "comment" => set(cx, &mut comment, inner, inner.non_empty_string()?),
            "name" => set(cx, &mut name, inner, inner.non_empty_string()?),
            "expr" => set(cx, &mut expr, inner, inner.non_empty_string()?),
            "no_inherit" => set_flag(cx, &mut no_inherit, inner)?,
            _ => return Err(inner.unknown(CHECK_KEYS)),
        }
        Ok(())
    })?;
    const EXAMPLE: &str = "check(name = \"positive_price\", expr = \"price > 0\")";
    let has = |key: &str| written.iter().any(|k| k == key);
    if !has("name") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!("missing `name = \"...\"` in `check(...)`: a table check needs a name, as in `{EXAMPLE}`"),
        ));
    }
    if !has("expr") {
        return Err(syn::Error::new_spanned(
            &item.key,
            format!(
                "missing `expr = \"...\"` in `check(...)`: write the condition, as in `{EXAMPLE}`"
            ),
        ));
    }
    // Both written; `None` when one was malformed (and reported).
    Ok(name.zip(expr).map(|(name, expr)| TableCheck {
        name: name.value,
        expr: expr.value,
        no_inherit: no_inherit.is_some(),
        comment: comment.map(|c| c.value),
    }))
}

/// `updated_at` or `updated_at = field` in `#[table(...)]`.
fn updated_at(item: &Item) -> syn::Result<UpdatedAt> {
    if item.is_bare() {
        return Ok(UpdatedAt {
            key: item.key.clone(),
            field: None,
        });
    }
    if item.input.peek(Token![=]) {
        item.input.parse::<Token![=]>()?;
        if item.input.peek(Ident::peek_any) {
            let field = item.input.call(Ident::parse_any)?;
            if item.is_bare() {
                return Ok(UpdatedAt {
                    key: item.key.clone(),
                    field: Some(field),
                });
            }
        }
    }
    let tokens = skip_item(item.input);
    Err(syn::Error::new_spanned(
        tokens,
        "expected `updated_at` or `updated_at = field`",
    ))
}
