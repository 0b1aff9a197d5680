//! Extensions: `CREATE EXTENSION`, their normal form, the steps that create and drop
//! them, and their catalog rows.

use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::render::{Part, Statements};
use schema_core::diff::Change;
use schema_core::{quote_ident, Extension, Schema, DEFAULT_SCHEMA};
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

/// An extension in `public` has no schema: it is where the search path puts it.
pub(crate) fn normalize(extension: &mut Extension) {
    if extension.schema.as_deref() == Some(DEFAULT_SCHEMA) {
        extension.schema = None;
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateExtension { def } => b.create_extension(change, def),
        Change::DropExtension { def: extension } => {
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

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.extensions.iter_mut().for_each(normalize),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

fn render(schema: &Schema, part: Part, list: &mut Statements) {
    if part == Part::Setup {
        for extension in &schema.extensions {
            let object = format!("extension `{}`", extension.name);
            list.push("Extensions", object, |out| create_extension(extension, out));
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::Extension;

    pub(crate) struct ExtensionRow {
        pub(crate) name: String,
        pub(crate) schema: String,
    }

    pub(crate) const EXTENSIONS: &str = "
SELECT e.extname::text, n.nspname::text
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' AND n.nspname = ANY($1)
ORDER BY 1";

    impl ExtensionRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            ExtensionRow {
                name: row.get(0),
                schema: row.get(1),
            }
        }
    }

    /// Reads every extension installed in a schema read or in the platform's.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let namespaces = reader.extension_namespaces;
        let rows = reader.query("reading extensions", EXTENSIONS, &[&namespaces])?;
        let extensions = rows
            .iter()
            .map(|row| extension(ExtensionRow::from_row(row)));
        reader.schema.extensions.extend(extensions);
        Ok(())
    }

    /// What a catalog row becomes.
    pub(crate) fn extension(row: ExtensionRow) -> Extension {
        Extension {
            name: row.name,
            schema: Some(row.schema),
        }
    }
}
