//! Schemas for the codegen tests (`codegen.rs` and `codegen_roundtrip.rs`).

use schemata::{
    CheckOption, CollationDef, Column, CompositeDef, DefaultValue, DomainDef, FunctionDef, Grant,
    GrantObject, Identity, Index, IndexKey, IndexMethod, Language, Literal, Policy, PolicyCommand,
    Privilege, QualifiedName, ReplicaIdentity, Returns, Role, Schema, SequenceDef, SequenceOptions,
    SqlType, TableDef, Trigger, TriggerEvent, TriggerTiming, ViewDef,
};

/// The options of the builder-made kinds the fixtures leave out: collations, sequences
/// (standalone and owned), a domain with a default and `NOT NULL`, a commented composite,
/// a role that may log in, a grant with grant option, a view with storage parameters and a
/// `check_option`, a materialized view with an index, a table that inherits, and an
/// unlogged table with an exclusion constraint, storage parameters, a replica identity and
/// an identity column with sequence options.
pub fn builder_kinds() -> Schema {
    let mut domain = DomainDef::new("app.short_code", SqlType::Varchar { length: Some(8) })
        .with_check(None, "VALUE ~ '^[A-Z]+$'");
    domain.not_null = true;
    domain.default = Some(DefaultValue::Literal(Literal::Text("AAA".into())));
    domain.comment = Some("An upper-case code.".into());
    let mut composite = CompositeDef::new("app.money").attribute(
        "amount",
        SqlType::Numeric {
            precision: Some(12),
            scale: Some(2),
        },
    );
    composite = composite.attribute("currency", SqlType::Char { length: 3 });
    composite.comment = Some("An amount in a currency.".into());
    let items = TableDef::new(QualifiedName::parse("app.items"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("code", domain.sql_type(), true))
        .with_column(Column::new("price", composite.sql_type(), true))
        .with_primary_key(None, &["id"]);
    let heavy = TableDef::new(QualifiedName::parse("app.heavy_items"))
        .with_column(Column::new("weight", SqlType::Integer, true))
        .inheriting("app.items");
    let coded_items = ViewDef::new(
        QualifiedName::parse("app.coded_items"),
        "SELECT id, code FROM app.items WHERE code IS NOT NULL",
    )
    .with_column("id", SqlType::BigInt)
    .with_column("code", domain.sql_type())
    .check_option(CheckOption::Local)
    .security_barrier();
    let counts = ViewDef::materialized(
        QualifiedName::parse("app.item_counts"),
        "SELECT code, count(*) AS items FROM app.items GROUP BY code",
    )
    .with_column("code", domain.sql_type())
    .with_column("items", SqlType::BigInt)
    .with_storage("fillfactor", "70")
    .with_index(
        None,
        Index {
            name: String::new(),
            unique: true,
            nulls_not_distinct: false,
            method: IndexMethod::Btree,
            keys: vec![IndexKey::column("code")],
            include: Vec::new(),
            predicate: None,
            comment: None,
        },
    );
    let mut id = Column::new("id", SqlType::BigInt, false);
    id.identity = Some(Identity::Always);
    id.identity_options = SequenceOptions {
        start: Some(100),
        increment: Some(10),
        cache: Some(5),
        ..SequenceOptions::default()
    };
    let bookings = TableDef::new(QualifiedName::parse("app.bookings"))
        .with_column(id)
        .with_column(Column::new("room", SqlType::Integer, false))
        .with_column(Column::new(
            "during",
            SqlType::Custom("tstzrange".into()),
            false,
        ))
        .with_primary_key(None, &["id"])
        .with_exclusion("bookings_no_overlap", "USING gist (during WITH &&)")
        .unlogged()
        .with_storage("fillfactor", "70")
        .with_storage("autovacuum_enabled", "false")
        .with_replica_identity(ReplicaIdentity::Full);
    Schema::builder()
        .add_table(bookings)
        .add_collation(
            CollationDef::icu("app.case_insensitive", "und-u-ks-level2")
                .nondeterministic()
                .comment("Compares without case."),
        )
        .add_collation(CollationDef::libc("app.plain", "C"))
        .add_sequence(
            SequenceDef::new("app.invoice_no")
                .data_type(SqlType::Integer)
                .increment(5)
                .start(1000)
                .cache(10)
                .cycle()
                .comment("Invoice numbers."),
        )
        .add_sequence(SequenceDef::new("app.item_no").owned_by("items", "id"))
        .add_domain(domain)
        .add_composite(composite)
        .add_table(items)
        .add_table(heavy)
        .add_view(coded_items)
        .add_view(counts)
        .add_role(Role::new("schemata_codegen_clerk").login())
        .add_grant(
            Grant::new(
                &[Privilege::Select, Privilege::Update],
                GrantObject::table("app.items"),
                "schemata_codegen_clerk",
            )
            .with_grant_option(),
        )
        .grant(
            &[Privilege::Usage],
            GrantObject::schema("app"),
            &["schemata_codegen_clerk"],
        )
        .build()
        .expect("the builder kinds case is valid")
}

/// What Postgres accepts and a strict build refuses: a policy on a table without
/// row-level security (Postgres keeps it and ignores it), and a trigger whose function is
/// written as Rust.
pub fn lenient() -> Schema {
    let mut notes = TableDef::new(QualifiedName::parse("notes"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("body", SqlType::Text, true))
        .with_primary_key(None, &["id"])
        .with_trigger(Trigger {
            name: "notes_touch".into(),
            timing: TriggerTiming::Before,
            events: vec![TriggerEvent::Update],
            update_of: Vec::new(),
            for_each_row: true,
            when: None,
            function: QualifiedName::parse("touch"),
            arguments: Vec::new(),
            constraint: None,
            old_table: None,
            new_table: None,
            // Written as derive keys, `firing = "disabled"` and `comment = ".."`.
            firing: schemata::TriggerFiring::Disabled,
            comment: Some("Kept off while notes are imported.".into()),
        })
        .with_policy(Policy {
            comment: Default::default(),
            name: "owners read".into(),
            restrictive: false,
            command: PolicyCommand::Select,
            roles: Vec::new(),
            using: Some("true".into()),
            with_check: None,
            allow: Vec::new(),
        });
    notes.row_level_security.enabled = false;
    let touch = FunctionDef::new(
        "touch",
        Returns::Trigger,
        Language::Plpgsql,
        "BEGIN RETURN NEW; END",
    );
    let (schema, accepted) = Schema::builder()
        .add_table(notes)
        .add_function(touch)
        .build_lenient()
        .expect("Postgres accepts it");
    assert_eq!(accepted.len(), 1, "{accepted:?}");
    schema
}

/// Aggregates with every option the builder has: arguments named and not, a state function
/// of the schema, a final function, moving-aggregate mode, an ordered-set one, a parallel
/// one with a combine function and a sort operator, a comment and a grant.
pub fn aggregates() -> Schema {
    use schemata::{AggregateDef, Argument, ArgumentMode, FinalModify, MovingAggregate, Parallel};
    let add = FunctionDef::new(
        "app.add_amount",
        Returns::Type(SqlType::BigInt),
        Language::Sql,
        "SELECT state + value",
    )
    .argument(Argument::new("state", SqlType::BigInt))
    .argument(Argument::new("value", SqlType::BigInt));
    let unnamed = Argument {
        mode: ArgumentMode::In,
        name: None,
        ty: SqlType::BigInt,
        default: None,
    };
    Schema::builder()
        .add_namespace("app")
        .add_role(Role::new("app_reader"))
        .add_function(add)
        .add_aggregate(
            AggregateDef::new("app.total", "app.add_amount", SqlType::BigInt)
                .argument(unnamed)
                .initial_state("0")
                .final_function("int8inc")
                .moving(
                    MovingAggregate::new("int8pl", "int8mi", SqlType::BigInt)
                        .initial_state("0")
                        .final_function("int8inc"),
                )
                .comment("A sum from zero, plus one."),
        )
        .add_aggregate(
            AggregateDef::new("app.smallest", "int4smaller", SqlType::Integer)
                .argument(Argument::new("value", SqlType::Integer))
                .combine_function("int4smaller")
                .sort_operator("<")
                .parallel(Parallel::Safe),
        )
        .add_aggregate(
            AggregateDef::new(
                "app.middle",
                "ordered_set_transition",
                SqlType::Custom("internal".into()),
            )
            .argument(Argument::new("fraction", SqlType::DoublePrecision))
            .order_by(Argument::new("value", SqlType::DoublePrecision))
            .final_function("percentile_cont_float8_final")
            .final_modify(FinalModify::Shareable),
        )
        .add_grant(Grant::new(
            &[Privilege::Execute],
            GrantObject::function("app.total"),
            "app_reader",
        ))
        .build()
        .expect("the aggregates case builds")
}
