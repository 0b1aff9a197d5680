//! Rules between keys and between fields: everything about a type the macro can know,
//! reported at compile time on the token at fault. Rules that need other types (does a
//! referenced table exist, do the column types match) are the schema builder's.

mod column;
mod distribution;
mod function;
mod partition;
mod pg_enum;
mod policy;
mod table;
mod trigger;
mod view;

pub(crate) use function::function;
pub(crate) use pg_enum::pg_enum;
pub(crate) use table::table;
pub(crate) use view::view;
