//! Convergence for functions, triggers, views, partitions, domains, composite types,
//! extensions and grants, and for the three apps, on a real Postgres: apply the old
//! schema, run the plan, read the database back, and check that it holds the new schema
//! and that a second plan is empty (the property `convergence.rs` checks for tables).

#[path = "../examples/apps/coaching/mod.rs"]
mod coaching;
mod common;
#[path = "../examples/demo/mod.rs"]
mod demo;
#[path = "../examples/apps/photography/mod.rs"]
mod photography;
#[path = "../examples/apps/therapy/mod.rs"]
mod therapy;

use common::{describe_script_error, reset, TestDb};
use postgres::Client;
use schemata::postgres::fixtures::objects;
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::{comparable, graft};
use schemata::postgres::plan::{diff, Plan, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{
    Argument, Column, DomainDef, FunctionDef, Grant, GrantObject, Language, PartitionBound,
    Privilege, QualifiedName, Returns, Schema, SchemaBuilder, SqlType, TableDef, Trigger,
    TriggerEvent, TriggerTiming, ViewDef, Volatility,
};

struct Pair {
    name: String,
    old: Schema,
    new: Schema,
}

fn pair(name: &str, old: SchemaBuilder, new: SchemaBuilder) -> Pair {
    let build = |b: SchemaBuilder, side: &str| {
        b.build()
            .unwrap_or_else(|e| panic!("pair `{name}`, {side} schema: {e}"))
    };
    Pair {
        name: name.to_string(),
        old: build(old, "old"),
        new: build(new, "new"),
    }
}

/// Two databases reused for every pair, as in `convergence.rs`.
struct Lab {
    migrated: TestDb,
    reference: TestDb,
}

impl Lab {
    fn new() -> Lab {
        Lab {
            migrated: TestDb::fresh(),
            reference: TestDb::fresh(),
        }
    }

    fn converge(&mut self, pair: &Pair) -> Result<Plan, String> {
        let options = PlanOptions::default();
        let plan = diff(&pair.old, &pair.new, &options).map_err(|e| e.to_string())?;
        let foreign = foreign_schemas(pair);
        let expected = {
            let client = &mut self.reference.client;
            reset(client)?;
            apply(client, &pair.new, "new")?;
            let printed = read_back(client, &foreign)?;
            comparable(&graft(&pair.new, &printed))
        };
        let client = &mut self.migrated.client;
        reset(client)?;
        apply(client, &pair.old, "old")?;
        run(client, &plan)?;
        let read = read_back(client, &foreign)?;
        if read != expected {
            let changes = schemata::diff::diff(&read, &expected);
            let listed: Vec<String> = changes.iter().map(|c| format!("  - {c}")).collect();
            return Err(format!(
                "after the plan, the database still differs from the new schema:\n{}\n\nplan:\n{}",
                listed.join("\n"),
                plan.to_sql()
            ));
        }
        let again =
            diff(&read, &expected, &options).map_err(|e| format!("the second plan fails: {e}"))?;
        if !again.is_empty() {
            return Err(format!(
                "the second plan is not empty:\n{}\n\nfirst plan:\n{}",
                again.to_sql(),
                plan.to_sql()
            ));
        }
        Ok(plan)
    }
}

/// The schemas of the stand-ins for external objects, which are not read back.
fn foreign_schemas(pair: &Pair) -> Vec<String> {
    let mut names = Vec::new();
    for schema in [&pair.old, &pair.new] {
        let tables = schema.external.tables.iter().map(|t| &t.name.schema);
        let functions = schema.external.functions.iter().map(|f| &f.name.schema);
        names.extend(tables.chain(functions).filter(|s| *s != "public").cloned());
    }
    names
}

fn apply(client: &mut Client, schema: &Schema, side: &str) -> Result<(), String> {
    let sql = to_sql(schema, &RenderOptions { stand_ins: true });
    client.batch_execute(&sql).map_err(|e| {
        format!(
            "the {side} schema does not apply: {}",
            describe_script_error(&sql, &e)
        )
    })
}

fn read_back(client: &mut Client, foreign: &[String]) -> Result<Schema, String> {
    let all: Vec<String> = client
        .query(
            "SELECT nspname::text FROM pg_namespace
             WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'",
            &[],
        )
        .map_err(|e| e.to_string())?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let schemas: Vec<String> = all.into_iter().filter(|s| !foreign.contains(s)).collect();
    let schema = introspect(client, &IntrospectOptions::schemas(schemas))
        .map_err(|e| format!("introspection fails: {e}"))?;
    Ok(comparable(&schema))
}

fn run(client: &mut Client, plan: &Plan) -> Result<(), String> {
    let mut in_transaction = false;
    for (i, step) in plan.steps.iter().enumerate() {
        if step.transactional != in_transaction {
            client
                .batch_execute(if step.transactional {
                    "BEGIN"
                } else {
                    "COMMIT"
                })
                .map_err(|e| e.to_string())?;
            in_transaction = step.transactional;
        }
        if let Err(error) = client.batch_execute(&step.sql) {
            let _ = client.batch_execute("ROLLBACK");
            return Err(format!(
                "step {} ({}) fails: {}\n\nplan:\n{}",
                i + 1,
                step.description,
                describe_script_error(&step.sql, &error),
                plan.to_sql()
            ));
        }
    }
    if in_transaction {
        client.batch_execute("COMMIT").map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn check_all(pairs: Vec<Pair>) -> Vec<(String, Plan)> {
    let mut lab = Lab::new();
    let mut plans = Vec::new();
    let failures: Vec<String> = pairs
        .iter()
        .filter_map(|pair| match lab.converge(pair) {
            Ok(plan) => {
                plans.push((pair.name.clone(), plan));
                None
            }
            Err(e) => Some(format!("pair `{}`: {e}", pair.name)),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} pair(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    plans
}

fn from_schema(schema: Schema) -> SchemaBuilder {
    SchemaBuilder::from_schema(schema)
}

#[test]
fn every_object_fixture_is_created_and_dropped() {
    let mut pairs = Vec::new();
    for case in objects::all() {
        let empty = Schema {
            external: case.schema.external.clone(),
            ..Schema::default()
        };
        pairs.push(Pair {
            name: format!("create {}", case.name),
            old: empty.clone(),
            new: case.schema.clone(),
        });
        pairs.push(Pair {
            name: format!("drop {}", case.name),
            old: case.schema,
            new: empty,
        });
    }
    check_all(pairs);
}

#[test]
fn the_apps_are_created_from_nothing() {
    let pairs = [
        ("coaching", coaching::schema()),
        ("therapy", therapy::schema()),
        ("photography", photography::schema()),
    ]
    .into_iter()
    .map(|(name, schema)| Pair {
        name: name.to_string(),
        old: Schema {
            external: schema.external.clone(),
            ..Schema::default()
        },
        new: schema,
    })
    .collect();
    check_all(pairs);
}

fn members() -> TableDef {
    TableDef::new(QualifiedName::parse("members"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new(
            "name",
            SqlType::Varchar { length: Some(50) },
            false,
        ))
        .with_column(Column::new("is_admin", SqlType::Boolean, false))
        .with_primary_key(None, &["id"])
}

fn name_lengths() -> ViewDef {
    ViewDef::new(
        QualifiedName::parse("name_lengths"),
        "SELECT id, length(name) AS letters FROM members",
    )
    .with_column("id", SqlType::BigInt)
    .with_column("letters", SqlType::Integer)
}

fn long_names() -> ViewDef {
    ViewDef::new(
        QualifiedName::parse("long_names"),
        "SELECT id FROM name_lengths WHERE letters > 10",
    )
    .with_column("id", SqlType::BigInt)
}

fn touch() -> FunctionDef {
    FunctionDef::new(
        "touch",
        Returns::Trigger,
        Language::Plpgsql,
        "BEGIN NEW.name := trim(NEW.name); RETURN NEW; END",
    )
}

fn admin_check(body: &str) -> FunctionDef {
    FunctionDef::new(
        "is_admin_member",
        Returns::Type(SqlType::Boolean),
        Language::Sql,
        body,
    )
    .argument(Argument::new("member", SqlType::BigInt))
    .volatility(Volatility::Stable)
}

fn base() -> SchemaBuilder {
    base_with(admin_check(
        "SELECT is_admin FROM public.members WHERE id = member",
    ))
}

fn base_with(admin: FunctionDef) -> SchemaBuilder {
    let mut table = members().with_trigger(Trigger::new(
        "members_touch",
        TriggerTiming::Before,
        &[TriggerEvent::Insert],
        QualifiedName::parse("touch"),
    ));
    table.row_level_security.enabled = true;
    let table = table.with_policy(schemata::Policy {
        name: "admins".into(),
        restrictive: false,
        command: schemata::PolicyCommand::Select,
        roles: vec![],
        using: Some("is_admin_member(id)".into()),
        with_check: None,
        allow: Vec::new(),
    });
    Schema::builder()
        .add_table(table)
        .add_function(touch())
        .add_function(admin)
        .add_view(name_lengths())
        .add_view(long_names())
        .role(schemata::Role::new("schemata_convergence_reader"))
        .grant(
            &[Privilege::Select],
            GrantObject::table("name_lengths"),
            &["schemata_convergence_reader"],
        )
}

#[test]
fn hand_written_object_pairs_converge() {
    let mut pairs = Vec::new();

    // A function body changes: replaced in place, its policy untouched.
    pairs.push(pair(
        "function body",
        base(),
        base_with(admin_check(
            "SELECT coalesce(bool_or(is_admin), false) FROM public.members WHERE id = member",
        )),
    ));

    // The return type changes: dropped and created again with the policy using it.
    let mut returns_text = admin_check("SELECT 'yes'::text FROM public.members WHERE id = member");
    returns_text.returns = Returns::Type(SqlType::Text);
    let mut changed = base_with(returns_text).build().unwrap();
    changed.tables[0].policies[0].using = Some("is_admin_member(id) = 'yes'".into());
    pairs.push(pair("function return type", base(), from_schema(changed)));

    // A column type under two views: both dropped and created again, the grant too.
    let mut wider = base().build().unwrap();
    wider.tables[0].columns[1].ty = SqlType::Text;
    pairs.push(pair("column type under views", base(), from_schema(wider)));

    // A view's query changes: it and the view reading it are rebuilt.
    let mut query = base().build().unwrap();
    query
        .views
        .iter_mut()
        .find(|v| v.name.name == "name_lengths")
        .unwrap()
        .query = "SELECT id, char_length(name) AS letters FROM members".into();
    pairs.push(pair("view query", base(), from_schema(query)));

    // Triggers: changed events, one added.
    let mut triggers = base().build().unwrap();
    triggers.tables[0].triggers[0].events = vec![TriggerEvent::Insert, TriggerEvent::Update];
    triggers.tables[0].triggers.push(Trigger {
        update_of: vec!["name".into()],
        ..Trigger::new(
            "members_touch_name",
            TriggerTiming::Before,
            &[TriggerEvent::Update],
            QualifiedName::parse("touch"),
        )
    });
    pairs.push(pair("triggers", base(), from_schema(triggers)));

    // Grants: one revoked, others added, a grant option.
    let grants = base()
        .build()
        .map(|mut s| {
            s.grants.clear();
            s
        })
        .unwrap();
    pairs.push(pair(
        "grants",
        base(),
        from_schema(grants)
            .grant(
                &[Privilege::Select, Privilege::Insert],
                GrantObject::table("members"),
                &["schemata_convergence_reader"],
            )
            .grant(
                &[Privilege::Update],
                GrantObject::column("members", "name"),
                &["schemata_convergence_reader"],
            )
            .add_grant(
                Grant::new(
                    &[Privilege::Execute],
                    GrantObject::function("is_admin_member"),
                    "schemata_convergence_reader",
                )
                .with_grant_option(),
            ),
    ));

    // Domains and composite types change in place.
    let domain = || DomainDef::new("short_text", SqlType::Text);
    let with_types = |domain: DomainDef, composite: schemata::CompositeDef| {
        Schema::builder()
            .domain(domain.clone())
            .composite(composite)
            .add_table(
                TableDef::new(QualifiedName::parse("notes"))
                    .with_column(Column::new("id", SqlType::BigInt, false))
                    .with_column(Column::new("body", domain.sql_type(), true)),
            )
    };
    let point = schemata::CompositeDef::new("point2").attribute("x", SqlType::Integer);
    let mut stricter = domain().with_check(Some("short"), "length(VALUE) < 100");
    stricter.default = Some(schemata::DefaultValue::Literal(schemata::Literal::Text(
        "".into(),
    )));
    pairs.push(pair(
        "domain and composite",
        with_types(domain(), point.clone()),
        with_types(stricter, point.attribute("y", SqlType::Integer)),
    ));

    // Partitions added, dropped and moved to another bound; an extension added.
    let events = || {
        TableDef {
            partition_by: Some(schemata::PartitionBy {
                strategy: schemata::PartitionStrategy::Range,
                keys: vec![schemata::IndexTarget::Column("day".into())],
            }),
            ..TableDef::new(QualifiedName::parse("events"))
        }
        .with_column(Column::new("day", SqlType::Date, false))
    };
    let partition = |name: &str, from: &str, to: &str| {
        TableDef::partition_of(
            QualifiedName::parse(name),
            QualifiedName::parse("events"),
            PartitionBound::range(from, to),
        )
    };
    pairs.push(pair(
        "partitions",
        Schema::builder()
            .add_table(events())
            .add_table(partition("events_a", "'2024-01-01'", "'2025-01-01'"))
            .add_table(partition("events_b", "'2025-01-01'", "'2026-01-01'")),
        Schema::builder()
            .add_table(events())
            .add_table(partition("events_a", "'2023-01-01'", "'2025-01-01'"))
            .add_table(partition("events_c", "'2026-01-01'", "'2027-01-01'"))
            .extension(schemata::Extension::new("pg_trgm")),
    ));

    // The plans, pinned: read them to see what each change takes.
    let mut text = String::new();
    for (name, plan) in check_all(pairs) {
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("object_plans", text);
}
