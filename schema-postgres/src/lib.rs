//! Postgres side of schemata.

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "introspect")]
pub mod introspect;
pub mod normalize;
