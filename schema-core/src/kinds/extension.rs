//! Extensions: the model, the checks and the diff (an extension whose options change is
//! dropped and created again).

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::Kind;
use crate::{QualifiedName, Schema, SchemaBuilder, SchemaError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// `CREATE EXTENSION`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The extension's name, as in `pg_available_extensions`.
    pub name: String,
    /// `WITH SCHEMA`: where its objects go; the first schema on the search path when
    /// `None` (usually `public`). Supabase installs extensions in `extensions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

impl Extension {
    /// An extension in the default schema.
    pub fn new(name: &str) -> Self {
        Extension {
            name: name.to_string(),
            schema: None,
        }
    }

    /// An extension whose objects go into `schema`.
    pub fn in_schema(name: &str, schema: &str) -> Self {
        Extension {
            name: name.to_string(),
            schema: Some(schema.to_string()),
        }
    }
}

impl SchemaBuilder {
    /// Adds an extension, such as `Extension::new("pgcrypto")`.
    pub fn add_extension(mut self, extension: Extension) -> Self {
        self.schema.extensions.push(extension);
        self
    }
}

impl Kind for Extension {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.extensions
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.extensions
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        None
    }

    fn owned_schema(&self) -> Option<&String> {
        self.schema.as_ref()
    }

    fn canonicalize(list: &mut Vec<Self>) {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }

    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        let mut seen = BTreeSet::new();
        for extension in &schema.extensions {
            if !seen.insert(&extension.name) {
                errors.push(error(
                    format!("extension `{}`", extension.name),
                    "is declared twice".into(),
                ));
            }
        }
    }

    /// Extensions created, or dropped and created again when their options changed.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.extensions, &to.extensions);
        let extensions = match_by(from, to, |e| &e.name);
        for extension in extensions.added {
            changes.push(Change::CreateExtension {
                def: extension.clone(),
            });
        }
        for (old, new) in extensions.common {
            if old != new {
                changes.push(Change::DropExtension { def: old.clone() });
                changes.push(Change::CreateExtension { def: new.clone() });
            }
        }
    }

    /// Extensions dropped: last of all, after what uses them.
    fn diff_dropped(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let (from, to) = (&from.extensions, &to.extensions);
        for extension in match_by(from, to, |e| &e.name).removed {
            changes.push(Change::DropExtension {
                def: extension.clone(),
            });
        }
    }
}
