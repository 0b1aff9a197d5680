//! Postgres side of schemata: rendering a [`Schema`](schema_core::Schema) as DDL, reading a
//! live database back into one (feature `introspect`), and the `schemactl` command line
//! (feature `cli`).
//!
//! ```
//! use schema_core::{Column, QualifiedName, Schema, SqlType, TableDef};
//! use schema_postgres::{to_sql, RenderOptions};
//!
//! let users = TableDef::new(QualifiedName::parse("users"))
//!     .with_column(Column::new("id", SqlType::Uuid, false))
//!     .with_primary_key(None, &["id"]);
//! let schema = Schema::builder().add_table(users).build().unwrap();
//! assert_eq!(
//!     to_sql(&schema, &RenderOptions::default()),
//!     "-- Tables
//!
//! CREATE TABLE public.users (
//!     id uuid NOT NULL,
//!     CONSTRAINT users_pkey PRIMARY KEY (id)
//! );
//! "
//! );
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "introspect")]
pub mod apply;
#[cfg(feature = "introspect")]
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
/// `schemactl codegen`: Rust source for a schema.
pub mod codegen;
mod enum_comment;
pub mod erd;
#[cfg(feature = "introspect")]
pub mod introspect;
mod kinds;
mod literal;
pub mod normalize;
pub mod plan;
mod render;
mod sql;
mod topological;

pub use enum_comment::{enum_type_comment, split_enum_type_comment};
pub use literal::quote_literal;
pub use render::{render, statements, to_sql, RenderOptions, Statement};

/// Single DDL statements and clauses, each written into a [`std::fmt::Write`]: the pieces
/// [`render`] puts together, for tools (such as a migration planner) that need one at a
/// time. Statements end with `;` and a newline; clauses have neither.
pub mod statement {
    pub use crate::render::{
        add_foreign_key, check_clause, column_definition, comment_on_column, comment_on_domain,
        comment_on_function, comment_on_role, comment_on_sequence, comment_on_table,
        comment_on_type, comment_on_view, create_composite, create_domain, create_enum,
        create_extension, create_function, create_index, create_or_replace_function, create_policy,
        create_role, create_role_if_missing, create_schema, create_schema_if_missing,
        create_sequence, create_stand_in_function, create_stand_in_table, create_table,
        create_trigger, create_view, default_value, enable_rls, exclusion_clause, force_rls,
        foreign_key_clause, grant, partition_bound, partition_by, primary_key_clause,
        sequence_owned_by, unique_clause,
    };
}
