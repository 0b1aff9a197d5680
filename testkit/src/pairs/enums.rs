//! Pairs that create, drop, rename and change enum types.

use super::{
    base, col, enum_col, enum_def, id_table, index, keys, policy, rls, table, with_default,
};
use schema_core::{Column, PolicyCommand, QualifiedName, SchemaBuilder, SqlType, TableDef};

pub(super) fn enum_created_and_dropped() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_enum(enum_def("old_kind", &["x"]))
            .add_table(id_table("things").with_column(enum_col("kind", "old_kind", true))),
        base()
            .add_enum(enum_def("new_kind", &["y", "z"]))
            .add_table(id_table("things").with_column(enum_col("sort", "new_kind", true))),
    )
}

pub(super) fn enum_values_added() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_enum(enum_def("level", &["low", "high"]))
            .add_table(id_table("alerts").with_column(enum_col("level", "level", false))),
        base()
            .add_enum(enum_def(
                "level",
                &["lowest", "low", "medium", "high", "highest"],
            ))
            .add_table(id_table("alerts").with_column(enum_col("level", "level", false))),
    )
}

pub(super) fn enum_value_used_at_once() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_enum(enum_def("state", &["open"]))
            .add_table(id_table("tickets").with_column(enum_col("state", "state", false))),
        base()
            .add_enum(enum_def("state", &["open", "closed"]))
            .add_table(
                id_table("tickets")
                    .with_column(with_default(
                        enum_col("state", "state", false),
                        "'closed'::state",
                    ))
                    .with_check(
                        Some("not_closed_twice"),
                        None,
                        "((state <> 'closed'::state) OR (id > 0))",
                    ),
            ),
    )
}

pub(super) fn enum_renamed() -> (SchemaBuilder, SchemaBuilder) {
    let mut renamed_type = enum_def("priority", &["low", "urgent"]);
    renamed_type.renamed_from = Some("urgency".into());
    renamed_type.values[1].renamed_from = Some("high".into());
    (
        base()
            .add_enum(enum_def("urgency", &["low", "high"]))
            .add_table(id_table("jobs").with_column(enum_col("urgency", "urgency", true))),
        base()
            .add_enum(renamed_type)
            .add_table(id_table("jobs").with_column(enum_col("urgency", "priority", true))),
    )
}

pub(super) fn enum_value_removed() -> (SchemaBuilder, SchemaBuilder) {
    let tasks = || {
        table("tasks")
            .with_column(col("id", "integer"))
            .with_column(with_default(
                enum_col("state", "task_state", false),
                "'todo'::task_state",
            ))
            .with_column(Column::new(
                "states",
                SqlType::Array(Box::new(SqlType::Enum(QualifiedName::parse("task_state")))),
                true,
            ))
            .with_primary_key(None, &["id"])
            .with_index(Some("tasks_open"), {
                let mut open = index(keys(&["id"]));
                open.predicate = Some("(state = 'todo'::task_state)".into());
                open
            })
            .with_check(Some("tasks_state_known"), None, "(state IS NOT NULL)")
    };
    let with_policy = |t: TableDef| {
        rls(t, true, false).with_policy(policy(
            "see_todo",
            PolicyCommand::Select,
            Some("(state = 'todo'::task_state)"),
            None,
        ))
    };
    (
        base()
            .add_enum(enum_def("task_state", &["todo", "doing", "done"]))
            .add_table(with_policy(tasks())),
        base()
            .add_enum(enum_def("task_state", &["todo", "done"]))
            .add_table(with_policy(tasks())),
    )
}

pub(super) const ENUM_SEED: &str = "INSERT INTO public.tasks (id, state, states) VALUES (1, 'todo', '{todo,done}'), (2, 'done', '{}');";

pub(super) fn enum_values_reordered() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_enum(enum_def("size", &["s", "l", "m"]))
            .add_table(id_table("shirts").with_column(enum_col("size", "size", true))),
        base()
            .add_enum(enum_def("size", &["s", "m", "l"]))
            .add_table(id_table("shirts").with_column(enum_col("size", "size", true))),
    )
}
