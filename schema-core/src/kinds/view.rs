//! Views and materialized views: a query with a name and typed columns.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::enum_type::unknown_enum;
use crate::kinds::table::trigger;
use crate::kinds::table::trigger::validate_triggers;
use crate::{naming, Index, IndexTarget, QualifiedName, Schema, SchemaError, SqlType, Trigger};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A view or a materialized view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDef {
    /// Schema-qualified name; views share a namespace with tables, indexes and types.
    pub name: QualifiedName,
    /// The columns the query produces, in order, with the types Postgres will infer for
    /// them. The names are given to the view (`CREATE VIEW v (a, b)`); the types are a
    /// promise that checking against a live database verifies.
    pub columns: Vec<ViewColumn>,
    /// The `SELECT` (or `VALUES`, `WITH ...`), verbatim, without a final `;`.
    pub query: String,
    /// `CREATE MATERIALIZED VIEW`: the rows are stored and refreshed on demand.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// `WITH (security_invoker = true)`: the tables' row-level security applies with the
    /// querying user's rights rather than the view owner's (plain views only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_invoker: bool,
    /// `WITH (security_barrier = true)`: conditions of the querying user's `WHERE` run only
    /// after the view's own, so a leaky function cannot see rows the view hides (plain views
    /// only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_barrier: bool,
    /// `WITH (check_option = ...)`: rows written through the view must satisfy its
    /// `WHERE` (plain, automatically updatable views only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_option: Option<CheckOption>,
    /// Other `WITH (...)` parameters, by name, such as a materialized view's `fillfactor`
    /// or `autovacuum_enabled`, with their values as Postgres prints them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<String, String>,
    /// Indexes, on materialized views only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// `INSTEAD OF` triggers, on plain views only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// `COMMENT ON VIEW` / `COMMENT ON MATERIALIZED VIEW` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `WITH CHECK OPTION` of an updatable view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOption {
    /// Checks this view's own conditions.
    Local,
    /// Checks the conditions of the views it reads too.
    Cascaded,
}

impl CheckOption {
    /// The value of `check_option` as Postgres prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckOption::Local => "local",
            CheckOption::Cascaded => "cascaded",
        }
    }
}

/// A column of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewColumn {
    /// Column name.
    pub name: String,
    /// The type Postgres infers from the query (`count(*)` is `bigint`).
    #[serde(rename = "type")]
    pub ty: SqlType,
    /// `COMMENT ON COLUMN` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ViewDef {
    /// A plain view.
    pub fn new(name: QualifiedName, query: &str) -> Self {
        ViewDef {
            name,
            columns: Vec::new(),
            query: query.to_string(),
            materialized: false,
            security_invoker: false,
            security_barrier: false,
            check_option: None,
            storage: BTreeMap::new(),
            indexes: Vec::new(),
            triggers: Vec::new(),
            comment: None,
        }
    }

    /// A materialized view.
    pub fn materialized(name: QualifiedName, query: &str) -> Self {
        ViewDef {
            materialized: true,
            ..ViewDef::new(name, query)
        }
    }

    /// Adds a column.
    pub fn with_column(mut self, name: &str, ty: SqlType) -> Self {
        self.columns.push(ViewColumn {
            name: name.to_string(),
            ty,
            comment: None,
        });
        self
    }

    /// Adds an index (materialized views only). `name: None` gets Postgres's default.
    pub fn with_index(mut self, name: Option<&str>, mut index: Index) -> Self {
        index.name = name
            .map(str::to_string)
            .unwrap_or_else(|| naming::index(&self.name.name, &index.keys));
        self.indexes.push(index);
        self
    }

    /// Makes it a security barrier (plain views only).
    pub fn security_barrier(mut self) -> Self {
        self.security_barrier = true;
        self
    }

    /// Sets `WITH CHECK OPTION` (plain views only).
    pub fn check_option(mut self, option: CheckOption) -> Self {
        self.check_option = Some(option);
        self
    }

    /// Sets a storage parameter, such as a materialized view's `fillfactor`.
    pub fn with_storage(mut self, name: &str, value: &str) -> Self {
        self.storage.insert(name.to_string(), value.to_string());
        self
    }

    /// Takes `other`'s `WITH (...)` options.
    fn set_options_of(&mut self, other: &ViewDef) {
        self.security_invoker = other.security_invoker;
        self.security_barrier = other.security_barrier;
        self.check_option = other.check_option;
        self.storage = other.storage.clone();
    }

    /// Looks a column up by name.
    pub fn column(&self, name: &str) -> Option<&ViewColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// `view` or `materialized view`, for messages.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }
}

pub(crate) fn validate(schema: &Schema, view: &ViewDef, errors: &mut Vec<SchemaError>) {
    let object = format!("{} `{}`", view.kind(), view.name);
    if view.query.trim().is_empty() {
        errors.push(error(object.clone(), "has an empty query".into()));
    }
    if view.columns.is_empty() {
        errors.push(error(
            object.clone(),
            "declares no columns; list the columns its query produces, with their types".into(),
        ));
    }
    let mut names = BTreeSet::new();
    for column in &view.columns {
        if !names.insert(&column.name) {
            errors.push(error(
                object.clone(),
                format!("column `{}` is declared twice", column.name),
            ));
        }
        let what = format!("has column `{}` of type", column.name);
        unknown_enum(schema, &object, &what, &column.ty, errors);
    }
    if view.materialized && view.security_invoker {
        errors.push(error(
            object.clone(),
            "is `security_invoker`, which only plain views can be: a materialized view's rows are computed once, with its owner's rights".into(),
        ));
    }
    if view.materialized && (view.security_barrier || view.check_option.is_some()) {
        errors.push(error(
            object.clone(),
            "is a `security_barrier` or has a `check_option`, which only plain views can have"
                .into(),
        ));
    }
    for name in view.storage.keys() {
        if ["security_invoker", "security_barrier", "check_option"].contains(&name.as_str()) {
            errors.push(error(
                object.clone(),
                format!("sets `{name}` as a storage parameter; use the view's own `{name}` field"),
            ));
        }
    }
    if !view.materialized && !view.indexes.is_empty() {
        errors.push(error(
            object.clone(),
            "has indexes, which only materialized views can have".into(),
        ));
    }
    if view.materialized && !view.triggers.is_empty() {
        errors.push(error(
            object.clone(),
            "has triggers, which materialized views cannot have".into(),
        ));
    }
    let columns: Vec<&str> = view.columns.iter().map(|c| c.name.as_str()).collect();
    for index in &view.indexes {
        let index_object = format!("index `{}` on {object}", index.name);
        if index.keys.is_empty() {
            errors.push(error(index_object.clone(), "has no keys".into()));
        }
        let named = index
            .keys
            .iter()
            .filter_map(|k| match &k.target {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expression(_) => None,
            })
            .chain(&index.include);
        for column in named {
            if !columns.contains(&column.as_str()) {
                errors.push(error(
                    index_object.clone(),
                    format!("names column `{column}`, which {object} does not have"),
                ));
            }
        }
    }
    validate_triggers(schema, &object, &view.triggers, &columns, true, errors);
}

/// Views dropped, rebuilt (any change but to their triggers) and created.
pub(crate) fn diff(from: &[ViewDef], to: &[ViewDef], changes: &mut Vec<Change>) {
    let views = match_by(from, to, |v| &v.name);
    for def in views.removed {
        changes.push(Change::DropView { def: def.clone() });
    }
    for (old, new) in views.common {
        let same_but = |options: bool| {
            let (mut a, mut b) = (old.clone(), new.clone());
            a.triggers.clear();
            b.triggers.clear();
            if options {
                b.set_options_of(&a);
            }
            a == b
        };
        if same_but(false) {
            trigger::diff(&new.name, &old.triggers, &new.triggers, changes);
        } else if same_but(true) {
            // Only `WITH (...)` options changed: set in place, keeping the view's grants
            // and dependents (and a materialized view's rows).
            changes.push(Change::SetViewOptions {
                from: old.clone(),
                to: new.clone(),
            });
            trigger::diff(&new.name, &old.triggers, &new.triggers, changes);
        } else {
            changes.push(Change::DropView { def: old.clone() });
            changes.push(Change::CreateView { def: new.clone() });
        }
    }
    for def in views.added {
        changes.push(Change::CreateView { def: def.clone() });
    }
}
