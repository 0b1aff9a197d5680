//! Pairs that change primary keys, unique and check constraints, and foreign keys.

use super::{base, col, fk, id_table, opt, table};
use schema_core::{Deferrable, ReferentialAction, SchemaBuilder};

pub(super) fn primary_keys() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(table("a").with_column(col("id", "integer")))
            .add_table(
                table("b")
                    .with_column(col("id", "integer"))
                    .with_primary_key(None, &["id"]),
            )
            .add_table(
                table("c")
                    .with_column(col("x", "integer"))
                    .with_column(col("y", "integer"))
                    .with_primary_key(None, &["x"]),
            ),
        base()
            .add_table(
                table("a")
                    .with_column(col("id", "integer"))
                    .with_primary_key(None, &["id"]),
            )
            .add_table(table("b").with_column(col("id", "integer")))
            .add_table(
                table("c")
                    .with_column(col("x", "integer"))
                    .with_column(col("y", "integer"))
                    .with_primary_key(None, &["x", "y"]),
            ),
    )
}

pub(super) fn unique_constraints() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("accounts")
                .with_column(col("email", "text"))
                .with_column(col("org", "integer"))
                .with_column(opt("handle", "text"))
                .with_unique(None, &["handle"]),
        ),
        base().add_table(
            id_table("accounts")
                .with_column(col("email", "text"))
                .with_column(col("org", "integer"))
                .with_column(opt("handle", "text"))
                .with_unique(None, &["org", "email"]),
        ),
    )
}

pub(super) fn check_constraints() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("products")
                .with_column(col("price", "numeric(10,2)"))
                .with_column(col("stock", "integer"))
                .with_check(Some("price_positive"), None, "(price > (0)::numeric)")
                .with_check(Some("stock_known"), None, "(stock IS NOT NULL)"),
        ),
        base().add_table(
            id_table("products")
                .with_column(col("price", "numeric(10,2)"))
                .with_column(col("stock", "integer"))
                .with_check(Some("price_positive"), None, "(price >= (0)::numeric)")
                .with_check(Some("stock_not_negative"), None, "(stock >= 0)"),
        ),
    )
}

pub(super) fn foreign_keys() -> (SchemaBuilder, SchemaBuilder) {
    let mut cascade = fk(&["team_id"], "teams");
    cascade.on_delete = ReferentialAction::Cascade;
    (
        base()
            .add_table(id_table("teams"))
            .add_table(
                id_table("members")
                    .with_column(col("team_id", "integer"))
                    .with_foreign_key(None, fk(&["team_id"], "teams")),
            )
            .add_table(
                id_table("games")
                    .with_column(opt("team_id", "integer"))
                    .with_foreign_key(None, fk(&["team_id"], "teams")),
            )
            .add_table(id_table("scores").with_column(opt("game_id", "integer"))),
        base()
            .add_table(id_table("teams"))
            .add_table(
                id_table("members")
                    .with_column(col("team_id", "integer"))
                    .with_foreign_key(None, cascade),
            )
            .add_table(id_table("games").with_column(opt("team_id", "integer")))
            .add_table(
                id_table("scores")
                    .with_column(opt("game_id", "integer"))
                    .with_foreign_key(None, fk(&["game_id"], "games")),
            ),
    )
}

pub(super) fn foreign_key_cycle_created() -> (SchemaBuilder, SchemaBuilder) {
    (
        base(),
        base()
            .add_table(
                id_table("chickens")
                    .with_column(opt("egg_id", "integer"))
                    .with_foreign_key(None, fk(&["egg_id"], "eggs")),
            )
            .add_table(
                id_table("eggs")
                    .with_column(opt("chicken_id", "integer"))
                    .with_foreign_key(None, fk(&["chicken_id"], "chickens")),
            )
            .add_table(
                id_table("nodes")
                    .with_column(opt("parent_id", "integer"))
                    .with_foreign_key(None, fk(&["parent_id"], "nodes")),
            ),
    )
}

pub(super) fn foreign_key_cycle_dropped() -> (SchemaBuilder, SchemaBuilder) {
    let (_, with_cycle) = foreign_key_cycle_created();
    (with_cycle, base())
}

pub(super) fn cross_schema_foreign_key() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(id_table("billing.accounts"))
            .add_table(id_table("invoices").with_column(opt("account_id", "integer"))),
        base().add_table(id_table("billing.accounts")).add_table(
            id_table("invoices")
                .with_column(opt("account_id", "integer"))
                .with_foreign_key(None, fk(&["account_id"], "billing.accounts")),
        ),
    )
}

pub(super) fn deferrable_foreign_key() -> (SchemaBuilder, SchemaBuilder) {
    let mut deferred = fk(&["parent_id"], "parents");
    deferred.deferrable = Deferrable::InitiallyDeferred;
    deferred.on_update = ReferentialAction::Cascade;
    (
        base().add_table(id_table("parents")).add_table(
            id_table("children")
                .with_column(opt("parent_id", "integer"))
                .with_foreign_key(None, fk(&["parent_id"], "parents")),
        ),
        base().add_table(id_table("parents")).add_table(
            id_table("children")
                .with_column(opt("parent_id", "integer"))
                .with_foreign_key(None, deferred),
        ),
    )
}

pub(super) fn column_joins_primary_key() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            table("pairs")
                .with_column(col("a", "integer"))
                .with_column(opt("b", "integer")),
        ),
        base().add_table(
            table("pairs")
                .with_column(col("a", "integer"))
                .with_column(col("b", "integer"))
                .with_primary_key(None, &["a", "b"]),
        ),
    )
}
