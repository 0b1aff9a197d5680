//! Pictures of a schema: entity-relationship diagrams as Mermaid, Graphviz DOT, SVG and a
//! self-contained HTML page.
//!
//! [`graph::diagram`] turns a [`Schema`](schema_core::Schema) into boxes and lines, cut
//! down by a [`Filter`]; each format then draws that diagram.
//!
//! ```
//! use schema_core::{Column, QualifiedName, Schema, SqlType, TableDef};
//! use schema_postgres::erd::{diagram, mermaid, Filter};
//!
//! let users = TableDef::new(QualifiedName::parse("users"))
//!     .with_column(Column::new("id", SqlType::Uuid, false));
//! let schema = Schema::builder().add_table(users).build().unwrap();
//! let text = mermaid(&diagram(&schema, &Filter::default()).unwrap());
//! assert!(text.starts_with("erDiagram\n    public__users[\"table public.users\"] {\n"));
//! ```

mod dot;
pub mod graph;
mod html;
pub mod layout;
mod mermaid;
mod migration;
mod svg;

pub use dot::dot;
pub use graph::{diagram, Diagram, Filter};
pub use html::{html, Aside};
pub use layout::{layout, Engine, Layout};
pub use mermaid::mermaid;
pub use migration::migration_html;
pub use svg::svg;
