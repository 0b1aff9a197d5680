//! Derive macros for schemata.
use proc_macro::TokenStream;

/// Derives `schemata::Table`.
#[proc_macro_derive(Table, attributes(table, column, index, policy))]
pub fn derive_table(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}

/// Derives `schemata::PgEnum`.
#[proc_macro_derive(PgEnum, attributes(pg_enum))]
pub fn derive_pg_enum(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
