//! Pairs over names that need quoting.

use super::{base, col, enum_col, enum_def, fk, index, keys, opt, table};
use schema_core::SchemaBuilder;

pub(super) fn awkward_names() -> (SchemaBuilder, SchemaBuilder) {
    let long = "a_table_name_that_is_exactly_sixty_three_bytes_long_for_testing";
    assert_eq!(long.len(), 63);
    let user = |extra: bool| {
        let mut t = table("user")
            .with_column(col("userId", "integer"))
            .with_column(opt("order", "text"))
            .with_primary_key(Some("user_pkey"), &["userId"]);
        if extra {
            t = t
                .with_column(opt("Select", "text"))
                .with_index(Some("User Index"), index(keys(&["order", "Select"])));
        }
        t
    };
    let items = |extra: bool| {
        let mut t = table("Order Items")
            .with_column(col("id", "integer"))
            .with_column(opt("userId", "integer"))
            .with_primary_key(Some("order_items_pkey"), &["id"]);
        if extra {
            t = t.with_foreign_key(Some("Order Items_userId_fkey"), fk(&["userId"], "user"));
        }
        t
    };
    (
        base()
            .add_table(user(false))
            .add_table(items(false))
            .add_table(table(long).with_column(opt("x", "integer"))),
        base()
            .add_enum(enum_def("Mood", &["Happy", "it's complicated"]))
            .add_table(user(true))
            .add_table(items(true).with_column(enum_col("Mood", "Mood", true)))
            .add_table(table(long).with_column(opt("x", "bigint"))),
    )
}
