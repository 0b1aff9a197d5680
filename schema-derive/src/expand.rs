//! Code generation. The generated code describes the type as a literal of
//! `schemata::__private` specs and hands it to one builder function there, so that the
//! code per column is a few lines of data, not logic (compile time is a feature).
//!
//! Only fields that differ from a spec's constructor are written, and every path is
//! absolute, so user items named like ours cannot interfere.

mod query;

use crate::ast::{Columns, Enum, Field, Table};
use crate::attr::{self, IndexTarget, Literal, Target};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::DeriveInput;

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
            primary_key = Some(key_spec(None, &[column]));
        }
        if field.attrs.unique.is_some() {
            uniques.push(key_spec(None, &[column]));
        }
        if let Some(check) = &field.attrs.check {
            let expression = &check.value;
            checks.push(quote! {
                ::schemata::__private::CheckSpec {
                    name: ::core::option::Option::None,
                    column: ::core::option::Option::Some(#column),
                    expression: #expression,
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
            ));
        }
    }
    if let Some(list) = &t.attrs.primary_key {
        let columns: Vec<&str> = list.fields.iter().map(|f| t.column_of(f)).collect();
        primary_key = Some(key_spec(list.name.as_ref().map(|n| &n.value), &columns));
    }
    for list in &t.attrs.uniques {
        let columns: Vec<&str> = list.fields.iter().map(|f| t.column_of(f)).collect();
        uniques.push(key_spec(list.name.as_ref().map(|n| &n.value), &columns));
    }
    for check in &t.attrs.checks {
        let name = &check.name;
        let expression = &check.expr;
        checks.push(quote! {
            ::schemata::__private::CheckSpec {
                name: ::core::option::Option::Some(#name),
                column: ::core::option::Option::None,
                expression: #expression,
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
        ));
    }
    let indexes: Vec<TokenStream> = t.indexes.iter().map(|i| index(t, i)).collect();
    let checks_of_types = objects::trigger_function_checks(&t.triggers);
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
    fields.slice("foreign_keys", &foreign_keys);
    fields.slice("indexes", &indexes);
    fields.slice("policies", &policies);
    objects::table_fields(t, &mut fields);
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

fn column(field: &Field) -> TokenStream {
    let name = &field.column;
    let a = &field.attrs;
    let ty = match &a.sql_type {
        Some(sql_type) => {
            let text = &sql_type.value;
            let nullable = field.is_option();
            quote!(::schemata::__private::ColumnType::Sql { text: #text, nullable: #nullable })
        }
        None => {
            // Spanned on the field's type, so a missing `PgType` implementation is
            // reported there.
            let ty = field.ty;
            quote_spanned! {ty.span()=>
                ::schemata::__private::ColumnType::Rust {
                    sql_type: <#ty as ::schemata::PgType>::sql_type,
                    nullable: <#ty as ::schemata::PgType>::nullable,
                }
            }
        }
    };
    let mut fields = Fields::default();
    let default = match (&a.default, &a.default_value) {
        (Some(sql), _) => {
            let sql = &sql.value;
            Some(quote!(::schemata::__private::DefaultSpec::Expression(#sql)))
        }
        (None, Some(literal)) => Some(match &literal.value {
            Literal::Text(text) => quote!(::schemata::__private::DefaultSpec::Text(#text)),
            Literal::Number(digits) => {
                quote!(::schemata::__private::DefaultSpec::Number(#digits))
            }
            Literal::Boolean(value) => {
                quote!(::schemata::__private::DefaultSpec::Boolean(#value))
            }
        }),
        (None, None) => None,
    };
    if let Some(default) = default {
        fields.push("default", some(default));
    }
    if let Some(identity) = &a.identity {
        let variant = identity.value.variant();
        fields.push("identity", some(quote!(::schemata::Identity::#variant)));
    }
    fields.option("generated", a.generated.as_ref().map(|g| &g.value));
    fields.option("comment", field.comment.as_deref());
    fields.option("renamed_from", a.renamed_from.as_ref().map(|r| &r.value));
    fields.build(
        quote!(::schemata::__private::ColumnSpec),
        quote!(::schemata::__private::ColumnSpec::new(#name, #ty)),
    )
}

fn key_spec(name: Option<&syn::LitStr>, columns: &[&str]) -> TokenStream {
    let name = option(name);
    quote! {
        ::schemata::__private::KeySpec { name: #name, columns: &[#(#columns),*] }
    }
}

fn foreign_key(
    table: &syn::Ident,
    name: Option<&syn::LitStr>,
    columns: &[&str],
    reference: &attr::Reference,
    actions: &attr::Actions,
) -> TokenStream {
    let target = match &reference.target {
        // The spec is a constant, where `Self` means nothing: name the struct instead.
        Target::Type(path) if path.is_ident("Self") => {
            quote!(::schemata::__private::TargetSpec::Table(<#table as ::schemata::Table>::qualified_name))
        }
        Target::Type(path) => quote_spanned! {path.span()=>
            ::schemata::__private::TargetSpec::Table(<#path as ::schemata::Table>::qualified_name)
        },
        Target::Named(text) => quote!(::schemata::__private::TargetSpec::Named(#text)),
    };
    let mut fields = Fields::default();
    fields.option("name", name);
    if !reference.columns.is_empty() {
        let referenced = &reference.columns;
        fields.push("referenced_columns", quote!(&[#(#referenced),*]));
    }
    for (field, action) in [
        ("on_delete", &actions.on_delete),
        ("on_update", &actions.on_update),
    ] {
        if let Some(action) = action {
            let variant = action.value.variant();
            fields.push(field, quote!(::schemata::ReferentialAction::#variant));
        }
    }
    let deferrable = match (&actions.deferrable, &actions.initially_deferred) {
        // `INITIALLY DEFERRED` implies `DEFERRABLE`, as in Postgres.
        (_, Some(_)) => Some(quote!(InitiallyDeferred)),
        (Some(_), None) => Some(quote!(InitiallyImmediate)),
        (None, None) => None,
    };
    if let Some(variant) = deferrable {
        fields.push("deferrable", quote!(::schemata::Deferrable::#variant));
    }
    fields.build(
        quote!(::schemata::__private::ForeignKeySpec),
        quote!(::schemata::__private::ForeignKeySpec::new(&[#(#columns),*], #target)),
    )
}

fn index(t: &impl Columns, index: &attr::Index) -> TokenStream {
    let keys: Vec<TokenStream> = index
        .keys
        .iter()
        .map(|key| {
            let target = match &key.target {
                IndexTarget::Field(ident) => {
                    let column = t.column_name(ident);
                    quote!(::schemata::__private::IndexTargetSpec::Column(#column))
                }
                IndexTarget::Expression(sql) => {
                    quote!(::schemata::__private::IndexTargetSpec::Expression(#sql))
                }
            };
            let mut fields = Fields::default();
            fields.option("opclass", key.opclass.as_ref());
            if key.descending == Some(true) {
                fields.push("descending", quote!(true));
            }
            if let Some(first) = key.nulls_first {
                let order = if first { quote!(First) } else { quote!(Last) };
                fields.push("nulls", some(quote!(::schemata::NullsOrder::#order)));
            }
            fields.build(
                quote!(::schemata::__private::IndexKeySpec),
                quote!(::schemata::__private::IndexKeySpec::new(#target)),
            )
        })
        .collect();
    let mut fields = Fields::default();
    fields.option("name", index.name.as_ref().map(|n| &n.value));
    if index.unique.is_some() {
        fields.push("unique", quote!(true));
    }
    if let Some(method) = &index.method {
        let variant = method.value.variant();
        fields.push("method", quote!(::schemata::IndexMethod::#variant));
    }
    let include: Vec<&str> = index.include.iter().map(|f| t.column_name(f)).collect();
    if !include.is_empty() {
        fields.push("include", quote!(&[#(#include),*]));
    }
    fields.option("predicate", index.predicate.as_ref().map(|p| &p.value));
    fields.build(
        quote!(::schemata::__private::IndexSpec),
        quote!(::schemata::__private::IndexSpec::new(&[#(#keys),*])),
    )
}

fn policy(policy: &attr::Policy) -> TokenStream {
    let name = &policy.name;
    let mut fields = Fields::default();
    if policy.restrictive.is_some() {
        fields.push("restrictive", quote!(true));
    }
    if let Some(command) = &policy.command {
        let variant = command.value.variant();
        fields.push("command", quote!(::schemata::PolicyCommand::#variant));
    }
    if !policy.roles.is_empty() {
        let roles = &policy.roles;
        fields.push("roles", quote!(&[#(#roles),*]));
    }
    fields.option("using", policy.using.as_ref().map(|u| &u.value));
    fields.option("with_check", policy.with_check.as_ref().map(|w| &w.value));
    fields.build(
        quote!(::schemata::__private::PolicySpec),
        quote!(::schemata::__private::PolicySpec::new(#name)),
    )
}

pub(crate) fn pg_enum(e: &Enum) -> TokenStream {
    let ident = e.ident;
    let schema = &e.schema;
    let name = &e.name;
    let values = e.variants.iter().map(|variant| {
        let label = &variant.label;
        let mut fields = Fields::default();
        fields.option("comment", variant.comment.as_deref());
        fields.option(
            "renamed_from",
            variant.attrs.renamed_from.as_ref().map(|r| &r.value),
        );
        fields.build(
            quote!(::schemata::__private::EnumValueSpec),
            quote!(::schemata::__private::EnumValueSpec::new(#label)),
        )
    });
    let comment = option(e.comment.as_deref());
    let renamed_from = option(e.attrs.renamed_from.as_ref().map(|r| &r.value));
    let query = query::pg_enum_impls(e);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schemata::PgEnum for #ident {
                fn enum_def() -> ::schemata::EnumDef {
                    ::schemata::__private::enum_def(&::schemata::__private::EnumSpec {
                        schema: #schema,
                        name: #name,
                        comment: #comment,
                        renamed_from: #renamed_from,
                        values: &[#(#values),*],
                    })
                }
            }

            #[automatically_derived]
            impl ::schemata::PgType for #ident {
                fn sql_type() -> ::schemata::SqlType {
                    ::schemata::SqlType::Enum(::schemata::QualifiedName::new(#schema, #name))
                }
            }

            #query
        };
    }
}

/// What is emitted beside the errors: the trait implemented with bodies that never run
/// (the `compile_error!` stops the build), so that code using the type does not pile
/// unrelated "trait not implemented" errors on top of the real ones.
pub(crate) fn table_placeholder(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let query = query::table_placeholder(input);
    quote! {
        #query

        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::schemata::Table for #ident #ty_generics #where_clause {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::core::unreachable!()
                }

                fn table_def() -> ::schemata::TableDef {
                    ::core::unreachable!()
                }
            }
        };
    }
}

/// Like [`table_placeholder`], for `#[derive(PgEnum)]`: both traits it implements.
pub(crate) fn pg_enum_placeholder(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let query = query::pg_enum_placeholder(input);
    quote! {
        #query

        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::schemata::PgEnum for #ident #ty_generics #where_clause {
                fn enum_def() -> ::schemata::EnumDef {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::schemata::PgType for #ident #ty_generics #where_clause {
                fn sql_type() -> ::schemata::SqlType {
                    ::core::unreachable!()
                }
            }
        };
    }
}

#[path = "expand_objects.rs"]
mod objects;
pub(crate) use objects::{function, function_placeholder, view, view_placeholder};

/// The fields of a spec literal that differ from its constructor's.
#[derive(Default)]
struct Fields(Vec<TokenStream>);

impl Fields {
    fn push(&mut self, name: &str, value: TokenStream) {
        let name = syn::Ident::new(name, proc_macro2::Span::call_site());
        self.0.push(quote!(#name: #value));
    }

    /// An `Option<&str>` field, written only when set.
    fn option<T: ToTokens>(&mut self, name: &str, value: Option<T>) {
        if let Some(value) = value {
            self.push(name, some(value));
        }
    }

    /// A slice field, written only when not empty.
    fn slice(&mut self, name: &str, items: &[TokenStream]) {
        if !items.is_empty() {
            self.push(name, quote!(&[#(#items),*]));
        }
    }

    /// `Spec { fields.., ..base }`, or just `base` when no field differs.
    fn build(self, path: TokenStream, base: TokenStream) -> TokenStream {
        if self.0.is_empty() {
            return base;
        }
        let fields = self.0;
        quote!(#path { #(#fields,)* ..#base })
    }
}

fn some(value: impl ToTokens) -> TokenStream {
    quote!(::core::option::Option::Some(#value))
}

fn option(value: Option<impl ToTokens>) -> TokenStream {
    match value {
        Some(value) => some(value),
        None => quote!(::core::option::Option::None),
    }
}
