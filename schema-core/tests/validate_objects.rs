//! Validation of functions, triggers, views, partitions, types, extensions, roles and
//! grants: every problem reported, each naming the object at fault.

use schema_core::*;

fn users() -> TableDef {
    TableDef::new(QualifiedName::parse("users"))
        .with_column(Column::new("id", SqlType::Uuid, false))
        .with_column(Column::new("email", SqlType::Text, false))
        .with_column(Column::new("updated_at", SqlType::Timestamptz, false))
        .with_primary_key(None, &["id"])
}

fn touch() -> FunctionDef {
    FunctionDef::new(
        "touch",
        Returns::Trigger,
        Language::Plpgsql,
        "BEGIN RETURN NEW; END",
    )
}

fn is_admin() -> FunctionDef {
    FunctionDef::new(
        "is_admin",
        Returns::Type(SqlType::Boolean),
        Language::Sql,
        "select true",
    )
    .argument(Argument::new("user_id", SqlType::Uuid))
}

fn events_parent() -> TableDef {
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

fn errors(builder: SchemaBuilder) -> Vec<String> {
    match builder.build() {
        Ok(_) => panic!("expected the schema to be rejected"),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_schema_with_every_kind_builds_canonically() {
    let schema = Schema::builder()
        .add_table(users().with_trigger(Trigger::updated_at("users", "updated_at")))
        .add_function(is_admin())
        .add_view(
            ViewDef::new(QualifiedName::parse("emails"), "select email from users")
                .with_column("email", SqlType::Text),
        )
        .extension(Extension::new("pgcrypto"))
        .extension(Extension::in_schema("citext", "extensions"))
        .role(Role::new("support").member_of("staff").member_of("staff"))
        .role(Role::new("staff"))
        .domain(DomainDef::new("app.email", SqlType::Text).with_check(None, "VALUE LIKE '%@%'"))
        .composite(CompositeDef::new("money_amount").attribute("cents", SqlType::BigInt))
        .grant(
            &[Privilege::All],
            GrantObject::table("emails"),
            &["staff", "support"],
        )
        .grant(
            &[Privilege::Execute],
            GrantObject::function("is_admin"),
            &["public"],
        )
        .build()
        .unwrap();
    // The library adds the function the `updated_at` trigger calls.
    let functions: Vec<String> = schema
        .functions
        .iter()
        .map(|f| f.name.to_string())
        .collect();
    assert_eq!(functions, ["public.is_admin", "public.set_updated_at"]);
    // Extension and domain schemas are owned schemas.
    assert_eq!(schema.schemas, ["app", "extensions"]);
    assert_eq!(schema.roles[0].name, "staff");
    assert_eq!(schema.roles[1].member_of, ["staff"]);
    assert_eq!(schema.domains[0].checks[0].name, "email_check");
    assert_eq!(
        schema.domains[0].sql_type(),
        SqlType::Custom("app.email".into())
    );
    assert_eq!(
        schema.grants[0].privileges,
        [
            Privilege::Select,
            Privilege::Insert,
            Privilege::Update,
            Privilege::Delete,
            Privilege::Truncate,
            Privilege::References,
            Privilege::Trigger
        ]
    );
    // `EXECUTE` to `public` is Postgres's default for functions, so it is no grant.
    assert_eq!(schema.grants.len(), 2);
    // A built schema builds again to itself, and survives serde.
    let json = serde_json::to_string(&schema).unwrap();
    let copy: Schema = serde_json::from_str(&json).unwrap();
    assert_eq!(copy, schema);
}

#[test]
fn old_snapshots_without_the_new_kinds_still_read() {
    let schema: Schema = serde_json::from_str(
        r#"{"tables":[{"name":{"schema":"public","name":"t"},"columns":[]}]}"#,
    )
    .unwrap();
    assert!(schema.functions.is_empty() && schema.tables[0].triggers.is_empty());
    assert_eq!(serde_json::to_string(&Schema::default()).unwrap(), "{}");
}

#[test]
fn triggers_need_a_declared_trigger_function_and_valid_events() {
    let mut truncate_rows = Trigger::new(
        "truncate_rows",
        TriggerTiming::After,
        &[TriggerEvent::Truncate],
        QualifiedName::parse("touch"),
    );
    truncate_rows.for_each_row = true;
    let mut update_of = Trigger::new(
        "update_of_unknown",
        TriggerTiming::Before,
        &[TriggerEvent::Insert],
        QualifiedName::parse("touch"),
    );
    update_of.update_of = vec!["nickname".into()];
    let table = users()
        .with_trigger(Trigger::new(
            "undeclared",
            TriggerTiming::Before,
            &[TriggerEvent::Update],
            QualifiedName::parse("missing"),
        ))
        .with_trigger(Trigger::new(
            "not_a_trigger_function",
            TriggerTiming::After,
            &[TriggerEvent::Insert],
            QualifiedName::parse("is_admin"),
        ))
        .with_trigger(Trigger::new(
            "instead",
            TriggerTiming::InsteadOf,
            &[TriggerEvent::Delete],
            QualifiedName::parse("touch"),
        ))
        .with_trigger(Trigger::new(
            "no_events",
            TriggerTiming::After,
            &[],
            QualifiedName::parse("touch"),
        ))
        .with_trigger(truncate_rows)
        .with_trigger(update_of)
        .with_trigger(Trigger::updated_at("users", "modified_at"));
    let errors = errors(
        Schema::builder()
            .add_table(table)
            .add_function(touch())
            .add_function(is_admin()),
    );
    assert_eq!(
        errors,
        [
            "trigger `instead` on table `public.users`: is `INSTEAD OF`, which only views can have; use `BEFORE` or `AFTER`",
            "trigger `no_events` on table `public.users`: fires on no event; name at least one of `insert`, `update`, `delete`, `truncate`",
            "trigger `not_a_trigger_function` on table `public.users`: calls function `public.is_admin`, which returns `boolean`; a trigger needs a function that returns `trigger`",
            "trigger `truncate_rows` on table `public.users`: fires on `truncate` for each row; `TRUNCATE` triggers are statement triggers only",
            "trigger `undeclared` on table `public.users`: calls function `public.missing`, which is not declared; add it with `.function::<...>()`, or `.external_function(...)` if the app does not own it",
            "trigger `update_of_unknown` on table `public.users`: names `UPDATE OF` columns but does not fire on `update`",
            "trigger `update_of_unknown` on table `public.users`: names column `nickname` in `UPDATE OF`, which table `public.users` does not have",
            "trigger `users_set_modified_at` on table `public.users`: sets column `modified_at` to now(), which table `public.users` does not have",
        ]
    );
}

#[test]
fn functions_are_checked_one_by_one() {
    let sql_trigger = FunctionDef::new("sql_trigger", Returns::Trigger, Language::Sql, "x")
        .argument(Argument::new("a", SqlType::Text));
    let defaults = FunctionDef::new("defaults", Returns::Void, Language::Sql, " ")
        .argument(Argument::new("a", SqlType::Text).with_default("'x'"))
        .argument(Argument::new("a", SqlType::Text))
        .argument(Argument::new(
            "status",
            SqlType::Enum(QualifiedName::parse("missing_enum")),
        ));
    let errors = errors(
        Schema::builder()
            .add_function(sql_trigger)
            .add_function(defaults)
            .add_function(is_admin())
            .add_function(is_admin().argument(Argument::new("other", SqlType::Text)))
            .external_function(ExternalFunction::new("is_admin", SqlType::Boolean)),
    );
    assert_eq!(
        errors,
        [
            "function `public.defaults`: has an empty body",
            "function `public.defaults`: argument `a` is declared twice",
            "function `public.defaults`: argument `a` has no default but follows one that has; Postgres requires defaults on every argument after the first one with a default",
            "function `public.defaults`: argument `status` has no default but follows one that has; Postgres requires defaults on every argument after the first one with a default",
            "function `public.defaults`: argument `status` has type `public.missing_enum`, an enum type that is not registered; add it with `.enum_type::<...>()`",
            "function `public.is_admin`: is declared both as a function the app owns and as an external function; keep one",
            "function `public.is_admin`: is declared twice; overloaded functions (one name, several argument lists) are not supported, so give each its own name",
            "function `public.is_admin`: is declared both as a function the app owns and as an external function; keep one",
            "function `public.sql_trigger`: returns `trigger` but is written in `sql`; Postgres only accepts trigger functions in procedural languages such as `plpgsql`",
            "function `public.sql_trigger`: returns `trigger` but declares arguments; a trigger function takes none, and reads the trigger's arguments from `TG_ARGV`",
        ]
    );
}

#[test]
fn views_clash_with_tables_and_check_their_parts() {
    let plain = ViewDef::new(QualifiedName::parse("users"), "select 1 as a, 2 as a")
        .with_column("a", SqlType::Integer)
        .with_column("a", SqlType::Integer)
        .with_index(
            None,
            Index {
                name: String::new(),
                unique: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("a")],
                include: vec![],
                predicate: None,
            },
        );
    let mut stats = ViewDef::materialized(QualifiedName::parse("stats"), "select 1 as n")
        .with_column("n", SqlType::Integer)
        .with_index(
            None,
            Index {
                name: String::new(),
                unique: true,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("day")],
                include: vec![],
                predicate: None,
            },
        );
    stats.security_invoker = true;
    let empty = ViewDef::new(QualifiedName::parse("empty"), " ");
    let errors = errors(
        Schema::builder()
            .add_table(users())
            .add_view(plain)
            .add_view(stats)
            .add_view(empty),
    );
    assert_eq!(
        errors,
        [
            "view `public.users`: the name `public.users` is already used by table `public.users`",
            "view `public.empty`: has an empty query",
            "view `public.empty`: declares no columns; list the columns its query produces, with their types",
            "materialized view `public.stats`: is `security_invoker`, which only plain views can be: a materialized view's rows are computed once, with its owner's rights",
            "index `stats_day_idx` on materialized view `public.stats`: names column `day`, which materialized view `public.stats` does not have",
            "view `public.users`: column `a` is declared twice",
            "view `public.users`: has indexes, which only materialized views can have",
        ]
    );
}

#[test]
fn partitions_need_a_partitioned_parent_and_a_matching_bound() {
    let mut parent = events_parent().with_primary_key(None, &["id"]);
    parent.name = QualifiedName::parse("events");
    let not_partitioned = TableDef::partition_of(
        QualifiedName::parse("users_a"),
        QualifiedName::parse("users"),
        PartitionBound::list(&["'a'"]),
    );
    let wrong_kind = TableDef::partition_of(
        QualifiedName::parse("events_list"),
        QualifiedName::parse("events"),
        PartitionBound::list(&["1"]),
    );
    let wrong_arity = TableDef::partition_of(
        QualifiedName::parse("events_2025"),
        QualifiedName::parse("events"),
        PartitionBound::Range {
            from: vec!["'2025-01-01'".into(), "0".into()],
            to: vec!["'2026-01-01'".into()],
        },
    )
    .with_column(Column::new("extra", SqlType::Text, true));
    let orphan = TableDef::partition_of(
        QualifiedName::parse("orphan"),
        QualifiedName::parse("nowhere"),
        PartitionBound::Default,
    );
    let errors = errors(
        Schema::builder()
            .add_table(parent)
            .add_table(users())
            .add_table(not_partitioned)
            .add_table(wrong_kind)
            .add_table(wrong_arity)
            .add_table(orphan),
    );
    assert_eq!(
        errors,
        [
            "table `public.events`: has primary key `events_pkey` on (id), which lacks partition key column(s) `at`; a unique key of a partitioned table must include the whole partition key",
            "table `public.events_2025`: is a partition of `public.events` and declares columns; a partition has its parent's columns and keys, so declare them on the parent",
            "table `public.events_2025`: has a range bound of 2 and 1 value(s), but the partition key of `public.events` has 1 column(s)",
            "table `public.events_list`: has a list bound, but `public.events` is partitioned by range",
            "table `public.orphan`: is a partition of `public.nowhere`, which is not declared",
            "table `public.users_a`: is a partition of table `public.users`, which is not partitioned; add `partition_by(...)` to its `#[table(...)]`",
        ]
    );
}

#[test]
fn a_partition_indexes_its_parents_columns() {
    let partition = TableDef::partition_of(
        QualifiedName::parse("events_2025"),
        QualifiedName::parse("events"),
        PartitionBound::range("'2025-01-01'", "'2026-01-01'"),
    )
    .with_index(
        None,
        Index {
            name: String::new(),
            unique: false,
            method: IndexMethod::Brin,
            keys: vec![IndexKey::column("at"), IndexKey::column("nope")],
            include: vec![],
            predicate: None,
        },
    );
    let errors = errors(
        Schema::builder()
            .add_table(events_parent().with_primary_key(None, &["id", "at"]))
            .add_table(partition),
    );
    assert_eq!(
        errors,
        ["index `events_2025_at_nope_idx` on table `public.events_2025`: names column `nope`, which table `public.events_2025` does not have"]
    );
}

#[test]
fn grants_name_declared_roles_objects_and_fitting_privileges() {
    let errors = errors(
        Schema::builder()
            .add_table(users())
            .add_function(is_admin())
            .role(Role::new("staff"))
            .grant(
                &[Privilege::Select],
                GrantObject::table("users"),
                &["ghost"],
            )
            .grant(
                &[Privilege::Execute],
                GrantObject::table("users"),
                &["staff"],
            )
            .grant(
                &[Privilege::Update],
                GrantObject::column("users", "nickname"),
                &["staff"],
            )
            .grant(
                &[Privilege::Usage],
                GrantObject::sequence("users_id_seq"),
                &["staff"],
            )
            .grant(
                &[Privilege::Execute],
                GrantObject::function("nope"),
                &["staff"],
            )
            .grant(&[Privilege::Usage], GrantObject::schema("app"), &["staff"])
            .grant(
                &[Privilege::Select],
                GrantObject::table("nothing"),
                &["public"],
            )
            .add_grant(
                Grant::new(
                    &[Privilege::Execute],
                    GrantObject::function("is_admin"),
                    "public",
                )
                .with_grant_option(),
            ),
    );
    assert_eq!(
        errors,
        [
            "grant on table `public.nothing` to `public`: `public.nothing` is neither a declared table nor a view",
            "grant on table `public.users` to `ghost`: names role `ghost`, which is not declared; declare it with `.role(Role::new(\"ghost\"))`, or `.external_role(\"ghost\")` if the app does not own it",
            "grant on table `public.users` to `staff`: grants `execute`, which does not apply here; expected one of `select`, `insert`, `update`, `delete`, `truncate`, `references`, `trigger`",
            "grant on column `public.users.nickname` to `staff`: `public.users` has no column `nickname`",
            "grant on sequence `public.users_id_seq` to `staff`: `public.users_id_seq` is neither a declared sequence nor the sequence of an identity column (`{table}_{column}_seq`)",
            "grant on function `public.is_admin` to `public`: is `WITH GRANT OPTION` to `public`, which Postgres refuses",
            "grant on function `public.nope` to `staff`: function `public.nope` is not declared",
            "grant on schema `app` to `staff`: schema `app` is not declared",
        ]
    );
}

#[test]
fn roles_extensions_and_types_are_checked() {
    let errors = errors(
        Schema::builder()
            .role(Role::new("staff").member_of("staff").member_of("ghosts"))
            .role(Role::new("authenticated"))
            .role(Role::new("pg_admin"))
            .external_role("authenticated")
            .extension(Extension::new("pgcrypto"))
            .extension(Extension::new("pgcrypto"))
            .domain(
                DomainDef::new("email", SqlType::Enum(QualifiedName::parse("nope")))
                    .with_check(None, "true")
                    .with_check(None, "false"),
            )
            .composite(CompositeDef::new("empty"))
            .composite(
                CompositeDef::new("pair")
                    .attribute("a", SqlType::Text)
                    .attribute("a", SqlType::Text),
            )
            .add_table(TableDef::new(QualifiedName::parse("email"))),
    );
    assert_eq!(
        errors,
        [
            "table `public.email`: the name `public.email` is already used by domain `public.email`",
            "extension `pgcrypto`: is declared twice",
            "role `authenticated`: is declared both as a role the app owns and as an external role; keep one",
            "role `pg_admin`: is a name Postgres reserves (`public`, `pg_*`); choose another",
            "role `staff`: is a member of role `ghosts`, which is not declared",
            "role `staff`: is declared a member of itself",
            "domain `public.email`: has base type `public.nope`, an enum type that is not registered; add it with `.enum_type::<...>()`",
            "domain `public.email`: constraint name `email_check` is used twice",
            "composite type `public.empty`: has no attributes",
            "composite type `public.pair`: attribute `a` is declared twice",
        ]
    );
}

#[test]
fn sequences_have_sane_options_and_an_owner_that_exists() {
    let errors = Schema::builder()
        .add_table(users())
        .add_sequence(SequenceDef::new("ticket_no").increment(0))
        .add_sequence(SequenceDef::new("countdown").min_value(10).max_value(5))
        .add_sequence(SequenceDef::new("early").min_value(100).start(1))
        .add_sequence(SequenceDef::new("texty").data_type(SqlType::Text))
        .add_sequence(SequenceDef::new("orphan").owned_by("orders", "id"))
        .add_sequence(SequenceDef::new("stray").owned_by("users", "number"))
        .add_sequence(SequenceDef::new("users"))
        .build()
        .unwrap_err();
    let messages: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "sequence `public.users`: the name `public.users` is already used by table `public.users`",
            "sequence `public.countdown`: has `min_value` 10 not below `max_value` 5",
            "sequence `public.early`: starts at 1, outside its bounds 100..=9223372036854775807",
            "sequence `public.orphan`: is owned by `public.orders.id`, but table `public.orders` is not declared",
            "sequence `public.stray`: is owned by column `number`, which table `public.users` does not have",
            "sequence `public.texty`: has type `text`; a sequence is `smallint`, `integer` or `bigint`",
            "sequence `public.ticket_no`: increments by 0; `increment` must not be zero",
        ]
    );
}

#[test]
fn grants_may_name_declared_sequences_and_sequences_diff_by_options() {
    let old = Schema::builder()
        .add_sequence(SequenceDef::new("invoice_no"))
        .add_sequence(SequenceDef::new("gone"))
        .role(Role::new("staff"))
        .grant(
            &[Privilege::Usage],
            GrantObject::sequence("invoice_no"),
            &["staff"],
        )
        .build()
        .unwrap();
    let new = Schema::builder()
        .add_sequence(SequenceDef::new("invoice_no").start(1000))
        .add_sequence(SequenceDef::new("fresh").data_type(SqlType::Integer))
        .role(Role::new("staff"))
        .grant(
            &[Privilege::Usage],
            GrantObject::sequence("invoice_no"),
            &["staff"],
        )
        .build()
        .unwrap();
    let changes: Vec<String> = diff::diff(&old, &new)
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        changes,
        [
            "create sequence `public.fresh`",
            "alter sequence `public.invoice_no`",
            "drop sequence `public.gone`",
        ]
    );
}
