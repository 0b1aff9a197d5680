//! Joins along declared foreign keys: the derive knows which columns reference which
//! table, so the join condition is never written by hand.

use crate::record::Record;
use crate::select::table_name;
use sea_query::{
    ColumnName, Cond, Condition, Expr, ExprTrait, IntoIden, JoinType, SelectStatement, TableName,
    TableRef,
};
use std::fmt;
use std::marker::PhantomData;

/// A foreign key from table `From` to table `To`, as `#[derive(Table)]` declares it for
/// each `references = Type`: `Session::COACH_ID_FKEY` for the `coach_id` field.
///
/// Join along it with [`JoinAlong`]: from the referencing table to the referenced one as
/// declared, the other way round after [`reversed`](Self::reversed).
///
/// ```ignore
/// // SELECT ... FROM sessions JOIN users ON sessions.coach_id = users.id
/// Session::select().join_along(Session::COACH_ID_FKEY);
/// // SELECT ... FROM users JOIN sessions ON sessions.coach_id = users.id
/// User::select().join_along(Session::COACH_ID_FKEY.reversed());
/// ```
pub struct Relation<From, To> {
    columns: &'static [&'static str],
    referenced: &'static [&'static str],
    reversed: bool,
    from_alias: Option<&'static str>,
    to_alias: Option<&'static str>,
    tables: PhantomData<fn() -> (From, To)>,
}

impl<F, T> Clone for Relation<F, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F, T> Copy for Relation<F, T> {}

impl<F: Record, T: Record> fmt::Debug for Relation<F, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}({}) -> {}({})",
            F::SPEC.name,
            self.columns.join(", "),
            T::SPEC.name,
            self.referenced_columns().join(", ")
        )
    }
}

impl<F, T> Relation<F, T> {
    #[doc(hidden)]
    /// `referenced` is empty for the primary key of `To`.
    pub const fn new(
        columns: &'static [&'static str],
        referenced: &'static [&'static str],
    ) -> Self {
        Relation {
            columns,
            referenced,
            reversed: false,
            from_alias: None,
            to_alias: None,
            tables: PhantomData,
        }
    }
}

impl<F: Record, T: Record> Relation<F, T> {
    /// Join the referencing table (`From`) to a query on the referenced one (`To`).
    pub fn reversed(mut self) -> Self {
        self.reversed = !self.reversed;
        self
    }

    /// Joins from `From` to `To` (`reversed == false`) or the other way round.
    pub(crate) fn direction(mut self, reversed: bool) -> Self {
        self.reversed = reversed;
        self
    }

    /// The table the join adds gets an alias, to join one table twice (the coach and the
    /// client of a session are both users) or a table to itself. Refer to its columns
    /// with [`TypedColumn::of`](crate::TypedColumn::of) and
    /// [`Selectable::columns_of`](crate::Selectable::columns_of).
    pub fn alias(mut self, alias: &'static str) -> Self {
        if self.reversed {
            self.from_alias = Some(alias);
        } else {
            self.to_alias = Some(alias);
        }
        self
    }

    /// The table already in the query goes by this alias.
    pub fn source_alias(mut self, alias: &'static str) -> Self {
        if self.reversed {
            self.to_alias = Some(alias);
        } else {
            self.from_alias = Some(alias);
        }
        self
    }

    /// The columns of `To` the foreign key references: as declared, or its primary key.
    pub fn referenced_columns(&self) -> &'static [&'static str] {
        if !self.referenced.is_empty() {
            return self.referenced;
        }
        T::SPEC.primary_key.as_ref().map_or(&[], |key| key.columns)
    }

    /// The table the join adds, with its alias.
    pub fn joined_table(&self) -> TableRef {
        let (spec, alias) = if self.reversed {
            (F::SPEC, self.from_alias)
        } else {
            (T::SPEC, self.to_alias)
        };
        let table = TableRef::Table(table_name(spec.schema, spec.name), None);
        match alias {
            Some(alias) => table.alias(alias),
            None => table,
        }
    }

    /// `from.column = to.referenced AND ...`
    pub fn condition(&self) -> Condition {
        let from = qualifier(F::SPEC, self.from_alias);
        let to = qualifier(T::SPEC, self.to_alias);
        self.columns.iter().zip(self.referenced_columns()).fold(
            Cond::all(),
            |condition, (column, referenced)| {
                let left = ColumnName(Some(from.clone()), column.into_iden());
                let right = ColumnName(Some(to.clone()), referenced.into_iden());
                condition.add(Expr::col(left).equals(right))
            },
        )
    }
}

fn qualifier(
    spec: &'static schema_core::__private::TableSpec<'static>,
    alias: Option<&'static str>,
) -> TableName {
    match alias {
        Some(alias) => TableName(None, alias.into_iden()),
        None => table_name(spec.schema, spec.name),
    }
}

/// Joins along a [`Relation`] on sea-query's `SELECT`.
pub trait JoinAlong {
    /// `JOIN` the relation's other table on the foreign key.
    fn join_along<F: Record, T: Record>(&mut self, relation: Relation<F, T>) -> &mut Self;

    /// `LEFT JOIN` the relation's other table on the foreign key; decode its columns as an
    /// `Option` of its struct.
    fn left_join_along<F: Record, T: Record>(&mut self, relation: Relation<F, T>) -> &mut Self;
}

impl JoinAlong for SelectStatement {
    fn join_along<F: Record, T: Record>(&mut self, relation: Relation<F, T>) -> &mut Self {
        self.join(
            JoinType::InnerJoin,
            relation.joined_table(),
            relation.condition(),
        )
    }

    fn left_join_along<F: Record, T: Record>(&mut self, relation: Relation<F, T>) -> &mut Self {
        self.join(
            JoinType::LeftJoin,
            relation.joined_table(),
            relation.condition(),
        )
    }
}
