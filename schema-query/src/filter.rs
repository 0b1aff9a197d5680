//! Conditions that know which tables they read: what a typed column's comparisons return,
//! and what the typed statements' `filter` takes.

use crate::scope::Both;
use sea_query::{Condition, Expr, ExprTrait};
use std::fmt;
use std::marker::PhantomData;

/// A condition on columns, such as `Task::DONE.eq(false)`, with the tables it reads in
/// its type (`U`): a typed statement takes it only when it reads those tables.
///
/// It is a plain sea-query expression underneath: it converts into [`Expr`] and
/// [`Condition`], so plain sea-query takes it too (`cond_where(Task::DONE.eq(false))`, or
/// `.and_where(...into())`), and [`and`](Self::and), [`or`](Self::or) and
/// [`not`](Self::not) combine conditions keeping track of their tables.
#[must_use = "a condition does nothing until a statement filters on it"]
pub struct Filter<U> {
    expr: Expr,
    tables: PhantomData<fn() -> U>,
}

impl<U> Clone for Filter<U> {
    fn clone(&self) -> Self {
        Filter::new(self.expr.clone())
    }
}

impl<U> fmt::Debug for Filter<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)
    }
}

impl<U> Filter<U> {
    pub(crate) fn new(expr: Expr) -> Self {
        Filter {
            expr,
            tables: PhantomData,
        }
    }

    /// `self AND other`
    pub fn and<W>(self, other: Filter<W>) -> Filter<Both<U, W>> {
        Filter::new(self.expr.and(other.expr))
    }

    /// `self OR other`
    pub fn or<W>(self, other: Filter<W>) -> Filter<Both<U, W>> {
        Filter::new(self.expr.or(other.expr))
    }

    /// `NOT self`
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Filter<U> {
        Filter::new(self.expr.not())
    }

    /// The plain sea-query expression.
    pub fn into_expr(self) -> Expr {
        self.expr
    }
}

impl<U> From<Filter<U>> for Expr {
    fn from(filter: Filter<U>) -> Self {
        filter.expr
    }
}

impl<U> From<Filter<U>> for Condition {
    fn from(filter: Filter<U>) -> Self {
        Condition::from(filter.expr)
    }
}
