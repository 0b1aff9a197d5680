//! Derive macros for schemata: `#[derive(Table)]` and `#[derive(PgEnum)]`. Use them through
//! the `schemata` crate, which re-exports them; the generated code refers to `::schemata`.
//!
//! Each derive runs in phases, one module each, with one file per object kind inside:
//! `attr` parses the attributes, `ast` builds the model of the input, `check` applies the
//! rules between its parts, and `expand` writes the code. Errors from every phase are
//! collected in a `Ctxt` and reported together, each on the token at fault.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
#[cfg(test)]
mod tests;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;

/// Derives `schemata::Table` for a struct with named fields: each field is a column.
///
/// ```
/// use schemata::{QualifiedName, SqlType, Table};
///
/// /// A coaching session.
/// #[derive(Table)]
/// #[table(schema = "app", rls)]
/// #[index(on(coach_id, starts_at(desc)))]
/// #[policy(name = "coach_reads_own", command = "select", roles(authenticated),
///          using = "coach_id = auth.uid()")]
/// struct Session {
///     #[column(primary_key, default = "gen_random_uuid()")]
///     id: uuid::Uuid,
///     #[column(references = "auth.users(id)", on_delete = "cascade")]
///     coach_id: uuid::Uuid,
///     #[column(name = "startsAt")]
///     starts_at: chrono::DateTime<chrono::Utc>,
///     /// Free text from the coach.
///     notes: Option<String>,
/// }
///
/// let def = Session::table_def();
/// assert_eq!(Session::qualified_name(), QualifiedName::new("app", "session"));
/// assert_eq!(def.columns[2].name, "startsAt");
/// assert_eq!(def.columns[3].ty, SqlType::Text);
/// assert!(def.columns[3].nullable);
/// assert_eq!(def.columns[3].comment.as_deref(), Some("Free text from the coach."));
/// assert_eq!(def.primary_key.unwrap().name, "session_pkey");
/// assert_eq!(def.foreign_keys[0].name, "session_coach_id_fkey");
/// assert_eq!(def.indexes[0].name, "session_coach_id_startsAt_idx");
/// ```
///
/// The column type is `<FieldType as schemata::PgType>::sql_type()`, and the column is
/// nullable when the field is an `Option<T>`. Doc comments on the struct and its fields
/// become the table's and columns' comments. Constraints and indexes without a `name` get
/// the name Postgres would give them (`{table}_pkey`, `{table}_{columns}_key`,
/// `{table}_{column}_check`, `{table}_{columns}_fkey`, `{table}_{columns}_idx`).
///
/// # Attributes
///
/// Attributes name fields by their Rust names; the macro maps them to column names.
///
/// ## `#[table(...)]` on the struct
///
/// Keys may be split across several `#[table(...)]` attributes.
///
/// | key | meaning |
/// |---|---|
/// | `name = "sessions"` | table name; default: the struct's name in snake_case |
/// | `schema = "app"` | Postgres schema; default `public` |
/// | `rename_all = "camelCase"` | column names of fields without `#[column(name)]`, by serde's field rules: `lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE`, `kebab-case`, `SCREAMING-KEBAB-CASE` |
/// | `rls` | enable row-level security |
/// | `force_rls` | enable and force row-level security (it applies to the owner too) |
/// | `unlogged` | `UNLOGGED`: no write-ahead log; emptied after a crash, not replicated |
/// | `storage(fillfactor = 70, autovacuum_enabled = false)` | storage parameters (`WITH (...)`) |
/// | `replica_identity = "full"` | what logical replication (Supabase Realtime) records of an updated or deleted row: `default` (the primary key), `full`, `nothing`; or `replica_identity_index = "t_code_key"`, a unique constraint or index on NOT NULL columns |
/// | `primary_key(a, b)`, `primary_key(a, b, name = "pk")` | composite primary key |
/// | `unique(a, b)`, `unique(a, b, name = "...")` | composite unique constraint; repeatable |
/// | `deferrable = "initially_deferred"` inside `primary_key(...)` or `unique(...)` | a deferrable key (also `"initially_immediate"`), checked at commit when deferred |
/// | `comment = "..."` inside `primary_key(...)`, `unique(...)`, `check(...)`, `exclude(...)` or `foreign_key(...)` | `COMMENT ON CONSTRAINT` (a constraint on a field takes none: write it here) |
/// | `check(name = "positive_price", expr = "price > 0")` | named check; repeatable; `no_inherit` makes it `NO INHERIT` |
/// | `exclude(name = "no_double_booking", definition = "USING gist (room WITH =, during WITH &&)")` | exclusion constraint: what follows `EXCLUDE`; repeatable |
/// | `foreign_key(columns(a, b), references = "schema.table(x, y)", ...)` | composite foreign key; repeatable; also takes `name`, `on_delete`, `on_update`, `deferrable`, `initially_deferred`, `match_full` (a partly NULL key is refused, not left unchecked); `references = Org` means the primary key of a `#[derive(Table)]` type |
/// | `renamed_from = "old_name"` | the table's former name, so a migration renames it |
/// | `updated_at`, `updated_at = field` | the one-line `updated_at` trigger: `BEFORE UPDATE`, sets the field's column (`updated_at` by default) to `now()` through the library's `public.set_updated_at()`, which building the schema adds |
/// | `partition_by(range(field))`, `partition_by(list(expr("lower(region)")))`, `partition_by(hash(id))` | a partitioned table; partitions are added with `SchemaBuilder::partition::<T>(name, bound)`. Its primary key and unique constraints must include the partition key's fields |
/// | `allow(unindexed_foreign_keys, reason = "...")` | keeps one of `schemata::lint`'s lints quiet on the table and all its parts, saying why; the reason is required; repeatable |
///
/// ## `#[trigger(...)]` on the struct
///
/// One trigger per attribute; repeatable.
///
/// | key | meaning |
/// |---|---|
/// | `name = "..."` | required, unique in the table |
/// | `before`, `after` | required, one of them (`instead_of` is for views) |
/// | `events(insert, update(field, ...), delete, truncate)` | required: what it fires on; `update(...)` fires only on updates of those columns |
/// | `function = IndexDocument` | required: a `#[derive(Function)]` type that returns `trigger` (checked at compile time through `TriggerFunction`), or `function = "schema.name"` for any other |
/// | `for_each_statement` | once per statement; default once per row (`truncate` needs it) |
/// | `when = "NEW.title IS DISTINCT FROM OLD.title"` | a condition |
/// | `args("a", "b")` | string arguments the function reads from `TG_ARGV` |
/// | `constraint`, `deferrable`, `initially_deferred` | a constraint trigger (an `after` row trigger), checked at commit when deferred |
/// | `old_table = "gone"`, `new_table = "added"` | transition tables of an `after` trigger |
/// | `firing = "disabled"` | `DISABLE TRIGGER`; also `"replica"` (fires only in a replica's sessions) and `"always"` |
/// | `comment = "..."` | `COMMENT ON TRIGGER` |
///
/// ## `#[index(...)]` on the struct
///
/// One index per attribute; repeatable.
///
/// | key | meaning |
/// |---|---|
/// | `on(a, b(desc, nulls_last), expr("lower(email)"))` | required: the keys, each a field or `expr("sql")`, optionally followed by modifiers in parentheses: `asc`, `desc`, `nulls_first`, `nulls_last`, `opclass = "gin_trgm_ops"` |
/// | `name = "..."` | default: `{table}_{columns}_idx`, an expression counting as `expr` |
/// | `unique` | a unique index |
/// | `method = "gin"` | `btree` (default), `hash`, `gist`, `spgist`, `gin`, `brin`, or an access method an extension provides, by name (`hnsw`, `ivfflat`, `bloom`, `rum`) |
/// | `include(a, b)` | non-key columns stored in the index |
/// | `where = "deleted_at IS NULL"` | a partial index |
/// | `comment = "..."` | `COMMENT ON INDEX` |
///
/// ## `#[policy(...)]` on the struct
///
/// One row-level security policy per attribute; repeatable. The table needs `rls` or
/// `force_rls`.
///
/// | key | meaning |
/// |---|---|
/// | `name = "..."` | required, unique in the table |
/// | `command = "select"` | `all` (default), `select`, `insert`, `update`, `delete` |
/// | `roles(authenticated, "service_role")` | idents or strings; default `PUBLIC` |
/// | `using = "..."` | which existing rows the policy admits (not for `insert`) |
/// | `with_check = "..."` | which new rows the policy admits (not for `select`, `delete`) |
/// | `restrictive` | AND-ed with the other policies; default permissive (OR-ed) |
/// | `allow(auth_rls_initplan, reason = "...")` | keeps one of `schemata::lint`'s lints quiet on this policy, saying why; the reason is required; repeatable |
/// | `comment = "..."` | `COMMENT ON POLICY` |
///
/// A policy needs `using`, `with_check` or both.
///
/// ## `#[column(...)]` on a field
///
/// | key | meaning |
/// |---|---|
/// | `name = "userId"` | column name; default: the field's name |
/// | `sql_type = "varchar(120)"` | column type instead of the field type's `PgType`; the field type then needs no `PgType`, and the column is nullable when the field is written `Option<...>` |
/// | `primary_key` | the primary key (one field at most; see `#[table(primary_key(...))]`) |
/// | `unique` | a unique constraint on the column |
/// | `check = "price > 0"` | a check constraint named `{table}_{column}_check` |
/// | `default = "now()"` | default as a SQL expression, verbatim |
/// | `default_value = "draft"` | default as a literal: string, integer, float or bool |
/// | `references = User` | foreign key to the primary key of a `#[derive(Table)]` type |
/// | `references = "auth.users(id)"`, `references = "auth.users"` | foreign key to any table by name; without columns, its primary key |
/// | `on_delete = "cascade"`, `on_update = "..."` | `no action` (default), `restrict`, `cascade`, `set null`, `set default` (also `set_null`...) |
/// | `deferrable`, `initially_deferred` | a deferrable foreign key, checked at commit with `initially_deferred` |
/// | `match_full` | `MATCH FULL` (matters for keys of several columns) |
/// | `identity`, `identity = "always"`, `identity = "by default"` | identity column (`GENERATED BY DEFAULT` unless `always`) |
/// | `generated = "price * qty"` | `GENERATED ALWAYS AS (...) STORED` |
/// | `collate = "C"` | `COLLATE`: the column's collation |
/// | `storage = "external"` | `SET STORAGE`: `plain`, `external` (long values uncompressed: fast substrings), `extended`, `main`; only where not the type's default |
/// | `compression = "lz4"` | `COMPRESSION`: `pglz` or `lz4` (on a server built with it) |
/// | `statistics = 1000` | `SET STATISTICS`: how many values `ANALYZE` samples (0 to 10000) |
/// | `n_distinct = -0.5`, `n_distinct_inherited = 1000` | `SET (n_distinct = ...)`: the distinct values the planner assumes (negative: minus the fraction of the rows) |
/// | `renamed_from = "old_name"` | the column's former name, so a migration renames it |
/// | `skip` | the field is not a column; no other key is allowed with it |
///
/// # Typed queries
///
/// With the `query` feature of `schemata` (on by default), the derive also generates what
/// [sea-query](https://docs.rs/sea-query) needs, so that queries never restate the schema
/// as text. For `struct Session` with a field `coach_id: Uuid` (`references = User`):
///
/// | generated | what it is |
/// |---|---|
/// | `Session::COACH_ID` | a typed column (`schemata::query::TypedColumn<Session, Uuid, _>`, one per column, named after the field): `eq`, `ne`, `lt`, `lte`, `gt`, `gte`, `between`, `is_in`, `is_not_in` accept only a `Uuid` (or `&Uuid`; the inner type for an `Option` column), `is_null`/`is_not_null` exist for `Option` columns only, `like` for text, `equals` for another column of the same type; they return a `schemata::query::Filter` that knows its table (and converts into a sea-query `Expr`), the column qualified with its table (`"sessions"."coach_id"`); `.to(value)` is an assignment for `update_many().set(..)`; `.of("alias")` qualifies it with an alias |
/// | `NewSession` | the row to insert (`schemata::query::NewRow`): a field per column an insert may write, a `DbDefault<T>` for each column with a database default; `.insert()`, `NewSession::from(session)` |
/// | `Session::PRIMARY_KEY`, `Session::TITLE_KEY` | each unique key, as a `schemata::query::UniqueKey<Session>`: an upsert's conflict target |
/// | `SessionIden` | an enum with `Table` and one variant per column (`SessionIden::CoachId`), implementing `sea_query::Iden` with the bare names, for plain sea-query |
/// | `Session::COACH_ID_FKEY` | the foreign key as a `schemata::query::Relation<Session, User>` (for `references = Type`; named after the fields), to join along: `.join_along(Session::COACH_ID_FKEY)` |
/// | `schemata::query::Selectable` | `Session::find()` (a typed select), `Session::select()` (every column, in declared order), `Session::table()`, `Session::columns()`, `Session::columns_of(alias)` |
/// | `schemata::query::Record` | `Session::update_many()`, `Session::delete_many()`, `session.insert()`, `Session::returning()` |
/// | `schemata::query::Keyed` | with a primary key: `session.update()`, `session.delete()`, `Session::select_by_key(id)`, `Session::delete_by_key(id)` (a tuple for a composite key) |
/// | `schemata::query::postgres::FromRow` | with the `postgres` feature (on by default): `Session::from_row(&row)`, decoding the columns `select()` lists |
///
/// ```
/// use schemata::query::prelude::*;
/// use schemata::sea_query::PostgresQueryBuilder;
/// use schemata::Table;
///
/// #[derive(Table)]
/// #[table(name = "users")]
/// struct User {
///     #[column(primary_key)]
///     id: uuid::Uuid,
///     email: String,
/// }
///
/// #[derive(Table)]
/// #[table(name = "sessions")]
/// struct Session {
///     #[column(primary_key)]
///     id: uuid::Uuid,
///     #[column(references = User)]
///     coach_id: uuid::Uuid,
///     rating: Option<i16>,
/// }
///
/// let query = Session::select()
///     .join_along(Session::COACH_ID_FKEY)
///     .cond_where(User::EMAIL.eq("noa@example.com"))
///     .cond_where(Session::RATING.is_null())
///     .to_owned();
/// assert_eq!(
///     query.to_string(PostgresQueryBuilder),
///     r#"SELECT "sessions"."id", "sessions"."coach_id", "sessions"."rating" FROM "sessions" INNER JOIN "users" ON "sessions"."coach_id" = "users"."id" WHERE "users"."email" = 'noa@example.com' AND "sessions"."rating" IS NULL"#
/// );
/// ```
///
/// Renaming a field breaks the queries that use it; renaming a column with
/// `#[column(name = "...")]` changes the SQL they produce. A value of the wrong type is a
/// compile error naming the column and its type:
///
/// ```text
/// error[E0277]: `{integer}` is not a value of column `Session_COACH_ID`, which holds `uuid::Uuid`
/// ```
///
/// The handles are as visible as their fields (and no more than the struct). Every column
/// type must implement `schemata::query::ToValue` (and the driver's `FromSql` for
/// `FromRow`); the types `schemata` maps do, and `#[derive(PgEnum)]` adds them to enums. A
/// table with a column type that lacks them still derives `Table`, without the query
/// traits. A field named `table` (which would clash with `SessionIden::Table`) needs
/// another name and `#[column(name = "table")]`.
///
/// # Errors
///
/// Mistakes the macro can see are compile errors on the attribute at fault: unknown or
/// repeated keys, values of the wrong kind, fields that do not exist or are skipped,
/// conflicting keys (`identity` with `default`, `generated` with `identity`, two primary
/// keys, ...), nullable primary keys, policies that Postgres would reject. Generic structs
/// are not supported. What needs the whole schema (a referenced table that exists, column
/// types that match) is checked by `Schema::builder().build()`.
///
/// Clippy's `duplicated_attributes` lint takes a field named in two attributes (say two
/// `#[table(unique(org_id, ...))]`) for a repeated attribute; that is a false positive
/// (rust-clippy#13238), so allow the lint where it fires.
#[proc_macro_derive(Table, attributes(table, column, index, policy, trigger))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    derive_table_inner(input.into()).into()
}

/// Derives `schemata::PgEnum` and `schemata::PgType` for a fieldless enum: a Postgres enum
/// type whose values are the variants, in declared order.
///
/// ```
/// use schemata::{PgEnum, PgType, QualifiedName, SqlType};
///
/// /// Where a session stands.
/// #[derive(PgEnum)]
/// #[pg_enum(schema = "app")]
/// enum SessionStatus {
///     Scheduled,
///     /// The coach cancelled.
///     #[pg_enum(label = "called_off", renamed_from = "cancelled")]
///     Cancelled,
///     InProgress,
/// }
///
/// let def = SessionStatus::enum_def();
/// let labels: Vec<&str> = def.values.iter().map(|v| v.label.as_str()).collect();
/// assert_eq!(labels, ["scheduled", "called_off", "in_progress"]);
/// assert_eq!(def.comment.as_deref(), Some("Where a session stands."));
/// assert_eq!(
///     SessionStatus::sql_type(),
///     SqlType::Enum(QualifiedName::new("app", "session_status"))
/// );
/// ```
///
/// # Attributes
///
/// ## `#[pg_enum(...)]` on the enum
///
/// | key | meaning |
/// |---|---|
/// | `name = "..."` | type name; default: the enum's name in snake_case |
/// | `schema = "..."` | Postgres schema; default `public` |
/// | `rename_all = "..."` | how variant names become labels: `snake_case` (default), `lowercase`, `UPPERCASE`, `SCREAMING_SNAKE_CASE`, `kebab-case`, `SCREAMING-KEBAB-CASE`, `camelCase`, `PascalCase` |
/// | `renamed_from = "..."` | the type's former name, so a migration renames it |
///
/// ## `#[pg_enum(...)]` on a variant
///
/// | key | meaning |
/// |---|---|
/// | `label = "..."` | the label, instead of the `rename_all` rule |
/// | `renamed_from = "..."` | the value's former label, so a migration renames it |
///
/// Doc comments on the enum and its variants become the type's and values' comments.
/// Variants carrying data, an enum without variants, two variants with one label and
/// generic enums are compile errors.
///
/// With the `query` feature of `schemata` (on by default) the enum also gets
/// `schemata::query::EnumLabel` (`label()`, `from_label()`) and `ToValue`, so its values go
/// into typed queries as their labels; with the `postgres` feature, the driver's `FromSql`,
/// and `ToSql` when the enum implements `Debug` (which `ToSql` requires). Both accept the
/// enum's own Postgres type (by schema and name) and text.
#[proc_macro_derive(PgEnum, attributes(pg_enum))]
pub fn derive_pg_enum(input: TokenStream) -> TokenStream {
    derive_pg_enum_inner(input.into()).into()
}

/// Derives `schemata::Function` (and `schemata::TriggerFunction` when it returns
/// `trigger`) for a unit struct that stands for a database function.
///
/// ```
/// use schemata::{Function, FunctionDef, Language, Returns, SqlType, Volatility};
///
/// /// Whether the user holds the role.
/// #[derive(Function)]
/// #[function(
///     args(user_id: uuid::Uuid, role: "text"),
///     returns = bool,
///     language = "sql",
///     volatility = "stable",
///     security_definer,
///     search_path = "public, pg_temp",
///     body = "SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = $2)",
/// )]
/// struct HasRole;
///
/// let def: FunctionDef = HasRole::function_def();
/// assert_eq!(def.signature(), "public.has_role(uuid, text)");
/// assert_eq!(def.returns, Returns::Type(SqlType::Boolean));
/// assert_eq!(def.volatility, Volatility::Stable);
/// assert_eq!(def.search_path.unwrap(), ["public", "pg_temp"]);
/// assert_eq!(def.comment.as_deref(), Some("Whether the user holds the role."));
/// ```
///
/// # Attributes
///
/// ## `#[function(...)]` on the struct
///
/// | key | meaning |
/// |---|---|
/// | `returns = "boolean"`, `returns = bool` | required: a SQL type as text (also `"setof uuid"`, `"table(day date, sent bigint)"`, `"trigger"`, `"void"`) or a Rust type with `PgType` |
/// | `language = "sql"` | required: `sql` (checked by Postgres when created) or `plpgsql` |
/// | `body = "..."` | required: the body; any expression of type `&str`, so `body = include_str!("sql/f.sql")` works |
/// | `args(user_id: Uuid, limit: "integer" = "10", _: i32)` | arguments: a name (`_` for none), a Rust type with `PgType` or a SQL type as text, and an optional default (a SQL expression) |
/// | `name = "..."`, `schema = "..."` | default: the struct's name in snake_case, in `public` |
/// | `volatility = "stable"` | `volatile` (default), `stable`, `immutable` |
/// | `strict` | `STRICT`: NULL in, NULL out |
/// | `security_definer` | runs with its owner's rights |
/// | `leakproof` | `LEAKPROOF`: reveals nothing but its result (only a superuser may create it) |
/// | `parallel = "safe"` | `unsafe` (default), `restricted`, `safe` |
/// | `cost = 10`, `rows = 50` | the planner's estimates: `COST` per call (default 100), `ROWS` of a set-returning function (default 1000) |
/// | `search_path = "public, pg_temp"` | `SET search_path` for its calls; `""` for an empty path |
/// | `allow(function_search_path_mutable, reason = "...")` | keeps one of `schemata::lint`'s lints quiet on the function, saying why; the reason is required; repeatable |
///
/// The doc comment becomes the function's comment. A trigger function must be written in
/// `plpgsql` and take no arguments; both are compile errors, as are a malformed
/// `returns` and an argument without default after one with. Functions have one
/// signature: overloads are not supported.
#[proc_macro_derive(Function, attributes(function))]
pub fn derive_function(input: TokenStream) -> TokenStream {
    derive_function_inner(input.into()).into()
}

/// Derives `schemata::View` for a struct whose fields are the columns of a view or a
/// materialized view.
///
/// ```
/// use schemata::{SqlType, View};
///
/// /// Notifications sent per day and channel.
/// #[derive(View)]
/// #[view(
///     materialized,
///     sql = "SELECT created_at::date, channel, count(*) FROM notifications GROUP BY 1, 2"
/// )]
/// #[index(unique, on(day, channel))]
/// struct DailyNotificationStats {
///     day: chrono::NaiveDate,
///     channel: String,
///     sent: i64,
/// }
///
/// let def = DailyNotificationStats::view_def();
/// assert!(def.materialized);
/// assert_eq!(def.columns[2].ty, SqlType::BigInt);
/// assert_eq!(def.indexes[0].name, "daily_notification_stats_day_channel_idx");
/// ```
///
/// # Attributes
///
/// ## `#[view(...)]` on the struct
///
/// | key | meaning |
/// |---|---|
/// | `sql = "SELECT ..."` | required: the query, any expression of type `&str` (`include_str!` works); its columns get the fields' names, in order |
/// | `name = "..."`, `schema = "..."` | default: the struct's name in snake_case, in `public` |
/// | `materialized` | a materialized view |
/// | `security_invoker` | the tables' RLS applies with the caller's rights (plain views only) |
/// | `security_barrier` | the caller's conditions run after the view's own (plain views only) |
/// | `check_option = "local"` | rows written through the view must satisfy its `WHERE`: `local` or `cascaded` (plain, updatable views only) |
///
/// `#[index(...)]` (as on tables; materialized views only) and `#[trigger(...)]`
/// (`instead_of` row triggers, or statement triggers) go on the struct too. A field takes
/// `#[column(name = "...")]`, `#[column(sql_type = "...")]` and `#[column(skip)]`; its
/// type's `PgType` gives the column type, which must be the type Postgres infers for
/// the query's column (checking against a database verifies it).
///
/// # Typed queries
///
/// With the `query` feature of `schemata` (on by default), a view gets the reading part of
/// what `#[derive(Table)]` generates: a typed column per field (`CoachLoad::SESSIONS`), the
/// `CoachLoadIden` enum, `schemata::query::Selectable` (`CoachLoad::select()` of every
/// column in declared order) and, with the `postgres` feature, `FromRow`. Nothing writes
/// to a view or joins along its keys: it has none.
///
/// ```
/// use schemata::query::prelude::*;
/// use schemata::sea_query::PostgresQueryBuilder;
/// use schemata::View;
///
/// #[derive(View)]
/// #[view(sql = "SELECT coach_id, count(*) AS sessions FROM sessions GROUP BY coach_id")]
/// struct CoachLoad {
///     coach_id: uuid::Uuid,
///     sessions: i64,
/// }
///
/// let query = CoachLoad::select().cond_where(CoachLoad::SESSIONS.gt(3)).to_owned();
/// assert_eq!(
///     query.to_string(PostgresQueryBuilder),
///     r#"SELECT "coach_load"."coach_id", "coach_load"."sessions" FROM "coach_load" WHERE "coach_load"."sessions" > 3"#
/// );
/// ```
// `table` and `policy` are registered only to be rejected with a message of our own.
#[proc_macro_derive(View, attributes(view, column, index, trigger, table, policy))]
pub fn derive_view(input: TokenStream) -> TokenStream {
    derive_view_inner(input.into()).into()
}

fn derive_table_inner(input: TokenStream2) -> TokenStream2 {
    derive(input, expand::table_placeholder, |cx, input| {
        let table = ast::Table::from_ast(cx, input)?;
        check::table(cx, &table);
        cx.is_clean().then(|| expand::table(&table))
    })
}

fn derive_pg_enum_inner(input: TokenStream2) -> TokenStream2 {
    derive(input, expand::pg_enum_placeholder, |cx, input| {
        let def = ast::Enum::from_ast(cx, input)?;
        check::pg_enum(cx, &def);
        cx.is_clean().then(|| expand::pg_enum(&def))
    })
}

fn derive_function_inner(input: TokenStream2) -> TokenStream2 {
    derive(input, expand::function_placeholder, |cx, input| {
        let function = ast::Function::from_ast(cx, input)?;
        check::function(cx, &function);
        cx.is_clean().then(|| expand::function(&function))
    })
}

fn derive_view_inner(input: TokenStream2) -> TokenStream2 {
    derive(input, expand::view_placeholder, |cx, input| {
        let view = ast::View::from_ast(cx, input)?;
        check::view(cx, &view);
        cx.is_clean().then(|| expand::view(&view))
    })
}

/// Runs the phases of one derive. `phases` reads, checks and (only when no error was
/// recorded, since expansion relies on what the checks guarantee) expands the input;
/// on any error, the errors are emitted beside `placeholder`.
fn derive(
    input: TokenStream2,
    placeholder: fn(&syn::DeriveInput) -> TokenStream2,
    phases: impl FnOnce(&ctxt::Ctxt, &syn::DeriveInput) -> Option<TokenStream2>,
) -> TokenStream2 {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = ctxt::Ctxt::new();
    let expanded = phases(&cx, &input);
    match (cx.check(), expanded) {
        (Ok(()), Some(expanded)) => expanded,
        (result, _) => {
            let mut tokens = placeholder(&input);
            for error in result.err().into_iter().flatten() {
                tokens.extend(error.to_compile_error());
            }
            tokens
        }
    }
}
