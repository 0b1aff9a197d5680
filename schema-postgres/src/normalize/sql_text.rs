//! The SQL text helpers normalisation and introspection call by this path; they live in
//! `crate::sql`, the one reader of SQL text.

pub(crate) use crate::sql::{
    collapse_whitespace, identifier, is_number, split_literal_cast, string_literal,
    strip_outer_parens,
};
#[cfg_attr(not(feature = "introspect"), allow(unused_imports))]
pub(crate) use crate::sql::{find_top_level, split_top_level};
