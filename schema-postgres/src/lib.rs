//! Postgres side of schemata.
