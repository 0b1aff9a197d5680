//! What `#[derive(View)]` describes a view with.

use crate::__private::{owned, strings, trigger, ColumnType, IndexSpec, TriggerSpec};
use crate::{CheckOption, Index, QualifiedName, ViewColumn, ViewDef};

/// A `#[derive(View)]` struct.
pub struct ViewSpec<'a> {
    /// `schema`
    pub schema: &'a str,
    /// `name`
    pub name: &'a str,
    /// `sql`
    pub query: &'a str,
    /// `materialized`
    pub materialized: bool,
    /// `security_invoker`
    pub security_invoker: bool,
    /// `security_barrier`
    pub security_barrier: bool,
    /// `check_option`
    pub check_option: Option<CheckOption>,
    /// The fields, in declared order.
    pub columns: &'a [ViewColumnSpec<'a>],
    /// `#[index(...)]` attributes.
    pub indexes: &'a [IndexSpec<'a>],
    /// `#[trigger(...)]` attributes.
    pub triggers: &'a [TriggerSpec<'a>],
    /// The struct's doc comment.
    pub comment: Option<&'a str>,
}

impl<'a> ViewSpec<'a> {
    /// A plain view with no columns.
    pub const fn new(schema: &'a str, name: &'a str, query: &'a str) -> Self {
        ViewSpec {
            schema,
            name,
            query,
            materialized: false,
            security_invoker: false,
            security_barrier: false,
            check_option: None,
            columns: &[],
            indexes: &[],
            triggers: &[],
            comment: None,
        }
    }
}

/// A field of a view.
pub struct ViewColumnSpec<'a> {
    /// The column name.
    pub name: &'a str,
    /// Its type (nullability is the Rust side's business).
    pub ty: ColumnType<'a>,
    /// The field's doc comment.
    pub comment: Option<&'a str>,
}

/// Builds the view a derive describes.
pub fn view_def(spec: &ViewSpec<'_>) -> ViewDef {
    let mut view = ViewDef::new(QualifiedName::new(spec.schema, spec.name), spec.query);
    view.materialized = spec.materialized;
    view.security_invoker = spec.security_invoker;
    view.security_barrier = spec.security_barrier;
    view.check_option = spec.check_option;
    view.columns = spec
        .columns
        .iter()
        .map(|c| {
            let column = super::table::column(&super::ColumnSpec::new(c.name, c.ty));
            ViewColumn {
                name: column.name,
                ty: column.ty,
                comment: owned(c.comment),
            }
        })
        .collect();
    for index in spec.indexes {
        let built = Index {
            comment: owned(index.comment),
            name: String::new(),
            unique: index.unique,
            nulls_not_distinct: index.nulls_not_distinct,
            method: crate::IndexMethod::named(index.method),
            keys: index.keys.iter().map(super::table::index_key).collect(),
            include: strings(index.include),
            predicate: owned(index.predicate),
        };
        view = view.with_index(index.name, built);
    }
    view.triggers = spec.triggers.iter().map(trigger).collect();
    view.comment = owned(spec.comment);
    view
}
