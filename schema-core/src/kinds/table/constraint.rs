//! Table constraints: primary keys, unique keys, checks, exclusion constraints and foreign
//! keys; their checks
//! (columns that exist, targets that exist and match) and their diff.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::{error, suspicious};
use crate::kinds::table::with_parent_columns;
use crate::{IndexTarget, QualifiedName, Schema, SchemaError, SqlType, TableDef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// Constraint name (Postgres's default: `{table}_pkey`).
    pub name: String,
    /// Key columns in order.
    pub columns: Vec<String>,
    /// Deferrability: a deferrable key is checked at the end of the statement or, when
    /// deferred, of the transaction (swapping two rows' keys in one transaction).
    #[serde(default, skip_serializing_if = "Deferrable::is_default")]
    pub deferrable: Deferrable,
    /// `COMMENT ON CONSTRAINT` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unique {
    /// Constraint name (Postgres's default: `{table}_{columns}_key`).
    pub name: String,
    /// Columns in order.
    pub columns: Vec<String>,
    /// Deferrability, as for a primary key.
    #[serde(default, skip_serializing_if = "Deferrable::is_default")]
    pub deferrable: Deferrable,
    /// `UNIQUE NULLS NOT DISTINCT` (Postgres 15): no two rows may hold NULL in the same
    /// columns, where by default NULLs never conflict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// `COMMENT ON CONSTRAINT` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Constraint name (for a column check, Postgres's default `{table}_{column}_check`).
    pub name: String,
    /// The boolean SQL expression, verbatim.
    pub expression: String,
    /// `NO INHERIT`: the check holds for this table only, not for tables inheriting from
    /// it or, on a partitioned table, refused by Postgres. Not for domains.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_inherit: bool,
    /// `COMMENT ON CONSTRAINT` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An exclusion constraint: no two rows may match on all of its elements, such as two
/// bookings of one room whose times overlap (`EXCLUDE USING gist (room WITH =, during
/// WITH &&)`, with the `btree_gist` extension for `=` on plain types).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// Constraint name, which its index has too.
    pub name: String,
    /// What follows `EXCLUDE`, as Postgres prints it: `USING gist (room WITH =, during
    /// WITH &&)`, with `INCLUDE`, `WHERE (...)` and `DEFERRABLE` when it has them.
    pub definition: String,
    /// `COMMENT ON CONSTRAINT` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Constraint name (Postgres's default: `{table}_{columns}_fkey`).
    pub name: String,
    /// Referencing columns, in this table.
    pub columns: Vec<String>,
    /// The referenced table.
    pub references: QualifiedName,
    /// Referenced columns. Empty means the referenced table's primary key; building the
    /// schema fills them in.
    pub referenced_columns: Vec<String>,
    /// `ON DELETE` action.
    #[serde(default, skip_serializing_if = "ReferentialAction::is_default")]
    pub on_delete: ReferentialAction,
    /// `ON UPDATE` action.
    #[serde(default, skip_serializing_if = "ReferentialAction::is_default")]
    pub on_update: ReferentialAction,
    /// Deferrability.
    #[serde(default, skip_serializing_if = "Deferrable::is_default")]
    pub deferrable: Deferrable,
    /// `MATCH FULL`: a row with the key partly NULL is refused rather than left
    /// unchecked (Postgres's default, `MATCH SIMPLE`, checks only keys without NULL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub match_full: bool,
    /// `COMMENT ON CONSTRAINT` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ForeignKey {
    /// A foreign key from `columns` to `referenced` columns of `references` (empty for its
    /// primary key), with Postgres's defaults otherwise; the table's `with_foreign_key`
    /// names it.
    pub fn new(columns: &[&str], references: QualifiedName, referenced: &[&str]) -> Self {
        let owned = |list: &[&str]| list.iter().map(|c| c.to_string()).collect();
        ForeignKey {
            name: String::new(),
            columns: owned(columns),
            references,
            referenced_columns: owned(referenced),
            on_delete: ReferentialAction::default(),
            on_update: ReferentialAction::default(),
            deferrable: Deferrable::default(),
            match_full: false,
            comment: None,
        }
    }

    /// The key with `COMMENT ON CONSTRAINT` text.
    pub fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }
}

/// What every kind of constraint has: a name and a comment, which `COMMENT ON CONSTRAINT`
/// changes in place where any other change drops the constraint and adds it again.
pub(crate) trait Constraint: Clone + PartialEq {
    fn name(&self) -> &String;
    fn comment(&self) -> &Option<String>;
    fn comment_mut(&mut self) -> &mut Option<String>;

    /// Whether `self` and `other` differ in nothing but their comments.
    fn same_but_comment(&self, other: &Self) -> bool {
        let (mut a, mut b) = (self.clone(), other.clone());
        *a.comment_mut() = None;
        *b.comment_mut() = None;
        a == b
    }
}

macro_rules! constraint {
    ($($kind:ty),*) => {$(
        impl Constraint for $kind {
            fn name(&self) -> &String {
                &self.name
            }
            fn comment(&self) -> &Option<String> {
                &self.comment
            }
            fn comment_mut(&mut self) -> &mut Option<String> {
                &mut self.comment
            }
        }
    )*};
}

constraint!(PrimaryKey, Unique, Check, Exclusion, ForeignKey);

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    /// `NO ACTION` (Postgres's default): fail at the end of the statement.
    #[default]
    NoAction,
    /// `RESTRICT`: fail at once.
    Restrict,
    /// `CASCADE`: delete or update the referencing rows too.
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
}

impl ReferentialAction {
    /// All actions with the spelling users write in attributes.
    pub const ALL: [(&'static str, ReferentialAction); 5] = [
        ("no action", ReferentialAction::NoAction),
        ("restrict", ReferentialAction::Restrict),
        ("cascade", ReferentialAction::Cascade),
        ("set null", ReferentialAction::SetNull),
        ("set default", ReferentialAction::SetDefault),
    ];

    fn is_default(&self) -> bool {
        *self == ReferentialAction::NoAction
    }
}

/// Whether a constraint check can be deferred to the end of the transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `NOT DEFERRABLE` (Postgres's default).
    #[default]
    No,
    /// `DEFERRABLE INITIALLY IMMEDIATE`
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`
    InitiallyDeferred,
}

impl Deferrable {
    fn is_default(&self) -> bool {
        *self == Deferrable::No
    }
}

/// Gives every foreign key that names no referenced columns the primary key of the table
/// it references (the first column of an external table).
pub(crate) fn fill_referenced_columns(schema: &mut Schema) -> Vec<SchemaError> {
    let primary_keys: BTreeMap<QualifiedName, Option<Vec<String>>> = schema
        .tables
        .iter()
        .map(|t| {
            let key = t.primary_key.as_ref().map(|pk| pk.columns.clone());
            (t.name.clone(), key)
        })
        .chain(schema.external.tables.iter().map(|t| {
            let key = t.columns.first().map(|c| vec![c.name.clone()]);
            (t.name.clone(), key)
        }))
        .collect();
    let mut errors = Vec::new();
    for table in &mut schema.tables {
        for key in &mut table.foreign_keys {
            if !key.referenced_columns.is_empty() {
                continue;
            }
            match primary_keys.get(&key.references) {
                Some(Some(columns)) => key.referenced_columns = columns.clone(),
                Some(None) => errors.push(error(
                    format!("foreign key `{}` on table `{}`", key.name, table.name),
                    format!(
                        "references `{}` without naming columns, and `{}` has no primary key",
                        key.references, key.references
                    ),
                )),
                // An undeclared target is reported by `validate`.
                None => {}
            }
        }
    }
    errors
}

/// Checks the constraints of `table`: their columns exist (a partition's are its parent's),
/// and every foreign key's target exists and matches.
pub(crate) fn validate(schema: &Schema, table: &TableDef, errors: &mut Vec<SchemaError>) {
    match with_parent_columns(schema, table) {
        Some(partition) => constraint_columns(&partition, errors),
        None => constraint_columns(table, errors),
    }
    for key in &table.foreign_keys {
        foreign_key(schema, table, key, errors);
    }
    same_keys_twice(table, errors);
}

/// Two unique or two exclusion constraints that say the same: `CREATE TABLE` keeps only
/// the first of them (Postgres drops an index definition equal to an earlier one), so the
/// schema could never be read back as declared.
fn same_keys_twice(table: &TableDef, errors: &mut Vec<SchemaError>) {
    for (i, unique) in table.uniques.iter().enumerate() {
        if let Some(first) = table.uniques[..i]
            .iter()
            .find(|u| u.columns == unique.columns && u.deferrable == unique.deferrable)
        {
            errors.push(error(
                format!(
                    "unique constraint `{}` on table `{}`",
                    unique.name, table.name
                ),
                format!(
                    "is the same as `{}`; Postgres creates only one of them",
                    first.name
                ),
            ));
        }
    }
    for (i, exclusion) in table.exclusions.iter().enumerate() {
        if let Some(first) = table.exclusions[..i]
            .iter()
            .find(|e| e.definition == exclusion.definition)
        {
            errors.push(error(
                format!(
                    "exclusion constraint `{}` on table `{}`",
                    exclusion.name, table.name
                ),
                format!(
                    "is the same as `{}`; Postgres creates only one of them",
                    first.name
                ),
            ));
        }
    }
}

fn constraint_columns(table: &TableDef, errors: &mut Vec<SchemaError>) {
    // Each constraint is described only for a problem: most have none.
    let on = |what: &'static str, name: &str| format!("{what} `{name}` on table `{}`", table.name);
    if let Some(pk) = &table.primary_key {
        let object = || on("primary key", &pk.name);
        known_columns(table, &object, &pk.columns, errors);
    }
    for unique in &table.uniques {
        let object = || on("unique constraint", &unique.name);
        known_columns(table, &object, &unique.columns, errors);
    }
    for key in &table.foreign_keys {
        let object = || on("foreign key", &key.name);
        known_columns(table, &object, &key.columns, errors);
    }
    for index in &table.indexes {
        let object = || on("index", &index.name);
        if index.keys.is_empty() {
            errors.push(error(object(), "has no keys".into()));
        }
        for key in &index.keys {
            if let IndexTarget::Column(name) = &key.target {
                known_columns(table, &object, [name], errors);
            }
        }
        for name in &index.include {
            if table.column(name).is_none() {
                errors.push(error(
                    object(),
                    format!(
                        "includes column `{name}`, which table `{}` does not have",
                        table.name
                    ),
                ));
            }
        }
    }
}

/// Reports each of `columns` that `table` lacks, and an empty list.
fn known_columns<'a>(
    table: &TableDef,
    object: &dyn Fn() -> String,
    columns: impl IntoIterator<Item = &'a String>,
    errors: &mut Vec<SchemaError>,
) {
    let mut empty = true;
    for name in columns {
        empty = false;
        if table.column(name).is_none() {
            errors.push(error(
                object(),
                format!(
                    "names column `{name}`, which table `{}` does not have",
                    table.name
                ),
            ));
        }
    }
    if empty {
        errors.push(error(object(), "has no columns".into()));
    }
}

fn foreign_key(schema: &Schema, table: &TableDef, key: &ForeignKey, errors: &mut Vec<SchemaError>) {
    // Described only for a problem: most keys have none.
    let object = || format!("foreign key `{}` on table `{}`", key.name, table.name);
    let target_columns: Vec<(&str, &SqlType)> = if let Some(target) = schema.table(&key.references)
    {
        target
            .columns
            .iter()
            .map(|c| (c.name.as_str(), &c.ty))
            .collect()
    } else if let Some(target) = schema
        .external
        .tables
        .iter()
        .find(|t| t.name == key.references)
    {
        target
            .columns
            .iter()
            .map(|c| (c.name.as_str(), &c.ty))
            .collect()
    } else {
        errors.push(error(
            object(),
            format!(
                "references table `{}`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it",
                key.references
            ),
        ));
        return;
    };
    if key.referenced_columns.is_empty() {
        return; // Reported by `fill_referenced_columns`.
    }
    if key.columns.len() != key.referenced_columns.len() {
        errors.push(error(
            object(),
            format!(
                "has {} column(s) but references {} column(s) of `{}`",
                key.columns.len(),
                key.referenced_columns.len(),
                key.references
            ),
        ));
        return;
    }
    for (local, remote) in key.columns.iter().zip(&key.referenced_columns) {
        let Some((_, remote_ty)) = target_columns.iter().find(|(name, _)| name == remote) else {
            errors.push(error(
                object(),
                format!(
                    "references column `{remote}`, which `{}` does not have",
                    key.references
                ),
            ));
            continue;
        };
        if let Some(local_column) = table.column(local) {
            if &local_column.ty != *remote_ty {
                errors.push(suspicious(
                    object(),
                    format!(
                        "column `{local}` has type `{}` but references `{}.{remote}` of type `{remote_ty}`",
                        local_column.ty, key.references
                    ),
                ));
            }
        }
    }
    if let Some(target) = schema.table(&key.references) {
        if target.unique_over(&key.referenced_columns).is_none() {
            errors.push(error(
                object(),
                format!(
                    "references ({}) of `{}`, which is neither its primary key nor a unique constraint or index; Postgres requires one",
                    key.referenced_columns.join(", "),
                    key.references
                ),
            ));
        }
    }
}

/// Constraints of one kind matched by name: Postgres cannot alter a constraint's
/// definition, so the removed and the changed are dropped, then the added and the changed
/// (as they are now) added; one whose comment alone changed gets its new comment.
/// `change(constraint, add)` makes the drop or the add.
fn replaced<T: Constraint>(
    table: &QualifiedName,
    old: &[T],
    new: &[T],
    out: &mut Vec<Change>,
    change: impl Fn(&T, bool) -> Change,
) {
    let matched = match_by(old, new, |c| c.name());
    let changed: Vec<(&T, &T)> = matched
        .common
        .iter()
        .filter(|(a, b)| a != b)
        .copied()
        .collect();
    let (commented, rebuilt): (Vec<_>, Vec<_>) = changed
        .into_iter()
        .partition(|(a, b)| a.same_but_comment(b));
    for (_, constraint) in commented {
        out.push(Change::SetConstraintComment {
            table: table.clone(),
            constraint: constraint.name().clone(),
            comment: constraint.comment().clone(),
        });
    }
    for constraint in matched
        .removed
        .into_iter()
        .chain(rebuilt.iter().map(|(a, _)| *a))
    {
        out.push(change(constraint, false));
    }
    for constraint in matched
        .added
        .into_iter()
        .chain(rebuilt.iter().map(|(_, b)| *b))
    {
        out.push(change(constraint, true));
    }
}

pub(crate) fn diff(old: &TableDef, new: &TableDef, out: &mut Vec<Change>) {
    let t = &new.name;
    replaced(
        t,
        old.primary_key.as_slice(),
        new.primary_key.as_slice(),
        out,
        |key, add| {
            let (table, key) = (t.clone(), key.clone());
            if add {
                Change::AddPrimaryKey { table, key }
            } else {
                Change::DropPrimaryKey { table, key }
            }
        },
    );
    replaced(t, &old.uniques, &new.uniques, out, |unique, add| {
        let (table, unique) = (t.clone(), unique.clone());
        if add {
            Change::AddUnique { table, unique }
        } else {
            Change::DropUnique { table, unique }
        }
    });
    replaced(t, &old.checks, &new.checks, out, |check, add| {
        let (table, check) = (t.clone(), check.clone());
        if add {
            Change::AddCheck { table, check }
        } else {
            Change::DropCheck { table, check }
        }
    });
    replaced(
        t,
        &old.exclusions,
        &new.exclusions,
        out,
        |exclusion, add| {
            let (table, exclusion) = (t.clone(), exclusion.clone());
            if add {
                Change::AddExclusion { table, exclusion }
            } else {
                Change::DropExclusion { table, exclusion }
            }
        },
    );
    replaced(t, &old.foreign_keys, &new.foreign_keys, out, |key, add| {
        let (table, key) = (t.clone(), key.clone());
        if add {
            Change::AddForeignKey { table, key }
        } else {
            Change::DropForeignKey { table, key }
        }
    });
}
