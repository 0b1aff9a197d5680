//! Pairs that add, drop, rename and change columns: types, nullability, defaults, identity and
//! generated columns.

use super::{
    base, col, commented, fk, id_table, identity, index, keys, opt, policy, rls, table,
    with_default,
};
use schema_core::{Column, DefaultValue, Identity, Literal, PolicyCommand, SchemaBuilder};

pub(super) fn add_columns() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("items")),
        base().add_table(
            id_table("items")
                .with_column(opt("note", "text"))
                .with_column(with_literal(
                    col("status", "text"),
                    Literal::Text("new".into()),
                ))
                .with_column(with_literal(
                    col("count", "integer"),
                    Literal::Number("0".into()),
                ))
                .with_column(with_default(col("created_at", "timestamptz"), "now()"))
                .with_column(with_default(col("token", "uuid"), "gen_random_uuid()"))
                .with_column(commented(opt("weight", "real"), "In kilograms")),
        ),
    )
}

pub(super) fn add_identity_and_generated_columns() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            table("prices")
                .with_column(col("code", "text"))
                .with_column(col("net", "numeric(10,2)"))
                .with_primary_key(None, &["code"]),
        ),
        base().add_table(
            table("prices")
                .with_column(col("code", "text"))
                .with_column(col("net", "numeric(10,2)"))
                .with_column(identity(col("seq", "bigint"), Identity::ByDefault))
                .with_column(generated(opt("gross", "numeric"), "(net * 1.2)"))
                .with_primary_key(None, &["code"]),
        ),
    )
}

pub(super) fn drop_column() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("users")
                .with_column(opt("legacy", "text"))
                .with_index(None, index(keys(&["legacy"]))),
        ),
        base().add_table(id_table("users")),
    )
}

pub(super) fn rename_column() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(
                id_table("users")
                    .with_column(col("mail", "text"))
                    .with_unique(Some("users_mail_unique"), &["mail"]),
            )
            .add_table(
                id_table("invites")
                    .with_column(opt("mail", "text"))
                    .with_foreign_key(Some("invites_mail_fkey"), {
                        let mut key = fk(&["mail"], "users");
                        key.referenced_columns = vec!["mail".into()];
                        key
                    }),
            ),
        base()
            .add_table(
                id_table("users")
                    .with_column(renamed(col("email", "text"), "mail"))
                    .with_unique(Some("users_mail_unique"), &["email"]),
            )
            .add_table(
                id_table("invites")
                    .with_column(opt("mail", "text"))
                    .with_foreign_key(Some("invites_mail_fkey"), {
                        let mut key = fk(&["mail"], "users");
                        key.referenced_columns = vec!["email".into()];
                        key
                    }),
            ),
    )
}

pub(super) fn widen_types() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("people")
                .with_column(opt("name", "varchar(20)"))
                .with_column(opt("code", "varchar(5)"))
                .with_column(opt("visits", "integer"))
                .with_column(opt("score", "numeric(6,2)"))
                .with_column(opt("seen", "date")),
        ),
        base().add_table(
            id_table("people")
                .with_column(opt("name", "varchar(200)"))
                .with_column(opt("code", "text"))
                .with_column(opt("visits", "bigint"))
                .with_column(opt("score", "numeric(12,2)"))
                .with_column(opt("seen", "timestamptz")),
        ),
    )
}

pub(super) fn cast_text_to_integer() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("readings").with_column(opt("value", "text"))),
        base().add_table(id_table("readings").with_column(opt("value", "integer"))),
    )
}

pub(super) const CAST_SEED: &str =
    "INSERT INTO public.readings (id, value) VALUES (1, '42'), (2, '-7');";

pub(super) fn narrow_numeric() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("amounts").with_column(opt("value", "numeric(10,4)"))),
        base().add_table(id_table("amounts").with_column(opt("value", "numeric(10,2)"))),
    )
}

pub(super) fn nullability() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("profiles")
                .with_column(opt("name", "text"))
                .with_column(col("bio", "text")),
        ),
        base().add_table(
            id_table("profiles")
                .with_column(col("name", "text"))
                .with_column(opt("bio", "text")),
        ),
    )
}

pub(super) fn defaults() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("settings")
                .with_column(opt("theme", "text"))
                .with_column(with_literal(
                    opt("level", "integer"),
                    Literal::Number("1".into()),
                ))
                .with_column(with_default(opt("updated_at", "timestamptz"), "now()")),
        ),
        base().add_table(
            id_table("settings")
                .with_column(with_literal(
                    opt("theme", "text"),
                    Literal::Text("it's dark".into()),
                ))
                .with_column(with_literal(
                    opt("level", "integer"),
                    Literal::Number("2".into()),
                ))
                .with_column(opt("updated_at", "timestamptz")),
        ),
    )
}

pub(super) fn identity_changes() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            table("counters")
                .with_column(col("a", "integer"))
                .with_column(identity(col("b", "integer"), Identity::Always))
                .with_column(identity(col("c", "bigint"), Identity::ByDefault))
                .with_primary_key(None, &["a"]),
        ),
        base().add_table(
            table("counters")
                .with_column(identity(col("a", "integer"), Identity::ByDefault))
                .with_column(identity(col("b", "integer"), Identity::ByDefault))
                .with_column(col("c", "bigint"))
                .with_primary_key(None, &["a"]),
        ),
    )
}

pub(super) fn generated_changes() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("boxes")
                .with_column(col("w", "integer"))
                .with_column(col("h", "integer"))
                .with_column(generated(opt("area", "integer"), "(w * h)"))
                .with_column(generated(opt("perimeter", "integer"), "(2 * (w + h))"))
                .with_index(None, index(keys(&["area"]))),
        ),
        base().add_table(
            id_table("boxes")
                .with_column(col("w", "integer"))
                .with_column(col("h", "integer"))
                .with_column(generated(opt("area", "integer"), "((w * h) + 1)"))
                .with_column(opt("perimeter", "integer"))
                .with_index(None, index(keys(&["area"]))),
        ),
    )
}

pub(super) fn array_columns() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("bags")
                .with_column(opt("labels", "varchar(10)[]"))
                .with_column(opt("counts", "integer[]")),
        ),
        base().add_table(
            id_table("bags")
                .with_column(opt("labels", "text[]"))
                .with_column(opt("counts", "bigint[]")),
        ),
    )
}

pub(super) fn type_change_with_dependents() -> (SchemaBuilder, SchemaBuilder) {
    let side = |id: &str| {
        let users = rls(
            table("users")
                .with_column(col("id", id))
                .with_column(col("name", "text"))
                .with_primary_key(None, &["id"])
                .with_index(Some("users_id_name"), index(keys(&["id", "name"])))
                .with_check(Some("users_id_positive"), None, "(id > 0)"),
            true,
            false,
        )
        .with_policy(policy(
            "users_self",
            PolicyCommand::Select,
            Some("(id > 0)"),
            None,
        ));
        let posts = id_table("posts")
            .with_column(opt("user_id", id))
            .with_foreign_key(None, fk(&["user_id"], "users"))
            .with_index(None, index(keys(&["user_id"])));
        base().add_table(users).add_table(posts)
    };
    (side("integer"), side("bigint"))
}

pub(super) fn binary_coercible_change_with_policy() -> (SchemaBuilder, SchemaBuilder) {
    let side = |ty: &str| {
        base().add_table(
            rls(
                id_table("handles")
                    .with_column(col("handle", ty))
                    .with_index(None, index(keys(&["handle"]))),
                true,
                false,
            )
            .with_policy(policy(
                "short_handles",
                PolicyCommand::Select,
                Some("(length((handle)::text) < 10)"),
                None,
            )),
        )
    };
    (side("varchar(20)"), side("varchar(40)"))
}

fn with_literal(mut column: Column, literal: Literal) -> Column {
    column.default = Some(DefaultValue::Literal(literal));
    column
}

fn renamed(mut column: Column, from: &str) -> Column {
    column.renamed_from = Some(from.into());
    column
}

fn generated(mut column: Column, sql: &str) -> Column {
    column.generated = Some(sql.into());
    column
}
