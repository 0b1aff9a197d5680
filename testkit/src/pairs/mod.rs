//! Hand-written (old, new) schema pairs covering every kind of change: the cases behind the
//! plan snapshots and the convergence tests on a real server. One file per concept; the helpers
//! several of them share are here.

mod columns;
mod comments;
mod constraints;
mod enums;
mod external;
mod indexes;
mod names;
mod opaque;
mod policies;
mod privileges;
mod tables;
mod whole_schemas;

pub use opaque::opaque;
pub use privileges::default_privileges;

use schema_core::{
    Column, DefaultValue, Deferrable, EnumDef, ForeignKey, Identity, Index, IndexKey, IndexMethod,
    Policy, PolicyCommand, QualifiedName, ReferentialAction, RowLevelSecurity, Schema,
    SchemaBuilder, SqlType, TableDef,
};

/// Two schemas: a migration from `old` to `new`.
pub struct Pair {
    /// Names the snapshot and the test case.
    pub name: &'static str,
    /// The schema before.
    pub old: Schema,
    /// The schema after.
    pub new: Schema,
    /// Rows to insert into the old schema instead of the generated ones, where those would
    /// not fit (checks, casts) or where the case is about particular values.
    pub seed: Option<&'static str>,
}

type Case = (
    &'static str,
    fn() -> (SchemaBuilder, SchemaBuilder),
    Option<&'static str>,
);

/// Every pair, in a fixed order. Panics naming the pair when a side does not validate.
pub fn all() -> Vec<Pair> {
    let cases: Vec<Case> = vec![
        ("no_changes", whole_schemas::no_changes, None),
        (
            "create_schema_and_table",
            tables::create_schema_and_table,
            None,
        ),
        ("drop_table", tables::drop_table, None),
        (
            "drop_schema_with_tables",
            tables::drop_schema_with_tables,
            None,
        ),
        ("rename_table", tables::rename_table, None),
        ("move_table_to_schema", tables::move_table_to_schema, None),
        ("add_columns", columns::add_columns, None),
        (
            "add_identity_and_generated_columns",
            columns::add_identity_and_generated_columns,
            None,
        ),
        ("drop_column", columns::drop_column, None),
        ("rename_column", columns::rename_column, None),
        ("widen_types", columns::widen_types, None),
        (
            "cast_text_to_integer",
            columns::cast_text_to_integer,
            Some(columns::CAST_SEED),
        ),
        ("narrow_numeric", columns::narrow_numeric, None),
        ("nullability", columns::nullability, None),
        ("defaults", columns::defaults, None),
        ("identity_changes", columns::identity_changes, None),
        ("generated_changes", columns::generated_changes, None),
        ("comments", comments::comments, None),
        ("primary_keys", constraints::primary_keys, None),
        ("unique_constraints", constraints::unique_constraints, None),
        ("check_constraints", constraints::check_constraints, None),
        ("foreign_keys", constraints::foreign_keys, None),
        (
            "foreign_key_cycle_created",
            constraints::foreign_key_cycle_created,
            None,
        ),
        (
            "foreign_key_cycle_dropped",
            constraints::foreign_key_cycle_dropped,
            None,
        ),
        ("indexes", indexes::indexes, None),
        (
            "enum_created_and_dropped",
            enums::enum_created_and_dropped,
            None,
        ),
        ("enum_values_added", enums::enum_values_added, None),
        (
            "enum_value_used_at_once",
            enums::enum_value_used_at_once,
            None,
        ),
        ("enum_renamed", enums::enum_renamed, None),
        (
            "enum_value_removed",
            enums::enum_value_removed,
            Some(enums::ENUM_SEED),
        ),
        ("enum_values_reordered", enums::enum_values_reordered, None),
        ("row_level_security", policies::row_level_security, None),
        ("policies", policies::policies, None),
        (
            "type_change_with_dependents",
            columns::type_change_with_dependents,
            None,
        ),
        (
            "binary_coercible_change_with_policy",
            columns::binary_coercible_change_with_policy,
            None,
        ),
        ("awkward_names", names::awkward_names, None),
        ("external_objects", external::external_objects, None),
        (
            "cross_schema_foreign_key",
            constraints::cross_schema_foreign_key,
            None,
        ),
        ("array_columns", columns::array_columns, None),
        (
            "deferrable_foreign_key",
            constraints::deferrable_foreign_key,
            None,
        ),
        (
            "column_joins_primary_key",
            constraints::column_joins_primary_key,
            None,
        ),
        (
            "demo_app_evolves",
            whole_schemas::demo_app_evolves,
            Some(whole_schemas::DEMO_SEED),
        ),
        (
            "everything_dropped",
            whole_schemas::everything_dropped,
            None,
        ),
        (
            "everything_created",
            whole_schemas::everything_created,
            None,
        ),
    ];
    cases
        .into_iter()
        .map(|(name, sides, seed)| {
            let (old, new) = sides();
            let build = |side: SchemaBuilder, which: &str| {
                side.build()
                    .unwrap_or_else(|errors| panic!("pair `{name}`, {which} side: {errors}"))
            };
            Pair {
                name,
                old: build(old, "old"),
                new: build(new, "new"),
                seed,
            }
        })
        .collect()
}

/// The pair called `name`.
pub fn pair(name: &str) -> Pair {
    all()
        .into_iter()
        .find(|pair| pair.name == name)
        .unwrap_or_else(|| panic!("no pair `{name}`"))
}

/// Changes the planner refuses, each with the reason it gives.
pub fn refused() -> Vec<(&'static str, Schema, Schema)> {
    let uuid_to_integer = {
        let old = base().add_table(
            table("t")
                .with_column(col("id", "integer"))
                .with_column(col("v", "uuid")),
        );
        let new = base().add_table(
            table("t")
                .with_column(col("id", "integer"))
                .with_column(col("v", "integer")),
        );
        (old.build().unwrap(), new.build().unwrap())
    };
    let boolean_to_date = {
        let old = base().add_table(table("t").with_column(opt("flag", "boolean")));
        let new = base().add_table(table("t").with_column(opt("flag", "date")));
        (old.build().unwrap(), new.build().unwrap())
    };
    let nullable_identity = {
        let old = base().add_table(table("t").with_column(opt("n", "integer")));
        let new = base()
            .add_table(table("t").with_column(identity(opt("n", "integer"), Identity::Always)));
        (old.build().unwrap(), new.build().unwrap())
    };
    vec![
        (
            "refused_nullable_identity",
            nullable_identity.0,
            nullable_identity.1,
        ),
        (
            "refused_uuid_to_integer",
            uuid_to_integer.0,
            uuid_to_integer.1,
        ),
        (
            "refused_boolean_to_date",
            boolean_to_date.0,
            boolean_to_date.1,
        ),
    ]
}

/// A builder that knows the roles policies name.
fn base() -> SchemaBuilder {
    Schema::builder()
        .add_external_role("authenticated")
        .add_external_role("anon")
}

fn table(name: &str) -> TableDef {
    TableDef::new(QualifiedName::parse(name))
}

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, SqlType::parse(ty), false)
}

fn opt(name: &str, ty: &str) -> Column {
    Column::new(name, SqlType::parse(ty), true)
}

fn enum_col(name: &str, ty: &str, nullable: bool) -> Column {
    Column::new(name, SqlType::Enum(QualifiedName::parse(ty)), nullable)
}

fn with_default(mut column: Column, sql: &str) -> Column {
    column.default = Some(DefaultValue::Expression(sql.into()));
    column
}

fn commented(mut column: Column, comment: &str) -> Column {
    column.comment = Some(comment.into());
    column
}

fn identity(mut column: Column, kind: Identity) -> Column {
    column.identity = Some(kind);
    column
}

fn id_table(name: &str) -> TableDef {
    table(name)
        .with_column(col("id", "integer"))
        .with_primary_key(None, &["id"])
}

fn fk(columns: &[&str], references: &str) -> ForeignKey {
    ForeignKey {
        comment: Default::default(),
        match_full: Default::default(),
        name: String::new(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        references: QualifiedName::parse(references),
        referenced_columns: Vec::new(),
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
        deferrable: Deferrable::No,
    }
}

fn index(keys: Vec<IndexKey>) -> Index {
    Index {
        comment: Default::default(),
        name: String::new(),
        unique: false,
        nulls_not_distinct: false,
        method: IndexMethod::Btree,
        keys,
        include: Vec::new(),
        predicate: None,
    }
}

fn keys(columns: &[&str]) -> Vec<IndexKey> {
    columns.iter().map(|c| IndexKey::column(*c)).collect()
}

fn policy(name: &str, command: PolicyCommand, using: Option<&str>, check: Option<&str>) -> Policy {
    Policy {
        comment: Default::default(),
        name: name.into(),
        restrictive: false,
        command,
        roles: vec!["authenticated".into()],
        using: using.map(str::to_string),
        with_check: check.map(str::to_string),
        allow: Vec::new(),
    }
}

fn rls(mut table: TableDef, enabled: bool, forced: bool) -> TableDef {
    table.row_level_security = RowLevelSecurity { enabled, forced };
    table
}

fn enum_def(name: &str, labels: &[&str]) -> EnumDef {
    EnumDef::new(QualifiedName::parse(name), labels)
}
