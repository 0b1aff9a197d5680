//! Hand-written (old, new) schema pairs covering every kind of change: the cases behind
//! the plan snapshots and the convergence tests on a real server. Not part of the public
//! API; compiled for this crate's tests and with the `fixtures` feature, like `fixtures`.

use schema_core::{
    Column, DefaultValue, Deferrable, EnumDef, EnumValue, ExternalFunction, ExternalTable,
    ForeignKey, Identity, Index, IndexKey, IndexMethod, Literal, Policy, PolicyCommand,
    QualifiedName, ReferentialAction, RowLevelSecurity, Schema, SchemaBuilder, SqlType, TableDef,
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
        ("no_changes", no_changes, None),
        ("create_schema_and_table", create_schema_and_table, None),
        ("drop_table", drop_table, None),
        ("drop_schema_with_tables", drop_schema_with_tables, None),
        ("rename_table", rename_table, None),
        ("move_table_to_schema", move_table_to_schema, None),
        ("add_columns", add_columns, None),
        (
            "add_identity_and_generated_columns",
            add_identity_and_generated_columns,
            None,
        ),
        ("drop_column", drop_column, None),
        ("rename_column", rename_column, None),
        ("widen_types", widen_types, None),
        (
            "cast_text_to_integer",
            cast_text_to_integer,
            Some(CAST_SEED),
        ),
        ("narrow_numeric", narrow_numeric, None),
        ("nullability", nullability, None),
        ("defaults", defaults, None),
        ("identity_changes", identity_changes, None),
        ("generated_changes", generated_changes, None),
        ("comments", comments, None),
        ("primary_keys", primary_keys, None),
        ("unique_constraints", unique_constraints, None),
        ("check_constraints", check_constraints, None),
        ("foreign_keys", foreign_keys, None),
        ("foreign_key_cycle_created", foreign_key_cycle_created, None),
        ("foreign_key_cycle_dropped", foreign_key_cycle_dropped, None),
        ("indexes", indexes, None),
        ("enum_created_and_dropped", enum_created_and_dropped, None),
        ("enum_values_added", enum_values_added, None),
        ("enum_value_used_at_once", enum_value_used_at_once, None),
        ("enum_renamed", enum_renamed, None),
        ("enum_value_removed", enum_value_removed, Some(ENUM_SEED)),
        ("enum_values_reordered", enum_values_reordered, None),
        ("row_level_security", row_level_security, None),
        ("policies", policies, None),
        (
            "type_change_with_dependents",
            type_change_with_dependents,
            None,
        ),
        (
            "binary_coercible_change_with_policy",
            binary_coercible_change_with_policy,
            None,
        ),
        ("awkward_names", awkward_names, None),
        ("external_objects", external_objects, None),
        ("cross_schema_foreign_key", cross_schema_foreign_key, None),
        ("array_columns", array_columns, None),
        ("deferrable_foreign_key", deferrable_foreign_key, None),
        ("column_joins_primary_key", column_joins_primary_key, None),
        ("demo_app_evolves", demo_app_evolves, Some(DEMO_SEED)),
        ("everything_dropped", everything_dropped, None),
        ("everything_created", everything_created, None),
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

const CAST_SEED: &str = "INSERT INTO public.readings (id, value) VALUES (1, '42'), (2, '-7');";
const DEMO_SEED: &str = "INSERT INTO public.coaches (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Ada'); INSERT INTO public.sessions (id, coach_id, status, starts_at) VALUES (1, '00000000-0000-0000-0000-000000000001', 'booked', now());";
const ENUM_SEED: &str = "INSERT INTO public.tasks (id, state, states) VALUES (1, 'todo', '{todo,done}'), (2, 'done', '{}');";

// --- Helpers --------------------------------------------------------------------------

/// A builder that knows the roles policies name.
fn base() -> SchemaBuilder {
    Schema::builder()
        .external_role("authenticated")
        .external_role("anon")
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

fn with_literal(mut column: Column, literal: Literal) -> Column {
    column.default = Some(DefaultValue::Literal(literal));
    column
}

fn renamed(mut column: Column, from: &str) -> Column {
    column.renamed_from = Some(from.into());
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

fn generated(mut column: Column, sql: &str) -> Column {
    column.generated = Some(sql.into());
    column
}

fn id_table(name: &str) -> TableDef {
    table(name)
        .with_column(col("id", "integer"))
        .with_primary_key(None, &["id"])
}

fn fk(columns: &[&str], references: &str) -> ForeignKey {
    ForeignKey {
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
        name: String::new(),
        unique: false,
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

fn same(build: fn() -> SchemaBuilder) -> (SchemaBuilder, SchemaBuilder) {
    (build(), build())
}

// --- Pairs ----------------------------------------------------------------------------

fn no_changes() -> (SchemaBuilder, SchemaBuilder) {
    same(|| {
        base().add_enum(enum_def("mood", &["ok", "meh"])).add_table(
            id_table("notes")
                .with_column(opt("body", "text"))
                .with_column(enum_col("mood", "mood", true))
                .with_index(None, index(keys(&["body"]))),
        )
    })
}

fn create_schema_and_table() -> (SchemaBuilder, SchemaBuilder) {
    let mut orders = id_table("shop.orders").with_column(col("total", "numeric(10,2)"));
    orders.comment = Some("Orders placed in the shop".into());
    (
        base().add_table(id_table("users")),
        base().add_table(id_table("users")).add_table(orders),
    )
}

fn drop_table() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("users")).add_table(
            id_table("sessions")
                .with_column(col("user_id", "integer"))
                .with_foreign_key(None, fk(&["user_id"], "users")),
        ),
        base().add_table(id_table("users")),
    )
}

fn drop_schema_with_tables() -> (SchemaBuilder, SchemaBuilder) {
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

fn rename_table() -> (SchemaBuilder, SchemaBuilder) {
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

fn move_table_to_schema() -> (SchemaBuilder, SchemaBuilder) {
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

fn add_columns() -> (SchemaBuilder, SchemaBuilder) {
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

fn add_identity_and_generated_columns() -> (SchemaBuilder, SchemaBuilder) {
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

fn drop_column() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("users")
                .with_column(opt("legacy", "text"))
                .with_index(None, index(keys(&["legacy"]))),
        ),
        base().add_table(id_table("users")),
    )
}

fn rename_column() -> (SchemaBuilder, SchemaBuilder) {
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

fn widen_types() -> (SchemaBuilder, SchemaBuilder) {
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

fn cast_text_to_integer() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("readings").with_column(opt("value", "text"))),
        base().add_table(id_table("readings").with_column(opt("value", "integer"))),
    )
}

fn narrow_numeric() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(id_table("amounts").with_column(opt("value", "numeric(10,4)"))),
        base().add_table(id_table("amounts").with_column(opt("value", "numeric(10,2)"))),
    )
}

fn nullability() -> (SchemaBuilder, SchemaBuilder) {
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

fn defaults() -> (SchemaBuilder, SchemaBuilder) {
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

fn identity_changes() -> (SchemaBuilder, SchemaBuilder) {
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

fn generated_changes() -> (SchemaBuilder, SchemaBuilder) {
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

fn comments() -> (SchemaBuilder, SchemaBuilder) {
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

fn primary_keys() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(table("a").with_column(col("id", "integer")))
            .add_table(
                table("b")
                    .with_column(col("id", "integer"))
                    .with_primary_key(None, &["id"]),
            )
            .add_table(
                table("c")
                    .with_column(col("x", "integer"))
                    .with_column(col("y", "integer"))
                    .with_primary_key(None, &["x"]),
            ),
        base()
            .add_table(
                table("a")
                    .with_column(col("id", "integer"))
                    .with_primary_key(None, &["id"]),
            )
            .add_table(table("b").with_column(col("id", "integer")))
            .add_table(
                table("c")
                    .with_column(col("x", "integer"))
                    .with_column(col("y", "integer"))
                    .with_primary_key(None, &["x", "y"]),
            ),
    )
}

fn unique_constraints() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("accounts")
                .with_column(col("email", "text"))
                .with_column(col("org", "integer"))
                .with_column(opt("handle", "text"))
                .with_unique(None, &["handle"]),
        ),
        base().add_table(
            id_table("accounts")
                .with_column(col("email", "text"))
                .with_column(col("org", "integer"))
                .with_column(opt("handle", "text"))
                .with_unique(None, &["org", "email"]),
        ),
    )
}

fn check_constraints() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            id_table("products")
                .with_column(col("price", "numeric(10,2)"))
                .with_column(col("stock", "integer"))
                .with_check(Some("price_positive"), None, "(price > (0)::numeric)")
                .with_check(Some("stock_known"), None, "(stock IS NOT NULL)"),
        ),
        base().add_table(
            id_table("products")
                .with_column(col("price", "numeric(10,2)"))
                .with_column(col("stock", "integer"))
                .with_check(Some("price_positive"), None, "(price >= (0)::numeric)")
                .with_check(Some("stock_not_negative"), None, "(stock >= 0)"),
        ),
    )
}

fn foreign_keys() -> (SchemaBuilder, SchemaBuilder) {
    let mut cascade = fk(&["team_id"], "teams");
    cascade.on_delete = ReferentialAction::Cascade;
    (
        base()
            .add_table(id_table("teams"))
            .add_table(
                id_table("members")
                    .with_column(col("team_id", "integer"))
                    .with_foreign_key(None, fk(&["team_id"], "teams")),
            )
            .add_table(
                id_table("games")
                    .with_column(opt("team_id", "integer"))
                    .with_foreign_key(None, fk(&["team_id"], "teams")),
            )
            .add_table(id_table("scores").with_column(opt("game_id", "integer"))),
        base()
            .add_table(id_table("teams"))
            .add_table(
                id_table("members")
                    .with_column(col("team_id", "integer"))
                    .with_foreign_key(None, cascade),
            )
            .add_table(id_table("games").with_column(opt("team_id", "integer")))
            .add_table(
                id_table("scores")
                    .with_column(opt("game_id", "integer"))
                    .with_foreign_key(None, fk(&["game_id"], "games")),
            ),
    )
}

fn foreign_key_cycle_created() -> (SchemaBuilder, SchemaBuilder) {
    (
        base(),
        base()
            .add_table(
                id_table("chickens")
                    .with_column(opt("egg_id", "integer"))
                    .with_foreign_key(None, fk(&["egg_id"], "eggs")),
            )
            .add_table(
                id_table("eggs")
                    .with_column(opt("chicken_id", "integer"))
                    .with_foreign_key(None, fk(&["chicken_id"], "chickens")),
            )
            .add_table(
                id_table("nodes")
                    .with_column(opt("parent_id", "integer"))
                    .with_foreign_key(None, fk(&["parent_id"], "nodes")),
            ),
    )
}

fn foreign_key_cycle_dropped() -> (SchemaBuilder, SchemaBuilder) {
    let (_, with_cycle) = foreign_key_cycle_created();
    (with_cycle, base())
}

fn indexes() -> (SchemaBuilder, SchemaBuilder) {
    let mut partial = index(keys(&["created_at"]));
    partial.predicate = Some("(deleted_at IS NULL)".into());
    let mut descending = IndexKey::column("created_at");
    descending.descending = true;
    let mut gin = index(vec![IndexKey::column("tags")]);
    gin.method = IndexMethod::Gin;
    let mut unique = index(keys(&["slug"]));
    unique.unique = true;
    let mut include = index(keys(&["author"]));
    include.include = vec!["title".into()];
    let columns = |t: TableDef| {
        t.with_column(col("slug", "text"))
            .with_column(col("author", "text"))
            .with_column(opt("title", "text"))
            .with_column(col("created_at", "timestamptz"))
            .with_column(opt("deleted_at", "timestamptz"))
            .with_column(opt("tags", "text[]"))
    };
    (
        base().add_table(
            columns(id_table("posts"))
                .with_index(Some("posts_recent"), index(keys(&["created_at"])))
                .with_index(None, index(keys(&["author"])))
                .with_index(None, index(keys(&["title"]))),
        ),
        base().add_table(
            columns(id_table("posts"))
                .with_index(Some("posts_recent"), partial)
                .with_index(Some("posts_newest_first"), index(vec![descending]))
                .with_index(None, gin)
                .with_index(None, unique)
                .with_index(Some("posts_author_idx"), include)
                .with_index(
                    Some("posts_lower_title"),
                    index(vec![IndexKey::expression("lower(title)")]),
                ),
        ),
    )
}

fn enum_created_and_dropped() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_enum(enum_def("old_kind", &["x"]))
            .add_table(id_table("things").with_column(enum_col("kind", "old_kind", true))),
        base()
            .add_enum(enum_def("new_kind", &["y", "z"]))
            .add_table(id_table("things").with_column(enum_col("sort", "new_kind", true))),
    )
}

fn enum_values_added() -> (SchemaBuilder, SchemaBuilder) {
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

fn enum_value_used_at_once() -> (SchemaBuilder, SchemaBuilder) {
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

fn enum_renamed() -> (SchemaBuilder, SchemaBuilder) {
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

fn enum_value_removed() -> (SchemaBuilder, SchemaBuilder) {
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

fn enum_values_reordered() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_enum(enum_def("size", &["s", "l", "m"]))
            .add_table(id_table("shirts").with_column(enum_col("size", "size", true))),
        base()
            .add_enum(enum_def("size", &["s", "m", "l"]))
            .add_table(id_table("shirts").with_column(enum_col("size", "size", true))),
    )
}

fn row_level_security() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(id_table("open_to_all"))
            .add_table(rls(id_table("locked"), true, true))
            .add_table(rls(id_table("half"), true, false)),
        base()
            .add_table(rls(id_table("open_to_all"), true, false))
            .add_table(id_table("locked"))
            .add_table(rls(id_table("half"), true, true)),
    )
}

fn policies() -> (SchemaBuilder, SchemaBuilder) {
    use PolicyCommand::*;
    let mut public = policy("anyone_reads", Select, Some("true"), None);
    public.roles.clear();
    let mut anon = policy("anyone_reads", Select, Some("true"), None);
    anon.roles = vec!["anon".into(), "authenticated".into()];
    let mut restrictive = policy("only_mine", All, Some("(owner = CURRENT_USER)"), None);
    restrictive.restrictive = true;
    let columns = |t: TableDef| {
        t.with_column(col("owner", "text"))
            .with_column(opt("body", "text"))
    };
    (
        base().add_table(rls(
            columns(id_table("notes"))
                .with_policy(public)
                .with_policy(policy(
                    "writes",
                    Insert,
                    None,
                    Some("(owner = CURRENT_USER)"),
                ))
                .with_policy(policy(
                    "edits",
                    Update,
                    Some("(owner = CURRENT_USER)"),
                    Some("true"),
                ))
                .with_policy(policy(
                    "removes",
                    Delete,
                    Some("(owner = CURRENT_USER)"),
                    None,
                ))
                .with_policy(policy("retired", Select, Some("false"), None)),
            true,
            false,
        )),
        base().add_table(rls(
            columns(id_table("notes"))
                .with_policy(anon)
                .with_policy(policy(
                    "writes",
                    Insert,
                    None,
                    Some("((owner = CURRENT_USER) AND (body IS NOT NULL))"),
                ))
                .with_policy(policy(
                    "edits",
                    Update,
                    Some("(owner = CURRENT_USER)"),
                    None,
                ))
                .with_policy(policy("removes", All, Some("(owner = CURRENT_USER)"), None))
                .with_policy(restrictive),
            true,
            false,
        )),
    )
}

fn type_change_with_dependents() -> (SchemaBuilder, SchemaBuilder) {
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

fn binary_coercible_change_with_policy() -> (SchemaBuilder, SchemaBuilder) {
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

fn awkward_names() -> (SchemaBuilder, SchemaBuilder) {
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

fn supabase() -> SchemaBuilder {
    base()
        .external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
}

fn external_objects() -> (SchemaBuilder, SchemaBuilder) {
    let profiles = |with_key: bool| {
        let mut t = rls(
            table("profiles")
                .with_column(col("id", "uuid"))
                .with_column(opt("name", "text"))
                .with_primary_key(None, &["id"]),
            true,
            false,
        );
        if with_key {
            let mut key = fk(&["id"], "auth.users");
            key.on_delete = ReferentialAction::Cascade;
            t = t.with_foreign_key(None, key).with_policy(policy(
                "own_profile",
                PolicyCommand::All,
                Some("(id = auth.uid())"),
                Some("(id = auth.uid())"),
            ));
        }
        t
    };
    (
        supabase().add_table(profiles(false)),
        supabase().add_table(profiles(true)),
    )
}

fn cross_schema_foreign_key() -> (SchemaBuilder, SchemaBuilder) {
    (
        base()
            .add_table(id_table("billing.accounts"))
            .add_table(id_table("invoices").with_column(opt("account_id", "integer"))),
        base().add_table(id_table("billing.accounts")).add_table(
            id_table("invoices")
                .with_column(opt("account_id", "integer"))
                .with_foreign_key(None, fk(&["account_id"], "billing.accounts")),
        ),
    )
}

fn array_columns() -> (SchemaBuilder, SchemaBuilder) {
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

fn deferrable_foreign_key() -> (SchemaBuilder, SchemaBuilder) {
    let mut deferred = fk(&["parent_id"], "parents");
    deferred.deferrable = Deferrable::InitiallyDeferred;
    deferred.on_update = ReferentialAction::Cascade;
    (
        base().add_table(id_table("parents")).add_table(
            id_table("children")
                .with_column(opt("parent_id", "integer"))
                .with_foreign_key(None, fk(&["parent_id"], "parents")),
        ),
        base().add_table(id_table("parents")).add_table(
            id_table("children")
                .with_column(opt("parent_id", "integer"))
                .with_foreign_key(None, deferred),
        ),
    )
}

fn column_joins_primary_key() -> (SchemaBuilder, SchemaBuilder) {
    (
        base().add_table(
            table("pairs")
                .with_column(col("a", "integer"))
                .with_column(opt("b", "integer")),
        ),
        base().add_table(
            table("pairs")
                .with_column(col("a", "integer"))
                .with_column(col("b", "integer"))
                .with_primary_key(None, &["a", "b"]),
        ),
    )
}

/// A small app growing up: several kinds of change at once.
fn demo_app_evolves() -> (SchemaBuilder, SchemaBuilder) {
    let coaches = |v2: bool| {
        let mut t = table("coaches")
            .with_column(with_default(col("id", "uuid"), "gen_random_uuid()"))
            .with_column(col("name", "text"))
            .with_primary_key(None, &["id"]);
        if v2 {
            t = t
                .with_column(with_default(col("created_at", "timestamptz"), "now()"))
                .with_unique(None, &["name"]);
        }
        rls(t, v2, false)
    };
    let sessions = |v2: bool| {
        let mut t = table("sessions")
            .with_column(col("id", "bigint"))
            .with_column(col("coach_id", "uuid"))
            .with_column(if v2 {
                enum_col("status", "session_status", false)
            } else {
                col("status", "text")
            })
            .with_column(col("starts_at", "timestamptz"))
            .with_primary_key(None, &["id"])
            .with_foreign_key(None, fk(&["coach_id"], "coaches"));
        if v2 {
            let mut by_coach = index(vec![IndexKey::column("coach_id"), {
                let mut key = IndexKey::column("starts_at");
                key.descending = true;
                key
            }]);
            by_coach.predicate = Some("(status <> 'cancelled'::session_status)".into());
            t = t.with_index(Some("sessions_by_coach"), by_coach);
        } else {
            t = t.with_index(Some("sessions_by_coach"), index(keys(&["coach_id"])));
        }
        t
    };
    let v2 = base()
        .add_enum(enum_def("session_status", &["booked", "done", "cancelled"]))
        .add_table(coaches(true).with_policy(policy(
            "coaches_read",
            PolicyCommand::Select,
            Some("true"),
            None,
        )))
        .add_table(sessions(true));
    (
        base().add_table(coaches(false)).add_table(sessions(false)),
        v2,
    )
}

fn everything_dropped() -> (SchemaBuilder, SchemaBuilder) {
    let (_, full) = demo_app_evolves();
    (full, base())
}

fn everything_created() -> (SchemaBuilder, SchemaBuilder) {
    let (_, full) = demo_app_evolves();
    (base(), full)
}
