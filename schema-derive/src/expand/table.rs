//! `#[derive(Table)]`: the table's spec, with its columns, constraints, indexes, policies,
//! triggers and partitioning, and the typed-query items.

use super::allow::allows;
use super::column::{column, enum_default_check};
use super::constraint::{foreign_key, key_spec};
use super::index::index;
use super::policy::policy;
use super::query;
use super::trigger::{trigger, trigger_function_checks};
use super::{placeholder, some, Fields};
use crate::ast::{Columns, Table};
use crate::attr::{ColocateWith, IndexTarget, Target};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

pub(crate) fn table(t: &Table) -> TokenStream {
    let ident = t.ident;
    let schema = &t.schema;
    let name = &t.name;

    let columns: Vec<TokenStream> = t.columns().map(column).collect();
    let mut uniques = Vec::new();
    let mut checks = Vec::new();
    let mut foreign_keys = Vec::new();
    let mut primary_key = None;
    // Column-level constraints first, in field order, then the table-level ones.
    for field in t.columns() {
        let column = field.column.as_str();
        if field.attrs.primary_key.is_some() {
            primary_key = Some(key_spec(None, &[column], None, None));
        }
        if field.attrs.unique.is_some() {
            uniques.push(key_spec(None, &[column], None, None));
        }
        if let Some(check) = &field.attrs.check {
            let expression = &check.value;
            checks.push(quote! {
                ::schemata::__private::CheckSpec {
                    name: ::core::option::Option::None,
                    column: ::core::option::Option::Some(#column),
                    expression: #expression,
                    no_inherit: false,
                    comment: ::core::option::Option::None,
                }
            });
        }
        if let Some(references) = &field.attrs.references {
            foreign_keys.push(foreign_key(
                ident,
                None,
                &[column],
                &references.value,
                &field.attrs.actions,
                None,
            ));
        }
    }
    if let Some(list) = &t.attrs.primary_key {
        let columns: Vec<&str> = list.fields.iter().map(|f| t.column_of(f)).collect();
        primary_key = Some(key_spec(
            list.name.as_ref().map(|n| &n.value),
            &columns,
            list.deferrable.as_ref().map(|d| &d.value),
            list.comment.as_ref().map(|c| &c.value),
        ));
    }
    for list in &t.attrs.uniques {
        let columns: Vec<&str> = list.fields.iter().map(|f| t.column_of(f)).collect();
        uniques.push(key_spec(
            list.name.as_ref().map(|n| &n.value),
            &columns,
            list.deferrable.as_ref().map(|d| &d.value),
            list.comment.as_ref().map(|c| &c.value),
        ));
    }
    for check in &t.attrs.checks {
        let name = &check.name;
        let expression = &check.expr;
        let no_inherit = check.no_inherit;
        let comment = super::option(check.comment.as_ref());
        checks.push(quote! {
            ::schemata::__private::CheckSpec {
                name: ::core::option::Option::Some(#name),
                column: ::core::option::Option::None,
                expression: #expression,
                no_inherit: #no_inherit,
                comment: #comment,
            }
        });
    }
    for key in &t.attrs.foreign_keys {
        let columns: Vec<&str> = key.fields.iter().map(|f| t.column_of(f)).collect();
        foreign_keys.push(foreign_key(
            ident,
            key.name.as_ref().map(|n| &n.value),
            &columns,
            &key.references,
            &key.actions,
            key.comment.as_ref().map(|c| &c.value),
        ));
    }
    let indexes: Vec<TokenStream> = t.indexes.iter().map(|i| index(t, i)).collect();
    let mut checks_of_types = trigger_function_checks(&t.triggers);
    checks_of_types.extend(t.columns().filter_map(|f| enum_default_check(name, f)));
    let policies: Vec<TokenStream> = t.policies.iter().map(policy).collect();

    let mut fields = Fields::default();
    fields.option("comment", t.comment.as_deref());
    fields.option(
        "renamed_from",
        t.attrs.renamed_from.as_ref().map(|r| &r.value),
    );
    let forced = t.attrs.force_rls.is_some();
    if t.attrs.rls.is_some() || forced {
        fields.push(
            "row_level_security",
            quote!(::schemata::RowLevelSecurity { enabled: true, forced: #forced }),
        );
    }
    fields.slice("columns", &columns);
    if let Some(primary_key) = primary_key {
        fields.push("primary_key", some(primary_key));
    }
    fields.slice("uniques", &uniques);
    fields.slice("checks", &checks);
    let exclusions: Vec<TokenStream> = t
        .attrs
        .exclusions
        .iter()
        .map(|e| {
            let (name, definition) = (&e.name, &e.expr);
            let comment = super::option(e.comment.as_ref());
            quote!((#name, #definition, #comment))
        })
        .collect();
    fields.slice("exclusions", &exclusions);
    fields.slice("foreign_keys", &foreign_keys);
    fields.slice("indexes", &indexes);
    fields.slice("policies", &policies);
    fields.slice("allow", &allows(&t.attrs.allows));
    if t.attrs.unlogged.is_some() {
        fields.push("unlogged", quote!(true));
    }
    let storage: Vec<TokenStream> = t
        .attrs
        .storage
        .iter()
        .map(|(name, value)| {
            let name = syn::ext::IdentExt::unraw(name).to_string();
            quote!((#name, #value))
        })
        .collect();
    fields.slice("storage", &storage);
    let inherits: Vec<TokenStream> = t.attrs.inherits.iter().map(|p| quote!(#p)).collect();
    fields.slice("inherits", &inherits);
    let identity = quote!(::schemata::__private::ReplicaIdentitySpec);
    if let Some(index) = &t.attrs.replica_identity_index {
        let index = &index.value;
        fields.push("replica_identity", quote!(#identity::Index(#index)));
    } else if let Some(kind) = &t.attrs.replica_identity {
        let variant = kind.value.variant();
        fields.push("replica_identity", quote!(#identity::#variant));
    }
    fields.option("cluster_on", t.attrs.cluster_on.as_ref().map(|c| &c.value));
    table_fields(t, &mut fields);
    if let Some(distribution) = distribution(t) {
        fields.push("distribution", some(distribution));
    }
    let spec = fields.build(
        quote!(::schemata::__private::TableSpec),
        quote!(::schemata::__private::TableSpec::new(#schema, #name)),
    );

    let iden_enum = query::iden_enum(&query::Rows::table(t));
    let query = query::table_impls(t);
    quote! {
        #iden_enum

        const _: () = {
            const SPEC: ::schemata::__private::TableSpec<'static> = #spec;

            #[automatically_derived]
            impl ::schemata::Table for #ident {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::schemata::QualifiedName::new(#schema, #name)
                }

                fn table_def() -> ::schemata::TableDef {
                    ::schemata::__private::table_def(&SPEC)
                }
            }
            #checks_of_types

            #query
        };
    }
}

/// The `triggers` and `partition_by` fields of a table's spec.
fn table_fields(t: &Table, fields: &mut Fields) {
    let mut triggers: Vec<TokenStream> = t.triggers.iter().map(|tr| trigger(t, tr)).collect();
    if let Some(updated_at) = &t.attrs.updated_at {
        let field = updated_at
            .field
            .clone()
            .unwrap_or_else(|| Ident::new("updated_at", proc_macro2::Span::call_site()));
        let column = t.column_name(&field);
        // The name `schemata::Trigger::updated_at` gives.
        let name = format!("{}_set_{column}", t.name);
        triggers.push(quote! {
            ::schemata::__private::TriggerSpec {
                arguments: &[#column],
                ..::schemata::__private::TriggerSpec::new(
                    #name,
                    ::schemata::TriggerTiming::Before,
                    &[::schemata::TriggerEvent::Update],
                    ::schemata::__private::FunctionRef::Type(
                        <::schemata::updated_at::SetUpdatedAt as ::schemata::Function>::qualified_name,
                    ),
                )
            }
        });
    }
    fields.slice("triggers", &triggers);
    if let Some(by) = &t.attrs.partition_by {
        let strategy = by.value.strategy.variant();
        let keys = by.value.keys.iter().map(|key| match key {
            IndexTarget::Field(ident) => {
                let column = t.column_name(ident);
                quote!(::schemata::__private::IndexTargetSpec::Column(#column))
            }
            IndexTarget::Expression(sql) => {
                quote!(::schemata::__private::IndexTargetSpec::Expression(#sql))
            }
        });
        fields.push(
            "partition_by",
            some(quote! {
                ::schemata::__private::PartitionBySpec {
                    strategy: ::schemata::PartitionStrategy::#strategy,
                    keys: &[#(#keys),*],
                }
            }),
        );
    }
}

/// `#[table(distributed_by = .., colocate_with = .., shard_count = ..)]` or
/// `#[table(reference)]`, as a `DistributionSpec`.
fn distribution(t: &Table) -> Option<TokenStream> {
    let spec = quote!(::schemata::__private::DistributionSpec);
    if t.attrs.reference.is_some() {
        return Some(quote!(#spec::Reference));
    }
    let column = t.column_name(&t.attrs.distributed_by.as_ref()?.value);
    let colocate_with = match t.attrs.colocate_with.as_ref().map(|s| &s.value) {
        None => quote!(::core::option::Option::None),
        Some(ColocateWith::Alone) => some(quote!(::schemata::__private::ColocateSpec::Alone)),
        Some(ColocateWith::Table(target)) => {
            let target = match target {
                Target::Type(path) => quote_spanned! {path.span()=>
                    ::schemata::__private::TargetSpec::Table(<#path as ::schemata::Table>::qualified_name)
                },
                Target::Named(text) => quote!(::schemata::__private::TargetSpec::Named(#text)),
            };
            some(quote!(::schemata::__private::ColocateSpec::Table(#target)))
        }
    };
    let shard_count = match t.attrs.shard_count.as_ref().map(|s| s.value) {
        Some(count) => some(quote!(#count)),
        None => quote!(::core::option::Option::None),
    };
    Some(quote! {
        #spec::Distributed {
            column: #column,
            colocate_with: #colocate_with,
            shard_count: #shard_count,
        }
    })
}

/// Beside the errors of `#[derive(Table)]`: see [`placeholder`].
pub(crate) fn table_placeholder(input: &DeriveInput) -> TokenStream {
    placeholder(
        input,
        query::table_placeholder(input),
        quote!(::schemata::Table),
        quote!(table_def),
        quote!(::schemata::TableDef),
    )
}
