//! Typed handles on a table and its columns, which know their table and Rust type and
//! turn into plain sea-query values.

use crate::record::Record;
use crate::value::{ComparableWith, Nullable, Text, ValueOf};
use sea_query::{ColumnName, ColumnRef, DynIden, Expr, ExprTrait, IntoIden, TableName, TableRef};
use std::fmt;
use std::marker::PhantomData;

/// One column of a `#[derive(Table)]` struct as a type: `#[derive(Table)]` declares one
/// per column (named after the struct and the column's constant, such as
/// `Session_COACH_ID`), so that a misuse names the column.
pub trait ColumnMarker: 'static {
    /// The struct the column belongs to (a [`Record`]).
    type Table;
    /// The field's Rust type.
    type Value;
    /// The column name.
    const NAME: &'static str;
}

/// A column with its table and Rust type, such as `Session::COACH_ID`.
///
/// Comparisons accept only the column's Rust type (or a reference to it; the inner type
/// for a nullable column) and return a plain sea-query [`Expr`]. The column is qualified
/// with its table (`"sessions"."coach_id"`, with the schema outside `public`), so it stays
/// unambiguous in joins; [`of`](Self::of) qualifies it with an alias instead.
///
/// It also converts into a qualified sea-query column reference wherever sea-query takes
/// one (`columns`, `order_by`, `group_by`, `returning`...). Where sea-query wants a bare
/// identifier (the column list of an `INSERT`, `SET` of an `UPDATE`), use the
/// `{Struct}Iden` enum the derive generates, or [`name`](Self::name).
pub struct TypedColumn<C> {
    alias: Option<&'static str>,
    column: PhantomData<fn() -> C>,
}

impl<C> Clone for TypedColumn<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for TypedColumn<C> {}

impl<C: ColumnMarker> fmt::Debug for TypedColumn<C>
where
    C::Table: Record,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let table = <C::Table as Record>::SPEC;
        let qualifier = self.alias.unwrap_or(table.name);
        write!(f, "{qualifier}.{}", C::NAME)
    }
}

impl<C> TypedColumn<C> {
    #[doc(hidden)]
    pub const fn new() -> Self {
        TypedColumn {
            alias: None,
            column: PhantomData,
        }
    }
}

impl<C: ColumnMarker> TypedColumn<C>
where
    C::Table: Record,
{
    /// The column name.
    pub fn name(self) -> &'static str {
        C::NAME
    }

    /// The same column of the table aliased as `alias` (`FROM users AS coach`).
    pub fn of(self, alias: &'static str) -> Self {
        TypedColumn {
            alias: Some(alias),
            column: PhantomData,
        }
    }

    /// The column as an expression, to use with the rest of sea-query's operators.
    pub fn expr(self) -> Expr {
        Expr::col(self)
    }

    /// `column = value`
    pub fn eq<A: ValueOf<C::Value, C>>(self, value: A) -> Expr {
        self.expr().eq(value.into_value())
    }

    /// `column <> value`
    pub fn ne<A: ValueOf<C::Value, C>>(self, value: A) -> Expr {
        self.expr().ne(value.into_value())
    }

    /// `column < value`
    pub fn lt<A: ValueOf<C::Value, C>>(self, value: A) -> Expr {
        self.expr().lt(value.into_value())
    }

    /// `column <= value`
    pub fn lte<A: ValueOf<C::Value, C>>(self, value: A) -> Expr {
        self.expr().lte(value.into_value())
    }

    /// `column > value`
    pub fn gt<A: ValueOf<C::Value, C>>(self, value: A) -> Expr {
        self.expr().gt(value.into_value())
    }

    /// `column >= value`
    pub fn gte<A: ValueOf<C::Value, C>>(self, value: A) -> Expr {
        self.expr().gte(value.into_value())
    }

    /// `column BETWEEN low AND high`
    pub fn between<A, B>(self, low: A, high: B) -> Expr
    where
        A: ValueOf<C::Value, C>,
        B: ValueOf<C::Value, C>,
    {
        self.expr().between(low.into_value(), high.into_value())
    }

    /// `column IN (values...)`
    pub fn is_in<I>(self, values: I) -> Expr
    where
        I: IntoIterator,
        I::Item: ValueOf<C::Value, C>,
    {
        self.expr()
            .is_in(values.into_iter().map(ValueOf::into_value))
    }

    /// `column NOT IN (values...)`
    pub fn is_not_in<I>(self, values: I) -> Expr
    where
        I: IntoIterator,
        I::Item: ValueOf<C::Value, C>,
    {
        self.expr()
            .is_not_in(values.into_iter().map(ValueOf::into_value))
    }

    /// `column IS NULL`, for a nullable column.
    pub fn is_null(self) -> Expr
    where
        C::Value: Nullable<C>,
    {
        self.expr().is_null()
    }

    /// `column IS NOT NULL`, for a nullable column.
    pub fn is_not_null(self) -> Expr
    where
        C::Value: Nullable<C>,
    {
        self.expr().is_not_null()
    }

    /// `column LIKE pattern`, for a text column.
    pub fn like(self, pattern: &str) -> Expr
    where
        C::Value: Text<C>,
    {
        self.expr().like(pattern)
    }

    /// `column = other`: another column of the same Rust type (with or without `Option`).
    pub fn equals<D>(self, other: TypedColumn<D>) -> Expr
    where
        D: ColumnMarker,
        D::Table: Record,
        D::Value: ComparableWith<C::Value, D>,
    {
        self.expr().eq(other.expr())
    }
}

/// `"schema"."table"."column"` (no schema in `public`), or `"alias"."column"`.
impl<C: ColumnMarker> From<TypedColumn<C>> for ColumnName
where
    C::Table: Record,
{
    fn from(column: TypedColumn<C>) -> Self {
        let table = match column.alias {
            Some(alias) => TableName(None, alias.into_iden()),
            None => crate::record::table_name(<C::Table as Record>::SPEC),
        };
        ColumnName(Some(table), C::NAME.into_iden())
    }
}

impl<C: ColumnMarker> From<TypedColumn<C>> for Expr
where
    C::Table: Record,
{
    fn from(column: TypedColumn<C>) -> Self {
        Expr::Column(ColumnRef::from(column))
    }
}

/// A `#[derive(Table)]` table as sea-query sees it in `FROM` and `JOIN`: `T::table()`.
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

impl<T: Record> fmt::Debug for TypedTable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", T::SPEC.schema, T::SPEC.name)
    }
}

impl<T: Record> TypedTable<T> {
    /// The table name, without schema.
    pub fn name(self) -> &'static str {
        T::SPEC.name
    }

    /// The table name as a bare sea-query identifier.
    pub fn iden(self) -> DynIden {
        T::SPEC.name.into_iden()
    }

    /// `table AS alias`
    pub fn alias(self, alias: &'static str) -> TableRef {
        TableRef::from(self).alias(alias)
    }
}

impl<T: Record> From<TypedTable<T>> for TableName {
    fn from(_: TypedTable<T>) -> Self {
        crate::record::table_name(T::SPEC)
    }
}
