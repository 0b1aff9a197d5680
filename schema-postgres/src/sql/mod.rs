//! The one reader of SQL text: a tokenizer that reads Postgres's lexical rules and the
//! small questions this crate asks of SQL it did not write, such as
//! which names a view's query mentions or whether two defaults differ only in whitespace.
//!
//! Rendering order, dependency finding, normalisation and introspection all read SQL
//! through this module, so they agree on where a string, a quoted name or a comment
//! starts and ends. Quoting identifiers and escaping literals, the other direction, stays
//! in `crate::literal` and `schema_core`.

mod names;
mod shape;
/// The tokenizer, shared with the model crate's validation.
pub(crate) mod token {
    pub(crate) use schema_core::sql::{tokens, Kind, Token};
}

pub(crate) use names::{identifier, identifiers, referenced_names, string_constants};
pub(crate) use shape::{
    collapse_whitespace, is_number, needs_parens_as_default, split_literal_cast, string_literal,
    strip_outer_parens,
};
#[cfg_attr(not(feature = "introspect"), allow(unused_imports))]
pub(crate) use shape::{find_top_level, split_top_level};
