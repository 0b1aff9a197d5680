//! Model -> snapshot JSON -> model, over generated schemas.
//!
//! The generator builds schemas that are valid by construction (unique names, foreign
//! keys to primary keys with matching types, policies only on RLS tables, ...), with
//! awkward identifiers and arbitrary text in expressions, comments and literals.

use proptest::prelude::*;
use schema_core::{
    snapshot, Check, Column, DefaultValue, Deferrable, EnumDef, EnumValue, ExternalFunction,
    ExternalTable, ForeignKey, Identity, Index, IndexKey, IndexMethod, IndexTarget, Literal,
    NullsOrder, Policy, PolicyCommand, QualifiedName, ReferentialAction, RowLevelSecurity, Schema,
    SqlType, TableDef,
};

const ROLES: [&str; 3] = ["authenticated", "anon", "Service Role"];

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_$]{0,12}",
        Just("userId".to_string()),
        Just("user".to_string()),
        Just("order".to_string()),
        Just("with space".to_string()),
        Just("quote\"d".to_string()),
        Just("é".to_string()),
    ]
}

fn schema_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("public".to_string()),
        1 => Just("app".to_string()),
        1 => Just("Billing Data".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,20}",
        Just(String::new()),
        Just("it's \"quoted\"\n\tand\\escaped".into())
    ]
}

/// One SQL expression holding arbitrary text (quotes, line breaks, backslashes) in a
/// string constant, as validation requires of every expression.
fn expression() -> impl Strategy<Value = String> {
    text().prop_map(|t| format!("'{}' || lower(x)", t.replace('\'', "''")))
}

fn leaf_type(enum_count: usize) -> impl Strategy<Value = SqlType> {
    let enums = if enum_count == 0 { 0 } else { 1 };
    prop_oneof![
        8 => prop_oneof![
            Just(SqlType::Boolean),
            Just(SqlType::SmallInt),
            Just(SqlType::Integer),
            Just(SqlType::BigInt),
            Just(SqlType::Real),
            Just(SqlType::DoublePrecision),
            Just(SqlType::Text),
            Just(SqlType::Bytea),
            Just(SqlType::Uuid),
            Just(SqlType::Date),
            Just(SqlType::Time),
            Just(SqlType::Timestamp),
            Just(SqlType::Timestamptz),
            Just(SqlType::Interval),
            Just(SqlType::Json),
            Just(SqlType::Jsonb),
            Just(SqlType::Inet),
            Just(SqlType::Tsvector),
        ],
        2 => (proptest::option::of(1u32..40), proptest::option::of(0u32..10)).prop_map(
            |(precision, scale)| SqlType::Numeric {
                precision,
                scale: precision.and(scale),
            }
        ),
        1 => proptest::option::of(1u32..500).prop_map(|length| SqlType::Varchar { length }),
        1 => (1u32..10).prop_map(|length| SqlType::Char { length }),
        1 => prop_oneof![Just("citext"), Just("vector(1536)"), Just("extensions.geometry")]
            .prop_map(|t| SqlType::Custom(t.to_string())),
        // Placeholder, replaced by a generated enum in `assemble`.
        enums => Just(SqlType::Enum(QualifiedName::parse("?"))),
    ]
}

fn sql_type(enum_count: usize) -> impl Strategy<Value = SqlType> {
    prop_oneof![
        4 => leaf_type(enum_count),
        1 => leaf_type(enum_count).prop_map(|t| SqlType::Array(Box::new(t))),
    ]
}

#[derive(Debug, Clone)]
enum Extra {
    Nothing,
    Default(DefaultValue),
    Identity(Identity),
    Generated(String),
}

fn extra() -> impl Strategy<Value = Extra> {
    prop_oneof![
        4 => Just(Extra::Nothing),
        1 => expression().prop_map(|e| Extra::Default(DefaultValue::Expression(e))),
        1 => text().prop_map(|t| Extra::Default(DefaultValue::Literal(Literal::Text(t)))),
        1 => "-?[0-9]{1,5}(\\.[0-9]{1,3})?"
            .prop_map(|n| Extra::Default(DefaultValue::Literal(Literal::Number(n)))),
        1 => any::<bool>().prop_map(|b| Extra::Default(DefaultValue::Literal(Literal::Boolean(b)))),
        1 => prop_oneof![Just(Identity::Always), Just(Identity::ByDefault)].prop_map(Extra::Identity),
        1 => expression().prop_map(Extra::Generated),
    ]
}

#[derive(Debug, Clone)]
struct ColumnSpec {
    name: String,
    ty: SqlType,
    nullable: bool,
    extra: Extra,
    comment: Option<String>,
    renamed_from: Option<String>,
}

fn column(enum_count: usize) -> impl Strategy<Value = ColumnSpec> {
    (
        ident(),
        sql_type(enum_count),
        any::<bool>(),
        extra(),
        proptest::option::of(text()),
        proptest::option::of(ident()),
    )
        .prop_map(
            |(name, ty, nullable, extra, comment, renamed_from)| ColumnSpec {
                name,
                ty,
                nullable,
                extra,
                comment,
                renamed_from,
            },
        )
}

fn action() -> impl Strategy<Value = ReferentialAction> {
    proptest::sample::select(ReferentialAction::ALL.map(|(_, a)| a).to_vec())
}

/// (column position or expression, opclass, descending, nulls)
type KeySpec = (
    Result<usize, String>,
    Option<String>,
    bool,
    Option<NullsOrder>,
);

/// (schema, values as (label, comment, renamed_from), comment)
type EnumSpec = (
    String,
    Vec<(String, Option<String>, Option<String>)>,
    Option<String>,
);

#[derive(Debug, Clone)]
struct IndexSpec {
    unique: bool,
    method: IndexMethod,
    keys: Vec<KeySpec>,
    include: Vec<usize>,
    predicate: Option<String>,
}

fn index() -> impl Strategy<Value = IndexSpec> {
    let key = (
        prop_oneof![3 => any::<usize>().prop_map(Ok), 1 => expression().prop_map(Err)],
        proptest::option::of(prop_oneof![Just("gin_trgm_ops"), Just("jsonb_path_ops")]),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just(NullsOrder::First), Just(NullsOrder::Last)]),
    )
        .prop_map(|(target, opclass, descending, nulls)| {
            (target, opclass.map(str::to_string), descending, nulls)
        });
    (
        any::<bool>(),
        proptest::sample::select({
            let mut methods = IndexMethod::BUILT_IN.map(|(_, m)| m).to_vec();
            methods.push(IndexMethod::Other("bloom".into()));
            methods
        }),
        proptest::collection::vec(key, 1..4),
        proptest::collection::vec(any::<usize>(), 0..2),
        proptest::option::of(expression()),
    )
        .prop_map(|(unique, method, keys, include, predicate)| IndexSpec {
            unique,
            method,
            keys,
            include,
            predicate,
        })
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        ident(),
        any::<bool>(),
        proptest::sample::select(PolicyCommand::ALL.map(|(_, c)| c).to_vec()),
        proptest::sample::subsequence(ROLES.to_vec(), 0..=2),
        expression(),
        proptest::option::of(expression()),
    )
        .prop_map(|(name, restrictive, command, roles, first, second)| {
            let (using, with_check) = match command {
                PolicyCommand::Insert => (None, Some(first)),
                PolicyCommand::Select | PolicyCommand::Delete => (Some(first), None),
                PolicyCommand::All | PolicyCommand::Update => (Some(first), second),
            };
            Policy {
                comment: Default::default(),
                name,
                restrictive,
                command,
                roles: roles.into_iter().map(str::to_string).collect(),
                using,
                with_check,
                allow: Vec::new(),
            }
        })
}

#[derive(Debug, Clone)]
struct TableSpec {
    schema: String,
    name: String,
    columns: Vec<ColumnSpec>,
    primary_key: usize,
    uniques: Vec<Vec<usize>>,
    checks: Vec<String>,
    // (target table, explicit referenced columns, on delete, on update, deferrable)
    foreign_keys: Vec<(usize, bool, ReferentialAction, ReferentialAction, u8)>,
    indexes: Vec<IndexSpec>,
    policies: Vec<Policy>,
    forced: bool,
    comment: Option<String>,
    renamed_from: Option<String>,
}

fn table(enum_count: usize) -> impl Strategy<Value = TableSpec> {
    (
        (
            schema_name(),
            ident(),
            proptest::collection::vec(column(enum_count), 1..6),
            0usize..3,
            proptest::collection::vec(proptest::collection::vec(any::<usize>(), 1..3), 0..2),
            proptest::collection::vec(expression(), 0..2),
        ),
        (
            proptest::collection::vec(
                (any::<usize>(), any::<bool>(), action(), action(), 0u8..3),
                0..3,
            ),
            proptest::collection::vec(index(), 0..3),
            proptest::collection::vec(policy(), 0..3),
            any::<bool>(),
            proptest::option::of(text()),
            proptest::option::of(ident()),
        ),
    )
        .prop_map(
            |(
                (schema, name, columns, primary_key, uniques, checks),
                (foreign_keys, indexes, policies, forced, comment, renamed_from),
            )| TableSpec {
                schema,
                name,
                columns,
                primary_key,
                uniques,
                checks,
                foreign_keys,
                indexes,
                policies,
                forced,
                comment,
                renamed_from,
            },
        )
}

fn enum_def() -> impl Strategy<Value = EnumSpec> {
    (
        schema_name(),
        proptest::collection::vec(
            (
                ".{0,10}",
                proptest::option::of(text()),
                proptest::option::of(".{1,5}"),
            ),
            1..5,
        ),
        proptest::option::of(text()),
    )
        .prop_map(|(schema, values, comment)| (schema, values, comment))
}

/// Turns the loose specs into a valid schema: numbered names keep every name unique and
/// short, and foreign keys get columns typed like the primary key they reference.
fn assemble(enums: Vec<EnumSpec>, tables: Vec<TableSpec>, with_external: bool) -> Schema {
    let mut builder = Schema::builder();
    let enum_names: Vec<QualifiedName> = enums
        .iter()
        .enumerate()
        .map(|(i, (schema, _, _))| QualifiedName::new(schema.clone(), format!("e{i}")))
        .collect();
    for ((_, values, comment), name) in enums.into_iter().zip(&enum_names) {
        let mut seen = std::collections::BTreeSet::new();
        let values = values
            .into_iter()
            .enumerate()
            .filter(|(_, (label, _, _))| seen.insert(label.clone()))
            .map(|(_, (label, comment, renamed_from))| EnumValue {
                label,
                comment,
                renamed_from,
            })
            .collect();
        builder = builder.add_enum(EnumDef {
            name: name.clone(),
            values,
            comment,
            renamed_from: None,
        });
    }
    let resolve = |ty: SqlType, seed: usize| -> SqlType {
        fn go(ty: SqlType, names: &[QualifiedName], seed: usize) -> SqlType {
            match ty {
                SqlType::Enum(_) => SqlType::Enum(names[seed % names.len()].clone()),
                SqlType::Array(inner) => SqlType::Array(Box::new(go(*inner, names, seed))),
                other => other,
            }
        }
        go(ty, &enum_names, seed)
    };

    if with_external {
        builder = builder
            .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
            .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid));
    }
    for role in ROLES {
        builder = builder.add_external_role(role);
    }

    // Primary key columns (name, type) of the tables built so far.
    let mut keys: Vec<(QualifiedName, Vec<(String, SqlType)>)> = Vec::new();
    for (t, spec) in tables.into_iter().enumerate() {
        let name = QualifiedName::new(spec.schema, format!("t{t}_{}", spec.name));
        let mut def = TableDef::new(name.clone());
        def.comment = spec.comment;
        def.renamed_from = spec.renamed_from;
        for (c, column) in spec.columns.into_iter().enumerate() {
            let mut ty = resolve(column.ty, c);
            let mut col = Column::new(format!("c{c}_{}", column.name), ty.clone(), column.nullable);
            match column.extra {
                Extra::Nothing => {}
                // A text default on an enum column must be one of its labels, which the
                // generated text is not: `build()` refuses it, as Postgres would.
                Extra::Default(DefaultValue::Literal(Literal::Text(_)))
                    if matches!(col.ty, SqlType::Enum(_)) => {}
                Extra::Default(value) => col.default = Some(value),
                Extra::Identity(identity) => {
                    ty = SqlType::BigInt;
                    col.ty = ty;
                    col.identity = Some(identity);
                }
                Extra::Generated(expression) => col.generated = Some(expression),
            }
            col.comment = column.comment;
            col.renamed_from = column.renamed_from;
            def.columns.push(col);
        }
        let column_count = def.columns.len();
        let column_name = |i: usize| def.columns[i % column_count].name.clone();

        let pk_len = spec.primary_key.min(column_count);
        let pk_columns: Vec<String> = (0..pk_len).map(column_name).collect();
        let uniques: Vec<Vec<String>> = spec
            .uniques
            .iter()
            .map(|positions| {
                let mut columns: Vec<String> = positions.iter().map(|&p| column_name(p)).collect();
                columns.dedup();
                columns
            })
            .collect();
        let indexes: Vec<Index> = spec
            .indexes
            .into_iter()
            .enumerate()
            .map(|(i, index)| Index {
                comment: Default::default(),
                name: format!("x{t}_{i}"),
                unique: index.unique,
                nulls_not_distinct: false,
                method: index.method,
                keys: index
                    .keys
                    .into_iter()
                    .map(|(target, opclass, descending, nulls)| IndexKey {
                        target: match target {
                            Ok(p) => IndexTarget::Column(column_name(p)),
                            Err(e) => IndexTarget::Expression(e),
                        },
                        opclass,
                        descending,
                        nulls,
                    })
                    .collect(),
                include: index.include.iter().map(|&p| column_name(p)).collect(),
                predicate: index.predicate,
            })
            .collect();
        for name in &pk_columns {
            if let Some(col) = def.columns.iter_mut().find(|c| &c.name == name) {
                col.nullable = false;
            }
        }
        if !pk_columns.is_empty() {
            let refs: Vec<&str> = pk_columns.iter().map(String::as_str).collect();
            def = def.with_primary_key(None, &refs);
        }
        for (u, columns) in uniques.iter().enumerate() {
            let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
            def = def.with_unique(Some(&format!("u{t}_{u}")), &refs);
        }
        for (k, expression) in spec.checks.into_iter().enumerate() {
            def.checks.push(Check {
                comment: Default::default(),
                no_inherit: Default::default(),
                name: format!("k{t}_{k}"),
                expression,
            });
        }
        for index in indexes {
            def.indexes.push(index);
        }

        let targets: Vec<(QualifiedName, Vec<(String, SqlType)>)> = keys
            .iter()
            .cloned()
            .chain(with_external.then(|| {
                (
                    QualifiedName::parse("auth.users"),
                    vec![("id".to_string(), SqlType::Uuid)],
                )
            }))
            .collect();
        if !targets.is_empty() {
            for (f, (target, explicit, on_delete, on_update, deferrable)) in
                spec.foreign_keys.into_iter().enumerate()
            {
                let (references, target_columns) = &targets[target % targets.len()];
                let mut columns = Vec::new();
                for (n, (_, ty)) in target_columns.iter().enumerate() {
                    let column = format!("f{f}_{n}");
                    def.columns
                        .push(Column::new(column.clone(), ty.clone(), true));
                    columns.push(column);
                }
                def.foreign_keys.push(ForeignKey {
                    comment: Default::default(),
                    match_full: Default::default(),
                    name: format!("f{t}_{f}"),
                    columns,
                    references: references.clone(),
                    referenced_columns: if explicit {
                        target_columns.iter().map(|(c, _)| c.clone()).collect()
                    } else {
                        Vec::new()
                    },
                    on_delete,
                    on_update,
                    deferrable: [
                        Deferrable::No,
                        Deferrable::InitiallyImmediate,
                        Deferrable::InitiallyDeferred,
                    ][deferrable as usize],
                });
            }
        }

        let mut policy_names = std::collections::BTreeSet::new();
        for policy in spec.policies {
            if policy_names.insert(policy.name.clone()) {
                def.policies.push(policy);
            }
        }
        def.row_level_security = RowLevelSecurity {
            enabled: !def.policies.is_empty() || spec.forced,
            forced: spec.forced,
        };

        if !pk_columns.is_empty() {
            let typed = pk_columns
                .iter()
                .map(|c| (c.clone(), def.column(c).unwrap().ty.clone()))
                .collect();
            keys.push((name, typed));
        }
        builder = builder.add_table(def);
    }
    match builder.build() {
        Ok(schema) => schema,
        Err(errors) => panic!("the generator made an invalid schema: {errors}"),
    }
}

fn schemas() -> impl Strategy<Value = Schema> {
    (0usize..3)
        .prop_flat_map(|enum_count| {
            (
                proptest::collection::vec(enum_def(), enum_count),
                proptest::collection::vec(table(enum_count), 1..6),
                any::<bool>(),
            )
        })
        .prop_map(|(enums, tables, with_external)| assemble(enums, tables, with_external))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn model_to_json_to_model(schema in schemas()) {
        let json = snapshot::to_json(&schema);
        let read = snapshot::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&read, &schema);
        // Byte-identical when written again: the format is deterministic.
        prop_assert_eq!(snapshot::to_json(&read), json);
    }
}
