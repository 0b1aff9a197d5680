//! Typed handles on a table or view and its columns, which know their table and Rust
//! type and turn into plain sea-query values.

use crate::filter::Filter;
use crate::scope::{Both, One};
use crate::select::{table_name, Selectable};
use crate::value::{ComparableWith, Nullable, Text, ValueOf};
use sea_query::{ColumnName, ColumnRef, DynIden, Expr, ExprTrait, IntoIden, TableName, TableRef};
use std::fmt;
use std::marker::PhantomData;

/// A column with its table and Rust type, such as `Session::COACH_ID`: a
/// `TypedColumn<Session, Uuid, Session_COACH_ID>`, where the last parameter is a type
/// `#[derive(Table)]` declares for the column alone, so that a misuse names it.
///
/// Comparisons accept only the column's Rust type `V` (or a reference to it; the inner
/// type for a nullable column) and return a [`Filter`]: a sea-query expression that knows
/// its table, so that a typed statement reading other tables refuses it. The column is
/// qualified with its table (`"sessions"."coach_id"`, with the schema outside `public`),
/// so it stays unambiguous in joins; [`of`](Self::of) qualifies it with an alias instead.
///
/// It also converts into a qualified sea-query column reference wherever sea-query takes
/// one (`columns`, `order_by`, `group_by`, `returning`...). Where sea-query wants a bare
/// identifier (the column list of an `INSERT`, `SET` of an `UPDATE`), use the
/// `{Struct}Iden` enum the derive generates, or [`name`](Self::name).
pub struct TypedColumn<T, V, C> {
    name: &'static str,
    alias: Option<&'static str>,
    column: PhantomData<Types<T, V, C>>,
}

/// `fn` so that the handle is `Copy`, `Send` and `Sync` whatever the types are.
type Types<T, V, C> = fn() -> (T, V, C);

impl<T, V, C> Clone for TypedColumn<T, V, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, V, C> Copy for TypedColumn<T, V, C> {}

impl<T: Selectable, V, C> fmt::Debug for TypedColumn<T, V, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let qualifier = self.alias.unwrap_or(T::SELECT.name);
        write!(f, "{qualifier}.{}", self.name)
    }
}

impl<T, V, C> TypedColumn<T, V, C> {
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        TypedColumn {
            name,
            alias: None,
            column: PhantomData,
        }
    }

    /// The column name.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The same column of the table aliased as `alias` (`FROM users AS coach`).
    pub fn of(self, alias: &'static str) -> Self {
        TypedColumn {
            alias: Some(alias),
            ..self
        }
    }
}

impl<T: Selectable, V, C> TypedColumn<T, V, C> {
    /// The column as an expression, to use with the rest of sea-query's operators.
    pub fn expr(self) -> Expr {
        Expr::col(self)
    }

    /// `column = value`
    pub fn eq<A: ValueOf<V, C>>(self, value: A) -> Filter<One<T>> {
        self.filter(self.expr().eq(value.into_value()))
    }

    /// `column <> value`
    pub fn ne<A: ValueOf<V, C>>(self, value: A) -> Filter<One<T>> {
        self.filter(self.expr().ne(value.into_value()))
    }

    /// `column < value`
    pub fn lt<A: ValueOf<V, C>>(self, value: A) -> Filter<One<T>> {
        self.filter(self.expr().lt(value.into_value()))
    }

    /// `column <= value`
    pub fn lte<A: ValueOf<V, C>>(self, value: A) -> Filter<One<T>> {
        self.filter(self.expr().lte(value.into_value()))
    }

    /// `column > value`
    pub fn gt<A: ValueOf<V, C>>(self, value: A) -> Filter<One<T>> {
        self.filter(self.expr().gt(value.into_value()))
    }

    /// `column >= value`
    pub fn gte<A: ValueOf<V, C>>(self, value: A) -> Filter<One<T>> {
        self.filter(self.expr().gte(value.into_value()))
    }

    /// `column BETWEEN low AND high`
    pub fn between<A, B>(self, low: A, high: B) -> Filter<One<T>>
    where
        A: ValueOf<V, C>,
        B: ValueOf<V, C>,
    {
        self.filter(self.expr().between(low.into_value(), high.into_value()))
    }

    /// `column IN (values...)`
    pub fn is_in<I>(self, values: I) -> Filter<One<T>>
    where
        I: IntoIterator,
        I::Item: ValueOf<V, C>,
    {
        self.filter(
            self.expr()
                .is_in(values.into_iter().map(ValueOf::into_value)),
        )
    }

    /// `column NOT IN (values...)`
    pub fn is_not_in<I>(self, values: I) -> Filter<One<T>>
    where
        I: IntoIterator,
        I::Item: ValueOf<V, C>,
    {
        self.filter(
            self.expr()
                .is_not_in(values.into_iter().map(ValueOf::into_value)),
        )
    }

    /// `column IS NULL`, for a nullable column.
    pub fn is_null(self) -> Filter<One<T>>
    where
        V: Nullable<C>,
    {
        self.filter(self.expr().is_null())
    }

    /// `column IS NOT NULL`, for a nullable column.
    pub fn is_not_null(self) -> Filter<One<T>>
    where
        V: Nullable<C>,
    {
        self.filter(self.expr().is_not_null())
    }

    /// `column LIKE pattern`, for a text column.
    pub fn like(self, pattern: &str) -> Filter<One<T>>
    where
        V: Text<C>,
    {
        self.filter(self.expr().like(pattern))
    }

    /// `column = other`: another column of the same Rust type (with or without `Option`).
    pub fn equals<U, W, D>(self, other: TypedColumn<U, W, D>) -> Filter<Both<One<T>, One<U>>>
    where
        U: Selectable,
        W: ComparableWith<V, D>,
    {
        Filter::new(self.expr().eq(other.expr()))
    }

    fn filter(self, expr: Expr) -> Filter<One<T>> {
        Filter::new(expr)
    }
}

/// `"schema"."table"."column"` (no schema in `public`), or `"alias"."column"`.
impl<T: Selectable, V, C> From<TypedColumn<T, V, C>> for ColumnName {
    fn from(column: TypedColumn<T, V, C>) -> Self {
        let table = match column.alias {
            Some(alias) => TableName(None, alias.into_iden()),
            None => table_name(T::SELECT.schema, T::SELECT.name),
        };
        ColumnName(Some(table), column.name.into_iden())
    }
}

impl<T: Selectable, V, C> From<TypedColumn<T, V, C>> for Expr {
    fn from(column: TypedColumn<T, V, C>) -> Self {
        Expr::Column(ColumnRef::from(column))
    }
}

/// A `#[derive(Table)]` table or `#[derive(View)]` view as sea-query sees it in `FROM`
/// and `JOIN`: `T::table()`.
///
/// It converts into a sea-query table reference qualified with its schema when that is
/// not `public` (`"app"."sessions"`); [`alias`](Self::alias) gives it an alias.
pub struct TypedTable<T> {
    table: PhantomData<fn() -> T>,
}

impl<T> Clone for TypedTable<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for TypedTable<T> {}

impl<T> TypedTable<T> {
    pub(crate) const fn new() -> Self {
        TypedTable { table: PhantomData }
    }
}

impl<T: Selectable> fmt::Debug for TypedTable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", T::SELECT.schema, T::SELECT.name)
    }
}

impl<T: Selectable> TypedTable<T> {
    /// The table name, without schema.
    pub fn name(self) -> &'static str {
        T::SELECT.name
    }

    /// The table name as a bare sea-query identifier.
    pub fn iden(self) -> DynIden {
        T::SELECT.name.into_iden()
    }

    /// `table AS alias`
    pub fn alias(self, alias: &'static str) -> TableRef {
        TableRef::from(self).alias(alias)
    }
}

impl<T: Selectable> From<TypedTable<T>> for TableName {
    fn from(_: TypedTable<T>) -> Self {
        table_name(T::SELECT.schema, T::SELECT.name)
    }
}
