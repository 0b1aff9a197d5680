//! The one reader of SQL text: a tokenizer that follows Postgres's lexical rules, and the
//! check that a text written into the schema is exactly one expression or one query.
//!
//! It lives in the model crate because validation needs it (an expression that would end
//! the statement it is written into is refused wherever it enters the model: derives,
//! builder, snapshots, introspection); `schemata-postgres` reads SQL through it too, so
//! that every reader agrees on where a string, a quoted name or a comment starts and ends.

mod expression;
mod token;

pub use expression::{one_expression, one_query, NotOneExpression, NotOneQuery};
pub use token::{split_statements, tokens, Kind, Token};
