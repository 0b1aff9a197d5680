//! `CREATE EXTENSION`.

use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use schema_core::diff::Change;
use schema_core::{quote_ident, Extension};
use std::fmt::{self, Write};

/// `CREATE EXTENSION IF NOT EXISTS name [WITH SCHEMA schema]`. `IF NOT EXISTS` because
/// hosted Postgres (Supabase among them) often has common extensions installed already.
pub fn create_extension(extension: &Extension, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "CREATE EXTENSION IF NOT EXISTS {}",
        quote_ident(&extension.name)
    )?;
    if let Some(schema) = &extension.schema {
        write!(out, " WITH SCHEMA {}", quote_ident(schema))?;
    }
    out.write_str(";\n")
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateExtension { extension } => b.create_extension(change, extension),
        Change::DropExtension { extension } => {
            let mut node = Builder::node(
                Phase::DropExtension,
                change.to_string(),
                format!("DROP EXTENSION {};\n", quote_ident(&extension.name)),
                &[],
            );
            node.removes.push(Object::Extension(&extension.name));
            b.push(node);
        }
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_extension(&mut self, change: &'a Change, extension: &'a Extension) {
        let mut node = Self::node(
            Phase::CreateExtension,
            change.to_string(),
            sql(|o| create_extension(extension, o)),
            &[],
        );
        node.adds.push(Object::Extension(&extension.name));
        if let Some(schema) = &extension.schema {
            node.uses_new.push(Object::Schema(schema));
        }
        self.push(node);
    }
}
