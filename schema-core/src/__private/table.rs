//! What `#[derive(Table)]` describes a table with.

use crate::__private::{allows, owned, strings, AllowSpec, PartitionBySpec, TriggerSpec};
use crate::{
    Column, Compression, DefaultValue, Deferrable, ForeignKey, Identity, Index, IndexKey,
    IndexMethod, IndexTarget, Literal, NullsOrder, Policy, PolicyCommand, QualifiedName,
    ReferentialAction, ReplicaIdentity, RowLevelSecurity, SqlType, Storage, TableDef,
};

/// A `#[derive(Table)]` struct.
pub struct TableSpec<'a> {
    /// `#[table(schema)]`
    pub schema: &'a str,
    /// `#[table(name)]`
    pub name: &'a str,
    /// The struct's doc comment.
    pub comment: Option<&'a str>,
    /// `#[table(renamed_from)]`
    pub renamed_from: Option<&'a str>,
    /// `#[table(rls)]`, `#[table(force_rls)]`
    pub row_level_security: RowLevelSecurity,
    /// The fields that are columns, in declared order.
    pub columns: &'a [ColumnSpec<'a>],
    /// From `#[column(primary_key)]` or `#[table(primary_key(...))]`.
    pub primary_key: Option<KeySpec<'a>>,
    /// Column-level, then table-level unique constraints.
    pub uniques: &'a [KeySpec<'a>],
    /// Column-level, then table-level checks.
    pub checks: &'a [CheckSpec<'a>],
    /// `#[table(exclude(name = "...", definition = "...", comment = "..."))]`: name,
    /// definition and comment.
    pub exclusions: &'a [(&'a str, &'a str, Option<&'a str>)],
    /// Column-level, then table-level foreign keys.
    pub foreign_keys: &'a [ForeignKeySpec<'a>],
    /// `#[index(...)]` attributes.
    pub indexes: &'a [IndexSpec<'a>],
    /// `#[policy(...)]` attributes.
    pub policies: &'a [PolicySpec<'a>],
    /// `#[trigger(...)]` attributes and `#[table(updated_at)]`.
    pub triggers: &'a [TriggerSpec<'a>],
    /// `#[table(partition_by(...))]`
    pub partition_by: Option<PartitionBySpec<'a>>,
    /// `#[table(allow(...))]`
    pub allow: &'a [AllowSpec<'a>],
    /// `#[table(unlogged)]`
    pub unlogged: bool,
    /// `#[table(storage(name = value, ...))]`
    pub storage: &'a [(&'a str, &'a str)],
    /// `#[table(inherits = "parent")]`, in order.
    pub inherits: &'a [&'a str],
    /// `#[table(replica_identity = "...")]`, `#[table(replica_identity_index = "...")]`
    pub replica_identity: ReplicaIdentitySpec<'a>,
    /// `#[table(cluster_on = "...")]`
    pub cluster_on: Option<&'a str>,
    /// `#[table(distributed_by = ..)]` or `#[table(reference)]`
    pub distribution: Option<DistributionSpec<'a>>,
}

/// How Citus spreads the table.
pub enum DistributionSpec<'a> {
    /// `distributed_by = column`, with `colocate_with` and `shard_count`.
    Distributed {
        /// The distribution column's name.
        column: &'a str,
        /// `colocate_with = Type`, `"schema.table"` or `"none"` (`None` for the default).
        colocate_with: Option<ColocateSpec<'a>>,
        /// `shard_count = n`
        shard_count: Option<u32>,
    },
    /// `reference`
    Reference,
}

/// `colocate_with = ...`
pub enum ColocateSpec<'a> {
    /// A table, by type or name.
    Table(TargetSpec<'a>),
    /// `"none"`: a group of its own.
    Alone,
}

/// `#[table(replica_identity = "full")]` or `#[table(replica_identity_index = "name")]`.
pub enum ReplicaIdentitySpec<'a> {
    /// Not written: Postgres's default.
    Default,
    /// `"full"`
    Full,
    /// `"nothing"`
    Nothing,
    /// `replica_identity_index = "name"`
    Index(&'a str),
}

impl<'a> TableSpec<'a> {
    /// A table with no columns.
    pub const fn new(schema: &'a str, name: &'a str) -> Self {
        TableSpec {
            schema,
            name,
            comment: None,
            renamed_from: None,
            row_level_security: RowLevelSecurity {
                enabled: false,
                forced: false,
            },
            columns: &[],
            primary_key: None,
            uniques: &[],
            checks: &[],
            exclusions: &[],
            foreign_keys: &[],
            indexes: &[],
            policies: &[],
            triggers: &[],
            partition_by: None,
            allow: &[],
            unlogged: false,
            storage: &[],
            inherits: &[],
            replica_identity: ReplicaIdentitySpec::Default,
            cluster_on: None,
            distribution: None,
        }
    }
}

/// A field that is a column.
pub struct ColumnSpec<'a> {
    /// The column name.
    pub name: &'a str,
    /// Where the type comes from.
    pub ty: ColumnType<'a>,
    /// `default` or `default_value`.
    pub default: Option<DefaultSpec<'a>>,
    /// `identity`
    pub identity: Option<Identity>,
    /// `identity(start = .., ...)`
    pub identity_options: IdentityOptionsSpec,
    /// `generated`
    pub generated: Option<&'a str>,
    /// `collate`
    pub collate: Option<&'a str>,
    /// The field's doc comment.
    pub comment: Option<&'a str>,
    /// `renamed_from`
    pub renamed_from: Option<&'a str>,
    /// `storage = "..."`
    pub storage: Option<Storage>,
    /// `compression = "..."`
    pub compression: Option<Compression>,
    /// `statistics = n`
    pub statistics: Option<i32>,
    /// `n_distinct = x`, as written.
    pub n_distinct: Option<&'a str>,
    /// `n_distinct_inherited = x`, as written.
    pub n_distinct_inherited: Option<&'a str>,
}

impl<'a> ColumnSpec<'a> {
    /// A column with no options.
    pub const fn new(name: &'a str, ty: ColumnType<'a>) -> Self {
        ColumnSpec {
            name,
            ty,
            default: None,
            identity: None,
            identity_options: IdentityOptionsSpec::DEFAULT,
            generated: None,
            collate: None,
            comment: None,
            renamed_from: None,
            storage: None,
            compression: None,
            statistics: None,
            n_distinct: None,
            n_distinct_inherited: None,
        }
    }
}

/// `identity(start = .., increment = .., min_value = .., max_value = .., cache = .., cycle)`.
#[derive(Clone, Copy)]
pub struct IdentityOptionsSpec {
    /// `start`
    pub start: Option<i64>,
    /// `increment`
    pub increment: Option<i64>,
    /// `min_value`
    pub min_value: Option<i64>,
    /// `max_value`
    pub max_value: Option<i64>,
    /// `cache`
    pub cache: Option<i64>,
    /// `cycle`
    pub cycle: bool,
}

impl IdentityOptionsSpec {
    /// No option given.
    pub const DEFAULT: IdentityOptionsSpec = IdentityOptionsSpec {
        start: None,
        increment: None,
        min_value: None,
        max_value: None,
        cache: None,
        cycle: false,
    };
}

/// A column's type and nullability.
#[derive(Clone, Copy)]
pub enum ColumnType<'a> {
    /// From the field type's `PgType` implementation.
    Rust {
        /// `<T as PgType>::sql_type`
        sql_type: fn() -> SqlType,
        /// `<T as PgType>::nullable`
        nullable: fn() -> bool,
    },
    /// `#[column(sql_type = "...")]`: the field type need not implement `PgType`, and the
    /// column is nullable when the field's type is written `Option<...>`.
    Sql {
        /// The type as written, parsed with [`SqlType::parse`].
        text: &'a str,
        /// Whether the field is an `Option`.
        nullable: bool,
    },
}

/// A column default.
pub enum DefaultSpec<'a> {
    /// `default = "now()"`
    Expression(&'a str),
    /// `default_value = "text"`
    Text(&'a str),
    /// `default_value = 42`, digits as written.
    Number(&'a str),
    /// `default_value = true`
    Boolean(bool),
}

/// A primary key or unique constraint.
pub struct KeySpec<'a> {
    /// The constraint name; `None` for Postgres's default.
    pub name: Option<&'a str>,
    /// Column names.
    pub columns: &'a [&'a str],
    /// `deferrable = "..."`
    pub deferrable: Deferrable,
    /// `comment = "..."`
    pub comment: Option<&'a str>,
}

/// A check constraint.
pub struct CheckSpec<'a> {
    /// The constraint name; `None` for Postgres's default for a column check.
    pub name: Option<&'a str>,
    /// The column of a column-level check, which names the constraint.
    pub column: Option<&'a str>,
    /// The SQL condition.
    pub expression: &'a str,
    /// `no_inherit`
    pub no_inherit: bool,
    /// `comment = "..."`
    pub comment: Option<&'a str>,
}

/// A foreign key.
pub struct ForeignKeySpec<'a> {
    /// The constraint name; `None` for Postgres's default.
    pub name: Option<&'a str>,
    /// Referencing column names.
    pub columns: &'a [&'a str],
    /// The referenced table.
    pub references: TargetSpec<'a>,
    /// Referenced column names; empty for the target's primary key.
    pub referenced_columns: &'a [&'a str],
    /// `on_delete`
    pub on_delete: ReferentialAction,
    /// `on_update`
    pub on_update: ReferentialAction,
    /// `deferrable`, `initially_deferred`
    pub deferrable: Deferrable,
    /// `match_full`
    pub match_full: bool,
    /// `comment = "..."`
    pub comment: Option<&'a str>,
}

impl<'a> ForeignKeySpec<'a> {
    /// A foreign key to the target's primary key, with default actions.
    pub const fn new(columns: &'a [&'a str], references: TargetSpec<'a>) -> Self {
        ForeignKeySpec {
            name: None,
            columns,
            references,
            referenced_columns: &[],
            on_delete: ReferentialAction::NoAction,
            on_update: ReferentialAction::NoAction,
            deferrable: Deferrable::No,
            match_full: false,
            comment: None,
        }
    }
}

/// The table a foreign key references.
pub enum TargetSpec<'a> {
    /// `references = User`: `<User as Table>::qualified_name`.
    Table(fn() -> QualifiedName),
    /// `references = "auth.users"`, parsed with [`QualifiedName::parse`].
    Named(&'a str),
}

/// An index.
pub struct IndexSpec<'a> {
    /// The index name; `None` for Postgres's default.
    pub name: Option<&'a str>,
    /// `unique`
    pub unique: bool,
    /// `nulls_not_distinct`
    pub nulls_not_distinct: bool,
    /// `method`, by its SQL name
    pub method: &'a str,
    /// `on(...)`
    pub keys: &'a [IndexKeySpec<'a>],
    /// `include(...)` column names.
    pub include: &'a [&'a str],
    /// `where`
    pub predicate: Option<&'a str>,
    /// `comment`
    pub comment: Option<&'a str>,
}

impl<'a> IndexSpec<'a> {
    /// A btree index on the keys.
    pub const fn new(keys: &'a [IndexKeySpec<'a>]) -> Self {
        IndexSpec {
            name: None,
            unique: false,
            nulls_not_distinct: false,
            method: "btree",
            keys,
            include: &[],
            predicate: None,
            comment: None,
        }
    }
}

/// One key of an index.
pub struct IndexKeySpec<'a> {
    /// A column name, or an expression.
    pub target: IndexTargetSpec<'a>,
    /// `opclass`
    pub opclass: Option<&'a str>,
    /// `desc`
    pub descending: bool,
    /// `nulls_first`, `nulls_last`
    pub nulls: Option<NullsOrder>,
}

impl<'a> IndexKeySpec<'a> {
    /// An ascending key.
    pub const fn new(target: IndexTargetSpec<'a>) -> Self {
        IndexKeySpec {
            target,
            opclass: None,
            descending: false,
            nulls: None,
        }
    }
}

/// What an index key indexes.
pub enum IndexTargetSpec<'a> {
    /// A column name.
    Column(&'a str),
    /// `expr("...")`
    Expression(&'a str),
}

/// A row-level security policy.
pub struct PolicySpec<'a> {
    /// `name`
    pub name: &'a str,
    /// `restrictive`
    pub restrictive: bool,
    /// `command`
    pub command: PolicyCommand,
    /// `roles(...)`
    pub roles: &'a [&'a str],
    /// `using`
    pub using: Option<&'a str>,
    /// `with_check`
    pub with_check: Option<&'a str>,
    /// `allow(...)`
    pub allow: &'a [AllowSpec<'a>],
    /// `comment = "..."`
    pub comment: Option<&'a str>,
}

impl<'a> PolicySpec<'a> {
    /// A permissive policy for all commands and roles, allowing nothing yet.
    pub const fn new(name: &'a str) -> Self {
        PolicySpec {
            name,
            restrictive: false,
            command: PolicyCommand::All,
            roles: &[],
            using: None,
            with_check: None,
            allow: &[],
            comment: None,
        }
    }
}

/// Builds the table a derive describes. Constraint and index names left out get
/// Postgres's default names (see [`crate::naming`]).
pub fn table_def(spec: &TableSpec<'_>) -> TableDef {
    let mut table = TableDef::new(QualifiedName::new(spec.schema, spec.name));
    table.comment = owned(spec.comment);
    table.renamed_from = owned(spec.renamed_from);
    table.row_level_security = spec.row_level_security;
    table.unlogged = spec.unlogged;
    table.storage = spec
        .storage
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    table.inherits = spec
        .inherits
        .iter()
        .map(|p| QualifiedName::parse(p))
        .collect();
    table.replica_identity = match spec.replica_identity {
        ReplicaIdentitySpec::Default => ReplicaIdentity::Default,
        ReplicaIdentitySpec::Full => ReplicaIdentity::Full,
        ReplicaIdentitySpec::Nothing => ReplicaIdentity::Nothing,
        ReplicaIdentitySpec::Index(name) => ReplicaIdentity::Index(name.to_string()),
    };
    table.cluster_on = owned(spec.cluster_on);
    table.distribution = spec.distribution.as_ref().map(|d| match d {
        DistributionSpec::Reference => crate::Distribution::Reference,
        DistributionSpec::Distributed {
            column,
            colocate_with,
            shard_count,
        } => crate::Distribution::Distributed(crate::Distributed {
            column: column.to_string(),
            colocate_with: match colocate_with {
                None => crate::Colocation::Default,
                Some(ColocateSpec::Alone) => crate::Colocation::Alone,
                Some(ColocateSpec::Table(TargetSpec::Table(name))) => {
                    crate::Colocation::With(name())
                }
                Some(ColocateSpec::Table(TargetSpec::Named(text))) => {
                    crate::Colocation::With(QualifiedName::parse(text))
                }
            },
            shard_count: *shard_count,
        }),
    });
    table.allow = allows(spec.allow);
    table.columns = spec.columns.iter().map(column).collect();
    if let Some(key) = &spec.primary_key {
        table = table.with_primary_key(key.name, key.columns);
        if let Some(pk) = table.primary_key.as_mut() {
            pk.deferrable = key.deferrable;
            pk.comment = owned(key.comment);
        }
    }
    for key in spec.uniques {
        table = table.with_unique(key.name, key.columns);
        if let Some(unique) = table.uniques.last_mut() {
            unique.deferrable = key.deferrable;
            unique.comment = owned(key.comment);
        }
    }
    for check in spec.checks {
        table = table.with_check(check.name, check.column, check.expression);
        if let Some(added) = table.checks.last_mut() {
            added.no_inherit = check.no_inherit;
            added.comment = owned(check.comment);
        }
    }
    for (name, definition, comment) in spec.exclusions {
        table = table.with_exclusion(name, definition);
        if let Some(added) = table.exclusions.last_mut() {
            added.comment = owned(*comment);
        }
    }
    for key in spec.foreign_keys {
        let references = match key.references {
            TargetSpec::Table(name) => name(),
            TargetSpec::Named(text) => QualifiedName::parse(text),
        };
        let foreign_key = ForeignKey {
            // Filled in by `with_foreign_key`.
            name: String::new(),
            columns: strings(key.columns),
            references,
            referenced_columns: strings(key.referenced_columns),
            on_delete: key.on_delete,
            on_update: key.on_update,
            deferrable: key.deferrable,
            match_full: key.match_full,
            comment: owned(key.comment),
        };
        table = table.with_foreign_key(key.name, foreign_key);
    }
    for index in spec.indexes {
        let built = Index {
            comment: owned(index.comment),
            // Filled in by `with_index`.
            name: String::new(),
            unique: index.unique,
            nulls_not_distinct: index.nulls_not_distinct,
            method: IndexMethod::named(index.method),
            keys: index.keys.iter().map(index_key).collect(),
            include: strings(index.include),
            predicate: owned(index.predicate),
        };
        table = table.with_index(index.name, built);
    }
    for policy in spec.policies {
        table = table.with_policy(Policy {
            name: policy.name.to_string(),
            restrictive: policy.restrictive,
            command: policy.command,
            roles: strings(policy.roles),
            using: owned(policy.using),
            with_check: owned(policy.with_check),
            allow: allows(policy.allow),
            comment: owned(policy.comment),
        });
    }
    table.triggers = spec.triggers.iter().map(super::trigger::trigger).collect();
    table.partition_by = spec
        .partition_by
        .as_ref()
        .map(super::partition::partition_by);
    table
}

pub(super) fn column(spec: &ColumnSpec<'_>) -> Column {
    let (ty, nullable) = match spec.ty {
        ColumnType::Rust { sql_type, nullable } => (sql_type(), nullable()),
        ColumnType::Sql { text, nullable } => (SqlType::parse(text), nullable),
    };
    let mut column = Column::new(spec.name, ty, nullable);
    column.default = spec.default.as_ref().map(|default| match *default {
        DefaultSpec::Expression(sql) => DefaultValue::Expression(sql.to_string()),
        DefaultSpec::Text(text) => DefaultValue::Literal(Literal::Text(text.to_string())),
        DefaultSpec::Number(digits) => DefaultValue::Literal(Literal::Number(digits.to_string())),
        DefaultSpec::Boolean(value) => DefaultValue::Literal(Literal::Boolean(value)),
    });
    column.identity = spec.identity;
    let options = spec.identity_options;
    column.identity_options = crate::SequenceOptions {
        data_type: None,
        increment: options.increment,
        min_value: options.min_value,
        max_value: options.max_value,
        start: options.start,
        cache: options.cache,
        cycle: options.cycle,
    };
    column.generated = owned(spec.generated);
    column.collation = owned(spec.collate);
    column.comment = owned(spec.comment);
    column.renamed_from = owned(spec.renamed_from);
    column.storage = spec.storage;
    column.compression = spec.compression;
    column.statistics = spec.statistics;
    column.n_distinct = owned(spec.n_distinct);
    column.n_distinct_inherited = owned(spec.n_distinct_inherited);
    column
}

pub(super) fn index_key(spec: &IndexKeySpec<'_>) -> IndexKey {
    IndexKey {
        target: match spec.target {
            IndexTargetSpec::Column(name) => IndexTarget::Column(name.to_string()),
            IndexTargetSpec::Expression(sql) => IndexTarget::Expression(sql.to_string()),
        },
        opclass: owned(spec.opclass),
        descending: spec.descending,
        nulls: spec.nulls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Check, PrimaryKey, Unique};

    fn uuid() -> SqlType {
        SqlType::Uuid
    }
    fn not_null() -> bool {
        false
    }
    fn orgs() -> QualifiedName {
        QualifiedName::new("app", "orgs")
    }

    #[test]
    fn builds_tables_with_default_names() {
        let table = table_def(&TableSpec {
            columns: &[
                ColumnSpec::new(
                    "id",
                    ColumnType::Rust {
                        sql_type: uuid,
                        nullable: not_null,
                    },
                ),
                ColumnSpec {
                    default: Some(DefaultSpec::Number("-1")),
                    ..ColumnSpec::new(
                        "rank",
                        ColumnType::Sql {
                            text: "INT4",
                            nullable: true,
                        },
                    )
                },
            ],
            primary_key: Some(KeySpec {
                deferrable: Default::default(),
                name: None,
                columns: &["id"],
                comment: None,
            }),
            uniques: &[KeySpec {
                deferrable: Default::default(),
                name: None,
                columns: &["rank"],
                comment: None,
            }],
            checks: &[CheckSpec {
                no_inherit: Default::default(),
                comment: Some("ranks count from 1"),
                name: None,
                column: Some("rank"),
                expression: "rank > 0",
            }],
            foreign_keys: &[ForeignKeySpec::new(&["id"], TargetSpec::Table(orgs))],
            indexes: &[IndexSpec::new(&[IndexKeySpec {
                descending: true,
                ..IndexKeySpec::new(IndexTargetSpec::Column("rank"))
            }])],
            ..TableSpec::new("app", "members")
        });
        assert_eq!(table.name, QualifiedName::new("app", "members"));
        assert_eq!(table.columns[1].ty, SqlType::Integer);
        assert!(table.columns[1].nullable);
        assert_eq!(
            table.columns[1].default,
            Some(DefaultValue::Literal(Literal::Number("-1".into())))
        );
        assert_eq!(
            table.primary_key,
            Some(PrimaryKey {
                deferrable: Default::default(),
                name: "members_pkey".into(),
                columns: vec!["id".into()],
                comment: None,
            })
        );
        assert_eq!(
            table.uniques,
            vec![Unique {
                deferrable: Default::default(),
                name: "members_rank_key".into(),
                columns: vec!["rank".into()],
                nulls_not_distinct: false,
                comment: None,
            }]
        );
        assert_eq!(
            table.checks,
            vec![Check {
                no_inherit: Default::default(),
                name: "members_rank_check".into(),
                expression: "rank > 0".into(),
                comment: Some("ranks count from 1".into()),
            }]
        );
        assert_eq!(table.foreign_keys[0].name, "members_id_fkey");
        assert_eq!(table.foreign_keys[0].references, orgs());
        assert_eq!(table.indexes[0].name, "members_rank_idx");
    }
}
