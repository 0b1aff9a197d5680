//! Supabase's advisor lints on the model: a fixture plants each lint once, on its own
//! object, and a corrected twin of the same fixture gives no finding at all.

use schema_core::lint::{lint, lint_with, Allow, Finding, Level, Lint, Report, Suppression};
use schema_core::*;

/// Whether to build the fixture with each lint planted, or with each corrected.
#[derive(Clone, Copy, PartialEq)]
enum Twin {
    Planted,
    Corrected,
}
use Twin::*;

fn uuid(name: &str) -> Column {
    Column::new(name, SqlType::Uuid, false)
}

fn policy(name: &str, command: PolicyCommand, using: &str) -> Policy {
    Policy {
        comment: Default::default(),
        name: name.into(),
        restrictive: false,
        command,
        roles: vec!["authenticated".into()],
        using: Some(using.into()),
        with_check: None,
        allow: Vec::new(),
    }
}

const OWN_ROWS: &str = "owner_id = (select auth.uid())";

/// A table as the lints like it: a key, row-level security, one policy for its owners.
fn table(name: &str) -> TableDef {
    let mut table = TableDef::new(QualifiedName::parse(name))
        .with_column(uuid("id"))
        .with_column(uuid("owner_id"))
        .with_primary_key(None, &["id"])
        .with_policy(policy("owners read", PolicyCommand::Select, OWN_ROWS));
    table.row_level_security.enabled = true;
    table
}

fn foreign_key(columns: &[&str], target: &str, target_columns: &[&str]) -> ForeignKey {
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

fn index_on(column: &str) -> Index {
    Index {
        comment: Default::default(),
        name: String::new(),
        unique: false,
        nulls_not_distinct: false,
        method: IndexMethod::Btree,
        keys: vec![IndexKey::column(column)],
        include: vec![],
        predicate: None,
    }
}

/// One table per lint, each either planted or corrected.
fn tables(twin: Twin) -> Vec<TableDef> {
    let planted = twin == Planted;
    let mut tables = vec![table("clean")];

    let using = if planted {
        "owner_id = auth.uid()"
    } else {
        OWN_ROWS
    };
    let mut initplan = table("initplan");
    initplan.policies = vec![policy("owners read", PolicyCommand::Select, using)];
    tables.push(initplan);

    let mut permissive = table("permissive");
    if planted {
        permissive = permissive.with_policy(policy(
            "admins read",
            PolicyCommand::Select,
            "(select auth.jwt()) -> 'app_metadata' ->> 'role' = 'admin'",
        ));
    }
    tables.push(permissive);

    let mut unindexed = table("unindexed")
        .with_column(uuid("clean_id"))
        .with_foreign_key(None, foreign_key(&["clean_id"], "clean", &[]));
    if !planted {
        unindexed = unindexed.with_index(None, index_on("clean_id"));
    }
    tables.push(unindexed);

    let mut duplicated = table("duplicated").with_index(None, index_on("owner_id"));
    if planted {
        duplicated = duplicated.with_index(Some("duplicated_owner_idx"), index_on("owner_id"));
    }
    tables.push(duplicated);

    let mut keyless = table("keyless");
    if planted {
        keyless.primary_key = None;
    }
    tables.push(keyless);

    let mut switched_off = table("private.switched_off");
    switched_off.row_level_security.enabled = !planted;
    tables.push(switched_off);

    let mut server_only = table("server_only");
    if planted {
        server_only.policies.clear();
    }
    tables.push(server_only);

    // Without RLS in `public`, and with a password: two lints on one table.
    let mut open = table("open").with_column(Column::new("password_hash", SqlType::Text, true));
    if planted {
        open.row_level_security.enabled = false;
        open.policies.clear();
    }
    tables.push(open);

    let using = if planted { "true" } else { OWN_ROWS };
    let mut always_true = table("always_true");
    always_true.policies = vec![policy("anyone deletes", PolicyCommand::Delete, using)];
    tables.push(always_true);

    let claim = if planted {
        "user_metadata"
    } else {
        "app_metadata"
    };
    let mut metadata = table("metadata");
    metadata.policies = vec![policy(
        "team reads",
        PolicyCommand::Select,
        &format!("(select auth.jwt()) -> '{claim}' ->> 'team' = 'red'"),
    )];
    tables.push(metadata);

    let (column, target) = if planted {
        ("email", "email")
    } else {
        ("user_id", "id")
    };
    let ty = if planted {
        SqlType::Text
    } else {
        SqlType::Uuid
    };
    tables.push(
        table("linked")
            .with_column(Column::new(column, ty, false))
            .with_foreign_key(None, foreign_key(&[column], "auth.users", &[target]))
            .with_index(None, index_on(column)),
    );

    let ty = if planted {
        SqlType::Custom("regconfig".into())
    } else {
        SqlType::Text
    };
    tables.push(table("regs").with_column(Column::new("config", ty, false)));
    tables
}

fn fixture(twin: Twin) -> Schema {
    let planted = twin == Planted;
    let mut builder = Schema::builder();
    for table in tables(twin) {
        builder = builder.add_table(table);
    }

    let mut add_one = FunctionDef::new(
        "public.add_one",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "select $1 + 1",
    )
    .argument(Argument::new("n", SqlType::Integer))
    .volatility(Volatility::Immutable);
    if !planted {
        add_one = add_one.search_path(&[]);
    }
    let is_admin = FunctionDef::new(
        if planted {
            "public.is_admin"
        } else {
            "private.is_admin"
        },
        Returns::Type(SqlType::Boolean),
        Language::Sql,
        "select (auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'",
    )
    .volatility(Volatility::Stable)
    .security_definer()
    .search_path(&[]);

    // Reads `auth.users` with its owner's rights: two lints on one view.
    let mut user_emails = ViewDef::new(
        QualifiedName::parse("user_emails"),
        "select id, email from auth.users",
    )
    .with_column("id", SqlType::Uuid)
    .with_column("email", SqlType::Text);
    user_emails.security_invoker = !planted;
    let totals = ViewDef::materialized(
        QualifiedName::parse(if planted {
            "public.totals"
        } else {
            "private.totals"
        }),
        "select count(*) from public.clean",
    )
    .with_column("count", SqlType::BigInt);

    let pgcrypto = if planted {
        Extension::new("pgcrypto")
    } else {
        Extension::in_schema("pgcrypto", "extensions")
    };

    let (schema, _suspicious) = builder
        .add_function(add_one)
        .add_function(is_admin)
        .add_view(user_emails)
        .add_view(totals)
        .add_extension(pgcrypto)
        .add_external_table(
            ExternalTable::new("auth.users")
                .column("id", SqlType::Uuid)
                .column("email", SqlType::Text),
        )
        .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
        .add_external_function(ExternalFunction::new("auth.jwt", SqlType::Jsonb))
        .add_external_role("authenticated")
        // A policy on a table without RLS is what `policy_exists_rls_disabled` is about,
        // and what `build` refuses.
        .build_lenient()
        .unwrap_or_else(|errors| panic!("{errors}"));
    schema
}

fn locations(findings: &[Finding]) -> Vec<(&'static str, String)> {
    findings
        .iter()
        .map(|f| (f.lint.as_str(), f.location()))
        .collect()
}

#[test]
fn each_planted_lint_fires_once_on_its_object() {
    let expected = [
        (
            "anon_security_definer_function_executable",
            "public.is_admin",
        ),
        ("auth_rls_initplan", "public.initplan, policy `owners read`"),
        ("auth_users_exposed", "public.user_emails"),
        (
            "authenticated_security_definer_function_executable",
            "public.is_admin",
        ),
        (
            "duplicate_index",
            "public.duplicated, index `duplicated_owner_id_idx`",
        ),
        ("extension_in_public", "public.pgcrypto"),
        (
            "fkey_to_auth_unique",
            "public.linked, foreign key `linked_email_fkey`",
        ),
        ("function_search_path_mutable", "public.add_one"),
        ("materialized_view_in_api", "public.totals"),
        ("multiple_permissive_policies", "public.permissive"),
        ("no_primary_key", "public.keyless"),
        ("policy_exists_rls_disabled", "private.switched_off"),
        ("rls_disabled_in_public", "public.open"),
        ("rls_enabled_no_policy", "public.server_only"),
        (
            "rls_policy_always_true",
            "public.always_true, policy `anyone deletes`",
        ),
        (
            "rls_references_user_metadata",
            "public.metadata, policy `team reads`",
        ),
        ("security_definer_view", "public.user_emails"),
        (
            "sensitive_columns_exposed",
            "public.open, column `password_hash`",
        ),
        (
            "unindexed_foreign_keys",
            "public.unindexed, foreign key `unindexed_clean_id_fkey`",
        ),
        ("unsupported_reg_types", "public.regs, column `config`"),
    ];
    let expected: Vec<(&str, String)> = expected
        .iter()
        .map(|(lint, location)| (*lint, location.to_string()))
        .collect();
    assert_eq!(locations(&lint(&fixture(Planted))), expected);
    // Every lint the model decides is planted; only the suppressions' own are not, nor
    // the one about migrations (see `migrations_that_change_authorization_are_found`).
    let planted: Vec<&str> = expected.iter().map(|(lint, _)| *lint).collect();
    for lint in Lint::ALL {
        let own = matches!(
            lint,
            Lint::UnusedAllow | Lint::AllowWithoutReason | Lint::ChangesAuthorization
        );
        assert_eq!(planted.contains(&lint.as_str()), !own, "{lint}");
    }
}

#[test]
fn the_corrected_twin_is_clean() {
    assert_eq!(locations(&lint(&fixture(Corrected))), []);
}

#[test]
fn findings_name_the_fix_in_the_users_terms() {
    let findings = lint(&fixture(Planted));
    let fix = |lint: Lint| {
        findings
            .iter()
            .find(|f| f.lint == lint)
            .map(|f| f.fix.clone())
            .unwrap()
    };
    assert_eq!(
        fix(Lint::AuthRlsInitplan),
        "write using = \"owner_id = (select auth.uid())\""
    );
    assert_eq!(
        fix(Lint::UnindexedForeignKeys),
        "add `#[index(on(clean_id))]` to the table"
    );
    assert!(fix(Lint::FunctionSearchPathMutable).contains("search_path = \"\""));
    let levels: Vec<(Lint, Level)> = findings.iter().map(|f| (f.lint, f.level)).collect();
    assert!(levels.contains(&(Lint::RlsDisabledInPublic, Level::Error)));
    assert!(levels.contains(&(Lint::AuthRlsInitplan, Level::Warning)));
    assert!(levels.contains(&(Lint::NoPrimaryKey, Level::Info)));
}

#[test]
fn allows_with_a_reason_suppress_their_findings_only() {
    let reason = "audit rows are append-only and never replicated";
    let allows = [
        Suppression::new(Lint::NoPrimaryKey, "public.keyless", reason),
        // One part of an object, as the finding prints its location.
        Suppression::new(
            Lint::AuthRlsInitplan,
            "public.initplan, policy `owners read`",
            "measured: the table holds ten rows",
        ),
        // The lint does not fire on this object.
        Suppression::new(
            Lint::DuplicateIndex,
            "public.clean",
            "copied from elsewhere",
        ),
        // Refused: suppresses nothing.
        Suppression::new(Lint::ExtensionInPublic, "public.pgcrypto", "  "),
    ];
    let report = lint_with(&fixture(Planted), &allows);
    let suppressed: Vec<(&str, String, &str)> = report
        .suppressed
        .iter()
        .map(|s| {
            (
                s.finding.lint.as_str(),
                s.finding.location(),
                s.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        [
            (
                "auth_rls_initplan",
                "public.initplan, policy `owners read`".to_string(),
                "measured: the table holds ten rows"
            ),
            ("no_primary_key", "public.keyless".to_string(), reason),
        ]
    );
    let remaining = locations(&report.findings);
    assert!(remaining.contains(&("extension_in_public", "public.pgcrypto".into())));
    assert!(remaining.contains(&("allow_without_reason", "public.pgcrypto".into())));
    assert!(remaining.contains(&("unused_allow", "public.clean".into())));
    assert!(!remaining.iter().any(|(lint, _)| *lint == "no_primary_key"));
    assert_eq!(
        report.findings.len(),
        lint(&fixture(Planted)).len() - 2 + 2,
        "two suppressed, two findings about the suppressions"
    );
}

#[test]
fn a_suppression_of_a_whole_object_covers_each_of_its_parts() {
    let allows = [Suppression::new(
        Lint::SensitiveColumnsExposed,
        "public.open",
        "the hashes are bcrypt and the table is internal",
    )];
    let report = lint_with(&fixture(Planted), &allows);
    assert_eq!(report.suppressed.len(), 1);
    assert_eq!(
        report.suppressed[0].finding.item.as_deref(),
        Some("column `password_hash`")
    );
}

#[test]
fn the_threshold_decides_whether_linting_fails() {
    let planted = lint_with(&fixture(Planted), &[]);
    assert!(planted.fails(Level::Error));
    assert!(planted.fails(Level::Info));

    // Only info findings left: fails at `info`, passes at `warning` and `error`.
    let infos_only = Report {
        findings: planted
            .findings
            .iter()
            .filter(|f| f.level == Level::Info)
            .cloned()
            .collect(),
        suppressed: vec![],
    };
    assert_eq!(infos_only.count(Level::Info), 3);
    assert!(infos_only.fails(Level::Info));
    assert!(!infos_only.fails(Level::Warning));
    assert!(!infos_only.fails(Level::Error));

    let clean = lint_with(&fixture(Corrected), &[]);
    assert!(!clean.fails(Level::Info));

    // An unused suppression is a warning: it fails a `warning` gate, not an `error` one.
    let stale = lint_with(
        &fixture(Corrected),
        &[Suppression::new(
            Lint::NoPrimaryKey,
            "public.keyless",
            "legacy",
        )],
    );
    assert!(stale.fails(Level::Warning));
    assert!(!stale.fails(Level::Error));
}

#[test]
fn findings_render_like_rustc_and_as_json() {
    let report = lint_with(
        &fixture(Planted),
        &[Suppression::new(
            Lint::NoPrimaryKey,
            "public.keyless",
            "legacy",
        )],
    );
    let text = report.to_string();
    let initplan = text
        .split("\n\n")
        .find(|block| block.starts_with("warning[auth_rls_initplan]"))
        .unwrap();
    assert_eq!(
        initplan,
        "warning[auth_rls_initplan]: policy re-evaluates an auth function for each row\n\
         \x20 --> public.initplan, policy `owners read`\n\
         \x20 = note: `auth.uid()` is called once for every row the query looks at; wrapped in \
         `(select ...)` Postgres runs it once per statement\n\
         \x20 = help: write using = \"owner_id = (select auth.uid())\""
    );
    assert!(text.ends_with("lint: 7 errors, 10 warnings, 2 info (1 suppressed)\n"));

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let first = &json["findings"][0];
    assert_eq!(first["lint"], "anon_security_definer_function_executable");
    assert_eq!(first["level"], "warning");
    assert_eq!(first["object"], "public.is_admin");
    assert_eq!(json["suppressed"][0]["reason"], "legacy");
    assert_eq!(json["suppressed"][0]["finding"]["lint"], "no_primary_key");
    let back: Report = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(back, report);
}

#[test]
fn lint_names_round_trip() {
    for lint in Lint::ALL {
        assert_eq!(Lint::parse(lint.as_str()), Some(lint));
    }
    let names: Vec<&str> = Lint::ALL.iter().map(|l| l.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(Lint::parse("no_such_lint"), None);
}

/// The planted fixture with allows written in the schema itself, as the derives and the
/// builder methods put them there.
fn planted_with_allows(keyless: Allow, policy: Allow, function: Allow) -> Schema {
    let mut schema = fixture(Planted);
    let table = |schema: &Schema, name: &str| -> usize {
        let name = QualifiedName::parse(name);
        schema.tables.iter().position(|t| t.name == name).unwrap()
    };
    let i = table(&schema, "keyless");
    schema.tables[i].allow.push(keyless);
    let i = table(&schema, "initplan");
    schema.tables[i].policies[0].allow.push(policy);
    let i = schema
        .functions
        .iter()
        .position(|f| f.name.name == "add_one")
        .unwrap();
    schema.functions[i].allow.push(function);
    schema
}

#[test]
fn allows_in_the_schema_keep_their_findings_quiet() {
    let schema = planted_with_allows(
        Allow::new(Lint::NoPrimaryKey, "an append-only log"),
        Allow::new(Lint::AuthRlsInitplan, "measured: ten rows"),
        // `add_one` has no `security definer` finding: this allow is stale.
        Allow::new(
            Lint::AnonSecurityDefinerFunctionExecutable,
            "was security definer once",
        ),
    );
    let report = lint_with(&schema, &[]);
    let suppressed: Vec<(&str, String, &str)> = report
        .suppressed
        .iter()
        .map(|s| {
            (
                s.finding.lint.as_str(),
                s.finding.location(),
                s.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        [
            (
                "auth_rls_initplan",
                "public.initplan, policy `owners read`".to_string(),
                "measured: ten rows"
            ),
            (
                "no_primary_key",
                "public.keyless".to_string(),
                "an append-only log"
            ),
        ]
    );
    let remaining = locations(&lint(&schema));
    assert!(remaining.contains(&("unused_allow", "public.add_one".into())));
    assert!(remaining.contains(&("function_search_path_mutable", "public.add_one".into())));
    assert_eq!(remaining.len(), lint(&fixture(Planted)).len() - 2 + 1);
}

#[test]
fn a_policy_allow_covers_that_policy_only() {
    let mut schema = fixture(Planted);
    let permissive = schema
        .tables
        .iter_mut()
        .find(|t| t.name.name == "permissive")
        .unwrap();
    // `multiple_permissive_policies` is reported on the table, not on either policy.
    let owners = permissive
        .policies
        .iter_mut()
        .find(|p| p.name == "owners read")
        .unwrap();
    owners
        .allow
        .push(Allow::new(Lint::MultiplePermissivePolicies, "reviewed"));
    let remaining = locations(&lint(&schema));
    assert!(remaining.contains(&("multiple_permissive_policies", "public.permissive".into())));
    assert!(
        remaining.contains(&(
            "unused_allow",
            "public.permissive, policy `owners read`".into()
        )),
        "{remaining:?}"
    );
}

#[test]
fn building_refuses_an_allow_without_a_reason_naming_its_object() {
    let keyless = TableDef::new(QualifiedName::parse("keyless"))
        .with_column(uuid("id"))
        .allow(Lint::NoPrimaryKey, " ");
    let policy = policy(
        "owners read",
        PolicyCommand::Select,
        "owner_id = auth.uid()",
    )
    .allow(Lint::AuthRlsInitplan, "");
    let mut read = table("read");
    read.policies = vec![policy];
    let function = FunctionDef::new(
        "public.one",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "select 1",
    )
    .allow(Lint::FunctionSearchPathMutable, "fine")
    .allow(Lint::FunctionSearchPathMutable, "twice");
    let errors = Schema::builder()
        .add_table(keyless)
        .add_table(read)
        .add_function(function)
        .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
        .add_external_role("authenticated")
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        errors.contains("table `public.keyless`: allows `no_primary_key` without a reason"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "policy `owners read` on table `public.read`: allows `auth_rls_initplan` without a reason"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("function `public.one`: allows `function_search_path_mutable` twice"),
        "{errors}"
    );
}

#[test]
fn allows_travel_in_snapshots_and_change_no_migration() {
    let plain = fixture(Corrected);
    let schema = planted_with_allows(
        Allow::new(Lint::NoPrimaryKey, "an append-only log"),
        Allow::new(Lint::AuthRlsInitplan, "measured: ten rows"),
        Allow::new(Lint::FunctionSearchPathMutable, "pure arithmetic"),
    );
    let json = serde_json::to_string(&schema).unwrap();
    assert!(json.contains(r#""allow":[{"lint":"no_primary_key","reason":"an append-only log"}]"#));
    let back: Schema = serde_json::from_str(&json).unwrap();
    assert_eq!(back, schema);
    // Only the allows differ between these two: the diff has nothing to do.
    let planted = fixture(Planted);
    assert_eq!(diff::diff(&planted, &schema).len(), 0);
    assert!(!diff::diff(&plain, &schema).is_empty());
}

/// `changes_authorization` is about migrations: RLS turned off on an exposed table, or the
/// last policy of a table that keeps RLS dropped. A policy replaced, or RLS turned off in a
/// schema the API does not serve, is not a finding.
#[test]
fn migrations_that_change_authorization_are_found() {
    let external = |b: SchemaBuilder| b.add_external_role("authenticated");
    let build = |tables: Vec<TableDef>| {
        let mut b = external(Schema::builder());
        for t in tables {
            b = b.add_table(t);
        }
        b.build().unwrap()
    };
    let old = build(vec![table("notes"), table("private.logs"), table("tags")]);
    let mut notes = table("notes");
    notes.row_level_security.enabled = false;
    notes.policies.clear();
    let mut logs = table("private.logs");
    logs.row_level_security.enabled = false;
    logs.policies.clear();
    let mut tags = table("tags");
    tags.policies.clear();
    let new = build(vec![notes, logs, tags]);

    let compared = schema_core::diff::compare(&old, &new);
    let found: Vec<(String, String)> =
        schema_core::lint::lint_changes(&compared.old, &compared.new, &compared.changes)
            .into_iter()
            .map(|(index, finding)| {
                assert_eq!(finding.lint, Lint::ChangesAuthorization);
                (compared.changes[index].to_string(), finding.location())
            })
            .collect();
    assert_eq!(
        found,
        [
            (
                "set row-level security of table `public.notes`".to_string(),
                "public.notes".to_string()
            ),
            (
                "drop policy `owners read` on table `public.tags`".to_string(),
                "public.tags, policy `owners read`".to_string()
            ),
        ]
    );

    // The same policy dropped and created again with another condition: no finding.
    let mut reworded = table("tags");
    reworded.policies[0].using = Some("owner_id = (select auth.uid()) and true".into());
    let new = build(vec![table("notes"), table("private.logs"), reworded]);
    let compared = schema_core::diff::compare(&old, &new);
    assert!(
        schema_core::lint::lint_changes(&compared.old, &compared.new, &compared.changes).is_empty()
    );
}
