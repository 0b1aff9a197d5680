//! Pairs that create, drop, rename and move tables and schemas.

use super::{base, col, enum_col, enum_def, fk, id_table, index, keys, opt, table};
use schema_core::SchemaBuilder;

pub(super) fn create_schema_and_table() -> (SchemaBuilder, SchemaBuilder) {
    let mut orders = id_table("shop.orders").with_column(col("total", "numeric(10,2)"));
    orders.comment = Some("Orders placed in the shop".into());
    (
        base().add_table(id_table("users")),
        base().add_table(id_table("users")).add_table(orders),
    )
}

pub(super) fn drop_table() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("users")).add_table(
            id_table("sessions")
                .with_column(col("user_id", "integer"))
                .with_foreign_key(None, fk(&["user_id"], "users")),
        ),
        base().add_table(id_table("users")),
    )
}

pub(super) fn drop_schema_with_tables() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(id_table("users"))
            .add_enum(enum_def("archive.kind", &["a", "b"]))
            .add_table(id_table("archive.entries").with_column(enum_col(
                "kind",
                "archive.kind",
                false,
            ))),
        base().add_table(id_table("users")),
    )
}

pub(super) fn rename_table() -> (SchemaBuilder, SchemaBuilder) {
    let users = |name: &str| {
        table(name)
            .with_column(col("id", "integer"))
            .with_column(opt("name", "text"))
            .with_column(opt("email", "text"))
            .with_primary_key(None, &["id"])
            .with_unique(None, &["email"])
            .with_check(None, Some("name"), "(name <> ''::text)")
            .with_index(None, index(keys(&["name"])))
            .with_index(Some("by_email"), index(keys(&["email"])))
    };
    let mut people = users("people");
    people.renamed_from = Some("users".into());
    let posts = |target: &str| {
        id_table("posts")
            .with_column(col("author_id", "integer"))
            .with_foreign_key(None, fk(&["author_id"], target))
    };
    (
        base().add_table(users("users")).add_table(posts("users")),
        base().add_table(people).add_table(posts("people")),
    )
}

pub(super) fn move_table_to_schema() -> (SchemaBuilder, SchemaBuilder) {
    let mut moved = table("archive.old_logs")
        .with_column(col("id", "integer"))
        .with_column(opt("line", "text"))
        .with_primary_key(Some("logs_pkey"), &["id"]);
    moved.renamed_from = Some("public.logs".into());
    (
        base().add_table(id_table("logs").with_column(opt("line", "text"))),
        base().add_table(moved),
    )
}
