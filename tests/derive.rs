//! The derives end to end: every attribute, and the exact `TableDef` and `EnumDef` values
//! they produce, alone and after `Schema::builder().build()`.

// The types exist to be derived; their values are never built.
#![allow(dead_code)]
// Clippy reads the same column in two `#[table(unique(...))]` attributes as a duplicated
// attribute (rust-clippy#13238, a false positive for every derive helper attribute).
#![allow(clippy::duplicated_attributes)]

use chrono::{DateTime, Utc};
use schemata::{
    Check, Column, DefaultValue, Deferrable, EnumDef, EnumValue, ExternalTable, ForeignKey,
    Identity, Index, IndexKey, IndexMethod, IndexTarget, Literal, NullsOrder, PgEnum, PgType,
    Policy, PolicyCommand, PrimaryKey, QualifiedName, ReferentialAction, ReplicaIdentity,
    RowLevelSecurity, Schema, SqlType, Table, TableDef, Unique,
};
use std::collections::HashMap;
use uuid::Uuid;

/// What a member may do in an org.
#[derive(PgEnum)]
#[pg_enum(schema = "app", rename_all = "UPPERCASE")]
enum MemberRole {
    Owner,
    /// Can change everything but billing.
    CoOwner,
    #[pg_enum(label = "read_only", renamed_from = "VIEWER")]
    Viewer,
}

#[derive(PgEnum)]
#[pg_enum(name = "session_state", renamed_from = "session_status")]
enum SessionStatus {
    Scheduled,
    InProgress,
    Done,
}

/// An organisation.
#[derive(Table)]
#[table(name = "orgs", schema = "app", renamed_from = "organisations")]
struct Org {
    #[column(primary_key, default = "gen_random_uuid()")]
    id: Uuid,
    #[column(unique, sql_type = "citext")]
    slug: String,
    #[column(identity = "always")]
    number: i64,
    r#type: Option<String>,
    metadata: serde_json::Value,
}

#[derive(Table)]
#[table(name = "members", schema = "app", rls)]
#[table(primary_key(org_id, user_id, name = "members_pk"))]
#[policy(
    name = "members_read",
    command = "select",
    roles(authenticated),
    using = "true"
)]
struct Member {
    #[column(references = Org, on_delete = "cascade")]
    org_id: Uuid,
    #[column(references = "auth.users(id)", on_delete = "cascade", deferrable)]
    user_id: Uuid,
    role: MemberRole,
    #[column(default_value = true)]
    active: bool,
    #[column(name = "joinedAt", default = "now()")]
    joined_at: DateTime<Utc>,
    tags: Vec<String>,
}

/// A coaching session.
///
/// One per booking.
#[derive(Table)]
#[table(
    name = "sessions",
    schema = "app",
    force_rls,
    renamed_from = "bookings"
)]
#[table(unique(org_id, coach_id, starts_at, name = "one_session_per_slot"))]
#[table(unique(org_id, title))]
#[table(check(name = "ends_after_start", expr = "ends_at > \"startsAt\""))]
#[table(foreign_key(
    columns(org_id, coach_id),
    references = Member,
    on_delete = "cascade",
    on_update = "restrict",
    name = "sessions_coach_fkey",
    initially_deferred
))]
#[index(
    on(coach_id(asc, nulls_last), starts_at(desc, nulls_last)),
    include(title),
    where = "cancelled_at IS NULL"
)]
#[index(
    name = "sessions_title_search",
    method = "gin",
    on(expr("to_tsvector('english', title)"))
)]
#[index(
    unique,
    method = "btree",
    on(org_id(nulls_first), title(opclass = "text_pattern_ops"))
)]
#[index(on(expr("lower(title)", desc, opclass = "text_pattern_ops")))]
#[policy(
    name = "coach_reads_own",
    command = "select",
    roles(authenticated, "service_role"),
    using = "coach_id = auth.uid()"
)]
#[policy(
    name = "no_past_inserts",
    command = "insert",
    restrictive,
    with_check = "\"startsAt\" > now()"
)]
#[policy(
    name = "coach_manages_own",
    using = "coach_id = auth.uid()",
    with_check = "coach_id = auth.uid()"
)]
struct Session {
    #[column(primary_key, default = "gen_random_uuid()")]
    id: Uuid,
    org_id: Uuid,
    coach_id: Uuid,
    /// When it starts.
    #[column(name = "startsAt")]
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    #[column(
        sql_type = "varchar(120)",
        check = "title <> ''",
        renamed_from = "name"
    )]
    title: String,
    #[column(sql_type = "session_state", default_value = "scheduled")]
    status: String,
    #[column(default_value = -1)]
    rank: i32,
    #[column(default_value = 2.5, check = "price >= 0")]
    price: f64,
    #[column(identity)]
    seq: i64,
    #[column(generated = "price * 2")]
    double_price: f64,
    #[column(references = Org, on_delete = "set_null", on_update = "no action")]
    sponsor_id: Option<Uuid>,
    cancelled_at: Option<DateTime<Utc>>,
    #[column(skip)]
    _cache: HashMap<String, String>,
}

fn column(name: &str, ty: SqlType, nullable: bool) -> Column {
    Column::new(name, ty, nullable)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn expression(sql: &str) -> Option<DefaultValue> {
    Some(DefaultValue::Expression(sql.into()))
}

fn literal(value: Literal) -> Option<DefaultValue> {
    Some(DefaultValue::Literal(value))
}

fn app(name: &str) -> QualifiedName {
    QualifiedName::new("app", name)
}

fn expected_org() -> TableDef {
    TableDef {
        name: app("orgs"),
        columns: vec![
            Column {
                default: expression("gen_random_uuid()"),
                ..column("id", SqlType::Uuid, false)
            },
            column("slug", SqlType::Custom("citext".into()), false),
            Column {
                identity: Some(Identity::Always),
                ..column("number", SqlType::BigInt, false)
            },
            column("type", SqlType::Text, true),
            column("metadata", SqlType::Jsonb, false),
        ],
        primary_key: Some(PrimaryKey {
            comment: Default::default(),
            deferrable: Default::default(),
            name: "orgs_pkey".into(),
            columns: strings(&["id"]),
        }),
        uniques: vec![Unique {
            comment: Default::default(),
            deferrable: Default::default(),
            name: "orgs_slug_key".into(),
            columns: strings(&["slug"]),
            nulls_not_distinct: false,
        }],
        exclusions: vec![],
        checks: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        row_level_security: RowLevelSecurity::default(),
        policies: vec![],
        comment: Some("An organisation.".into()),
        renamed_from: Some("organisations".into()),
        triggers: vec![],
        partition_by: None,
        partition_of: None,
        inherits: Vec::new(),
        allow: Vec::new(),
        unlogged: false,
        replica_identity: ReplicaIdentity::Default,
        cluster_on: None,
        storage: Default::default(),
        invalid_indexes: Vec::new(),
        unvalidated_constraints: Vec::new(),
        distribution: None,
    }
}

fn expected_member() -> TableDef {
    TableDef {
        name: app("members"),
        columns: vec![
            column("org_id", SqlType::Uuid, false),
            column("user_id", SqlType::Uuid, false),
            column("role", SqlType::Enum(app("member_role")), false),
            Column {
                default: literal(Literal::Boolean(true)),
                ..column("active", SqlType::Boolean, false)
            },
            Column {
                default: expression("now()"),
                ..column("joinedAt", SqlType::Timestamptz, false)
            },
            column("tags", SqlType::Array(Box::new(SqlType::Text)), false),
        ],
        primary_key: Some(PrimaryKey {
            comment: Default::default(),
            deferrable: Default::default(),
            name: "members_pk".into(),
            columns: strings(&["org_id", "user_id"]),
        }),
        uniques: vec![],
        exclusions: vec![],
        checks: vec![],
        foreign_keys: vec![
            ForeignKey {
                comment: Default::default(),
                match_full: Default::default(),
                name: "members_org_id_fkey".into(),
                columns: strings(&["org_id"]),
                references: app("orgs"),
                referenced_columns: vec![],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::NoAction,
                deferrable: Deferrable::No,
            },
            ForeignKey {
                comment: Default::default(),
                match_full: Default::default(),
                name: "members_user_id_fkey".into(),
                columns: strings(&["user_id"]),
                references: QualifiedName::new("auth", "users"),
                referenced_columns: strings(&["id"]),
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::NoAction,
                deferrable: Deferrable::InitiallyImmediate,
            },
        ],
        indexes: vec![],
        row_level_security: RowLevelSecurity {
            enabled: true,
            forced: false,
        },
        policies: vec![Policy {
            comment: Default::default(),
            name: "members_read".into(),
            restrictive: false,
            command: PolicyCommand::Select,
            roles: strings(&["authenticated"]),
            using: Some("true".into()),
            with_check: None,
            allow: Vec::new(),
        }],
        comment: None,
        renamed_from: None,
        triggers: vec![],
        partition_by: None,
        partition_of: None,
        inherits: Vec::new(),
        allow: Vec::new(),
        unlogged: false,
        replica_identity: ReplicaIdentity::Default,
        cluster_on: None,
        storage: Default::default(),
        invalid_indexes: Vec::new(),
        unvalidated_constraints: Vec::new(),
        distribution: None,
    }
}

fn expected_session() -> TableDef {
    TableDef {
        name: app("sessions"),
        columns: vec![
            Column {
                default: expression("gen_random_uuid()"),
                ..column("id", SqlType::Uuid, false)
            },
            column("org_id", SqlType::Uuid, false),
            column("coach_id", SqlType::Uuid, false),
            Column {
                comment: Some("When it starts.".into()),
                ..column("startsAt", SqlType::Timestamptz, false)
            },
            column("ends_at", SqlType::Timestamptz, false),
            Column {
                renamed_from: Some("name".into()),
                ..column("title", SqlType::Varchar { length: Some(120) }, false)
            },
            Column {
                default: literal(Literal::Text("scheduled".into())),
                ..column("status", SqlType::Custom("session_state".into()), false)
            },
            Column {
                default: literal(Literal::Number("-1".into())),
                ..column("rank", SqlType::Integer, false)
            },
            Column {
                default: literal(Literal::Number("2.5".into())),
                ..column("price", SqlType::DoublePrecision, false)
            },
            Column {
                identity: Some(Identity::ByDefault),
                ..column("seq", SqlType::BigInt, false)
            },
            Column {
                generated: Some("price * 2".into()),
                ..column("double_price", SqlType::DoublePrecision, false)
            },
            column("sponsor_id", SqlType::Uuid, true),
            column("cancelled_at", SqlType::Timestamptz, true),
        ],
        primary_key: Some(PrimaryKey {
            comment: Default::default(),
            deferrable: Default::default(),
            name: "sessions_pkey".into(),
            columns: strings(&["id"]),
        }),
        uniques: vec![
            Unique {
                comment: Default::default(),
                deferrable: Default::default(),
                name: "one_session_per_slot".into(),
                columns: strings(&["org_id", "coach_id", "startsAt"]),
                nulls_not_distinct: false,
            },
            Unique {
                comment: Default::default(),
                deferrable: Default::default(),
                name: "sessions_org_id_title_key".into(),
                columns: strings(&["org_id", "title"]),
                nulls_not_distinct: false,
            },
        ],
        exclusions: vec![],
        checks: vec![
            Check {
                comment: Default::default(),
                no_inherit: Default::default(),
                name: "sessions_title_check".into(),
                expression: "title <> ''".into(),
            },
            Check {
                comment: Default::default(),
                no_inherit: Default::default(),
                name: "sessions_price_check".into(),
                expression: "price >= 0".into(),
            },
            Check {
                comment: Default::default(),
                no_inherit: Default::default(),
                name: "ends_after_start".into(),
                expression: "ends_at > \"startsAt\"".into(),
            },
        ],
        foreign_keys: vec![
            ForeignKey {
                comment: Default::default(),
                match_full: Default::default(),
                name: "sessions_sponsor_id_fkey".into(),
                columns: strings(&["sponsor_id"]),
                references: app("orgs"),
                referenced_columns: vec![],
                on_delete: ReferentialAction::SetNull,
                on_update: ReferentialAction::NoAction,
                deferrable: Deferrable::No,
            },
            ForeignKey {
                comment: Default::default(),
                match_full: Default::default(),
                name: "sessions_coach_fkey".into(),
                columns: strings(&["org_id", "coach_id"]),
                references: app("members"),
                referenced_columns: vec![],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::Restrict,
                deferrable: Deferrable::InitiallyDeferred,
            },
        ],
        indexes: vec![
            Index {
                comment: Default::default(),
                name: "sessions_coach_id_startsAt_idx".into(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![
                    IndexKey {
                        nulls: Some(NullsOrder::Last),
                        ..IndexKey::column("coach_id")
                    },
                    IndexKey {
                        descending: true,
                        nulls: Some(NullsOrder::Last),
                        ..IndexKey::column("startsAt")
                    },
                ],
                include: strings(&["title"]),
                predicate: Some("cancelled_at IS NULL".into()),
            },
            Index {
                comment: Default::default(),
                name: "sessions_title_search".into(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Gin,
                keys: vec![IndexKey::expression("to_tsvector('english', title)")],
                include: vec![],
                predicate: None,
            },
            Index {
                comment: Default::default(),
                name: "sessions_org_id_title_idx".into(),
                unique: true,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![
                    IndexKey {
                        nulls: Some(NullsOrder::First),
                        ..IndexKey::column("org_id")
                    },
                    IndexKey {
                        opclass: Some("text_pattern_ops".into()),
                        ..IndexKey::column("title")
                    },
                ],
                include: vec![],
                predicate: None,
            },
            Index {
                comment: Default::default(),
                name: "sessions_expr_idx".into(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey {
                    descending: true,
                    opclass: Some("text_pattern_ops".into()),
                    ..IndexKey::expression("lower(title)")
                }],
                include: vec![],
                predicate: None,
            },
        ],
        row_level_security: RowLevelSecurity {
            enabled: true,
            forced: true,
        },
        policies: vec![
            Policy {
                comment: Default::default(),
                name: "coach_reads_own".into(),
                restrictive: false,
                command: PolicyCommand::Select,
                roles: strings(&["authenticated", "service_role"]),
                using: Some("coach_id = auth.uid()".into()),
                with_check: None,
                allow: Vec::new(),
            },
            Policy {
                comment: Default::default(),
                name: "no_past_inserts".into(),
                restrictive: true,
                command: PolicyCommand::Insert,
                roles: vec![],
                using: None,
                with_check: Some("\"startsAt\" > now()".into()),
                allow: Vec::new(),
            },
            Policy {
                comment: Default::default(),
                name: "coach_manages_own".into(),
                restrictive: false,
                command: PolicyCommand::All,
                roles: vec![],
                using: Some("coach_id = auth.uid()".into()),
                with_check: Some("coach_id = auth.uid()".into()),
                allow: Vec::new(),
            },
        ],
        comment: Some("A coaching session.\n\nOne per booking.".into()),
        renamed_from: Some("bookings".into()),
        triggers: vec![],
        partition_by: None,
        partition_of: None,
        inherits: Vec::new(),
        allow: Vec::new(),
        unlogged: false,
        replica_identity: ReplicaIdentity::Default,
        cluster_on: None,
        storage: Default::default(),
        invalid_indexes: Vec::new(),
        unvalidated_constraints: Vec::new(),
        distribution: None,
    }
}

#[test]
fn tables_describe_every_attribute() {
    assert_eq!(Org::qualified_name(), app("orgs"));
    assert_eq!(Org::table_def(), expected_org());
    assert_eq!(Member::qualified_name(), app("members"));
    assert_eq!(Member::table_def(), expected_member());
    assert_eq!(Session::qualified_name(), app("sessions"));
    assert_eq!(Session::table_def(), expected_session());
}

#[test]
fn enums_describe_every_attribute() {
    assert_eq!(
        MemberRole::enum_def(),
        EnumDef {
            name: app("member_role"),
            values: vec![
                EnumValue {
                    label: "OWNER".into(),
                    comment: None,
                    renamed_from: None,
                },
                EnumValue {
                    label: "COOWNER".into(),
                    comment: Some("Can change everything but billing.".into()),
                    renamed_from: None,
                },
                EnumValue {
                    label: "read_only".into(),
                    comment: None,
                    renamed_from: Some("VIEWER".into()),
                },
            ],
            comment: Some("What a member may do in an org.".into()),
            renamed_from: None,
        }
    );
    assert_eq!(MemberRole::sql_type(), SqlType::Enum(app("member_role")));
    assert!(!MemberRole::nullable());

    let status = QualifiedName::new("public", "session_state");
    assert_eq!(
        SessionStatus::enum_def(),
        EnumDef {
            renamed_from: Some("session_status".into()),
            ..EnumDef::new(status.clone(), &["scheduled", "in_progress", "done"])
        }
    );
    assert_eq!(SessionStatus::sql_type(), SqlType::Enum(status));
}

#[test]
fn derived_types_build_a_valid_schema() {
    let schema = Schema::builder()
        .enum_type::<MemberRole>()
        .enum_type::<SessionStatus>()
        .table::<Session>()
        .table::<Member>()
        .table::<Org>()
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .add_external_role("authenticated")
        .add_external_role("service_role")
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"));

    assert_eq!(schema.schemas, ["app"]);
    let names: Vec<&QualifiedName> = schema.tables.iter().map(|t| &t.name).collect();
    assert_eq!(names, [&app("members"), &app("orgs"), &app("sessions")]);
    assert_eq!(schema.table(&app("orgs")), Some(&expected_org()));

    // Foreign keys to a primary key get its columns.
    let members = schema.table(&app("members")).unwrap();
    assert_eq!(members.foreign_keys[0].referenced_columns, ["id"]);
    assert_eq!(members.foreign_keys[1].referenced_columns, ["id"]);

    let sessions = schema.table(&app("sessions")).unwrap();
    let coach_key = sessions
        .foreign_keys
        .iter()
        .find(|k| k.name == "sessions_coach_fkey")
        .unwrap();
    assert_eq!(coach_key.referenced_columns, ["org_id", "user_id"]);

    // `sql_type = "session_state"` names the registered enum.
    assert_eq!(
        sessions.column("status").unwrap().ty,
        SqlType::Enum(QualifiedName::new("public", "session_state"))
    );

    // Sorted by name, and the redundant `nulls_last` of an ascending key dropped.
    let index_names: Vec<&str> = sessions.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        index_names,
        [
            "sessions_coach_id_startsAt_idx",
            "sessions_expr_idx",
            "sessions_org_id_title_idx",
            "sessions_title_search"
        ]
    );
    assert_eq!(sessions.indexes[0].keys[0].nulls, None);
    assert_eq!(sessions.indexes[0].keys[1].nulls, Some(NullsOrder::Last));
    assert!(matches!(
        sessions.indexes[3].keys[0].target,
        IndexTarget::Expression(_)
    ));
}

/// A table referencing itself through `Self`.
#[derive(Table)]
struct Category {
    #[column(primary_key, identity = "by default")]
    id: i64,
    #[column(references = Self, on_delete = "cascade")]
    parent_id: Option<i64>,
}

#[test]
fn tables_can_reference_themselves() {
    let def = Category::table_def();
    assert_eq!(def.name, QualifiedName::new("public", "category"));
    assert_eq!(def.columns[0].identity, Some(Identity::ByDefault));
    let key = &def.foreign_keys[0];
    assert_eq!(key.name, "category_parent_id_fkey");
    assert_eq!(key.references, def.name);
    assert_eq!(key.on_delete, ReferentialAction::Cascade);

    let schema = Schema::builder().table::<Category>().build().unwrap();
    assert_eq!(schema.tables[0].foreign_keys[0].referenced_columns, ["id"]);
}

/// The planner attributes of `#[derive(Function)]`.
#[test]
fn function_planner_attributes() {
    use schemata::{Function, Parallel};

    #[derive(Function)]
    #[function(
        returns = "setof bigint",
        language = "sql",
        volatility = "stable",
        leakproof,
        parallel = "safe",
        cost = 5,
        rows = 20,
        body = "SELECT 1::bigint"
    )]
    struct Ids;

    let def = Ids::function_def();
    assert!(def.leakproof);
    assert_eq!(def.parallel, Parallel::Safe);
    assert_eq!((def.cost, def.rows), (Some(5), Some(20)));
}

/// `#[function(procedure)]` and argument modes: `out`, `inout` and `variadic` before the
/// name; an argument named like a mode is still an input.
#[test]
fn procedures_and_argument_modes() {
    use schemata::{ArgumentMode, Function, Language, Returns, RoutineKind};

    #[derive(Function)]
    #[function(
        procedure,
        args(order_id: i64, inout total: "numeric", out status: String),
        language = "plpgsql",
        body = "BEGIN total := total * 2; status := 'ok'; END"
    )]
    struct Settle;

    #[derive(Function)]
    #[function(
        args(out: "text", variadic xs: "integer[]", out _: "integer"),
        returns = "integer",
        language = "sql",
        body = "SELECT array_length(xs, 1)"
    )]
    struct CountAll;

    let settle = Settle::function_def();
    assert_eq!(settle.kind, RoutineKind::Procedure);
    assert_eq!(settle.returns, Returns::Void);
    assert_eq!(settle.language, Language::Plpgsql);
    let modes: Vec<ArgumentMode> = settle.arguments.iter().map(|a| a.mode).collect();
    assert_eq!(
        modes,
        [ArgumentMode::In, ArgumentMode::InOut, ArgumentMode::Out]
    );
    assert_eq!(settle.argument_types(), ["bigint", "numeric"]);
    assert_eq!(
        settle.signature(),
        "public.settle(bigint, INOUT numeric, OUT text)"
    );

    let count = CountAll::function_def();
    assert_eq!(count.kind, RoutineKind::Function);
    let arguments: Vec<(ArgumentMode, Option<&str>)> = count
        .arguments
        .iter()
        .map(|a| (a.mode, a.name.as_deref()))
        .collect();
    assert_eq!(
        arguments,
        [
            (ArgumentMode::In, Some("out")),
            (ArgumentMode::Variadic, Some("xs")),
            (ArgumentMode::Out, None),
        ]
    );
    assert_eq!(count.argument_types(), ["text", "integer[]"]);
    Schema::builder()
        .function::<Settle>()
        .function::<CountAll>()
        .build()
        .unwrap();
}

/// `#[table(unlogged, replica_identity = ...)]` and `replica_identity_index`.
#[test]
fn table_storage_and_replica_identity() {
    use schemata::Table;

    #[derive(Table)]
    #[table(
        unlogged,
        replica_identity = "full",
        storage(fillfactor = 70, autovacuum_enabled = false)
    )]
    struct Hit {
        #[column(primary_key)]
        id: i64,
    }

    #[derive(Table)]
    #[table(replica_identity_index = "feed_code_key")]
    struct Feed {
        #[column(primary_key)]
        id: i64,
        #[column(unique)]
        code: String,
    }

    let hit = Hit::table_def();
    assert!(hit.unlogged);
    assert_eq!(hit.replica_identity, ReplicaIdentity::Full);
    assert_eq!(
        hit.storage.iter().collect::<Vec<_>>(),
        [
            (&"autovacuum_enabled".to_string(), &"false".to_string()),
            (&"fillfactor".to_string(), &"70".to_string())
        ]
    );
    let feed = Feed::table_def();
    assert!(!feed.unlogged);
    assert_eq!(
        feed.replica_identity,
        ReplicaIdentity::Index("feed_code_key".into())
    );
    schemata::Schema::builder()
        .table::<Hit>()
        .table::<Feed>()
        .build()
        .unwrap();
}

/// `#[view(security_barrier, check_option = "...")]`.
#[test]
fn view_options() {
    use schemata::{CheckOption, View};

    #[derive(View)]
    #[view(
        security_barrier,
        check_option = "cascaded",
        sql = "SELECT id FROM app.orgs WHERE id IS NOT NULL"
    )]
    struct OrgIds {
        #[allow(dead_code)]
        id: Uuid,
    }

    let def = OrgIds::view_def();
    assert!(def.security_barrier);
    assert_eq!(def.check_option, Some(CheckOption::Cascaded));
}

/// An access method from an extension, by name, and a type from one through `sql_type`.
#[derive(Table)]
#[table(name = "readings")]
#[index(on(a, b), method = "bloom")]
#[index(on(embedding(opclass = "vector_cosine_ops")), method = "HNSW")]
#[allow(dead_code)]
struct Reading {
    id: i64,
    a: i32,
    b: i32,
    #[column(sql_type = "vector(3)")]
    embedding: Option<String>,
}

#[test]
fn extension_access_methods_are_taken_by_name() {
    let table = Reading::table_def();
    let methods: Vec<&IndexMethod> = table.indexes.iter().map(|i| &i.method).collect();
    assert_eq!(
        methods,
        [
            &IndexMethod::Other("bloom".into()),
            &IndexMethod::Other("hnsw".into())
        ]
    );
    assert_eq!(
        table.column("embedding").unwrap().ty,
        SqlType::Custom("vector(3)".into())
    );
}

#[derive(Table)]
#[table(
    name = "bookings",
    exclude(
        name = "bookings_no_overlap",
        definition = "USING gist (room WITH =, during WITH &&)"
    )
)]
#[allow(dead_code)]
struct Booking {
    id: i64,
    room: i64,
    #[column(sql_type = "tstzrange")]
    during: Option<String>,
}

#[test]
fn exclusion_constraints_are_declared_on_the_table() {
    let table = Booking::table_def();
    assert_eq!(
        table.exclusions,
        [schemata::Exclusion {
            comment: Default::default(),
            name: "bookings_no_overlap".into(),
            definition: "USING gist (room WITH =, during WITH &&)".into(),
        }]
    );
    // Its text goes into a statement: one that would end it is refused.
    let error = Schema::builder()
        .add_table(table.with_exclusion("evil", "USING gist (room WITH =); DROP TABLE x"))
        .build()
        .unwrap_err();
    assert!(
        error.to_string().contains("exclusion constraint `evil`"),
        "{error}"
    );
}

#[derive(Table)]
#[table(
    name = "positions",
    primary_key(id, deferrable = "initially_immediate"),
    unique(list_id, position, deferrable = "initially_deferred")
)]
#[allow(dead_code)]
struct Position {
    id: i64,
    list_id: i64,
    position: i32,
}

#[test]
fn keys_can_be_deferrable() {
    let table = Position::table_def();
    assert_eq!(
        table.primary_key.as_ref().unwrap().deferrable,
        Deferrable::InitiallyImmediate
    );
    assert_eq!(table.uniques[0].deferrable, Deferrable::InitiallyDeferred);
    let sql = schemata::postgres::to_sql(
        &Schema::builder().add_table(table).build().unwrap(),
        &Default::default(),
    );
    assert!(
        sql.contains("UNIQUE (list_id, \"position\") DEFERRABLE INITIALLY DEFERRED"),
        "{sql}"
    );
}

#[derive(Table)]
#[table(
    name = "books",
    foreign_key(columns(room, shelf), references = "shelves(room, number)", match_full)
)]
#[allow(dead_code)]
struct Book {
    id: i64,
    room: Option<i64>,
    shelf: Option<i64>,
}

#[test]
fn foreign_keys_can_match_full() {
    let table = Book::table_def();
    assert!(table.foreign_keys[0].match_full);
    let mut sql = String::new();
    schemata::postgres::statement::add_foreign_key(&table.name, &table.foreign_keys[0], &mut sql)
        .unwrap();
    assert!(sql.contains("MATCH FULL"), "{sql}");
}

#[derive(Table)]
#[table(
    name = "meters",
    check(name = "meters_reading_check", expr = "reading >= 0", no_inherit)
)]
#[allow(dead_code)]
struct Meter {
    id: i64,
    reading: i32,
}

#[test]
fn checks_can_be_no_inherit() {
    let table = Meter::table_def();
    assert!(table.checks[0].no_inherit);
    let sql = schemata::postgres::to_sql(
        &Schema::builder().add_table(table).build().unwrap(),
        &Default::default(),
    );
    assert!(sql.contains("CHECK (reading >= 0) NO INHERIT"), "{sql}");
}

#[derive(Table)]
#[table(name = "visits")]
#[index(on(at(desc)), comment = "Newest first, for the dashboard")]
#[allow(dead_code)]
struct Visit {
    id: i64,
    at: DateTime<Utc>,
}

#[test]
fn indexes_can_have_comments() {
    let table = Visit::table_def();
    assert_eq!(
        table.indexes[0].comment.as_deref(),
        Some("Newest first, for the dashboard")
    );
    let sql = schemata::postgres::to_sql(
        &Schema::builder().add_table(table).build().unwrap(),
        &Default::default(),
    );
    assert!(
        sql.contains("COMMENT ON INDEX public.visits_at_idx IS 'Newest first, for the dashboard';"),
        "{sql}"
    );
}

#[derive(Table)]
#[table(name = "accounts")]
struct Account {
    #[column(primary_key)]
    id: i64,
    /// Compared without case, through the collation the schema declares.
    #[column(unique, collate = "case_insensitive")]
    email: String,
    #[column(collate = "C")]
    handle: String,
}

#[test]
fn collate_sets_the_column_collation() {
    let def = Account::table_def();
    let collation = |name: &str| def.column(name).unwrap().collation.clone();
    assert_eq!(collation("email").as_deref(), Some("case_insensitive"));
    assert_eq!(collation("handle").as_deref(), Some("C"));
    assert_eq!(collation("id"), None);
}

#[derive(Table)]
#[table(
    name = "ledger",
    rls,
    primary_key(id, comment = "The entry's number"),
    check(name = "ledger_amount_check", expr = "amount <> 0", comment = "No empty entries"),
    foreign_key(columns(account_id), references = Account, comment = "Whose entry")
)]
#[policy(name = "own_entries", using = "true", comment = "Everyone's, for now")]
struct LedgerEntry {
    id: i64,
    account_id: i64,
    amount: i64,
    #[column(storage = "external", compression = "pglz", statistics = 500)]
    memo: Option<String>,
    #[column(n_distinct = -0.5, n_distinct_inherited = 1000)]
    kind: i32,
}

#[test]
fn constraints_and_policies_take_comments_and_columns_their_storage_and_statistics() {
    use schemata::{Compression, Storage};
    let def = LedgerEntry::table_def();
    let comments: Vec<(&str, Option<&str>)> = def.constraint_comments().collect();
    assert_eq!(
        comments,
        [
            ("ledger_pkey", Some("The entry's number")),
            ("ledger_amount_check", Some("No empty entries")),
            ("ledger_account_id_fkey", Some("Whose entry")),
        ]
    );
    assert_eq!(
        def.policies[0].comment.as_deref(),
        Some("Everyone's, for now")
    );
    let memo = def.column("memo").unwrap();
    assert_eq!(memo.storage, Some(Storage::External));
    assert_eq!(memo.compression, Some(Compression::Pglz));
    assert_eq!(memo.statistics, Some(500));
    let kind = def.column("kind").unwrap();
    assert_eq!(kind.n_distinct.as_deref(), Some("-0.5"));
    assert_eq!(kind.n_distinct_inherited.as_deref(), Some("1000"));
    let schema = Schema::builder()
        .table::<Account>()
        .table::<LedgerEntry>()
        .build()
        .unwrap();
    let sql = schemata::postgres::to_sql(&schema, &Default::default());
    for statement in [
        "memo text COMPRESSION pglz",
        "ALTER TABLE public.ledger ALTER COLUMN memo SET STORAGE EXTERNAL;",
        "ALTER TABLE ONLY public.ledger ALTER COLUMN memo SET STATISTICS 500;",
        "ALTER TABLE public.ledger ALTER COLUMN kind SET (n_distinct = -0.5, n_distinct_inherited = 1000);",
        "COMMENT ON CONSTRAINT ledger_account_id_fkey ON public.ledger IS 'Whose entry';",
        "COMMENT ON POLICY own_entries ON public.ledger IS 'Everyone''s, for now';",
    ] {
        assert!(sql.contains(statement), "{statement}\n{sql}");
    }
}

#[derive(Table)]
#[table(name = "items")]
#[allow(dead_code)]
struct Item {
    id: i64,
    name: String,
}

/// Lists only its own column: `id` and `name` come from `items`.
#[derive(Table)]
#[table(name = "heavy_items", inherits = "items")]
#[allow(dead_code)]
struct HeavyItem {
    weight: f64,
}

#[test]
fn inherits_names_the_parents() {
    let table = HeavyItem::table_def();
    assert_eq!(table.inherits, [QualifiedName::parse("items")]);
    let schema = Schema::builder()
        .table::<Item>()
        .table::<HeavyItem>()
        .build()
        .unwrap();
    let sql = schemata::postgres::to_sql(&schema, &Default::default());
    assert!(
        sql.contains("weight double precision NOT NULL\n) INHERITS (public.items);"),
        "{sql}"
    );
}

/// `#[table(rename_all = "camelCase")]`: every column without `#[column(name)]` is named by
/// the rule, and the keys, indexes and typed queries that name fields use those names.
#[test]
fn rename_all_names_the_columns() {
    use schemata::query::prelude::*;
    use schemata::sea_query::{PostgresQueryBuilder, Query};

    #[derive(Table)]
    #[table(rename_all = "camelCase", unique(owner_id, display_name))]
    #[index(on(created_at))]
    struct Profile {
        #[column(primary_key)]
        profile_id: Uuid,
        owner_id: Uuid,
        display_name: String,
        #[column(name = "created")]
        created_at: DateTime<Utc>,
        address_line_2: Option<String>,
    }

    #[derive(Table)]
    #[table(rename_all = "SCREAMING-KEBAB-CASE")]
    struct Legacy {
        #[column(primary_key)]
        legacy_id: i64,
    }

    let def = Profile::table_def();
    let names: Vec<&str> = def.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "profileId",
            "ownerId",
            "displayName",
            "created",
            "addressLine2"
        ]
    );
    assert_eq!(def.primary_key.as_ref().unwrap().columns, ["profileId"]);
    assert_eq!(def.uniques[0].columns, ["ownerId", "displayName"]);
    assert_eq!(
        def.indexes[0].keys[0].target,
        IndexTarget::Column("created".into())
    );
    assert_eq!(Legacy::table_def().columns[0].name, "LEGACY-ID");

    let sql = Query::select()
        .columns(Profile::columns_of("p"))
        .from(Profile::table().alias("p"))
        .cond_where(Profile::OWNER_ID.of("p").eq(Uuid::nil()))
        .to_string(PostgresQueryBuilder);
    assert_eq!(
        sql,
        r#"SELECT "p"."profileId", "p"."ownerId", "p"."displayName", "p"."created", "p"."addressLine2" FROM "profile" AS "p" WHERE "p"."ownerId" = '00000000-0000-0000-0000-000000000000'"#
    );
}

#[derive(schemata::Function)]
#[function(
    returns = "trigger",
    language = "plpgsql",
    body = "BEGIN RETURN NEW; END"
)]
struct TouchImport;

/// A trigger's firing state and comment, as the builder's `Trigger::firing` and
/// `Trigger::comment` make them.
#[derive(Table)]
#[trigger(name = "imports_touch", before, events(update), function = TouchImport,
          firing = "disabled", comment = "Kept off while rows are imported.")]
#[trigger(name = "imports_replicated", after, events(insert), function = TouchImport,
          firing = "replica")]
#[trigger(name = "imports_everywhere", after, events(delete), function = TouchImport,
          firing = "always")]
struct Import {
    id: i64,
}

#[test]
fn triggers_take_their_firing_and_a_comment() {
    use schemata::TriggerFiring;
    let schema = Schema::builder()
        .function::<TouchImport>()
        .table::<Import>()
        .build()
        .unwrap();
    let table = &schema.tables[0];
    let of = |name: &str| table.triggers.iter().find(|t| t.name == name).unwrap();
    assert_eq!(of("imports_touch").firing, TriggerFiring::Disabled);
    assert_eq!(
        of("imports_touch").comment.as_deref(),
        Some("Kept off while rows are imported.")
    );
    assert_eq!(of("imports_replicated").firing, TriggerFiring::Replica);
    assert_eq!(of("imports_replicated").comment, None);
    assert_eq!(of("imports_everywhere").firing, TriggerFiring::Always);
}
