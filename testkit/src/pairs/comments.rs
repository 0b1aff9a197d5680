//! Pairs that change comments.

use super::{base, commented, enum_def, id_table, opt};
use schema_core::{EnumValue, SchemaBuilder};

pub(super) fn comments() -> (SchemaBuilder, SchemaBuilder) {
    let mut old_table = id_table("docs").with_column(commented(opt("title", "text"), "The title"));
    old_table.comment = Some("Documents".into());
    let mut new_table = id_table("docs")
        .with_column(opt("title", "text"))
        .with_column(commented(opt("body", "text"), "Body, in Markdown"));
    new_table.comment = Some("All the documents".into());
    let mut old_enum = enum_def("color", &["red", "green"]);
    old_enum.comment = Some("Colors".into());
    let mut new_enum = enum_def("color", &["red", "green"]);
    new_enum.values[1] = EnumValue {
        label: "green".into(),
        comment: Some("Go".into()),
        renamed_from: None,
    };
    (
        base().add_table(old_table).add_enum(old_enum),
        base().add_table(new_table).add_enum(new_enum),
    )
}
