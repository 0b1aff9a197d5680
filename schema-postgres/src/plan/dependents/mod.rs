//! Objects that must be dropped and created again around a change to what they depend on:
//! the objects on a table around a change of one of its columns (`columns`), then the
//! views, triggers and grants around changes to the tables and functions they use
//! (`views`). Each pass turns a list of changes into a longer one.

mod columns;
mod views;

use super::Problem;
use schema_core::diff::Change;
use schema_core::Schema;

/// `changes` with the drops and creates of every dependent added.
pub(crate) fn augment(
    old: &Schema,
    new: &Schema,
    changes: Vec<Change>,
) -> Result<Vec<Change>, Vec<Problem>> {
    let changes = columns::augment(old, new, changes)?;
    views::augment(old, new, changes)
}
