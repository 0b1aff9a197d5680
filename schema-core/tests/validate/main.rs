//! Schema-wide validation: every problem is reported, each naming the object at fault.
//! One module per object kind; `tables` covers a table and its parts.

mod citus;
mod functions;
mod grants;
mod partitions;
mod roles_extensions_types;
mod sequences;
mod tables;
mod triggers;
mod views;
mod whole_schema;

use schema_core::*;

/// The messages of a schema that must fail to build.
fn errors(builder: SchemaBuilder) -> Vec<String> {
    match builder.build() {
        Ok(_) => panic!("expected the schema to be rejected"),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

/// The objects the kinds' tests share.
mod fixtures {
    use schema_core::*;

    pub(crate) fn users_with_updated_at() -> TableDef {
        TableDef::new(QualifiedName::parse("users"))
            .with_column(Column::new("id", SqlType::Uuid, false))
            .with_column(Column::new("email", SqlType::Text, false))
            .with_column(Column::new("updated_at", SqlType::Timestamptz, false))
            .with_primary_key(None, &["id"])
    }

    pub(crate) fn touch() -> FunctionDef {
        FunctionDef::new(
            "touch",
            Returns::Trigger,
            Language::Plpgsql,
            "BEGIN RETURN NEW; END",
        )
    }

    pub(crate) fn is_admin() -> FunctionDef {
        FunctionDef::new(
            "is_admin",
            Returns::Type(SqlType::Boolean),
            Language::Sql,
            "select true",
        )
        .argument(Argument::new("user_id", SqlType::Uuid))
    }

    pub(crate) fn events_parent() -> TableDef {
        TableDef {
            partition_by: Some(PartitionBy {
                strategy: PartitionStrategy::Range,
                keys: vec![IndexTarget::Column("at".into())],
            }),
            ..TableDef::new(QualifiedName::parse("events"))
        }
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("at", SqlType::Timestamptz, false))
    }
}
