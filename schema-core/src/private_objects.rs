//! What the code of `#[derive(Function)]`, `#[derive(View)]` and the `#[trigger(...)]` and
//! `partition_by` attributes of `#[derive(Table)]` calls. Not a public API. Same scheme
//! as the table specs: constant data, one builder function.

use super::{column, index_key, owned, strings, ColumnType, IndexSpec, IndexTargetSpec};
use crate::function::{Argument, FunctionDef, Language, Returns, Volatility};
use crate::name::QualifiedName;
use crate::partition::{PartitionBy, PartitionStrategy};
use crate::table::{Index, IndexTarget};
use crate::trigger::{Trigger, TriggerEvent, TriggerTiming};
use crate::types::SqlType;
use crate::view::{ViewColumn, ViewDef};

/// A `#[derive(Function)]` struct.
pub struct FunctionSpec<'a> {
    /// `schema`
    pub schema: &'a str,
    /// `name`
    pub name: &'a str,
    /// `args(...)`
    pub arguments: &'a [ArgumentSpec<'a>],
    /// `returns`
    pub returns: ReturnsSpec<'a>,
    /// `language`
    pub language: Language,
    /// `volatility`
    pub volatility: Volatility,
    /// `strict`
    pub strict: bool,
    /// `security_definer`
    pub security_definer: bool,
    /// `search_path = "a, b"`, as written.
    pub search_path: Option<&'a str>,
    /// `body`
    pub body: &'a str,
    /// The struct's doc comment.
    pub comment: Option<&'a str>,
}

impl<'a> FunctionSpec<'a> {
    /// A volatile function without arguments.
    pub const fn new(
        schema: &'a str,
        name: &'a str,
        returns: ReturnsSpec<'a>,
        language: Language,
        body: &'a str,
    ) -> Self {
        FunctionSpec {
            schema,
            name,
            arguments: &[],
            returns,
            language,
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: false,
            search_path: None,
            body,
            comment: None,
        }
    }
}

/// One argument.
pub struct ArgumentSpec<'a> {
    /// The name; `None` for `_`.
    pub name: Option<&'a str>,
    /// Its type.
    pub ty: TypeSpec<'a>,
    /// `= "default"`
    pub default: Option<&'a str>,
}

/// A type written in an attribute.
pub enum TypeSpec<'a> {
    /// A Rust type: `<T as PgType>::sql_type`.
    Rust(fn() -> SqlType),
    /// SQL text, parsed with [`SqlType::parse`].
    Sql(&'a str),
}

impl TypeSpec<'_> {
    fn sql_type(&self) -> SqlType {
        match self {
            TypeSpec::Rust(sql_type) => sql_type(),
            TypeSpec::Sql(text) => SqlType::parse(text),
        }
    }
}

/// `returns`.
pub enum ReturnsSpec<'a> {
    /// `returns = "..."`, parsed with [`Returns::parse`] (the derive checked it parses).
    Sql(&'a str),
    /// `returns = RustType`.
    Rust(fn() -> SqlType),
}

/// Builds the function a derive describes.
pub fn function_def(spec: &FunctionSpec<'_>) -> FunctionDef {
    let returns = match spec.returns {
        ReturnsSpec::Sql(text) => {
            Returns::parse(text).unwrap_or_else(|| Returns::Type(SqlType::Custom(text.into())))
        }
        ReturnsSpec::Rust(sql_type) => Returns::Type(sql_type()),
    };
    let mut function = FunctionDef::new("", returns, spec.language, spec.body);
    function.name = QualifiedName::new(spec.schema, spec.name);
    function.arguments = spec
        .arguments
        .iter()
        .map(|argument| Argument {
            name: owned(argument.name),
            ty: argument.ty.sql_type(),
            default: owned(argument.default),
        })
        .collect();
    function.volatility = spec.volatility;
    function.strict = spec.strict;
    function.security_definer = spec.security_definer;
    function.search_path = spec.search_path.map(|path| {
        path.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    function.comment = owned(spec.comment);
    function
}

/// A `#[trigger(...)]` attribute.
pub struct TriggerSpec<'a> {
    /// `name`
    pub name: &'a str,
    /// `before`, `after`, `instead_of`
    pub timing: TriggerTiming,
    /// `events(...)`
    pub events: &'a [TriggerEvent],
    /// `events(update(...))`: column names.
    pub update_of: &'a [&'a str],
    /// Not `for_each_statement`.
    pub for_each_row: bool,
    /// `when`
    pub when: Option<&'a str>,
    /// `function`
    pub function: FunctionRef<'a>,
    /// `args(...)`
    pub arguments: &'a [&'a str],
}

impl<'a> TriggerSpec<'a> {
    /// A row trigger with no condition and no arguments.
    pub const fn new(
        name: &'a str,
        timing: TriggerTiming,
        events: &'a [TriggerEvent],
        function: FunctionRef<'a>,
    ) -> Self {
        TriggerSpec {
            name,
            timing,
            events,
            update_of: &[],
            for_each_row: true,
            when: None,
            function,
            arguments: &[],
        }
    }
}

/// The function a trigger calls.
pub enum FunctionRef<'a> {
    /// `function = Type`: `<Type as Function>::qualified_name`.
    Type(fn() -> QualifiedName),
    /// `function = "schema.name"`, parsed with [`QualifiedName::parse`].
    Named(&'a str),
}

pub(super) fn trigger(spec: &TriggerSpec<'_>) -> Trigger {
    Trigger {
        name: spec.name.to_string(),
        timing: spec.timing,
        events: spec.events.to_vec(),
        update_of: strings(spec.update_of),
        for_each_row: spec.for_each_row,
        when: owned(spec.when),
        function: match spec.function {
            FunctionRef::Type(name) => name(),
            FunctionRef::Named(text) => QualifiedName::parse(text),
        },
        arguments: strings(spec.arguments),
    }
}

/// `#[table(partition_by(...))]`
pub struct PartitionBySpec<'a> {
    /// The strategy.
    pub strategy: PartitionStrategy,
    /// Column names and expressions.
    pub keys: &'a [IndexTargetSpec<'a>],
}

pub(super) fn partition_by(spec: &PartitionBySpec<'_>) -> PartitionBy {
    PartitionBy {
        strategy: spec.strategy,
        keys: spec
            .keys
            .iter()
            .map(|key| match *key {
                IndexTargetSpec::Column(name) => IndexTarget::Column(name.to_string()),
                IndexTargetSpec::Expression(sql) => IndexTarget::Expression(sql.to_string()),
            })
            .collect(),
    }
}

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
    view.columns = spec
        .columns
        .iter()
        .map(|c| {
            let column = column(&super::ColumnSpec::new(c.name, c.ty));
            ViewColumn {
                name: column.name,
                ty: column.ty,
                comment: owned(c.comment),
            }
        })
        .collect();
    for index in spec.indexes {
        let built = Index {
            name: String::new(),
            unique: index.unique,
            method: index.method,
            keys: index.keys.iter().map(index_key).collect(),
            include: strings(index.include),
            predicate: owned(index.predicate),
        };
        view = view.with_index(index.name, built);
    }
    view.triggers = spec.triggers.iter().map(trigger).collect();
    view.comment = owned(spec.comment);
    view
}
