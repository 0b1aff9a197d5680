//! Reading rows: what tables and views share. `#[derive(Table)]` and `#[derive(View)]`
//! both implement [`Selectable`]; writing rows ([`Record`](crate::Record)) is for tables
//! only.

use crate::column::{TypedColumn, TypedTable};
use crate::execute::Statement;
use crate::filter::Filter;
use crate::join::{JoinAlong, Relation};
use crate::projection::Projection;
use crate::record::Record;
use crate::scope::{Covers, Includes};
use schema_core::DEFAULT_SCHEMA;
use sea_query::{
    ColumnName, ColumnRef, IntoIden, Order, PostgresQueryBuilder, Query, SchemaName,
    SelectStatement, TableName, Values,
};
use std::fmt;
use std::marker::PhantomData;

/// The names a select needs, written by the derive as a literal.
#[doc(hidden)]
#[derive(Debug)]
pub struct SelectSpec {
    /// The table's or view's schema.
    pub schema: &'static str,
    /// The table's or view's name.
    pub name: &'static str,
    /// The columns, in declared order.
    pub columns: &'static [&'static str],
}

/// A `#[derive(Table)]` or `#[derive(View)]` struct as rows to read: its table or view
/// in `FROM`, and every column in declared order. Implemented by the derives.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a table nor a view",
    label = "not a `#[derive(Table)]` or `#[derive(View)]` type",
    note = "derive `Table` or `View` on it, with the `query` feature of `schemata` on"
)]
pub trait Selectable: Sized {
    #[doc(hidden)]
    /// The names the statements use.
    const SELECT: &'static SelectSpec;

    /// The table or view, for `FROM` and `JOIN` (schema-qualified outside `public`).
    fn table() -> TypedTable<Self> {
        TypedTable::new()
    }

    /// Every column, qualified with the table or view, in declared order: the columns
    /// [`FromRow`](crate::postgres::FromRow) decodes.
    fn columns() -> Vec<ColumnRef> {
        columns(Self::SELECT, None)
    }

    /// Every column, qualified with `alias`, in declared order.
    fn columns_of(alias: &'static str) -> Vec<ColumnRef> {
        columns(Self::SELECT, Some(alias))
    }

    /// A typed `SELECT` of every column: filter, join, choose the columns and run it
    /// ([`Select`]); its rows decode into `Self`, or into what
    /// [`select_columns`](Select::select_columns) says.
    fn find() -> Select<(Self, ()), TypedTable<Self>> {
        Select::new()
    }

    /// `SELECT` every column `FROM` the table or view, as a plain sea-query statement;
    /// add filters, joins and order to it.
    fn select() -> SelectStatement {
        Query::select()
            .columns(columns(Self::SELECT, None))
            .from(table_name(Self::SELECT.schema, Self::SELECT.name))
            .to_owned()
    }
}

/// `"schema"."table"`, or `"table"` in `public` (found through the search path, as
/// sea-query users expect).
pub(crate) fn table_name(schema: &'static str, name: &'static str) -> TableName {
    let schema = (schema != DEFAULT_SCHEMA).then(|| SchemaName(None, schema.into_iden()));
    TableName(schema, name.into_iden())
}

fn columns(spec: &SelectSpec, alias: Option<&'static str>) -> Vec<ColumnRef> {
    let table = match alias {
        Some(alias) => TableName(None, alias.into_iden()),
        None => table_name(spec.schema, spec.name),
    };
    spec.columns
        .iter()
        .map(|column| ColumnRef::Column(ColumnName(Some(table.clone()), column.into_iden())))
        .collect()
}

/// A typed `SELECT`: `S` lists the tables it reads (its `FROM` table and the ones joined
/// to it), `P` what it returns ([`Projection`]), so that its rows decode into
/// `P::Row` and nothing else. Start one with [`Selectable::find`].
///
/// ```ignore
/// // Vec<(String, String)>: each open task's title with its project's name
/// let rows = Task::find()
///     .join(Task::PROJECT_ID_FKEY)
///     .filter(Task::DONE.eq(false))
///     .select_columns((Task::TITLE, Project::NAME))
///     .order_by(Task::TITLE, Order::Asc)
///     .fetch_all(&mut client)?;
/// ```
#[must_use = "a statement does nothing until it is run"]
pub struct Select<S, P> {
    statement: SelectStatement,
    returning: P,
    tables: PhantomData<fn() -> S>,
}

impl<S, P: Clone> Clone for Select<S, P> {
    fn clone(&self) -> Self {
        Select {
            statement: self.statement.clone(),
            returning: self.returning.clone(),
            tables: PhantomData,
        }
    }
}

impl<S, P> fmt::Debug for Select<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.statement.to_string(PostgresQueryBuilder))
    }
}

impl<T: Selectable> Select<(T, ()), TypedTable<T>> {
    pub(crate) fn new() -> Self {
        Select {
            statement: T::select(),
            returning: TypedTable::new(),
            tables: PhantomData,
        }
    }
}

impl<S, P> Select<S, P> {
    /// `WHERE condition` (added with `AND` to those before), on the tables the statement
    /// reads.
    pub fn filter<U, I>(mut self, condition: Filter<U>) -> Self
    where
        S: Covers<U, I>,
    {
        self.statement.cond_where(condition);
        self
    }

    /// `JOIN` the table a foreign key of a table in the statement references
    /// (`Task::PROJECT_ID_FKEY` joins `projects` to a statement on `tasks`).
    pub fn join<F: Record, T: Record, I>(mut self, relation: Relation<F, T>) -> Select<(T, S), P>
    where
        S: Includes<F, I>,
    {
        self.statement.join_along(relation.direction(false));
        self.retype()
    }

    /// `JOIN` the table whose foreign key references a table in the statement
    /// (`Task::PROJECT_ID_FKEY` joins `tasks` to a statement on `projects`).
    pub fn join_referencing<F: Record, T: Record, I>(
        mut self,
        relation: Relation<F, T>,
    ) -> Select<(F, S), P>
    where
        S: Includes<T, I>,
    {
        self.statement.join_along(relation.direction(true));
        self.retype()
    }

    /// Return these columns instead: `(Task::TITLE, Project::NAME)` rows decode into
    /// `(String, String)`; `Task::table()` is every column of `tasks`, decoded into a `Task`.
    pub fn select_columns<Q: Projection, I>(mut self, columns: Q) -> Select<S, Q>
    where
        S: Covers<Q::Tables, I>,
    {
        let mut list = Vec::new();
        columns.qualified(&mut list);
        self.statement.clear_selects();
        self.statement.columns(list);
        Select {
            statement: self.statement,
            returning: columns,
            tables: PhantomData,
        }
    }

    /// `ORDER BY column` (after those before).
    pub fn order_by<T: Selectable, V, C, I>(
        mut self,
        column: TypedColumn<T, V, C>,
        order: Order,
    ) -> Self
    where
        S: Includes<T, I>,
    {
        self.statement.order_by(column, order);
        self
    }

    /// `SELECT DISTINCT`
    pub fn distinct(mut self) -> Self {
        self.statement.distinct();
        self
    }

    /// `LIMIT n`
    pub fn limit(mut self, n: u64) -> Self {
        self.statement.limit(n);
        self
    }

    /// `OFFSET n`
    pub fn offset(mut self, n: u64) -> Self {
        self.statement.offset(n);
        self
    }

    /// The sea-query statement, to print or to extend by hand (the row type is then yours
    /// to keep right).
    pub fn statement(&self) -> &SelectStatement {
        &self.statement
    }

    fn retype<R>(self) -> Select<R, P> {
        Select {
            statement: self.statement,
            returning: self.returning,
            tables: PhantomData,
        }
    }
}

impl<S, P: Projection> Statement for Select<S, P> {
    type Returning = P;

    fn build(&self) -> (String, Values) {
        self.statement.build(PostgresQueryBuilder)
    }

    fn into_returning(self) -> P {
        self.returning
    }
}
