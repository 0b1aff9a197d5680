//! Tables and their parts: columns, keys, indexes, policies.

use super::errors;
use schema_core::*;

fn users() -> TableDef {
    TableDef::new(QualifiedName::parse("users"))
        .with_column(Column::new("id", SqlType::Uuid, false))
        .with_column(Column::new("email", SqlType::Text, false))
        .with_primary_key(None, &["id"])
        .with_unique(None, &["email"])
}

fn fk(columns: &[&str], target: &str, target_columns: &[&str]) -> ForeignKey {
    ForeignKey {
        comment: Default::default(),
        match_full: Default::default(),
        name: String::new(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        references: QualifiedName::parse(target),
        referenced_columns: target_columns.iter().map(|c| c.to_string()).collect(),
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::NoAction,
        deferrable: Deferrable::No,
    }
}

fn policy(name: &str) -> Policy {
    Policy {
        comment: Default::default(),
        name: name.into(),
        restrictive: false,
        command: PolicyCommand::Select,
        roles: vec![],
        using: Some("true".into()),
        with_check: None,
        allow: Vec::new(),
    }
}

#[test]
fn a_valid_schema_builds_sorted_with_primary_keys_filled_in() {
    let posts = TableDef::new(QualifiedName::parse("posts"))
        .with_column(Column::new("id", SqlType::Uuid, false))
        .with_column(Column::new("author_id", SqlType::Uuid, false))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, fk(&["author_id"], "users", &[]));
    let schema = Schema::builder()
        .add_table(posts)
        .add_table(users())
        .build()
        .unwrap();
    assert_eq!(
        schema
            .tables
            .iter()
            .map(|t| t.name.name.as_str())
            .collect::<Vec<_>>(),
        ["posts", "users"]
    );
    let key = &schema.tables[0].foreign_keys[0];
    assert_eq!(key.name, "posts_author_id_fkey");
    assert_eq!(key.referenced_columns, ["id"]);
}

#[test]
fn foreign_key_to_undeclared_table() {
    let posts = TableDef::new(QualifiedName::parse("posts"))
        .with_column(Column::new("author_id", SqlType::Uuid, false))
        .with_foreign_key(None, fk(&["author_id"], "authors", &[]));
    assert_eq!(
        errors(Schema::builder().add_table(posts)),
        ["foreign key `posts_author_id_fkey` on table `public.posts`: references table `public.authors`, which is not declared; register it, or declare it with `.add_external_table(...)` if the app does not own it"]
    );
}

#[test]
fn foreign_key_to_missing_column_and_wrong_type() {
    let posts = TableDef::new(QualifiedName::parse("posts"))
        .with_column(Column::new("author_id", SqlType::Integer, false))
        .with_column(Column::new("editor", SqlType::Uuid, false))
        .with_foreign_key(None, fk(&["author_id"], "users", &[]))
        .with_foreign_key(None, fk(&["editor"], "users", &["nickname"]));
    assert_eq!(
        errors(Schema::builder().add_table(posts).add_table(users())),
        [
            "foreign key `posts_author_id_fkey` on table `public.posts`: column `author_id` has type `integer` but references `public.users.id` of type `uuid`",
            "foreign key `posts_editor_fkey` on table `public.posts`: references column `nickname`, which `public.users` does not have",
            "foreign key `posts_editor_fkey` on table `public.posts`: references (nickname) of `public.users`, which is neither its primary key nor a unique constraint or index; Postgres requires one",
        ]
    );
}

#[test]
fn foreign_key_to_external_table() {
    let profiles = TableDef::new(QualifiedName::parse("profiles"))
        .with_column(Column::new("id", SqlType::Uuid, false))
        .with_foreign_key(None, fk(&["id"], "auth.users", &[]));
    let schema = Schema::builder()
        .add_table(profiles)
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .build()
        .unwrap();
    assert_eq!(schema.tables[0].foreign_keys[0].referenced_columns, ["id"]);
    // `auth` holds external objects only, so the app does not create it.
    assert!(schema.schemas.is_empty());
}

#[test]
fn unregistered_enum_is_reported_and_custom_types_resolve_to_enums() {
    let table = TableDef::new(QualifiedName::parse("accounts"))
        .with_column(Column::new(
            "role",
            SqlType::Custom("user_role".into()),
            false,
        ))
        .with_column(Column::new(
            "tier",
            SqlType::Enum(QualifiedName::parse("tier")),
            false,
        ));
    assert_eq!(
        errors(Schema::builder().add_table(table.clone())),
        ["column `public.accounts.tier`: uses enum type `public.tier`, which is not registered; add it with `.enum_type::<...>()`"]
    );
    let schema = Schema::builder()
        .add_table(table)
        .add_enum(EnumDef::new(QualifiedName::parse("user_role"), &["a"]))
        .add_enum(EnumDef::new(QualifiedName::parse("tier"), &["free"]))
        .build()
        .unwrap();
    assert_eq!(
        schema.tables[0].columns[0].ty,
        SqlType::Enum(QualifiedName::parse("user_role"))
    );
}

#[test]
fn duplicate_names_are_reported() {
    let mut dup = users();
    dup.columns.push(Column::new("email", SqlType::Text, false));
    let indexed = TableDef::new(QualifiedName::parse("posts"))
        .with_column(Column::new("id", SqlType::Uuid, false))
        .with_index(
            Some("users_pkey"),
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("id")],
                include: vec![],
                predicate: None,
            },
        );
    assert_eq!(
        errors(
            Schema::builder()
                .add_table(dup)
                .add_table(users())
                .add_table(indexed)
                .add_enum(EnumDef::new(QualifiedName::parse("posts"), &["a", "a"]))
        ),
        [
            "enum type `public.posts`: value `a` is declared twice",
            "table `public.posts`: the name `public.posts` is already used by enum type `public.posts`",
            "table `public.users`: the name `public.users` is already used by table `public.users`",
            "primary key `users_pkey` on table `public.users`: the name `public.users_pkey` is already used by index `users_pkey` on table `public.posts`",
            "table `public.users`: column `email` is declared twice",
            "primary key `users_pkey` on table `public.users`: the name `public.users_pkey` is already used by index `users_pkey` on table `public.posts`",
            "unique constraint `users_email_key` on table `public.users`: the name `public.users_email_key` is already used by unique constraint `users_email_key` on table `public.users`",
        ]
    );
}

#[test]
fn identifiers_longer_than_63_bytes() {
    let long = "a_table_name_that_goes_on_and_on_and_on_well_past_the_postgres_limit";
    let table = TableDef::new(QualifiedName::parse(long)).with_column(Column::new(
        "id",
        SqlType::Uuid,
        false,
    ));
    let errors = errors(Schema::builder().add_table(table));
    assert_eq!(
        errors,
        [format!("table `public.{long}`: table name `{long}` is 68 bytes long; Postgres truncates identifiers to 63 bytes, so give it a shorter name")]
    );
}

#[test]
fn default_names_too_long_ask_for_an_explicit_name() {
    let table = TableDef::new(QualifiedName::parse("notification_delivery_logs"))
        .with_column(Column::new(
            "notification_template_version_id2",
            SqlType::Uuid,
            false,
        ))
        .with_unique(None, &["notification_template_version_id2"]);
    let errors = errors(Schema::builder().add_table(table));
    assert!(
        errors[0].contains("constraint name `notification_delivery_logs_notification_template_version_id2_key` is 64 bytes long"),
        "{errors:?}"
    );
}

#[test]
fn policies_need_rls_declared_roles_and_valid_clauses() {
    let mut insert = policy("insert with using");
    insert.command = PolicyCommand::Insert;
    let mut select = policy("select with check");
    select.with_check = Some("true".into());
    let mut empty = policy("empty");
    empty.using = None;
    let mut roles = policy("roles");
    roles.roles = vec!["authenticated".into(), "anon".into()];
    let table = users()
        .with_policy(insert)
        .with_policy(select)
        .with_policy(empty)
        .with_policy(roles);
    let errors = errors(Schema::builder().add_table(table).add_external_role("anon"));
    assert_eq!(
        errors,
        [
            "policy `empty` on table `public.users`: has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`",
            "policy `empty` on table `public.users`: has neither `using` nor `with_check`, so it allows nothing",
            "policy `insert with using` on table `public.users`: has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`",
            "policy `insert with using` on table `public.users`: is a `FOR INSERT` policy, which cannot have `USING`; use `with_check`",
            "policy `roles` on table `public.users`: has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`",
            "policy `roles` on table `public.users`: names role `authenticated`, which is not declared; declare it with `.add_role(Role::new(\"authenticated\"))`, or `.add_external_role(\"authenticated\")` if the app does not own it",
            "policy `select with check` on table `public.users`: has no effect: row-level security is not enabled on the table; add `rls` to `#[table(...)]`",
            "policy `select with check` on table `public.users`: is a `FOR SELECT` policy, which cannot have `WITH CHECK`; use `using`",
        ]
    );
}

#[test]
fn unknown_columns_in_constraints_and_indexes() {
    let table = TableDef::new(QualifiedName::parse("t"))
        .with_column(Column::new("a", SqlType::Integer, true))
        .with_primary_key(None, &["a"])
        .with_unique(None, &["b"])
        .with_index(
            None,
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![
                    IndexKey::column("c"),
                    IndexKey::expression("lower(a::text)"),
                ],
                include: vec!["d".into()],
                predicate: None,
            },
        );
    assert_eq!(
        errors(Schema::builder().add_table(table)),
        [
            "column `public.t.a`: is part of the primary key but nullable; primary key columns are NOT NULL, so do not use `Option<T>`",
            "unique constraint `t_b_key` on table `public.t`: names column `b`, which table `public.t` does not have",
            "index `t_c_expr_idx` on table `public.t`: names column `c`, which table `public.t` does not have",
            "index `t_c_expr_idx` on table `public.t`: includes column `d`, which table `public.t` does not have",
        ]
    );
}

#[test]
fn identity_and_generated_rules() {
    let mut text_identity = Column::new("a", SqlType::Text, false);
    text_identity.identity = Some(Identity::Always);
    let mut both = Column::new("b", SqlType::BigInt, false);
    both.identity = Some(Identity::ByDefault);
    both.default = Some(DefaultValue::Literal(Literal::Number("1".into())));
    let mut generated = Column::new("c", SqlType::BigInt, false);
    generated.generated = Some("b * 2".into());
    generated.default = Some(DefaultValue::Expression("0".into()));
    let table = TableDef::new(QualifiedName::parse("t"))
        .with_column(text_identity)
        .with_column(both)
        .with_column(generated);
    assert_eq!(
        errors(Schema::builder().add_table(table)),
        [
            "column `public.t.a`: is an identity column but has type `text`; identity needs smallint, integer or bigint",
            "column `public.t.b`: has both `identity` and `default`; an identity column takes its values from its sequence",
            "column `public.t.c`: has both `generated` and `default`; a generated column cannot have a default",
        ]
    );
}

#[test]
fn index_nulls_order_is_canonical() {
    let mut key = IndexKey::column("a");
    key.descending = true;
    key.nulls = Some(NullsOrder::First);
    let table = TableDef::new(QualifiedName::parse("t"))
        .with_column(Column::new("a", SqlType::Integer, false))
        .with_index(
            None,
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![key],
                include: vec![],
                predicate: None,
            },
        );
    let schema = Schema::builder().add_table(table).build().unwrap();
    assert_eq!(schema.tables[0].indexes[0].keys[0].nulls, None);
}

#[test]
fn replica_identity_needs_a_unique_index_on_not_null_columns() {
    let table = |identity: &str| {
        TableDef::new(QualifiedName::parse("feeds"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("code", SqlType::Text, true))
            .with_primary_key(None, &["id"])
            .with_unique(None, &["code"])
            .with_replica_identity(ReplicaIdentity::Index(identity.into()))
    };
    let parted = TableDef {
        partition_by: Some(PartitionBy {
            strategy: PartitionStrategy::Range,
            keys: vec![IndexTarget::Column("id".into())],
        }),
        ..TableDef::new(QualifiedName::parse("parted"))
    }
    .with_column(Column::new("id", SqlType::BigInt, false))
    .unlogged();
    assert_eq!(
        errors(Schema::builder().add_table(table("feeds_code_key"))),
        ["table `public.feeds`: has replica identity index `feeds_code_key` over column `code`, which allows NULL; Postgres requires its columns to be NOT NULL"]
    );
    assert_eq!(
        errors(Schema::builder().add_table(table("nope")).add_table(parted)),
        [
            "table `public.feeds`: has replica identity index `nope`, which is not a unique constraint or unique index of the table on plain columns without a `WHERE`",
            "table `public.parted`: is partitioned and `unlogged`; Postgres cannot make a partitioned table unlogged (make its partitions unlogged instead)",
        ]
    );
    Schema::builder()
        .add_table(table("feeds_pkey"))
        .build()
        .unwrap();
}

#[test]
fn every_expression_is_exactly_one_expression() {
    let mut table = TableDef::new(QualifiedName::parse("t"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("n", SqlType::Integer, false))
        .with_primary_key(None, &["id"])
        .with_check(Some("t_n_check"), None, "n > 0) OR (true")
        .with_index(
            Some("t_n_idx"),
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("n")],
                include: vec![],
                predicate: Some("n > 0 -- positive".into()),
            },
        );
    table.columns[1].generated = Some("'it''s".into());
    table.row_level_security.enabled = true;
    table.policies.push(Policy {
        using: Some("true; DELETE FROM t".into()),
        ..policy("reads")
    });
    let view = ViewDef::new(QualifiedName::parse("v"), "SELECT id FROM t; DROP TABLE t")
        .with_column("id", SqlType::BigInt);
    assert_eq!(
        errors(Schema::builder().add_table(table).add_view(view)),
        [
            "table `public.t`: the generation expression of column `n` is not one SQL expression: the expression leaves a quote or comment open: `'it''s`",
            "table `public.t`: check `t_n_check` is not one SQL expression: the expression's parentheses are unbalanced: `n > 0) OR (true`",
            "table `public.t`: the WHERE condition of index `t_n_idx` is not one SQL expression: the expression ends in a `--` comment that would swallow what follows: `n > 0 -- positive`",
            "table `public.t`: the USING condition of policy `reads` is not one SQL expression: the expression contains `;` outside quotes: `true; DELETE FROM t`",
            "view `public.v`: its query is not one SQL query: the expression contains `;` outside quotes",
        ]
    );
}

/// `CREATE TABLE` keeps one of two equal unique or exclusion constraints.
#[test]
fn the_same_key_twice_is_refused() {
    let table = TableDef::new(QualifiedName::parse("rooms"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_unique(Some("rooms_id_a"), &["id"])
        .with_unique(Some("rooms_id_b"), &["id"])
        .with_exclusion("rooms_ex_a", "USING btree (id WITH =)")
        .with_exclusion("rooms_ex_b", "USING btree (id WITH =)");
    assert_eq!(
        errors(Schema::builder().add_table(table)),
        [
            "unique constraint `rooms_id_b` on table `public.rooms`: is the same as `rooms_id_a`; Postgres creates only one of them",
            "exclusion constraint `rooms_ex_b` on table `public.rooms`: is the same as `rooms_ex_a`; Postgres creates only one of them",
        ]
    );
}

#[test]
fn column_storage_compression_statistics_and_options_are_checked() {
    let table = TableDef::new(QualifiedName::parse("docs"))
        .with_column(Column::new("id", SqlType::BigInt, false).storage(Storage::Main))
        .with_column(Column::new("body", SqlType::Text, true).storage(Storage::Extended))
        .with_column(Column::new("n", SqlType::Integer, true).compression(Compression::Lz4))
        .with_column(
            Column::new("kind", SqlType::Integer, true)
                .statistics(20000)
                .n_distinct(-2.0),
        )
        .with_column(Column::new("fine", SqlType::Text, true).storage(Storage::External))
        .with_primary_key(None, &["id"]);
    assert_eq!(
        errors(Schema::builder().add_table(table)),
        [
            "column `public.docs.id`: has `storage = \"main\"`, but type `bigint` is fixed-size and can only be stored plain",
            "column `public.docs.body`: has `storage = \"extended\"`, which is already the default of type `text`; leave it out",
            "column `public.docs.n`: has `compression = \"lz4\"`, but type `integer` is fixed-size and never compressed",
            "column `public.docs.kind`: has `statistics = 20000`; the statistics target goes from 0 to 10000 (leave it out for the server's default)",
            "column `public.docs.kind`: has `n_distinct = -2`; it takes a number of distinct values, or minus the fraction of the rows from -1 to 0",
        ]
    );
}

#[test]
fn a_comment_on_a_domain_check_is_refused() {
    let mut domain = DomainDef::new("email", SqlType::Text).with_check(None, "VALUE LIKE '%@%'");
    domain.checks[0].comment = Some("has an @".into());
    assert_eq!(
        errors(Schema::builder().add_domain(domain)),
        ["domain `public.email`: check `email_check` has a comment, which only a table's constraints can have here; put it in the domain's comment"]
    );
}

#[test]
#[should_panic(expected = "table `public.users` has no constraint `users_nope` to comment on")]
fn a_comment_on_a_missing_constraint_panics() {
    let _ = users().with_constraint_comment("users_nope", "lost");
}
