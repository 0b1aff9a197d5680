//! Schemas (namespaces): `CREATE SCHEMA` and the steps that create and drop them.

use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use schema_core::diff::Change;
use schema_core::quote_ident;
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// `CREATE SCHEMA name`
pub fn create_schema(name: &str, out: &mut impl Write) -> fmt::Result {
    writeln!(out, "CREATE SCHEMA {};", quote_ident(name))
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateSchema { name } => {
            let mut node = Builder::node(
                Phase::CreateSchema,
                change.to_string(),
                sql(|o| create_schema(name, o)),
                &[],
            );
            node.adds.push(Object::Schema(name));
            b.push(node);
        }
        Change::DropSchema { name } => {
            let mut node = Builder::node(
                Phase::DropSchema,
                change.to_string(),
                format!("DROP SCHEMA {};\n", quote_ident(name)),
                &[],
            );
            node.removes.push(Object::Schema(name));
            b.push(node);
        }
        _ => return false,
    }
    true
}
