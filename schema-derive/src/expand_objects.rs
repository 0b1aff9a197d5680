//! Code generation for `#[derive(Function)]`, `#[derive(View)]`, and the triggers and
//! partitioning of `#[derive(Table)]`. A child of `expand`, with the same scheme: a spec
//! literal handed to one builder function in `schemata::__private`.

use super::*;
use crate::ast::{Function, View};
use crate::attr::{ArgType, FunctionTarget, ReturnType, Trigger};
use syn::ext::IdentExt;
use syn::Ident;

/// The `triggers` and `partition_by` fields of a table's spec.
pub(super) fn table_fields(t: &Table, fields: &mut Fields) {
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

fn trigger(owner: &impl Columns, trigger: &Trigger) -> TokenStream {
    let name = &trigger.name.as_ref().expect("checked").value;
    let timing = trigger.timings[0].0.variant();
    let events = trigger.events.as_ref().expect("checked");
    let kinds = events.value.iter().map(|e| e.kind.variant());
    let update_of: Vec<&str> = events
        .value
        .iter()
        .flat_map(|e| &e.fields)
        .map(|f| owner.column_name(f))
        .collect();
    let function = match &trigger.function.as_ref().expect("checked").value {
        FunctionTarget::Type(path) => quote_spanned! {path.span()=>
            ::schemata::__private::FunctionRef::Type(<#path as ::schemata::Function>::qualified_name)
        },
        FunctionTarget::Named(text) => quote!(::schemata::__private::FunctionRef::Named(#text)),
    };
    let mut fields = Fields::default();
    if !update_of.is_empty() {
        fields.push("update_of", quote!(&[#(#update_of),*]));
    }
    if trigger.for_each_statement.is_some() {
        fields.push("for_each_row", quote!(false));
    }
    fields.option("when", trigger.when.as_ref().map(|w| &w.value));
    if !trigger.args.is_empty() {
        let args = &trigger.args;
        fields.push("arguments", quote!(&[#(#args),*]));
    }
    fields.build(
        quote!(::schemata::__private::TriggerSpec),
        quote! {
            ::schemata::__private::TriggerSpec::new(
                #name,
                ::schemata::TriggerTiming::#timing,
                &[#(::schemata::TriggerEvent::#kinds),*],
                #function,
            )
        },
    )
}

/// For each `function = Type`, a check that `Type` is a trigger function, spanned on the
/// type, so misuse is a compile error there ("`X` is not a trigger function").
pub(super) fn trigger_function_checks(triggers: &[Trigger]) -> TokenStream {
    let paths = triggers
        .iter()
        .filter_map(|t| match t.function.as_ref().map(|f| &f.value) {
            Some(FunctionTarget::Type(path)) => Some(path),
            _ => None,
        });
    let checks = paths.map(|path| {
        quote_spanned! {path.span()=>
            let _ = __is_trigger_function::<#path>;
        }
    });
    let checks: Vec<TokenStream> = checks.collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        const _: () = {
            fn __is_trigger_function<T: ::schemata::TriggerFunction>() {}
            #(#checks)*
        };
    }
}

pub(crate) fn function(f: &Function) -> TokenStream {
    let ident = f.ident;
    let schema = &f.schema;
    let name = &f.name;
    let a = &f.attrs;
    let returns = match &a.returns.as_ref().expect("checked").value {
        ReturnType::Sql(text) => quote!(::schemata::__private::ReturnsSpec::Sql(#text)),
        ReturnType::Rust(ty) => quote_spanned! {ty.span()=>
            ::schemata::__private::ReturnsSpec::Rust(<#ty as ::schemata::PgType>::sql_type)
        },
    };
    let is_trigger = matches!(
        &a.returns.as_ref().expect("checked").value,
        ReturnType::Sql(text) if text.value().trim().eq_ignore_ascii_case("trigger")
    );
    let language = a.language.as_ref().expect("checked").value.variant();
    let body = &a.body.as_ref().expect("checked").value;
    let mut fields = Fields::default();
    if let Some(args) = &a.args {
        let args: Vec<TokenStream> = args
            .value
            .iter()
            .map(|arg| {
                let name = option(arg.name.as_ref().map(|n| n.unraw().to_string()));
                let ty = match &arg.ty {
                    ArgType::Rust(ty) => quote_spanned! {ty.span()=>
                        ::schemata::__private::TypeSpec::Rust(<#ty as ::schemata::PgType>::sql_type)
                    },
                    ArgType::Sql(text) => quote!(::schemata::__private::TypeSpec::Sql(#text)),
                };
                let default = option(arg.default.as_ref());
                quote! {
                    ::schemata::__private::ArgumentSpec { name: #name, ty: #ty, default: #default }
                }
            })
            .collect();
        fields.slice("arguments", &args);
    }
    if let Some(volatility) = &a.volatility {
        let variant = volatility.value.variant();
        fields.push("volatility", quote!(::schemata::Volatility::#variant));
    }
    if a.strict.is_some() {
        fields.push("strict", quote!(true));
    }
    if a.security_definer.is_some() {
        fields.push("security_definer", quote!(true));
    }
    fields.option("search_path", a.search_path.as_ref().map(|p| &p.value));
    fields.option("comment", f.comment.as_deref());
    let spec = fields.build(
        quote!(::schemata::__private::FunctionSpec),
        quote! {
            ::schemata::__private::FunctionSpec::new(
                #schema,
                #name,
                #returns,
                ::schemata::Language::#language,
                #body,
            )
        },
    );
    let trigger_impl = is_trigger.then(|| {
        quote! {
            #[automatically_derived]
            impl ::schemata::TriggerFunction for #ident {}
        }
    });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::schemata::Function for #ident {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::schemata::QualifiedName::new(#schema, #name)
                }

                fn function_def() -> ::schemata::FunctionDef {
                    ::schemata::__private::function_def(&#spec)
                }
            }
            #trigger_impl
        };
    }
}

pub(crate) fn view(v: &View) -> TokenStream {
    let ident = v.ident;
    let schema = &v.schema;
    let name = &v.name;
    let a = &v.attrs;
    let query = &a.sql.as_ref().expect("checked").value;
    let columns: Vec<TokenStream> = v
        .column_fields()
        .into_iter()
        .map(|field| {
            let name = &field.column;
            let ty = column_type(field);
            let comment = option(field.comment.as_deref());
            quote! {
                ::schemata::__private::ViewColumnSpec { name: #name, ty: #ty, comment: #comment }
            }
        })
        .collect();
    let indexes: Vec<TokenStream> = v.indexes.iter().map(|i| index(v, i)).collect();
    let triggers: Vec<TokenStream> = v.triggers.iter().map(|t| trigger(v, t)).collect();
    let checks_of_types = trigger_function_checks(&v.triggers);
    let mut fields = Fields::default();
    if a.materialized.is_some() {
        fields.push("materialized", quote!(true));
    }
    if a.security_invoker.is_some() {
        fields.push("security_invoker", quote!(true));
    }
    fields.slice("columns", &columns);
    fields.slice("indexes", &indexes);
    fields.slice("triggers", &triggers);
    fields.option("comment", v.comment.as_deref());
    let spec = fields.build(
        quote!(::schemata::__private::ViewSpec),
        quote!(::schemata::__private::ViewSpec::new(#schema, #name, #query)),
    );
    let iden_enum = query::iden_enum(&query::Rows::view(v));
    let typed = query::view_impls(v);
    quote! {
        #iden_enum

        const _: () = {
            #[automatically_derived]
            impl ::schemata::View for #ident {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::schemata::QualifiedName::new(#schema, #name)
                }

                fn view_def() -> ::schemata::ViewDef {
                    ::schemata::__private::view_def(&#spec)
                }
            }
            #checks_of_types
            #typed
        };
    }
}

/// A field's type as a column type: `sql_type`, or the field type's `PgType`.
fn column_type(field: &Field) -> TokenStream {
    match &field.attrs.sql_type {
        Some(sql_type) => {
            let text = &sql_type.value;
            let nullable = field.is_option();
            quote!(::schemata::__private::ColumnType::Sql { text: #text, nullable: #nullable })
        }
        None => {
            let ty = field.ty;
            quote_spanned! {ty.span()=>
                ::schemata::__private::ColumnType::Rust {
                    sql_type: <#ty as ::schemata::PgType>::sql_type,
                    nullable: <#ty as ::schemata::PgType>::nullable,
                }
            }
        }
    }
}

/// Beside the errors of `#[derive(Function)]`: both traits, so a bad attribute does not
/// also fail every trigger that names the function.
pub(crate) fn function_placeholder(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::schemata::Function for #ident #ty_generics #where_clause {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::core::unreachable!()
                }

                fn function_def() -> ::schemata::FunctionDef {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::schemata::TriggerFunction for #ident #ty_generics #where_clause {}
        };
    }
}

/// Beside the errors of `#[derive(View)]`: the `View` impl and the typed columns.
pub(crate) fn view_placeholder(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let query = query::view_placeholder(input);
    quote! {
        #query

        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::schemata::View for #ident #ty_generics #where_clause {
                fn qualified_name() -> ::schemata::QualifiedName {
                    ::core::unreachable!()
                }

                fn view_def() -> ::schemata::ViewDef {
                    ::core::unreachable!()
                }
            }
        };
    }
}
