//! Which tables a statement reads: its `FROM` table and the tables joined to it, as a
//! type-level list, so that a column of a table the statement does not read is a compile
//! error (Diesel's `AppearsOnTable`, without its per-table macro output).
//!
//! The list is `(Last, (..., (First, ())))`: each join puts its table in front. Finding a
//! table in it is a trait whose impls walk the list, the position inferred by the compiler
//! (`Here`, `There<Here>`, ...): no impl per pair of tables.
//!
//! What the types cannot see: a table joined twice under two aliases is one type, so a
//! typed statement joins each table once; the handles' `.of("alias")` is for plain
//! sea-query, where Postgres checks the alias.

use std::marker::PhantomData;

/// The position of a table in a statement's list: the first one.
#[doc(hidden)]
pub struct Here;

/// The position of a table in a statement's list: further down.
#[doc(hidden)]
pub struct There<I>(PhantomData<I>);

/// The tables an expression reads: one table's columns.
#[doc(hidden)]
pub struct One<T>(PhantomData<fn() -> T>);

/// The tables an expression reads: those of both parts.
#[doc(hidden)]
pub struct Both<A, B>(PhantomData<fn() -> (A, B)>);

/// The tables an expression reads: none (a constant).
#[doc(hidden)]
pub struct NoTable;

/// A statement's list of tables that holds table `T` (at position `I`, which the
/// compiler infers).
#[diagnostic::on_unimplemented(
    message = "table `{T}` is not in this statement",
    label = "`{T}` is neither the statement's table nor joined to it",
    note = "join `{T}` along a foreign key first (`.join(...)`), or use a column of a table the statement reads"
)]
pub trait Includes<T, I> {}

impl<T, Rest> Includes<T, Here> for (T, Rest) {}

impl<T, Head, Rest, I> Includes<T, There<I>> for (Head, Rest) where Rest: Includes<T, I> {}

/// A statement's list of tables that holds every table the expression `U` reads.
#[diagnostic::on_unimplemented(
    message = "this expression reads a table that is not in the statement",
    label = "a column here belongs to a table that is neither the statement's table nor joined to it",
    note = "the statement reads the tables in `{Self}`; the expression reads `{U}`"
)]
pub trait Covers<U, I> {}

impl<S, T, I> Covers<One<T>, I> for S where S: Includes<T, I> {}

impl<S, A, B, IA, IB> Covers<Both<A, B>, (IA, IB)> for S where S: Covers<A, IA> + Covers<B, IB> {}

impl<S> Covers<NoTable, ()> for S {}
