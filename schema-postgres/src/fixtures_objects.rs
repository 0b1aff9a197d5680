//! Fixtures for the objects beyond tables and enums: extensions, roles, domains,
//! composite types, functions, triggers, views, partitions and grants. One case per kind,
//! each using every option of its kind, behind the rendering snapshots and the
//! real-Postgres tests.

use super::Case;
use schema_core::{
    Argument, Column, CompositeDef, DefaultValue, DomainDef, Extension, ExternalFunction,
    FunctionDef, Grant, GrantObject, Identity, Index, IndexKey, IndexMethod, IndexTarget, Language,
    Literal, PartitionBound, PartitionBy, PartitionStrategy, Privilege, QualifiedName,
    ReturnColumn, Returns, Role, Schema, SchemaBuilder, SqlType, TableDef, Trigger, TriggerEvent,
    TriggerTiming, ViewDef, Volatility,
};

use super::{index, not_null, nullable, table, Fixture};

/// Every case, in a fixed order.
pub fn all() -> Vec<Case> {
    let cases: [(&'static str, Fixture); 7] = [
        ("extensions_and_roles", extensions_and_roles),
        ("domains_and_composites", domains_and_composites),
        ("functions", functions),
        ("triggers", triggers),
        ("views", views),
        ("partitions", partitions),
        ("grants", grants),
    ];
    super::built(cases)
}

/// The case called `name`.
pub fn case(name: &str) -> Schema {
    super::find(all(), name)
}

fn now(name: &str) -> Column {
    let mut column = not_null(name, SqlType::Timestamptz);
    column.default = Some(DefaultValue::Expression("now()".into()));
    column
}

/// Extensions in the default schema and in their own, and roles: a group, a member of
/// it and of an external role, one that may log in, bypasses RLS and does not inherit.
fn extensions_and_roles() -> SchemaBuilder {
    let mut auditor = Role::new("schemata_fixture_auditor").login();
    auditor.inherit = false;
    auditor.bypass_rls = true;
    auditor.comment = Some("Reads everything, changes nothing.".into());
    let tags = table("tags")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null(
            "label",
            SqlType::Custom("extensions.citext".into()),
        ))
        .with_primary_key(None, &["id"])
        .with_index(
            None,
            Index {
                method: IndexMethod::Gin,
                keys: vec![IndexKey {
                    opclass: Some("gin_trgm_ops".into()),
                    ..IndexKey::expression("lower(label::text)")
                }],
                ..index(vec![])
            },
        );
    Schema::builder()
        .extension(Extension::new("pg_trgm"))
        .extension(Extension::new("pgcrypto"))
        .extension(Extension::in_schema("citext", "extensions"))
        .role(Role::new("schemata_fixture_staff"))
        .role(
            Role::new("schemata_fixture_support")
                .member_of("schemata_fixture_staff")
                .member_of("authenticated"),
        )
        .role(auditor)
        .external_role("authenticated")
        .add_table(tags)
}

/// Domains with a default, NOT NULL and named and unnamed checks, over a plain and an
/// array type; composite types, one using a domain; a table using both.
fn domains_and_composites() -> SchemaBuilder {
    let mut email = DomainDef::new("email_address", SqlType::Text)
        .with_check(None, "VALUE ~ '^[^@\\s]+@[^@\\s]+$'");
    email.comment = Some("An address with one `@`.".into());
    let mut amount = DomainDef::new(
        "billing.amount",
        SqlType::Numeric {
            precision: Some(12),
            scale: Some(2),
        },
    )
    .with_check(Some("amount_not_negative"), "VALUE >= 0")
    .with_check(Some("amount_below_a_million"), "VALUE < 1000000");
    amount.not_null = true;
    amount.default = Some(DefaultValue::Literal(Literal::Number("0".into())));
    let tags = DomainDef::new("tag_list", SqlType::Array(Box::new(SqlType::Text)))
        .with_check(None, "cardinality(VALUE) <= 10");
    let mut address = CompositeDef::new("postal_address")
        .attribute("street", SqlType::Text)
        .attribute("city", SqlType::Text)
        .attribute("postcode", SqlType::Varchar { length: Some(10) });
    address.comment = Some("Where letters go.".into());
    let price = CompositeDef::new("billing.price")
        .attribute("amount", amount.sql_type())
        .attribute("currency", SqlType::Char { length: 3 });
    let invoices = table("billing.invoices")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("email", email.sql_type()))
        .with_column(not_null("total", price.sql_type()))
        .with_column(nullable("ship_to", address.sql_type()))
        .with_column(nullable("tags", tags.sql_type()))
        .with_primary_key(None, &["id"]);
    Schema::builder()
        .domain(email)
        .domain(amount)
        .domain(tags)
        .composite(address)
        .composite(price)
        .add_table(invoices)
}

fn members() -> TableDef {
    table("members")
        .with_column(not_null("id", SqlType::Uuid))
        .with_column(not_null("name", SqlType::Text))
        .with_column(not_null("is_admin", SqlType::Boolean))
        .with_primary_key(None, &["id"])
}

/// Every return kind, both languages, every volatility, STRICT, SECURITY DEFINER, a set
/// and an empty `search_path`, named and unnamed arguments with defaults, a body holding
/// `$$`, a comment.
fn functions() -> SchemaBuilder {
    let is_admin = FunctionDef::new(
        "is_admin",
        Returns::Type(SqlType::Boolean),
        Language::Sql,
        "\n    SELECT EXISTS (SELECT 1 FROM public.members WHERE id = member_id AND is_admin)\n",
    )
    .argument(Argument::new("member_id", SqlType::Uuid))
    .volatility(Volatility::Stable)
    .security_definer()
    .search_path(&["public", "pg_temp"])
    .comment("Whether the member may administer the app.");
    let names = FunctionDef::new(
        "member_names",
        Returns::SetOf(SqlType::Text),
        Language::Sql,
        "SELECT name FROM public.members ORDER BY name LIMIT $1",
    )
    .argument(Argument {
        name: None,
        ty: SqlType::Integer,
        default: Some("10".into()),
    })
    .volatility(Volatility::Stable)
    .strict();
    let summary = FunctionDef::new(
        "member_summary",
        Returns::Table(vec![
            ReturnColumn {
                name: "admins".into(),
                ty: SqlType::BigInt,
            },
            ReturnColumn {
                name: "others".into(),
                ty: SqlType::BigInt,
            },
        ]),
        Language::Plpgsql,
        "
BEGIN
    RETURN QUERY
        SELECT count(*) FILTER (WHERE m.is_admin), count(*) FILTER (WHERE NOT m.is_admin)
        FROM public.members m
        WHERE m.name LIKE prefix || '%';
END
",
    )
    .argument(Argument::new("prefix", SqlType::Text).with_default("''"));
    let dollars = FunctionDef::new(
        "dollars",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT '$$' || $1::text",
    )
    .argument(Argument {
        name: None,
        ty: SqlType::Numeric {
            precision: None,
            scale: None,
        },
        default: None,
    })
    .volatility(Volatility::Immutable)
    .search_path(&[]);
    let forget = FunctionDef::new(
        "forget_member",
        Returns::Void,
        Language::Plpgsql,
        "BEGIN DELETE FROM public.members WHERE id = target; END",
    )
    .argument(Argument::new("target", SqlType::Uuid))
    .security_definer()
    .search_path(&["public"]);
    Schema::builder()
        .add_table(members())
        .add_function(is_admin)
        .add_function(names)
        .add_function(summary)
        .add_function(dollars)
        .add_function(forget)
}

/// Triggers: the library's `updated_at` one, BEFORE with `UPDATE OF` and `WHEN`, AFTER
/// several events with arguments, a statement-level TRUNCATE one, and INSTEAD OF on a view.
fn triggers() -> SchemaBuilder {
    let documents = table("documents")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("title", SqlType::Text))
        .with_column(not_null("body", SqlType::Text))
        .with_column(nullable("search", SqlType::Tsvector))
        .with_column(now("updated_at"))
        .with_primary_key(None, &["id"])
        .with_trigger(Trigger::updated_at("documents", "updated_at"))
        .with_trigger(Trigger {
            update_of: vec!["title".into(), "body".into()],
            ..Trigger::new(
                "documents_index",
                TriggerTiming::Before,
                &[TriggerEvent::Update, TriggerEvent::Insert],
                QualifiedName::parse("index_document"),
            )
        })
        .with_trigger(Trigger {
            when: Some("OLD.title IS DISTINCT FROM NEW.title".into()),
            arguments: vec!["title changed".into(), "it's".into()],
            ..Trigger::new(
                "documents_audit",
                TriggerTiming::After,
                &[TriggerEvent::Update],
                QualifiedName::parse("audit"),
            )
        })
        .with_trigger(Trigger {
            for_each_row: false,
            arguments: vec!["deleted".into()],
            ..Trigger::new(
                "documents_audit_bulk",
                TriggerTiming::After,
                &[TriggerEvent::Delete, TriggerEvent::Truncate],
                QualifiedName::parse("audit"),
            )
        });
    let audit_log = table("audit_log")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("note", SqlType::Text))
        .with_column(now("at"))
        .with_primary_key(None, &["id"]);
    let mut audit_log = audit_log;
    audit_log.columns[0].identity = Some(Identity::Always);
    let index_document = FunctionDef::new(
        "index_document",
        Returns::Trigger,
        Language::Plpgsql,
        "
BEGIN
    NEW.search := to_tsvector('english', NEW.title || ' ' || NEW.body);
    RETURN NEW;
END
",
    );
    let audit = FunctionDef::new(
        "audit",
        Returns::Trigger,
        Language::Plpgsql,
        "
BEGIN
    INSERT INTO public.audit_log (note) VALUES (TG_ARGV[0] || ' on ' || TG_TABLE_NAME);
    RETURN NULL;
END
",
    );
    let titles = ViewDef::new(
        QualifiedName::parse("document_titles"),
        "SELECT id, title FROM public.documents",
    )
    .with_column("id", SqlType::BigInt)
    .with_column("title", SqlType::Text)
    .with_trigger_instead_of_insert();
    let insert_title = FunctionDef::new(
        "insert_document_title",
        Returns::Trigger,
        Language::Plpgsql,
        "
BEGIN
    INSERT INTO public.documents (id, title, body) VALUES (NEW.id, NEW.title, '');
    RETURN NEW;
END
",
    );
    Schema::builder()
        .add_table(documents)
        .add_table(audit_log)
        .add_function(index_document)
        .add_function(audit)
        .add_function(insert_title)
        .add_view(titles)
}

trait InsteadOf {
    fn with_trigger_instead_of_insert(self) -> Self;
}

impl InsteadOf for ViewDef {
    fn with_trigger_instead_of_insert(mut self) -> Self {
        self.triggers.push(Trigger::new(
            "document_titles_insert",
            TriggerTiming::InsteadOf,
            &[TriggerEvent::Insert],
            QualifiedName::parse("insert_document_title"),
        ));
        self
    }
}

/// Views whose names sort against their dependencies (`a_active` reads `z_members`), a
/// `security_invoker` view, a view calling a SQL function and a SQL function reading a
/// view, a materialized view with indexes, comments on views and their columns.
fn views() -> SchemaBuilder {
    let mut base = ViewDef::new(
        QualifiedName::parse("z_members"),
        "SELECT id, name, is_admin FROM public.members",
    )
    .with_column("id", SqlType::Uuid)
    .with_column("name", SqlType::Text)
    .with_column("admin", SqlType::Boolean);
    base.security_invoker = true;
    base.comment = Some("Members, read with the caller's rights.".into());
    base.columns[2].comment = Some("Renamed from `is_admin`.".into());
    let active = ViewDef::new(
        QualifiedName::parse("a_active_admins"),
        "SELECT id, name FROM z_members WHERE admin AND public.b_is_named(name);",
    )
    .with_column("id", SqlType::Uuid)
    .with_column("name", SqlType::Text);
    let is_named = FunctionDef::new(
        "b_is_named",
        Returns::Type(SqlType::Boolean),
        Language::Sql,
        "SELECT length(trim(value)) > 0",
    )
    .argument(Argument::new("value", SqlType::Text))
    .volatility(Volatility::Immutable);
    let admin_count = FunctionDef::new(
        "admin_count",
        Returns::Type(SqlType::BigInt),
        Language::Sql,
        "SELECT count(*) FROM public.a_active_admins",
    )
    .volatility(Volatility::Stable);
    let mut stats = ViewDef::materialized(
        QualifiedName::parse("member_stats"),
        "SELECT is_admin, count(*) AS members, max(name) AS last_name\nFROM public.members\nGROUP BY is_admin",
    )
    .with_column("is_admin", SqlType::Boolean)
    .with_column("members", SqlType::BigInt)
    .with_column("last_name", SqlType::Text)
    .with_index(
        None,
        Index {
            unique: true,
            ..index(vec![IndexKey::column("is_admin")])
        },
    )
    .with_index(
        Some("member_stats_busy_idx"),
        Index {
            predicate: Some("members > 10".into()),
            ..index(vec![IndexKey {
                descending: true,
                ..IndexKey::column("members")
            }])
        },
    );
    stats.comment = Some("Refreshed nightly.".into());
    Schema::builder()
        .add_table(members())
        .add_view(base)
        .add_view(active)
        .add_view(stats)
        .add_function(is_named)
        .add_function(admin_count)
}

/// Range partitions with a default, a sub-partitioned range partition (by hash), list
/// partitions by an expression, indexes on parents and on one partition.
fn partitions() -> SchemaBuilder {
    let events = TableDef {
        partition_by: Some(PartitionBy {
            strategy: PartitionStrategy::Range,
            keys: vec![IndexTarget::Column("happened_at".into())],
        }),
        ..table("events")
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_column(now("happened_at"))
    .with_column(not_null("kind", SqlType::Text))
    .with_column(nullable("payload", SqlType::Jsonb))
    .with_primary_key(None, &["id", "happened_at"])
    .with_index(None, index(vec![IndexKey::column("kind")]));
    let partition = |name: &str, bound| {
        TableDef::partition_of(
            QualifiedName::parse(name),
            QualifiedName::parse("events"),
            bound,
        )
    };
    let y2025 = TableDef {
        partition_by: Some(PartitionBy {
            strategy: PartitionStrategy::Hash,
            keys: vec![IndexTarget::Column("id".into())],
        }),
        ..partition(
            "events_2025",
            PartitionBound::range("'2025-01-01 00:00:00+00'", "'2026-01-01 00:00:00+00'"),
        )
    };
    let hash = |remainder| {
        TableDef::partition_of(
            QualifiedName::parse(&format!("events_2025_{remainder}")),
            QualifiedName::parse("events_2025"),
            PartitionBound::hash(2, remainder),
        )
    };
    let y2026 = partition(
        "events_2026",
        PartitionBound::Range {
            from: vec!["'2026-01-01 00:00:00+00'".into()],
            to: vec!["MAXVALUE".into()],
        },
    )
    .with_index(
        None,
        Index {
            method: IndexMethod::Gin,
            ..index(vec![IndexKey::column("payload")])
        },
    );
    let older = partition("events_older", PartitionBound::Default);
    let regions = TableDef {
        partition_by: Some(PartitionBy {
            strategy: PartitionStrategy::List,
            keys: vec![IndexTarget::Expression("lower(country)".into())],
        }),
        ..table("customers")
    }
    .with_column(not_null("id", SqlType::BigInt))
    .with_column(not_null("country", SqlType::Text));
    let region = |name: &str, bound| {
        TableDef::partition_of(
            QualifiedName::parse(name),
            QualifiedName::parse("customers"),
            bound,
        )
    };
    Schema::builder()
        .add_table(events)
        .add_table(y2025)
        .add_table(hash(0))
        .add_table(hash(1))
        .add_table(y2026)
        .add_table(older)
        .add_table(regions)
        .add_table(region(
            "customers_europe",
            PartitionBound::list(&["'de'", "'fr'", "'it'"]),
        ))
        .add_table(region("customers_other", PartitionBound::Default))
}

/// Grants on a table (merged, with `ALL` spelt out), columns, an identity sequence, a
/// function, a schema and a view, to owned and external roles and `PUBLIC`, one with
/// grant option.
fn grants() -> SchemaBuilder {
    let mut notes = table("app.notes")
        .with_column(not_null("id", SqlType::BigInt))
        .with_column(not_null("body", SqlType::Text))
        .with_column(nullable("owner", SqlType::Text))
        .with_primary_key(None, &["id"]);
    notes.columns[0].identity = Some(Identity::ByDefault);
    let recent = ViewDef::new(
        QualifiedName::parse("app.recent_notes"),
        "SELECT id, body FROM app.notes ORDER BY id DESC LIMIT 10",
    )
    .with_column("id", SqlType::BigInt)
    .with_column("body", SqlType::Text);
    let count = FunctionDef::new(
        "app.note_count",
        Returns::Type(SqlType::BigInt),
        Language::Sql,
        "SELECT count(*) FROM app.notes WHERE owner = who",
    )
    .argument(Argument::new("who", SqlType::Text))
    .volatility(Volatility::Stable);
    Schema::builder()
        .role(Role::new("schemata_fixture_writer"))
        .external_role("authenticated")
        .external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
        .add_table(notes)
        .add_view(recent)
        .add_function(count)
        .grant(
            &[Privilege::Usage],
            GrantObject::schema("app"),
            &["authenticated", "schemata_fixture_writer"],
        )
        .grant(
            &[Privilege::Select],
            GrantObject::table("app.notes"),
            &["authenticated"],
        )
        .grant(
            &[Privilege::Insert, Privilege::Select],
            GrantObject::table("app.notes"),
            &["authenticated"],
        )
        .grant(
            &[Privilege::All],
            GrantObject::table("app.notes"),
            &["schemata_fixture_writer"],
        )
        .grant(
            &[Privilege::Update],
            GrantObject::column("app.notes", "body"),
            &["authenticated"],
        )
        .grant(
            &[Privilege::Usage, Privilege::Select],
            GrantObject::sequence("app.notes_id_seq"),
            &["authenticated"],
        )
        .grant(
            &[Privilege::Select],
            GrantObject::table("app.recent_notes"),
            &["public"],
        )
        .add_grant(
            Grant::new(
                &[Privilege::Execute],
                GrantObject::function("app.note_count"),
                "schemata_fixture_writer",
            )
            .with_grant_option(),
        )
        .grant(
            &[Privilege::Execute],
            GrantObject::function("auth.uid"),
            &["schemata_fixture_writer"],
        )
}
