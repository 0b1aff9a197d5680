//! The difference between two schemas as a list of model-level changes.
//!
//! The shape: renames from `renamed_from` are applied to a copy of the old schema first;
//! then every kind of object goes through one keyed list diff (added, removed, in both)
//! and a generator per kind turns that into [`Change`]s. No SQL is written here: the
//! Postgres crate orders the changes, picks online forms and names the hazards.
//!
//! ```
//! use schema_core::diff::{diff, Change};
//! use schema_core::{Column, QualifiedName, Schema, SqlType, TableDef};
//! let users = TableDef::new(QualifiedName::parse("users"))
//!     .with_column(Column::new("id", SqlType::Uuid, false));
//! let old = Schema::builder().add_table(users.clone()).build().unwrap();
//! let new = Schema::builder()
//!     .add_table(users.with_column(Column::new("email", SqlType::Text, true)))
//!     .build()
//!     .unwrap();
//! let changes = diff(&old, &new);
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].to_string(), "add column `public.users.email`");
//! ```

use crate::kinds::table::{self, partition, trigger};
use crate::kinds::{enum_type, function, grant, view, KINDS};
use crate::name::{QualifiedName, DEFAULT_SCHEMA};
use crate::schema::Schema;
use crate::GrantObject;
use std::borrow::Cow;
use std::collections::BTreeSet;

mod change;
pub(crate) mod list;
mod rename;
#[cfg(test)]
mod tests;

pub use change::{Change, EnumValuePosition};

/// Every change that turns `from` into `to`, in a fixed order: renames, schemas created,
/// enum types, tables, then the kinds of `kinds::KINDS` (extensions, roles, domains,
/// composite types, sequences), functions, views, triggers, partitioning and grants, then
/// the late drops of `KINDS` in reverse, then schemas dropped; within a kind, by name.
///
/// Objects declared external on either side are never created nor dropped. A schema
/// (other than `public`) holding an external object, such as Supabase's `auth`, is not the
/// app's: it is never created nor dropped either, and of the objects in it only those a
/// model declares (a schema with external declarations, as built from code) are managed,
/// so that the other tables a live database has in `auth` are left alone.
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    compare(from, to).changes
}

/// The changes between two schemas, with the two sides as the changes see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff<'a> {
    /// The old schema with the renames applied and without what the diff leaves alone:
    /// the changes that alter or drop something describe it as it is here.
    pub old: Cow<'a, Schema>,
    /// The new schema without what the diff leaves alone.
    pub new: Cow<'a, Schema>,
    /// The changes, as [`diff`] returns them.
    pub changes: Vec<Change>,
}

/// [`diff`], keeping the two sides it compared: a planner needs them to find the objects
/// that depend on a changed one.
pub fn compare<'a>(from: &'a Schema, to: &'a Schema) -> Diff<'a> {
    let scope = Scope::new(from, to);
    let (from, mut changes) = rename::apply_renames(from, to);
    let from = match from {
        Cow::Borrowed(from) => scope.managed(from),
        Cow::Owned(from) => Cow::Owned(scope.managed(&from).into_owned()),
    };
    let to = table::attaching(&from, scope.managed(to));
    let from = table::detaching(from, &to);

    let schemas = list::match_by(&from.schemas, &to.schemas, |s| s);
    for name in schemas.added {
        changes.push(Change::CreateSchema { name: name.clone() });
    }
    // Kind by kind, in the order documented on `diff`.
    enum_type::diff(&from.enums, &to.enums, &mut changes);
    table::diff(&from.tables, &to.tables, &mut changes);
    table::distribution::diff_schemas(&from, &to, &mut changes);
    for kind in KINDS {
        (kind.diff)(&from, &to, &mut changes);
    }
    function::diff(&from.functions, &to.functions, &mut changes);
    view::diff(&from.views, &to.views, &mut changes);
    for (old, new) in list::match_by(&from.tables, &to.tables, |t| &t.name).common {
        trigger::diff(&new.name, &old.triggers, &new.triggers, &mut changes);
        partition::diff(old, new, &mut changes);
    }
    grant::diff(&from, &to, &mut changes);
    // Types last among the drops: what uses them goes first (the planner orders it).
    for kind in KINDS.iter().rev() {
        (kind.diff_dropped)(&from, &to, &mut changes);
    }
    for name in schemas.removed {
        changes.push(Change::DropSchema { name: name.clone() });
    }
    Diff {
        old: from,
        new: to,
        changes,
    }
}

/// What the app owns, and so may create and drop.
struct Scope {
    external: BTreeSet<QualifiedName>,
    foreign_schemas: BTreeSet<String>,
}

impl Scope {
    fn new(from: &Schema, to: &Schema) -> Scope {
        let mut external = BTreeSet::new();
        let mut foreign_schemas = BTreeSet::new();
        for schema in [from, to] {
            let tables = schema.external.tables.iter().map(|t| &t.name);
            let functions = schema.external.functions.iter().map(|f| &f.name);
            for name in tables.chain(functions) {
                external.insert(name.clone());
                if name.schema != DEFAULT_SCHEMA {
                    foreign_schemas.insert(name.schema.clone());
                }
            }
        }
        Scope {
            external,
            foreign_schemas,
        }
    }

    /// `side` without the objects the diff must leave alone.
    fn managed<'a>(&self, side: &'a Schema) -> Cow<'a, Schema> {
        let is_model = !side.external.is_empty();
        let managed = |name: &QualifiedName| {
            !self.external.contains(name)
                && (is_model || !self.foreign_schemas.contains(&name.schema))
        };
        // Grants on what the app does not own are not the app's to manage either (and a
        // database read shows only the schemas read).
        let grant_managed = |grant: &crate::Grant| match &grant.on {
            GrantObject::Schema(name) => !self.foreign_schemas.contains(name),
            on => on.object_name().is_some_and(managed),
        };
        let all_managed = side.tables.iter().all(|t| managed(&t.name))
            && side.enums.iter().all(|e| managed(&e.name))
            && side.functions.iter().all(|f| managed(&f.name))
            && side.views.iter().all(|v| managed(&v.name))
            && KINDS.iter().all(|kind| (kind.all_managed)(side, &managed))
            && side.grants.iter().all(grant_managed)
            && !side
                .schemas
                .iter()
                .any(|s| self.foreign_schemas.contains(s));
        if all_managed {
            return Cow::Borrowed(side);
        }
        let mut owned = side.clone();
        owned.tables.retain(|t| managed(&t.name));
        owned.enums.retain(|e| managed(&e.name));
        owned.functions.retain(|f| managed(&f.name));
        owned.views.retain(|v| managed(&v.name));
        for kind in KINDS {
            (kind.retain_managed)(&mut owned, &managed);
        }
        owned.grants.retain(grant_managed);
        owned.schemas.retain(|s| !self.foreign_schemas.contains(s));
        Cow::Owned(owned)
    }
}
