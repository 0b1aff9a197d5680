//! The schemas the schemata tests and benchmarks share: hand-built cases that together use
//! every option of the model ([`fixtures`]), (old, new) pairs covering every kind of change
//! ([`pairs`]), and seeded random schemas and pairs ([`generate`]).
//!
//! A workspace crate of its own, never published, so that the rendering snapshots, the plan
//! snapshots, the real-Postgres tests and the benchmarks build exactly the same schemas
//! without any of this code compiled into a library users depend on. It depends on
//! `schema-core` alone, so `schema-postgres` can use it as a dev-dependency.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod fixtures;
pub mod generate;
pub mod pairs;
