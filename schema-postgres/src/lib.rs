//! Postgres side of schemata.

pub mod normalize;
#[cfg(feature = "introspect")]
pub mod introspect;
#[cfg(feature = "cli")]
pub mod cli;
