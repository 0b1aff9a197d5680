//! Hand-built schemas that together use every option of the model: the cases behind the
//! rendering snapshots and the real-Postgres tests. Not part of the public API.
//!
//! They live in the library (compiled only for this crate's tests and with the
//! `fixtures` feature, which the root package's dev-dependency turns on) so that both
//! test suites render exactly the same schemas, without costing users anything.

use schema_core::{
    Column, DefaultValue, Deferrable, EnumDef, EnumValue, ExternalFunction, ExternalTable,
    ForeignKey, Identity, Index, IndexKey, IndexMethod, Literal, NullsOrder, Policy, PolicyCommand,
    QualifiedName, ReferentialAction, RowLevelSecurity, Schema, SchemaBuilder, SqlType, TableDef,
};

#[path = "fixtures_objects.rs"]
pub mod objects;

/// A named schema to render.
pub struct Case {
    /// Names the snapshot.
    pub name: &'static str,
    /// The schema, validated.
    pub schema: Schema,
}

/// A function that starts a case's schema.
type Fixture = fn() -> SchemaBuilder;

/// Every case, in a fixed order.
pub fn all() -> Vec<Case> {
    let cases: [(&'static str, Fixture); 13] = [
        ("column_types", column_types),
        ("defaults", defaults),
        ("identity_and_generated", identity_and_generated),
        ("constraints", constraints),
        ("foreign_keys", foreign_keys),
        ("indexes", indexes),
        ("row_level_security", row_level_security),
        ("comments", comments),
        ("awkward_names", awkward_names),
        ("non_public_schema", non_public_schema),
        ("enums", enums),
        ("stand_ins", stand_ins),
        ("empty", Schema::builder),
    ];
    built(cases)
}

/// The case called `name`.
pub fn case(name: &str) -> Schema {
    find(all(), name)
}

/// Builds each named fixture; an invalid one is a bug in the fixture.
fn built(cases: impl IntoIterator<Item = (&'static str, Fixture)>) -> Vec<Case> {
    cases
        .into_iter()
        .map(|(name, build)| Case {
            name,
            schema: build()
                .build()
                .unwrap_or_else(|errors| panic!("fixture `{name}` is invalid: {errors}")),
        })
        .collect()
}

fn find(cases: Vec<Case>, name: &str) -> Schema {
    cases
        .into_iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("no fixture `{name}`"))
        .schema
}

fn table(name: &str) -> TableDef {
    TableDef::new(QualifiedName::parse(name))
}

fn not_null(name: &str, ty: SqlType) -> Column {
    Column::new(name, ty, false)
}

fn nullable(name: &str, ty: SqlType) -> Column {
    Column::new(name, ty, true)
}

fn with_default(mut column: Column, default: DefaultValue) -> Column {
    column.default = Some(default);
    column
}

fn expression(sql: &str) -> DefaultValue {
    DefaultValue::Expression(sql.to_string())
}

fn commented(mut column: Column, comment: &str) -> Column {
    column.comment = Some(comment.to_string());
    column
}

fn custom(text: &str) -> SqlType {
    SqlType::Custom(text.to_string())
}

fn array(ty: SqlType) -> SqlType {
    SqlType::Array(Box::new(ty))
}

fn enum_type(name: &str) -> SqlType {
    SqlType::Enum(QualifiedName::parse(name))
}

/// A foreign key to the referenced table's primary key; the builder names it.
fn foreign_key(columns: &[&str], references: &str) -> ForeignKey {
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

fn descending(mut key: IndexKey) -> IndexKey {
    key.descending = true;
    key
}

fn nulls(mut key: IndexKey, order: NullsOrder) -> IndexKey {
    key.nulls = Some(order);
    key
}

fn opclass(mut key: IndexKey, opclass: &str) -> IndexKey {
    key.opclass = Some(opclass.to_string());
    key
}

fn policy(name: &str, command: PolicyCommand) -> Policy {
    Policy {
        name: name.to_string(),
        restrictive: false,
        command,
        roles: Vec::new(),
        using: None,
        with_check: None,
        allow: Vec::new(),
    }
}

fn mood() -> EnumDef {
    EnumDef::new(QualifiedName::parse("mood"), &["sad", "ok", "happy"])
}

/// One column of every type `SqlType` knows, half of them nullable.
fn column_types() -> SchemaBuilder {
    let numeric = |precision, scale| SqlType::Numeric { precision, scale };
    let types = table("every_type")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("flag", SqlType::Boolean))
        .with_column(nullable("small", SqlType::SmallInt))
        .with_column(not_null("regular", SqlType::Integer))
        .with_column(nullable("big", SqlType::BigInt))
        .with_column(not_null("ratio", SqlType::Real))
        .with_column(nullable("precise", SqlType::DoublePrecision))
        .with_column(not_null("amount", numeric(None, None)))
        .with_column(nullable("whole", SqlType::parse("numeric(12)")))
        .with_column(not_null("price", numeric(Some(10), Some(2))))
        .with_column(nullable("body", SqlType::Text))
        .with_column(not_null("label", SqlType::Varchar { length: None }))
        .with_column(nullable("code", SqlType::Varchar { length: Some(120) }))
        .with_column(not_null("country", SqlType::Char { length: 2 }))
        .with_column(nullable("payload", SqlType::Bytea))
        .with_column(not_null("external_id", SqlType::Uuid))
        .with_column(nullable("born_on", SqlType::Date))
        .with_column(not_null("opens_at", SqlType::Time))
        .with_column(nullable("logged_at", SqlType::Timestamp))
        .with_column(not_null("created_at", SqlType::Timestamptz))
        .with_column(nullable("duration", SqlType::Interval))
        .with_column(not_null("raw", SqlType::Json))
        .with_column(nullable("data", SqlType::Jsonb))
        .with_column(not_null("address", SqlType::Inet))
        .with_column(nullable("search", SqlType::Tsvector))
        .with_column(not_null("feeling", enum_type("mood")))
        .with_column(nullable("tags", array(SqlType::Text)))
        .with_column(not_null("feelings", array(enum_type("mood"))))
        .with_column(nullable(
            "precise_at",
            custom("timestamp(3) with time zone"),
        ))
        .with_column(not_null("seats", custom("int4range")))
        .with_column(nullable("network", custom("cidr")))
        .with_primary_key(None, &["id"]);
    Schema::builder().add_enum(mood()).add_table(types)
}

/// Every kind of default: expressions, text literals that need escaping, numbers, booleans.
fn defaults() -> SchemaBuilder {
    let text = |s: &str| DefaultValue::Literal(Literal::Text(s.to_string()));
    let number = |s: &str| DefaultValue::Literal(Literal::Number(s.to_string()));
    let boolean = |b| DefaultValue::Literal(Literal::Boolean(b));
    let settings = table("settings")
        .with_column(with_default(
            not_null("id", SqlType::Uuid),
            expression("gen_random_uuid()"),
        ))
        .with_column(with_default(
            not_null("created_at", SqlType::Timestamptz),
            expression("now()"),
        ))
        .with_column(with_default(
            not_null("options", SqlType::Jsonb),
            expression("'{}'::jsonb"),
        ))
        .with_column(with_default(
            not_null("tags", array(SqlType::Text)),
            expression("ARRAY[]::text[]"),
        ))
        .with_column(with_default(
            not_null("greeting", SqlType::Text),
            text("it's a \"test\""),
        ))
        .with_column(with_default(
            nullable("folder", SqlType::Text),
            text(r"C:\temp\new"),
        ))
        .with_column(with_default(not_null("nickname", SqlType::Text), text("")))
        .with_column(with_default(
            not_null("motto", SqlType::Text),
            text("café ☕\nsecond line"),
        ))
        .with_column(with_default(
            not_null("feeling", enum_type("mood")),
            text("ok"),
        ))
        .with_column(with_default(
            not_null("retries", SqlType::Integer),
            number("42"),
        ))
        .with_column(with_default(
            nullable(
                "balance",
                SqlType::Numeric {
                    precision: Some(10),
                    scale: Some(2),
                },
            ),
            number("-1.5"),
        ))
        .with_column(with_default(
            not_null("active", SqlType::Boolean),
            boolean(true),
        ))
        .with_column(with_default(
            not_null("archived", SqlType::Boolean),
            boolean(false),
        ))
        .with_column(nullable("note", SqlType::Text))
        .with_primary_key(None, &["id"]);
    Schema::builder().add_enum(mood()).add_table(settings)
}

/// Identity columns of both kinds and a stored generated column.
fn identity_and_generated() -> SchemaBuilder {
    let mut id = not_null("id", SqlType::BigInt);
    id.identity = Some(Identity::Always);
    let mut total = nullable(
        "total",
        SqlType::Numeric {
            precision: Some(12),
            scale: Some(2),
        },
    );
    total.generated = Some("quantity * unit_price".to_string());
    let line_items = table("line_items")
        .with_column(id)
        .with_column(not_null("quantity", SqlType::Integer))
        .with_column(not_null(
            "unit_price",
            SqlType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
        ))
        .with_column(total)
        .with_primary_key(None, &["id"]);

    let mut number = not_null("number", SqlType::Integer);
    number.identity = Some(Identity::ByDefault);
    let mut search = not_null("search", SqlType::Tsvector);
    search.generated = Some("to_tsvector('english'::regconfig, title)".to_string());
    let tickets = table("tickets")
        .with_column(number)
        .with_column(not_null("title", SqlType::Text))
        .with_column(search)
        .with_primary_key(None, &["number"]);
    Schema::builder().add_table(line_items).add_table(tickets)
}

/// Composite primary key, single and composite unique constraints, named and default-named
/// checks.
fn constraints() -> SchemaBuilder {
    let memberships = table("memberships")
        .with_column(not_null("org_id", SqlType::Uuid))
        .with_column(not_null("user_id", SqlType::Uuid))
        .with_column(not_null("role", SqlType::Text))
        .with_column(not_null("seat", SqlType::Integer))
        .with_primary_key(None, &["org_id", "user_id"])
        .with_unique(None, &["org_id", "seat"])
        .with_unique(Some("memberships_one_owner"), &["org_id", "role"]);
    let accounts = table("accounts")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("email", SqlType::Text))
        .with_column(not_null("handle", SqlType::Text))
        .with_column(nullable("age", SqlType::Integer))
        .with_primary_key(Some("accounts_primary"), &["id"])
        .with_unique(None, &["email"])
        .with_unique(Some("accounts_handle_unique"), &["handle"])
        .with_check(Some("accounts_email_format"), None, "email LIKE '%@%'")
        .with_check(None, Some("age"), "age >= 0 AND age < 150")
        .with_check(None, None, "handle <> email");
    Schema::builder().add_table(memberships).add_table(accounts)
}

/// Every action, both deferrable kinds, composite keys, a key to a unique constraint,
/// a cross-schema key to an external table, a self-reference and a two-table cycle.
fn foreign_keys() -> SchemaBuilder {
    let users = ExternalTable::new("auth.users")
        .column("id", SqlType::Uuid)
        .column("email", SqlType::Text);

    let mut to_auth = foreign_key(&["id"], "auth.users");
    to_auth.on_delete = ReferentialAction::Cascade;
    let profiles = table("profiles")
        .with_column(not_null("id", SqlType::Uuid))
        .with_column(nullable("display_name", SqlType::Text))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, to_auth);

    let mut manager = foreign_key(&["manager_id"], "employees");
    manager.on_delete = ReferentialAction::SetNull;
    let employees = table("employees")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(nullable("manager_id", SqlType::BigInt))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, manager);

    // teams.captain_id -> players and players.team_id -> teams: neither table can be
    // created with its key first.
    let mut captain = foreign_key(&["captain_id"], "players");
    captain.deferrable = Deferrable::InitiallyDeferred;
    let teams = table("teams")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(nullable("captain_id", SqlType::BigInt))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, captain);
    let mut team = foreign_key(&["team_id"], "teams");
    team.deferrable = Deferrable::InitiallyImmediate;
    team.on_delete = ReferentialAction::Cascade;
    let players = table("players")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("team_id", SqlType::BigInt))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, team);

    let parents = table("parents")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("code", SqlType::Text))
        .with_column(not_null("region", SqlType::Text))
        .with_primary_key(None, &["id"])
        .with_unique(None, &["code", "region"]);
    let mut children = table("children")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(nullable("parent_code", SqlType::Text))
        .with_column(nullable("parent_region", SqlType::Text))
        .with_primary_key(None, &["id"]);
    for (column, on_delete, on_update) in [
        (
            "no_action_id",
            ReferentialAction::NoAction,
            ReferentialAction::Restrict,
        ),
        (
            "restrict_id",
            ReferentialAction::Restrict,
            ReferentialAction::NoAction,
        ),
        (
            "cascade_id",
            ReferentialAction::Cascade,
            ReferentialAction::Cascade,
        ),
        (
            "set_null_id",
            ReferentialAction::SetNull,
            ReferentialAction::SetNull,
        ),
        (
            "set_default_id",
            ReferentialAction::SetDefault,
            ReferentialAction::SetDefault,
        ),
    ] {
        let mut key = foreign_key(&[column], "parents");
        key.on_delete = on_delete;
        key.on_update = on_update;
        children = children
            .with_column(nullable(column, SqlType::BigInt))
            .with_foreign_key(None, key);
    }
    let mut by_code = foreign_key(&["parent_code", "parent_region"], "parents");
    by_code.referenced_columns = vec!["code".into(), "region".into()];
    let children = children.with_foreign_key(Some("children_parent_code_fkey"), by_code);

    Schema::builder()
        .external_table(users)
        .add_table(profiles)
        .add_table(employees)
        .add_table(teams)
        .add_table(players)
        .add_table(parents)
        .add_table(children)
}

/// Unique, composite, ordered, partial, expression and covering indexes, every access
/// method, operator classes.
fn indexes() -> SchemaBuilder {
    let column = IndexKey::column;
    let documents = table("documents")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("owner_id", SqlType::Uuid))
        .with_column(not_null("slug", SqlType::Text))
        .with_column(not_null("title", SqlType::Text))
        .with_column(not_null("email", SqlType::Text))
        .with_column(not_null("score", SqlType::Integer))
        .with_column(not_null("created_at", SqlType::Timestamptz))
        .with_column(nullable("published_at", SqlType::Timestamptz))
        .with_column(not_null("body", SqlType::Jsonb))
        .with_column(not_null("search", SqlType::Tsvector))
        .with_column(not_null("tags", array(SqlType::Text)))
        .with_column(nullable("client_ip", SqlType::Inet))
        .with_column(nullable("valid_during", custom("tstzrange")))
        .with_primary_key(None, &["id"])
        .with_index(
            None,
            Index {
                unique: true,
                ..index(vec![column("slug")])
            },
        )
        .with_index(
            None,
            index(vec![column("owner_id"), descending(column("created_at"))]),
        )
        .with_index(
            None,
            index(vec![nulls(column("published_at"), NullsOrder::First)]),
        )
        .with_index(
            None,
            index(vec![nulls(descending(column("score")), NullsOrder::Last)]),
        )
        .with_index(
            Some("documents_published_idx"),
            Index {
                predicate: Some("published_at IS NOT NULL".into()),
                ..index(vec![column("owner_id")])
            },
        )
        .with_index(
            Some("documents_email_lower_key"),
            Index {
                unique: true,
                ..index(vec![IndexKey::expression("lower(email)")])
            },
        )
        .with_index(
            None,
            index(vec![
                IndexKey::expression("date_trunc('day'::text, created_at AT TIME ZONE 'UTC')"),
                descending(column("id")),
            ]),
        )
        .with_index(
            Some("documents_owner_covering_idx"),
            Index {
                include: vec!["title".into(), "score".into()],
                ..index(vec![column("owner_id")])
            },
        )
        .with_index(
            None,
            Index {
                method: IndexMethod::Gin,
                ..index(vec![opclass(column("body"), "jsonb_path_ops")])
            },
        )
        .with_index(
            None,
            Index {
                method: IndexMethod::Gin,
                ..index(vec![column("search")])
            },
        )
        .with_index(
            None,
            Index {
                method: IndexMethod::Gin,
                ..index(vec![column("tags")])
            },
        )
        .with_index(
            None,
            Index {
                method: IndexMethod::Gist,
                ..index(vec![opclass(column("client_ip"), "inet_ops")])
            },
        )
        .with_index(
            None,
            Index {
                method: IndexMethod::Gist,
                ..index(vec![column("valid_during")])
            },
        )
        .with_index(
            Some("documents_created_brin"),
            Index {
                method: IndexMethod::Brin,
                ..index(vec![column("created_at")])
            },
        )
        .with_index(
            Some("documents_slug_hash"),
            Index {
                method: IndexMethod::Hash,
                ..index(vec![column("slug")])
            },
        )
        .with_index(
            Some("documents_title_spgist"),
            Index {
                method: IndexMethod::Spgist,
                ..index(vec![column("title")])
            },
        )
        .with_index(
            Some("documents_title_pattern_idx"),
            index(vec![opclass(
                column("title"),
                "pg_catalog.text_pattern_ops",
            )]),
        );
    Schema::builder().add_table(documents)
}

/// RLS enabled, forced, both; permissive and restrictive policies for every command,
/// with and without roles, `USING` and `WITH CHECK`.
fn row_level_security() -> SchemaBuilder {
    let owner = "owner_id = auth.uid()";
    let notes = TableDef {
        row_level_security: RowLevelSecurity {
            enabled: true,
            forced: false,
        },
        ..table("notes")
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_column(not_null("owner_id", SqlType::Uuid))
    .with_column(not_null("published", SqlType::Boolean))
    .with_column(not_null("banned", SqlType::Boolean))
    .with_primary_key(None, &["id"])
    .with_policy(Policy {
        roles: vec!["anon".into(), "authenticated".into()],
        using: Some("published".into()),
        ..policy("notes are readable when published", PolicyCommand::Select)
    })
    .with_policy(Policy {
        roles: vec!["authenticated".into()],
        using: Some(owner.into()),
        with_check: Some(owner.into()),
        ..policy("owners manage their notes", PolicyCommand::All)
    })
    .with_policy(Policy {
        roles: vec!["authenticated".into()],
        with_check: Some(owner.into()),
        ..policy("owners_insert", PolicyCommand::Insert)
    })
    .with_policy(Policy {
        using: Some(owner.into()),
        with_check: Some("owner_id = auth.uid() AND NOT banned".into()),
        ..policy("owners_update", PolicyCommand::Update)
    })
    .with_policy(Policy {
        using: Some(owner.into()),
        ..policy("owners_delete", PolicyCommand::Delete)
    })
    .with_policy(Policy {
        restrictive: true,
        using: Some("NOT banned".into()),
        ..policy("banned rows are hidden", PolicyCommand::All)
    })
    .with_policy(Policy {
        restrictive: true,
        roles: vec!["authenticated".into()],
        with_check: Some("published OR owner_id IS NOT NULL".into()),
        ..policy("restrict_insert", PolicyCommand::Insert)
    });
    let secrets = TableDef {
        row_level_security: RowLevelSecurity {
            enabled: true,
            forced: true,
        },
        ..table("secrets")
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_column(not_null("value", SqlType::Text))
    .with_primary_key(None, &["id"])
    .with_policy(Policy {
        roles: vec!["service_role".into()],
        using: Some("true".into()),
        ..policy("service role only", PolicyCommand::All)
    });
    // Forced without enabled is legal and does nothing until RLS is enabled.
    let audit = TableDef {
        row_level_security: RowLevelSecurity {
            enabled: false,
            forced: true,
        },
        ..table("audit_log")
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_primary_key(None, &["id"]);
    Schema::builder()
        .external_function(
            ExternalFunction::new("auth.uid", SqlType::Uuid).stand_in(
                "select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid",
            ),
        )
        .external_role("anon")
        .external_role("authenticated")
        .external_role("service_role")
        .add_table(notes)
        .add_table(secrets)
        .add_table(audit)
}

/// Comments on an enum (with value comments), tables and columns, with quotes and lines.
fn comments() -> SchemaBuilder {
    let mut status = EnumDef::new(
        QualifiedName::parse("order_status"),
        &["pending", "paid", "shipped"],
    );
    status.comment = Some("Where an order is. Don't reorder the values.".into());
    status.values[0].comment = Some("Waiting for the payment".into());
    status.values[2].comment = Some("On its way;\nthe 'tracking' column says where".into());
    let mut tag = EnumDef::new(QualifiedName::parse("tag"), &["new", "old"]);
    tag.values[1].comment = Some("Seen before".into());
    let orders = TableDef {
        comment: Some("Customer orders.\n\nOne row per checkout; it's never deleted.".into()),
        ..table("orders")
    }
    .with_column(commented(
        not_null("id", SqlType::BigInt),
        "The order's number",
    ))
    .with_column(commented(
        not_null("status", enum_type("order_status")),
        "See the \"order_status\" type",
    ))
    .with_column(nullable("tracking", SqlType::Text))
    .with_column(nullable("tag", enum_type("tag")))
    .with_primary_key(None, &["id"]);
    let plain = table("uncommented").with_column(commented(
        nullable("only_column", SqlType::Text),
        "Only this",
    ));
    Schema::builder()
        .add_enum(status)
        .add_enum(tag)
        .add_table(orders)
        .add_table(plain)
}

/// Names that must be quoted: keywords, capitals, spaces, quotes, non-ASCII, and names
/// at Postgres's 63-byte limit.
fn awkward_names() -> SchemaBuilder {
    let long_table = "t".repeat(63);
    let long_column = format!("c{}", "_".repeat(62));
    let long_index = format!("Index{}", "x".repeat(58));
    let status = EnumDef::new(
        QualifiedName::new("Sales", "Status"),
        &["Open", "it's closed", "on hold"],
    );
    let user = table("user")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("userId", SqlType::Uuid))
        .with_column(nullable("select", SqlType::Text))
        .with_column(nullable("say \"hi\"", SqlType::Text))
        .with_column(nullable("café", SqlType::Text))
        .with_primary_key(None, &["id"])
        .with_unique(None, &["userId"]);
    let order = TableDef {
        row_level_security: RowLevelSecurity {
            enabled: true,
            forced: false,
        },
        comment: Some("\"order\" is a keyword".into()),
        ..TableDef::new(QualifiedName::new("Sales", "order"))
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_column(not_null("user", SqlType::BigInt))
    .with_column(commented(
        not_null(
            "Status",
            SqlType::Enum(QualifiedName::new("Sales", "Status")),
        ),
        "capitalised",
    ))
    .with_primary_key(Some("Order PK"), &["id"])
    .with_foreign_key(Some("order → user"), foreign_key(&["user"], "user"))
    .with_index(
        None,
        index(vec![column_key("user"), descending(column_key("Status"))]),
    )
    .with_policy(Policy {
        using: Some("\"user\" > 0".into()),
        ..policy("Users can't see \"others\"", PolicyCommand::Select)
    });
    let long = TableDef::new(QualifiedName::parse(&long_table))
        .with_column(not_null(&long_column, SqlType::Integer))
        .with_primary_key(Some(&format!("pk{}", "_".repeat(61))), &[&long_column])
        .with_index(Some(&long_index), index(vec![column_key(&long_column)]));
    Schema::builder()
        .add_enum(status)
        .add_table(user)
        .add_table(order)
        .add_table(long)
}

fn column_key(name: &str) -> IndexKey {
    IndexKey::column(name)
}

/// Objects in schemas other than `public`, referencing each other across schemas.
fn non_public_schema() -> SchemaBuilder {
    let status = EnumDef::new(QualifiedName::parse("app.status"), &["active", "archived"]);
    let projects = TableDef {
        comment: Some("Projects live in `app`".into()),
        ..TableDef::new(QualifiedName::parse("app.projects"))
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_column(with_default(
        not_null("status", enum_type("app.status")),
        expression("'active'::app.status"),
    ))
    .with_column(nullable("name", SqlType::Text))
    .with_primary_key(None, &["id"])
    .with_index(None, index(vec![IndexKey::column("status")]));
    let tasks = table("tasks")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("project_id", SqlType::BigInt))
        .with_column(nullable("states", array(enum_type("app.status"))))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, foreign_key(&["project_id"], "app.projects"));
    Schema::builder()
        .namespace("reporting")
        .add_enum(status)
        .add_table(projects)
        .add_table(tasks)
}

/// Enum types: label order kept, labels needing quotes, an empty enum.
fn enums() -> SchemaBuilder {
    let mut answer = EnumDef::new(QualifiedName::parse("answer"), &["yes", "no"]);
    answer.values.push(EnumValue {
        label: "Not Sure (it's \"complicated\")".into(),
        comment: None,
        renamed_from: None,
    });
    let nothing = EnumDef::new(QualifiedName::parse("nothing"), &[]);
    let survey = table("survey")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("answer", enum_type("answer")))
        .with_column(nullable("mood", enum_type("mood")))
        .with_primary_key(None, &["id"]);
    Schema::builder()
        .add_enum(mood())
        .add_enum(answer)
        .add_enum(nothing)
        .add_table(survey)
}

/// External tables, functions (with and without a stand-in body, with arguments, with a
/// body containing `$$`) and roles, all used.
fn stand_ins() -> SchemaBuilder {
    let profiles = TableDef {
        row_level_security: RowLevelSecurity {
            enabled: true,
            forced: false,
        },
        ..table("profiles")
    }
    .with_column(not_null("id", SqlType::Uuid))
    .with_column(nullable("avatar_bucket", SqlType::Text))
    .with_primary_key(None, &["id"])
    .with_foreign_key(None, foreign_key(&["id"], "auth.users"))
    .with_foreign_key(None, foreign_key(&["avatar_bucket"], "storage.buckets"))
    .with_policy(Policy {
        roles: vec!["authenticated".into()],
        using: Some("id = auth.uid() OR (auth.jwt() ->> 'role') = 'admin'".into()),
        ..policy("profiles_select", PolicyCommand::Select)
    })
    .with_policy(Policy {
        roles: vec!["service_role".into()],
        with_check: Some("extensions.similarity(avatar_bucket, 'avatars') > 0.5".into()),
        ..policy("profiles_insert", PolicyCommand::Insert)
    });
    Schema::builder()
        .external_table(
            ExternalTable::new("auth.users")
                .column("id", SqlType::Uuid)
                .column("email", SqlType::Varchar { length: Some(255) }),
        )
        .external_table(
            ExternalTable::new("storage.buckets")
                .column("id", SqlType::Text)
                .column("name", SqlType::Text),
        )
        .external_function(
            ExternalFunction::new("auth.uid", SqlType::Uuid).stand_in(
                "select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid",
            ),
        )
        .external_function(ExternalFunction::new("auth.jwt", SqlType::Jsonb))
        .external_function(
            ExternalFunction::new("extensions.similarity", SqlType::Real)
                .argument(SqlType::Text)
                .argument(SqlType::Text)
                .stand_in("select case when $1 = $2 or $1 = '$$' then 1 else 0 end::real"),
        )
        .external_role("authenticated")
        .external_role("service_role")
        .add_table(profiles)
}
