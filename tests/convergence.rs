//! The convergence property, on a real Postgres: for a pair (old, new), apply old to a
//! database, insert rows, run the plan step by step, then
//! 1. every statement succeeded, and every step ran a second time right after the first
//!    (a step must be able to run again after a failure or a kill),
//! 2. reading the database back gives exactly new (up to the order of columns, which
//!    Postgres cannot change: an added column always comes last),
//! 3. a second plan, from what the database now holds to new, is empty, and, judged
//!    without our model, `pg_dump --schema-only` of the migrated database equals the one
//!    of a database where new was applied directly (entries sorted, columns unordered),
//! 4. no row was lost, unless the plan declared a data-loss hazard.
//!
//! Over every hand-written pair (`schemata_testkit::pairs`), over seeded random pairs,
//! over creating and dropping every object fixture, over the three apps created from
//! nothing, and over pairs for functions, triggers, views, partitions, domains, composite
//! types, extensions and grants, whose plans are pinned in a snapshot. The random run
//! prints its base seed; `SCHEMATA_SEED=<seed>` repeats it and `SCHEMATA_PAIRS=<n>` sets
//! how many pairs each random test runs (default 100, in two tests). One database per
//! test is reset between pairs, which keeps the suite fast.

use schemata_example_apps::{coaching, photography, therapy};
mod common;

use common::{describe_script_error, dump_difference, reset, schema_dump, TestDb};
use postgres::Client;
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::{comparable, graft};
use schemata::postgres::plan::{diff, Hazard, Plan, PlanOptions};
use schemata::postgres::{quote_literal, to_sql, RenderOptions};
use schemata::{
    quote_ident, Argument, CheckOption, Column, DefaultValue, DomainDef, FunctionDef, Grant,
    GrantObject, Language, Parallel, PartitionBound, Privilege, QualifiedName, ReplicaIdentity,
    Returns, Schema, SchemaBuilder, SqlType, TableDef, Trigger, TriggerEvent, TriggerTiming,
    ViewDef, Volatility,
};
use schemata_testkit::fixtures::objects;
use schemata_testkit::generate::random_pair;
use schemata_testkit::pairs::{self, Pair};
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// Rows inserted into every table of the old schema.
const ROWS: i64 = 3;

/// A migration to converge: a pair from the testkit, or one built here.
struct Case {
    name: String,
    old: Schema,
    new: Schema,
    /// Rows to insert instead of the generated ones (see [`Pair::seed`]).
    seed: Option<&'static str>,
}

impl From<Pair> for Case {
    fn from(pair: Pair) -> Case {
        Case {
            name: pair.name.to_string(),
            old: pair.old,
            new: pair.new,
            seed: pair.seed,
        }
    }
}

fn pair(name: &str, old: SchemaBuilder, new: SchemaBuilder) -> Case {
    let build = |b: SchemaBuilder, side: &str| {
        b.build()
            .unwrap_or_else(|e| panic!("pair `{name}`, {side} schema: {e}"))
    };
    Case {
        name: name.to_string(),
        old: build(old, "old"),
        new: build(new, "new"),
        seed: None,
    }
}

/// Why planning `from` -> `to` is refused.
fn refusal(from: &Schema, to: &Schema) -> String {
    diff(from, to, &PlanOptions::default())
        .unwrap_err()
        .to_string()
}

/// Converges every case with one lab, failing with all the failures at once; the plans,
/// for a snapshot.
fn check_all(cases: Vec<Case>) -> Vec<(String, Plan)> {
    let mut lab = Lab::new();
    let mut plans = Vec::new();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| match lab.converge(case) {
            Ok(plan) => {
                plans.push((case.name.clone(), plan));
                None
            }
            Err(e) => Some(format!("pair `{}`: {e}", case.name)),
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

/// `ALTER DEFAULT PRIVILEGES` in every form (`schemata_testkit::pairs::default_privileges`).
#[test]
fn default_privileges_converge() {
    let plans = check_all(
        pairs::default_privileges()
            .into_iter()
            .map(Case::from)
            .collect(),
    );
    // The plans, pinned: read them to see what each change takes.
    let mut text = String::new();
    for (name, plan) in plans {
        assert!(!plan.is_empty(), "pair `{name}` plans nothing");
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("default_privilege_plans", text);
}

#[test]
fn hand_written_pairs_converge() {
    check_all(pairs::all().into_iter().map(Case::from).collect());
}

#[test]
fn random_pairs_converge_first_half() {
    random_pairs(0);
}

#[test]
fn random_pairs_converge_second_half() {
    random_pairs(1);
}

fn random_pairs(half: u64) {
    let base = std::env::var("SCHEMATA_SEED")
        .ok()
        .map(|s| {
            s.trim()
                .parse::<u64>()
                .expect("SCHEMATA_SEED must be a number")
        })
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
                * 1000
        });
    let count: u64 = std::env::var("SCHEMATA_PAIRS")
        .ok()
        .map(|s| s.trim().parse().expect("SCHEMATA_PAIRS must be a number"))
        .unwrap_or(100);
    let first = base + half * count;
    eprintln!(
        "random pairs: seeds {first}..{} (SCHEMATA_SEED={base})",
        first + count
    );
    let mut lab = Lab::new();
    for seed in first..first + count {
        let pair = Case::from(random_pair(seed));
        if let Err(error) = lab.converge(&pair) {
            panic!(
                "random pair with seed {seed} failed (run it alone with SCHEMATA_SEED={seed} SCHEMATA_PAIRS=1 cargo test --test convergence random_pairs_converge_first_half):\n{error}\n\nold schema:\n{}\n\nnew schema:\n{}",
                to_sql(&pair.old, &RenderOptions::default()),
                to_sql(&pair.new, &RenderOptions::default()),
            );
        }
    }
}

/// Two databases reused for every pair: one migrated, one where the new schema is
/// applied directly to learn how Postgres prints its expressions.
struct Lab {
    migrated: TestDb,
    reference: TestDb,
    /// Whether consecutive transactional steps run in one transaction. Not on Citus, which
    /// refuses some DDL after other DDL in one transaction; `schemactl apply` gives each
    /// step a transaction of its own anyway.
    group_steps: bool,
}

impl Lab {
    fn new() -> Lab {
        Lab {
            migrated: TestDb::fresh(),
            reference: TestDb::fresh(),
            group_steps: true,
        }
    }

    /// Both databases on the Citus cluster (`CITUS_URL`), each with the workers added.
    fn citus() -> Lab {
        Lab {
            migrated: TestDb::fresh_citus(),
            reference: TestDb::fresh_citus(),
            group_steps: false,
        }
    }

    fn converge(&mut self, pair: &Case) -> Result<Plan, String> {
        let options = PlanOptions::default();
        let plan = diff(&pair.old, &pair.new, &options).map_err(|e| e.to_string())?;

        let foreign = foreign_schemas(pair);
        let expected = self.expected(&pair.new, &foreign)?;
        let (migrated_url, reference_url) = (self.migrated.url.clone(), self.reference.url.clone());
        let client = &mut self.migrated.client;
        reset(client)?;
        apply(client, &pair.old, "old")?;
        match pair.seed {
            Some(sql) => client.batch_execute(sql).map_err(|e| {
                format!(
                    "the seed rows do not insert: {}",
                    describe_script_error(sql, &e)
                )
            })?,
            None => insert_rows(client, &pair.old),
        }
        let before = count_rows(client, &pair.old)?;

        // 1. Every statement succeeds, transactional steps grouped in transactions.
        run(client, &plan, self.group_steps)?;

        // 2. The database now holds exactly the new schema.
        let read = read_back(client, &foreign)?;
        let actual = in_column_order_of(&read, &expected);
        if actual != expected {
            let changes = schemata::diff::diff(&actual, &expected);
            let listed: Vec<String> = changes.iter().map(|c| format!("  - {c}")).collect();
            return Err(format!(
                "after the plan, the database still differs from the new schema; what remains to do:\n{}\n\nplan:\n{}\n\nread back:\n{}\n\nexpected:\n{}",
                listed.join("\n"),
                plan.to_sql(),
                to_sql(&actual, &RenderOptions::default()),
                to_sql(&expected, &RenderOptions::default()),
            ));
        }

        // 3. Planning again finds nothing to do.
        let again =
            diff(&read, &expected, &options).map_err(|e| format!("the second plan fails: {e}"))?;
        if !again.is_empty() {
            return Err(format!(
                "the second plan is not empty:\n{}\n\nfirst plan:\n{}",
                again.to_sql(),
                plan.to_sql()
            ));
        }

        // 3b. Judged without our model: `pg_dump --schema-only` of the migrated database
        // equals the one of the database where the new schema was applied directly.
        let migrated = schema_dump(&migrated_url, &foreign)?;
        let reference = schema_dump(&reference_url, &foreign)?;
        if migrated != reference {
            return Err(format!(
                "pg_dump of the migrated database differs from the new schema's (- migrated, + expected):\n{}\nplan:\n{}",
                dump_difference(&migrated, &reference),
                plan.to_sql()
            ));
        }

        // 4. Rows survive unless the plan said they might not.
        let declared_loss = plan.hazards().contains(&Hazard::DeletesData);
        let renamed = renames(pair);
        for (table, count) in before {
            let now_named = renamed.get(&table).unwrap_or(&table);
            let now = match pair.new.table(now_named) {
                Some(_) => count_table(client, now_named)?,
                None => 0,
            };
            if now < count && !declared_loss {
                return Err(format!(
                    "table `{table}` had {count} rows and has {now}, but the plan declares no data loss:\n{}",
                    plan.to_sql()
                ));
            }
        }
        Ok(plan)
    }

    /// The new schema as Postgres prints it: applied to the reference database, read back,
    /// and its expressions grafted onto the model.
    fn expected(&mut self, new: &Schema, foreign: &[String]) -> Result<Schema, String> {
        let client = &mut self.reference.client;
        reset(client)?;
        apply(client, new, "new")?;
        let printed = read_back(client, foreign)?;
        Ok(comparable(&graft(new, &printed)))
    }
}

/// The schemas of the stand-ins for external objects, which are not read back.
fn foreign_schemas(pair: &Case) -> Vec<String> {
    let mut names = Vec::new();
    for schema in [&pair.old, &pair.new] {
        let tables = schema.external.tables.iter().map(|t| &t.name.schema);
        let functions = schema.external.functions.iter().map(|f| &f.name.schema);
        names.extend(tables.chain(functions).filter(|s| *s != "public").cloned());
    }
    names
}

/// Statement by statement, as Citus needs (see `run`).
fn apply(client: &mut Client, schema: &Schema, side: &str) -> Result<(), String> {
    let sql = to_sql(schema, &RenderOptions { stand_ins: true });
    for statement in schemata::sql::split_statements(&sql) {
        client.batch_execute(statement).map_err(|e| {
            format!(
                "the {side} schema does not apply: {}",
                describe_script_error(statement, &e)
            )
        })?;
    }
    Ok(())
}

/// What the database holds, as a comparable schema: every schema but those of the
/// stand-ins for external objects, which a user would leave out too.
fn read_back(client: &mut Client, foreign: &[String]) -> Result<Schema, String> {
    let all: Vec<String> = client
        .query(
            "SELECT nspname::text FROM pg_namespace n
             WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                               WHERE d.classid = 'pg_namespace'::regclass
                                 AND d.objid = n.oid AND d.deptype = 'e')",
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

/// Runs the plan as a careful operator would: consecutive transactional steps in one
/// transaction, the others on their own, `lock_timeout` before each; every step twice.
fn run(client: &mut Client, plan: &Plan, group_steps: bool) -> Result<(), String> {
    let mut in_transaction = false;
    for (i, step) in plan.steps.iter().enumerate() {
        if in_transaction && !group_steps {
            client.batch_execute("COMMIT").map_err(|e| e.to_string())?;
            in_transaction = false;
        }
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
        if let Some(timeout) = step.lock_timeout {
            let set = format!("SET lock_timeout = {}", timeout.as_millis());
            client.batch_execute(&set).map_err(|e| e.to_string())?;
        }
        // Twice: a step must run again after a failure or a kill that came after its
        // work was done (the second run finds everything in place).
        for run in ["fails", "fails when it runs again"] {
            // Statement by statement, as `schemactl apply` runs them: Citus passes a DDL
            // statement's text on to its workers, which refuse a text holding several.
            // Like it, a step building an index concurrently is skipped once the index is
            // built (Citus marks a built index invalid when the build runs again).
            let statements = schemata::sql::split_statements(&step.sql);
            let outcome = if step.transactional {
                Ok(true)
            } else {
                schemata::postgres::apply::prepare_index_build(client, step)
            };
            if let Err(error) = outcome.and_then(|build| {
                statements
                    .into_iter()
                    .filter(|_| build)
                    .try_for_each(|statement| client.batch_execute(statement))
            }) {
                let _ = client.batch_execute("ROLLBACK");
                return Err(format!(
                    "step {} ({}) {run}: {}\n\nplan:\n{}",
                    i + 1,
                    step.description,
                    describe_script_error(&step.sql, &error),
                    plan.to_sql()
                ));
            }
        }
    }
    if in_transaction {
        client.batch_execute("COMMIT").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `read` with each table's columns in the order `expected` has them.
fn in_column_order_of(read: &Schema, expected: &Schema) -> Schema {
    let mut out = read.clone();
    for table in &mut out.tables {
        let Some(model) = expected.table(&table.name) else {
            continue;
        };
        let position = |name: &str| {
            model
                .columns
                .iter()
                .position(|c| c.name == name)
                .unwrap_or(usize::MAX)
        };
        table.columns.sort_by_key(|c| position(&c.name));
    }
    out
}

/// Old table name -> new table name, for tables the pair renames.
fn renames(pair: &Case) -> BTreeMap<QualifiedName, QualifiedName> {
    schemata::diff::diff(&pair.old, &pair.new)
        .into_iter()
        .filter_map(|change| match change {
            schemata::diff::Change::RenameTable { from, to } => Some((from, to)),
            _ => None,
        })
        .collect()
}

/// The rows a table holds itself (`ONLY`): a partitioned table's rows are its
/// partitions', counted there, so a partition detached keeps its rows.
fn count_table(client: &mut Client, table: &QualifiedName) -> Result<i64, String> {
    let query = format!("SELECT count(*) FROM ONLY {}", table.to_sql());
    client
        .query_one(&query, &[])
        .map(|row| row.get(0))
        .map_err(|e| format!("cannot count rows of `{table}`: {e}"))
}

fn count_rows(
    client: &mut Client,
    schema: &Schema,
) -> Result<BTreeMap<QualifiedName, i64>, String> {
    let mut counts = BTreeMap::new();
    for table in &schema.tables {
        counts.insert(table.name.clone(), count_table(client, &table.name)?);
    }
    Ok(counts)
}

/// Inserts `ROWS` rows into every table, parents before children, each value derived
/// from the column's type and the row number (so a foreign key column holding the row
/// number points at the row of the same number). A row that does not fit (a check it
/// fails, a cycle of foreign keys) is skipped: the test counts what is there.
fn insert_rows(client: &mut Client, schema: &Schema) {
    for table in &schema.external.tables {
        let columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| quote_ident(&c.name).into_owned())
            .collect();
        for k in 1..=ROWS {
            let values: Vec<String> = table
                .columns
                .iter()
                .map(|c| row_value(schema, &c.ty, k))
                .collect();
            let insert = format!(
                "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING",
                table.name.to_sql(),
                columns.join(", "),
                values.join(", ")
            );
            let _ = client.batch_execute(&insert);
        }
    }
    for table in parents_first(schema) {
        let columns: Vec<_> = table
            .columns
            .iter()
            .filter(|c| c.generated.is_none())
            .collect();
        if columns.is_empty() {
            continue;
        }
        let names: Vec<String> = columns
            .iter()
            .map(|c| quote_ident(&c.name).into_owned())
            .collect();
        for k in 1..=ROWS {
            let values: Vec<String> = columns
                .iter()
                .map(|c| row_value(schema, &c.ty, k))
                .collect();
            let insert = format!(
                "INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({})",
                table.name.to_sql(),
                names.join(", "),
                values.join(", ")
            );
            let _ = client.batch_execute(&insert);
        }
    }
}

/// Tables ordered so that a table comes after those its foreign keys reference, where
/// there is no cycle.
fn parents_first(schema: &Schema) -> Vec<&TableDef> {
    let mut done: Vec<&QualifiedName> = Vec::new();
    let mut ordered = Vec::new();
    let mut left: Vec<&TableDef> = schema.tables.iter().collect();
    while !left.is_empty() {
        let ready = left.iter().position(|t| {
            t.foreign_keys.iter().all(|k| {
                k.references == t.name
                    || done.contains(&&k.references)
                    || schema.table(&k.references).is_none()
            })
        });
        let next = left.remove(ready.unwrap_or(0));
        done.push(&next.name);
        ordered.push(next);
    }
    ordered
}

/// The value of row `k` for a column of type `ty`, as SQL.
fn row_value(schema: &Schema, ty: &SqlType, k: i64) -> String {
    match ty {
        SqlType::Boolean => (k % 2 == 0).to_string(),
        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => k.to_string(),
        SqlType::Real | SqlType::DoublePrecision | SqlType::Numeric { .. } => k.to_string(),
        SqlType::Text => quote_literal(&format!("value {k}")),
        SqlType::Varchar { length } => {
            let text = format!("v{k}");
            let keep = length.map_or(text.len(), |n| (n as usize).min(text.len()));
            quote_literal(&text[..keep])
        }
        SqlType::Char { length } => quote_literal(&"x".repeat(*length as usize)),
        SqlType::Bytea => format!("'\\x{k:02x}'::bytea"),
        SqlType::Uuid => quote_literal(&format!("00000000-0000-0000-0000-{k:012}")),
        SqlType::Date => quote_literal(&format!("2024-01-{k:02}")),
        SqlType::Time => quote_literal(&format!("12:00:{k:02}")),
        SqlType::Timestamp | SqlType::Timestamptz => {
            quote_literal(&format!("2024-01-{k:02} 12:00:00"))
        }
        SqlType::Interval => quote_literal(&format!("{k} days")),
        SqlType::Json | SqlType::Jsonb => quote_literal(&format!("{{\"k\": {k}}}")),
        SqlType::Inet => quote_literal(&format!("10.0.0.{k}")),
        SqlType::Tsvector => quote_literal(&format!("v{k}")),
        SqlType::Enum(name) => match schema.enum_type(name).and_then(|e| e.values.first()) {
            Some(value) => quote_literal(&value.label),
            None => "NULL".into(),
        },
        SqlType::Array(inner) => format!("ARRAY[{}]::{ty}", row_value(schema, inner, k)),
        SqlType::Custom(_) => "NULL".into(),
    }
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
        pairs.push(Case {
            name: format!("create {}", case.name),
            old: empty.clone(),
            new: case.schema.clone(),
            seed: None,
        });
        pairs.push(Case {
            name: format!("drop {}", case.name),
            old: case.schema,
            new: empty,
            seed: None,
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
    .map(|(name, schema)| Case {
        name: name.to_string(),
        old: Schema {
            external: schema.external.clone(),
            ..Schema::default()
        },
        new: schema,
        seed: None,
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
        comment: Default::default(),
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
        .add_role(schemata::Role::new("schemata_convergence_reader"))
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

    // Planner attributes change (LEAKPROOF, PARALLEL, COST), and back: replaced in place.
    let tuned = admin_check("SELECT is_admin FROM public.members WHERE id = member")
        .leakproof()
        .parallel(Parallel::Safe)
        .cost(5);
    pairs.push(pair(
        "function attributes",
        base(),
        base_with(tuned.clone()),
    ));
    pairs.push(pair("function attributes back", base_with(tuned), base()));

    // A set-returning function with a row estimate, added; then its estimate changes.
    let listed = |rows: u32| {
        FunctionDef::new(
            "member_ids",
            Returns::SetOf(SqlType::BigInt),
            Language::Sql,
            "SELECT id FROM public.members",
        )
        .volatility(Volatility::Stable)
        .parallel(Parallel::Restricted)
        .rows(rows)
    };
    pairs.push(pair(
        "function with a row estimate",
        base(),
        base().add_function(listed(50)),
    ));
    pairs.push(pair(
        "function row estimate",
        base().add_function(listed(50)),
        base().add_function(listed(7)),
    ));

    // A new column with a volatile default on a table with rows: added bare, the default
    // set, the rows filled in batches, then NOT NULL through a validated check.
    let mut tokens = base().build().unwrap();
    tokens.tables[0].columns.push(Column {
        default: Some(DefaultValue::Expression("gen_random_uuid()".into())),
        ..Column::new("token", SqlType::Uuid, false)
    });
    pairs.push(pair(
        "column with a volatile default on a table with rows",
        base(),
        from_schema(tokens),
    ));

    // Table settings: UNLOGGED and back; replica identity FULL, then a unique
    // constraint's index, then back to the default; a new table created with both.
    let settings = |unlogged: bool, identity: ReplicaIdentity| {
        let mut table = TableDef::new(QualifiedName::parse("events"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("code", SqlType::Text, false))
            .with_primary_key(None, &["id"])
            .with_unique(None, &["code"])
            .with_replica_identity(identity);
        table.unlogged = unlogged;
        base().add_table(table)
    };
    let tuned = |storage: &[(&str, &str)]| {
        let mut table = TableDef::new(QualifiedName::parse("events"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_primary_key(None, &["id"]);
        for (name, value) in storage {
            table = table.with_storage(name, value);
        }
        base().add_table(table)
    };
    pairs.push(pair(
        "table storage parameters set",
        tuned(&[]),
        tuned(&[
            ("fillfactor", "70"),
            ("autovacuum_vacuum_scale_factor", "0.01"),
        ]),
    ));
    pairs.push(pair(
        "table storage parameters changed and reset",
        tuned(&[
            ("fillfactor", "70"),
            ("autovacuum_vacuum_scale_factor", "0.01"),
        ]),
        tuned(&[("fillfactor", "90"), ("autovacuum_enabled", "false")]),
    ));
    pairs.push(pair(
        "new table with storage parameters",
        base(),
        tuned(&[("fillfactor", "50")]),
    ));
    let by_code = || ReplicaIdentity::Index("events_code_key".into());
    pairs.push(pair(
        "table unlogged",
        settings(false, ReplicaIdentity::Default),
        settings(true, ReplicaIdentity::Default),
    ));
    pairs.push(pair(
        "table logged again",
        settings(true, ReplicaIdentity::Default),
        settings(false, ReplicaIdentity::Default),
    ));
    pairs.push(pair(
        "replica identity full",
        settings(false, ReplicaIdentity::Default),
        settings(false, ReplicaIdentity::Full),
    ));
    pairs.push(pair(
        "replica identity using index",
        settings(false, ReplicaIdentity::Full),
        settings(false, by_code()),
    ));
    pairs.push(pair(
        "replica identity back to default",
        settings(false, by_code()),
        settings(false, ReplicaIdentity::Default),
    ));
    pairs.push(pair(
        "new unlogged table with a replica identity index",
        base(),
        settings(true, by_code()),
    ));

    // A view in another schema than the table it reads: rebuilt around a type change of
    // the table's column, and dropped before the table.
    let across = |ty: SqlType, with_view: bool| {
        let data = TableDef::new(QualifiedName::parse("store.data"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("amount", ty.clone(), false))
            .with_primary_key(None, &["id"]);
        let view = ViewDef::new(
            QualifiedName::parse("reports.amounts"),
            "SELECT id, amount FROM store.data",
        )
        .with_column("id", SqlType::BigInt)
        .with_column("amount", ty.clone());
        let builder = Schema::builder().add_table(data);
        if with_view {
            builder.add_view(view)
        } else {
            builder.add_namespace("reports")
        }
    };
    pairs.push(pair(
        "column type under a view in another schema",
        across(SqlType::Integer, true),
        across(SqlType::BigInt, true),
    ));
    pairs.push(pair(
        "table and its view in another schema dropped",
        across(SqlType::Integer, true),
        Schema::builder()
            .add_namespace("store")
            .add_namespace("reports"),
    ));

    // View options: a security barrier with a check option, a materialized view's
    // storage parameters; added, changed and removed (views are rebuilt).
    let with_options = |barrier: bool, check: Option<CheckOption>, fill: Option<&str>| {
        let mut admins = ViewDef::new(
            QualifiedName::parse("admins"),
            "SELECT id, name FROM members WHERE is_admin",
        )
        .with_column("id", SqlType::BigInt)
        .with_column("name", SqlType::Varchar { length: Some(50) });
        admins.security_barrier = barrier;
        admins.check_option = check;
        let mut counts = ViewDef::materialized(
            QualifiedName::parse("admin_count"),
            "SELECT count(*) AS admins FROM members WHERE is_admin",
        )
        .with_column("admins", SqlType::BigInt);
        if let Some(fill) = fill {
            counts = counts
                .with_storage("fillfactor", fill)
                .with_storage("autovacuum_enabled", "false");
        }
        base().add_view(admins).add_view(counts)
    };
    pairs.push(pair(
        "view options added",
        with_options(false, None, None),
        with_options(true, Some(CheckOption::Local), Some("70")),
    ));
    pairs.push(pair(
        "view options changed",
        with_options(true, Some(CheckOption::Local), Some("70")),
        with_options(true, Some(CheckOption::Cascaded), Some("90")),
    ));
    pairs.push(pair(
        "view options removed",
        with_options(true, Some(CheckOption::Cascaded), Some("90")),
        with_options(false, None, None),
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
    let granted = || {
        from_schema(grants.clone())
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
            )
    };
    pairs.push(pair("grants", base(), granted()));
    // Taken back: a privilege held with grant option goes with its option.
    pairs.push(pair(
        "grants revoked, one with grant option",
        granted(),
        base(),
    ));

    // Domains and composite types change in place.
    let domain = || DomainDef::new("short_text", SqlType::Text);
    let with_types = |domain: DomainDef, composite: schemata::CompositeDef| {
        Schema::builder()
            .add_domain(domain.clone())
            .add_composite(composite)
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
            .add_extension(schemata::Extension::new("pg_trgm")),
    ));

    // The plans, pinned: read them to see what each change takes.
    let mut text = String::new();
    for (name, plan) in check_all(pairs) {
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("object_plans", text);
}

/// The pg_dump judge is not blind: it ignores the order of a table's columns, but sees a
/// storage option our model does not hold.
#[test]
fn the_pg_dump_judge_sees_what_the_model_does_not_hold() {
    let mut a = TestDb::fresh();
    let mut b = TestDb::fresh();
    a.execute_script("CREATE TABLE t (id int PRIMARY KEY, name text, born date);");
    b.execute_script("CREATE TABLE t (born date, id int PRIMARY KEY, name text);");
    let same_a = schema_dump(&a.url, &[]).unwrap();
    let same_b = schema_dump(&b.url, &[]).unwrap();
    assert!(same_a
        .iter()
        .any(|e| e.starts_with("CREATE TABLE public.t")));
    assert_eq!(same_a, same_b, "{}", dump_difference(&same_a, &same_b));

    b.execute_script("ALTER TABLE t SET (fillfactor = 50);");
    let differ = schema_dump(&b.url, &[]).unwrap();
    let difference = dump_difference(&same_a, &differ);
    assert!(difference.contains("fillfactor"), "{difference}");
}

/// Types and access methods that extensions provide, which the library does not know in
/// advance: columns of `citext`, `ltree`, `hstore` and `cube`, and indexes using `bloom`
/// (an access method of its own), GiST and GIN with the extensions' operator classes.
/// Created from nothing but the extensions, then dropped again.
#[test]
fn extension_types_and_access_methods_converge() {
    use schemata::{Extension, Index, IndexKey, IndexMethod};
    let extensions = || {
        ["citext", "ltree", "hstore", "cube", "bloom", "pg_trgm"]
            .into_iter()
            .fold(Schema::builder(), |b, name| {
                b.add_extension(Extension::new(name))
            })
    };
    let custom = |name: &str| SqlType::Custom(name.into());
    let index = |method: IndexMethod, keys: Vec<IndexKey>| Index {
        comment: Default::default(),
        name: String::new(),
        unique: false,
        nulls_not_distinct: false,
        method,
        keys,
        include: Vec::new(),
        predicate: None,
    };
    let with_opclass = |column: &str, opclass: &str| IndexKey {
        opclass: Some(opclass.into()),
        ..IndexKey::column(column)
    };
    let docs = TableDef::new(QualifiedName::parse("docs"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("email", custom("citext"), true))
        .with_column(Column::new("path", custom("ltree"), true))
        .with_column(Column::new("attrs", custom("hstore"), true))
        .with_column(Column::new("point", custom("cube"), true))
        .with_column(Column::new("title", SqlType::Text, true))
        .with_column(Column::new("a", SqlType::Integer, true))
        .with_column(Column::new("b", SqlType::Integer, true))
        .with_primary_key(None, &["id"])
        .with_index(
            Some("docs_ab_bloom"),
            index(
                IndexMethod::Other("bloom".into()),
                vec![IndexKey::column("a"), IndexKey::column("b")],
            ),
        )
        .with_index(
            Some("docs_path_idx"),
            index(IndexMethod::Gist, vec![IndexKey::column("path")]),
        )
        .with_index(
            Some("docs_attrs_idx"),
            index(IndexMethod::Gin, vec![IndexKey::column("attrs")]),
        )
        .with_index(
            Some("docs_point_idx"),
            index(IndexMethod::Gist, vec![IndexKey::column("point")]),
        )
        .with_index(
            Some("docs_title_trgm"),
            index(
                IndexMethod::Gin,
                vec![with_opclass("title", "gin_trgm_ops")],
            ),
        )
        .with_index(
            Some("docs_email_key"),
            Index {
                unique: true,
                nulls_not_distinct: false,
                ..index(IndexMethod::Btree, vec![IndexKey::column("email")])
            },
        );
    check_all(vec![
        pair(
            "extension types and access methods",
            extensions(),
            extensions().add_table(docs.clone()),
        ),
        pair(
            "extension types and access methods dropped",
            extensions().add_table(docs),
            extensions(),
        ),
    ]);
}

/// Exclusion constraints (with `btree_gist` for `=` on a plain column): created with their
/// table, added to a table with rows, changed (dropped and added again) and dropped.
#[test]
fn exclusion_constraints_converge() {
    use schemata::Extension;
    let bookings = |exclusion: Option<&str>| {
        let mut table = TableDef::new(QualifiedName::parse("bookings"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("room", SqlType::BigInt, false))
            .with_column(Column::new(
                "during",
                SqlType::Custom("tstzrange".into()),
                true,
            ))
            .with_primary_key(None, &["id"]);
        if let Some(definition) = exclusion {
            table = table.with_exclusion("bookings_no_overlap", definition);
        }
        Schema::builder()
            .add_extension(Extension::new("btree_gist"))
            .add_table(table)
    };
    let overlap = "USING gist (room WITH =, during WITH &&)";
    let partial = "USING gist (room WITH =, during WITH &&) WHERE (room > 0)";
    let nothing = || Schema::builder().add_extension(Extension::new("btree_gist"));
    check_all(vec![
        pair(
            "exclusion created with its table",
            nothing(),
            bookings(Some(overlap)),
        ),
        pair("exclusion added", bookings(None), bookings(Some(overlap))),
        pair(
            "exclusion changed",
            bookings(Some(overlap)),
            bookings(Some(partial)),
        ),
        pair("exclusion dropped", bookings(Some(partial)), bookings(None)),
    ]);
}

/// Overloads: two functions of one name with other argument types, each created,
/// changed, commented on and dropped on its own, with a view calling both and a trigger
/// calling the overload without arguments.
#[test]
fn function_overloads_converge() {
    let describe = |ty: SqlType, body: &str| {
        FunctionDef::new(
            "describe",
            Returns::Type(SqlType::Text),
            Language::Sql,
            body,
        )
        .argument(Argument::new("value", ty))
        .volatility(Volatility::Immutable)
    };
    let by_number = || describe(SqlType::Integer, "SELECT 'number ' || value::text");
    let by_text = || describe(SqlType::Text, "SELECT 'text ' || value");
    // `touch()` is the trigger function; `touch(text)` an overload the trigger must not pick.
    let touch_text = FunctionDef::new(
        "touch",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT trim(value)",
    )
    .argument(Argument::new("value", SqlType::Text));
    let labels = || {
        ViewDef::new(
            QualifiedName::parse("labels"),
            "SELECT describe(id::integer) AS by_number, describe(name) AS by_text FROM members",
        )
        .with_column("by_number", SqlType::Text)
        .with_column("by_text", SqlType::Text)
    };
    let with = |functions: Vec<FunctionDef>, view: bool| {
        let table = members().with_trigger(Trigger::new(
            "members_touch",
            TriggerTiming::Before,
            &[TriggerEvent::Insert],
            QualifiedName::parse("touch"),
        ));
        let mut b = Schema::builder().add_table(table).add_function(touch());
        for function in functions {
            b = b.add_function(function);
        }
        if view {
            b = b.add_view(labels());
        }
        b
    };
    let plans = check_all(vec![
        pair(
            "overloads created with a view calling both",
            Schema::builder(),
            with(vec![by_number(), by_text(), touch_text.clone()], true),
        ),
        pair(
            "overload added",
            with(vec![by_number()], false),
            with(vec![by_number(), by_text(), touch_text.clone()], false),
        ),
        pair(
            "overload dropped",
            with(vec![by_number(), by_text(), touch_text.clone()], false),
            with(vec![by_number()], false),
        ),
        pair(
            "body of one overload changed",
            with(vec![by_number(), by_text()], true),
            with(
                vec![
                    by_number(),
                    describe(SqlType::Text, "SELECT 'words ' || value"),
                ],
                true,
            ),
        ),
        pair(
            "argument type of one overload changed",
            with(vec![by_number(), by_text()], false),
            with(
                vec![by_number(), describe(SqlType::BigInt, "SELECT value::text")],
                false,
            ),
        ),
        pair(
            "comment on one overload",
            with(vec![by_number(), by_text()], false),
            with(vec![by_number(), by_text().comment("for words")], false),
        ),
        pair(
            "argument type of a function without overloads changed under its view",
            with(vec![by_number()], false).add_view(
                ViewDef::new(
                    QualifiedName::parse("labels"),
                    "SELECT describe(id::integer) AS label FROM members",
                )
                .with_column("label", SqlType::Text),
            ),
            with(
                vec![describe(SqlType::BigInt, "SELECT 'big ' || value::text")],
                false,
            )
            .add_view(
                ViewDef::new(
                    QualifiedName::parse("labels"),
                    "SELECT describe(id) AS label FROM members",
                )
                .with_column("label", SqlType::Text),
            ),
        ),
    ]);
    // The plans, pinned: each overload is named by its argument types.
    let mut text = String::new();
    for (name, plan) in plans {
        assert!(!plan.is_empty(), "pair `{name}` plans nothing");
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("function_overload_plans", text);
}

/// Grants on one overload of a function: each overload with grants of its own, a name
/// that gains or loses overloads while its grants stay, a grant moved between overloads,
/// and an overload created again (its argument type changed) granted again.
#[test]
fn grants_on_overloads_converge() {
    const READER: &str = "schemata_overload_reader";
    const WRITER: &str = "schemata_overload_writer";
    let describe = |ty: SqlType| {
        FunctionDef::new(
            "describe",
            Returns::Type(SqlType::Text),
            Language::Sql,
            "SELECT value::text",
        )
        .argument(Argument::new("value", ty))
    };
    // The functions, and who may execute which overload.
    let with = |types: &[SqlType], grants: &[(&str, &str)]| {
        let mut b = Schema::builder()
            .add_table(members())
            .add_role(schemata::Role::new(READER))
            .add_role(schemata::Role::new(WRITER));
        for ty in types {
            b = b.add_function(describe(ty.clone()));
        }
        for (function, role) in grants {
            b = b.grant(
                &[Privilege::Execute],
                GrantObject::function(function),
                &[role],
            );
        }
        b
    };
    let both = [SqlType::Integer, SqlType::Text];
    let plans = check_all(vec![
        pair(
            "overloads created with grants of their own",
            Schema::builder(),
            with(
                &both,
                &[("describe(integer)", READER), ("describe(text)", WRITER)],
            ),
        ),
        pair(
            "overload added beside a granted function",
            with(&[SqlType::Integer], &[("describe", READER)]),
            with(
                &both,
                &[("describe(int)", READER), ("describe(text)", WRITER)],
            ),
        ),
        pair(
            "overload dropped, the other's grant kept",
            with(
                &both,
                &[("describe(integer)", READER), ("describe(text)", WRITER)],
            ),
            with(&[SqlType::Integer], &[("describe", READER)]),
        ),
        pair(
            "grant moved from one overload to the other",
            with(&both, &[("describe(integer)", READER)]),
            with(&both, &[("describe(text)", READER)]),
        ),
        pair(
            "granted overload's argument type changed",
            with(
                &both,
                &[("describe(integer)", READER), ("describe(text)", WRITER)],
            ),
            with(
                &[SqlType::BigInt, SqlType::Text],
                &[("describe(bigint)", READER), ("describe(text)", WRITER)],
            ),
        ),
    ]);
    let mut text = String::new();
    for (name, plan) in plans {
        assert!(!plan.is_empty(), "pair `{name}` plans nothing");
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("overload_grant_plans", text);
}

/// Constraint triggers (deferred to commit or not) and triggers reading the statement's
/// rows as transition tables: created, changed and dropped as structural triggers; and
/// triggers disabled, or firing only on replicas or always.
#[test]
fn constraint_and_transition_triggers_converge() {
    use schemata::Deferrable;
    let check_name = FunctionDef::new(
        "check_name",
        Returns::Trigger,
        Language::Plpgsql,
        "BEGIN IF NEW.name = '' THEN RAISE 'empty name'; END IF; RETURN NULL; END",
    );
    let count_rows = FunctionDef::new(
        "count_rows",
        Returns::Trigger,
        Language::Plpgsql,
        "BEGIN RAISE NOTICE 'rows: %', TG_NARGS; RETURN NULL; END",
    );
    let with = |triggers: Vec<Trigger>| {
        let mut table = members();
        table.triggers = triggers;
        Schema::builder()
            .add_table(table)
            .add_function(check_name.clone())
            .add_function(count_rows.clone())
    };
    let checked = |deferrable: Deferrable| {
        Trigger::new(
            "members_checked",
            TriggerTiming::After,
            &[TriggerEvent::Insert, TriggerEvent::Update],
            QualifiedName::parse("check_name"),
        )
        .constraint(deferrable)
    };
    let counted = |old: &str, new: &str| {
        Trigger::new(
            "members_counted",
            TriggerTiming::After,
            &[TriggerEvent::Update],
            QualifiedName::parse("count_rows"),
        )
        .for_each_statement()
        .old_table(old)
        .new_table(new)
    };
    let plans = check_all(vec![
        pair(
            "constraint trigger and transition tables created",
            with(vec![]),
            with(vec![
                checked(Deferrable::InitiallyDeferred),
                counted("before", "after"),
            ]),
        ),
        pair(
            "constraint trigger made not deferrable, a transition table renamed",
            with(vec![
                checked(Deferrable::InitiallyDeferred),
                counted("before", "after"),
            ]),
            with(vec![checked(Deferrable::No), counted("before", "changed")]),
        ),
        pair(
            "plain trigger made a constraint trigger",
            with(vec![Trigger::new(
                "members_checked",
                TriggerTiming::After,
                &[TriggerEvent::Insert, TriggerEvent::Update],
                QualifiedName::parse("check_name"),
            )]),
            with(vec![checked(Deferrable::InitiallyImmediate)]),
        ),
        pair(
            "constraint trigger and transition tables dropped",
            with(vec![checked(Deferrable::No), counted("before", "after")]),
            with(vec![]),
        ),
        // `DISABLE TRIGGER` and `ENABLE REPLICA TRIGGER`, created so and changed.
        pair(
            "triggers created disabled and for replicas",
            with(vec![]),
            with(vec![
                checked(Deferrable::No).firing(schemata::TriggerFiring::Disabled),
                counted("before", "after").firing(schemata::TriggerFiring::Replica),
            ]),
        ),
        pair(
            "a disabled trigger enabled, a replica one made to fire always",
            with(vec![
                checked(Deferrable::No).firing(schemata::TriggerFiring::Disabled),
                counted("before", "after").firing(schemata::TriggerFiring::Replica),
            ]),
            with(vec![
                checked(Deferrable::No).comment("names are never empty"),
                counted("before", "after").firing(schemata::TriggerFiring::Always),
            ]),
        ),
        pair(
            "a trigger's comment changed",
            with(vec![
                checked(Deferrable::No).comment("names are never empty")
            ]),
            with(vec![checked(Deferrable::No).comment("checks names")]),
        ),
    ]);
    let sql = plans[0].1.to_sql();
    for expected in [
        "CREATE CONSTRAINT TRIGGER members_checked",
        "DEFERRABLE INITIALLY DEFERRED",
        "REFERENCING OLD TABLE AS before NEW TABLE AS after",
    ] {
        assert!(sql.contains(expected), "{expected}\n{sql}");
    }
}

/// `NULLS NOT DISTINCT` (Postgres 15) on a unique constraint and a unique index: created
/// with it, added to and taken from existing ones on a table with rows.
#[test]
fn nulls_not_distinct_converges() {
    use schemata::{Index, IndexKey, IndexMethod};
    let with = |constraint: bool, index: bool| {
        let mut table = members();
        table.uniques.push(schemata::Unique {
            comment: Default::default(),
            name: "members_name_key".into(),
            columns: vec!["name".into()],
            deferrable: schemata::Deferrable::No,
            nulls_not_distinct: constraint,
        });
        table.indexes.push(Index {
            comment: None,
            name: "members_name_admin_idx".into(),
            unique: true,
            nulls_not_distinct: index,
            method: IndexMethod::Btree,
            keys: vec![IndexKey::column("name"), IndexKey::column("is_admin")],
            include: Vec::new(),
            predicate: None,
        });
        Schema::builder().add_table(table)
    };
    let plans = check_all(vec![
        pair("created not distinct", Schema::builder(), with(true, true)),
        pair("made not distinct", with(false, false), with(true, true)),
        pair("made distinct again", with(true, true), with(false, false)),
    ]);
    let sql = plans[1].1.to_sql();
    for expected in [
        "(name) NULLS NOT DISTINCT",
        "(name, is_admin) NULLS NOT DISTINCT",
    ] {
        assert!(sql.contains(expected), "{expected}\n{sql}");
    }
}

/// Procedures and OUT, INOUT and VARIADIC arguments: a `plpgsql` procedure with an INOUT
/// argument called by a function, a `BEGIN ATOMIC` procedure reading the table, a VARIADIC
/// function called by a view, a function with OUT arguments; bodies changed, an OUT
/// argument added and retyped, a function made a procedure, comments, all dropped.
#[test]
fn procedures_and_argument_modes_converge() {
    // `CALL settle(3, total)` doubles `total` and reports it settled.
    let settle = |body: &str| {
        FunctionDef::procedure("settle", Language::Plpgsql, body)
            .argument(Argument::new("times", SqlType::Integer))
            .argument(Argument::inout("total", SqlType::BigInt))
    };
    let doubling = || settle("BEGIN total := total * times; END");
    // A function calling the procedure with its INOUT argument.
    let settled = || {
        FunctionDef::new(
            "settled",
            Returns::Type(SqlType::BigInt),
            Language::Plpgsql,
            "DECLARE t bigint := amount; BEGIN CALL public.settle(2, t); RETURN t; END",
        )
        .argument(Argument::new("amount", SqlType::BigInt))
    };
    let prune = |body: &str| {
        FunctionDef::procedure("prune", Language::Sql, body)
            .argument(Argument::new("below", SqlType::BigInt))
    };
    let pruning = || prune("BEGIN ATOMIC\n  DELETE FROM public.members WHERE id < below;\nEND");
    let total_of = |body: &str| {
        FunctionDef::new(
            "total_of",
            Returns::Type(SqlType::BigInt),
            Language::Sql,
            body,
        )
        .argument(Argument::variadic(
            "values",
            SqlType::Array(Box::new(SqlType::BigInt)),
        ))
        .volatility(Volatility::Immutable)
    };
    let summing = || total_of("SELECT sum(v)::bigint FROM unnest(values) AS v");
    let totals = || {
        ViewDef::new(
            QualifiedName::parse("totals"),
            "SELECT id, total_of(id, id, 1) AS total FROM members",
        )
        .with_column("id", SqlType::BigInt)
        .with_column("total", SqlType::BigInt)
    };
    // OUT arguments make a `record`.
    let stats = |count: SqlType| {
        FunctionDef::new(
            "member_stats",
            Returns::Type(SqlType::Custom("record".into())),
            Language::Sql,
            "SELECT count(*), max(id) FROM public.members",
        )
        .argument(Argument::out("members", count))
        .argument(Argument::out("highest", SqlType::BigInt))
        .volatility(Volatility::Stable)
    };
    let with = |functions: Vec<FunctionDef>, view: bool| {
        let mut b = Schema::builder().add_table(members());
        for function in functions {
            b = b.add_function(function);
        }
        if view {
            b = b.add_view(totals());
        }
        b
    };
    let everything = || {
        vec![
            doubling(),
            settled(),
            pruning(),
            summing(),
            stats(SqlType::BigInt),
        ]
    };
    let plans = check_all(vec![
        pair(
            "procedures and argument modes created",
            Schema::builder(),
            with(everything(), true),
        ),
        pair(
            "plpgsql procedure body changed",
            with(vec![doubling(), settled()], false),
            with(
                vec![settle("BEGIN total := total * times + 1; END"), settled()],
                false,
            ),
        ),
        pair(
            "BEGIN ATOMIC procedure body changed",
            with(vec![pruning()], false),
            with(
                vec![prune(
                    "BEGIN ATOMIC\n  DELETE FROM public.members WHERE id <= below;\nEND",
                )],
                false,
            ),
        ),
        pair(
            "OUT argument added to a procedure",
            with(vec![doubling()], false),
            with(
                vec![settle("BEGIN total := total * times; done := true; END")
                    .argument(Argument::out("done", SqlType::Boolean))],
                false,
            ),
        ),
        pair(
            "OUT argument retyped",
            with(vec![stats(SqlType::BigInt)], false),
            with(
                vec![{
                    let mut f = stats(SqlType::Integer);
                    f.body = "SELECT count(*)::integer, max(id) FROM public.members".into();
                    f
                }],
                false,
            ),
        ),
        pair(
            "VARIADIC function body changed under its view",
            with(vec![summing()], true),
            with(
                vec![total_of(
                    "SELECT coalesce(sum(v), 0)::bigint FROM unnest(values) AS v",
                )],
                true,
            ),
        ),
        pair(
            "function becomes a procedure",
            with(
                vec![FunctionDef::new(
                    "prune",
                    Returns::Void,
                    Language::Sql,
                    "DELETE FROM public.members WHERE id < below",
                )
                .argument(Argument::new("below", SqlType::BigInt))],
                false,
            ),
            with(vec![pruning()], false),
        ),
        pair(
            "comments on a procedure and a VARIADIC function",
            with(vec![doubling(), summing()], false),
            with(
                vec![
                    doubling().comment("multiplies a total"),
                    summing().comment("adds its arguments"),
                ],
                false,
            ),
        ),
        pair(
            "procedures and argument modes dropped",
            with(everything(), true),
            with(vec![], false),
        ),
    ]);
    let mut text = String::new();
    for (name, plan) in plans {
        assert!(!plan.is_empty(), "pair `{name}` plans nothing");
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("procedure_plans", text);

    // What was created runs: the procedure through `CALL` and through the function calling
    // it, the VARIADIC function through the view, the OUT arguments as columns.
    let schema = with(everything(), true).build().expect("the schema builds");
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&schema, &RenderOptions::default()));
    db.execute_script("INSERT INTO members VALUES (1, 'a', false), (5, 'b', true); CALL prune(2);");
    let row = db.client.query_one("CALL settle(3, 5)", &[]).unwrap();
    assert_eq!(row.get::<_, i64>("total"), 15);
    let row = db.client.query_one("SELECT settled(21)", &[]).unwrap();
    assert_eq!(row.get::<_, i64>(0), 42);
    let row = db
        .client
        .query_one("SELECT total FROM totals WHERE id = 5", &[])
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 11);
    let row = db
        .client
        .query_one("SELECT members, highest FROM member_stats()", &[])
        .unwrap();
    assert_eq!((row.get::<_, i64>(0), row.get::<_, i64>(1)), (1, 5));
}

/// `CLUSTER ON`: the index a table is clustered on recorded, moved to another index and
/// taken away (`SET WITHOUT CLUSTER`).
#[test]
fn cluster_on_converges() {
    use schemata::{Index, IndexKey, IndexMethod};
    let with = |on: Option<&str>| {
        let mut table = members();
        table.indexes.push(Index {
            comment: None,
            name: "members_name_idx".into(),
            unique: false,
            nulls_not_distinct: false,
            method: IndexMethod::Btree,
            keys: vec![IndexKey::column("name")],
            include: Vec::new(),
            predicate: None,
        });
        table.cluster_on = on.map(str::to_string);
        Schema::builder().add_table(table)
    };
    let plans = check_all(vec![
        pair(
            "created clustered",
            Schema::builder(),
            with(Some("members_name_idx")),
        ),
        pair(
            "clustered on the primary key instead",
            with(Some("members_name_idx")),
            with(Some("members_pkey")),
        ),
        pair(
            "no longer clustered",
            with(Some("members_pkey")),
            with(None),
        ),
    ]);
    assert!(
        plans[2].1.to_sql().contains("SET WITHOUT CLUSTER"),
        "{}",
        plans[2].1.to_sql()
    );
}

/// Deferrable primary keys and unique constraints: created deferrable, made deferrable on
/// a table with rows (dropped and added again through a concurrently built index), and
/// back.
#[test]
fn deferrable_keys_converge() {
    use schemata::Deferrable;
    let slots = |deferrable: Deferrable| {
        let table = TableDef::new(QualifiedName::parse("slots"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("position", SqlType::Integer, false))
            .with_primary_key(None, &["id"])
            .with_unique(None, &["position"])
            .with_deferrable("slots_pkey", deferrable)
            .with_deferrable("slots_position_key", deferrable);
        Schema::builder().add_table(table)
    };
    check_all(vec![
        pair(
            "deferrable keys created",
            Schema::builder(),
            slots(Deferrable::InitiallyDeferred),
        ),
        pair(
            "keys made deferrable",
            slots(Deferrable::No),
            slots(Deferrable::InitiallyImmediate),
        ),
        pair(
            "deferred keys made immediate",
            slots(Deferrable::InitiallyDeferred),
            slots(Deferrable::No),
        ),
    ]);
}

/// `MATCH FULL` foreign keys: created with their table, and a key switched to it on a
/// table with rows (dropped and added again, `NOT VALID` then validated).
#[test]
fn match_full_foreign_keys_converge() {
    use schemata::ForeignKey;
    let schema = |match_full: bool| {
        let parent = TableDef::new(QualifiedName::parse("shelves"))
            .with_column(Column::new("room", SqlType::BigInt, false))
            .with_column(Column::new("number", SqlType::BigInt, false))
            .with_primary_key(None, &["room", "number"]);
        let child = TableDef::new(QualifiedName::parse("books"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("room", SqlType::BigInt, true))
            .with_column(Column::new("shelf", SqlType::BigInt, true))
            .with_primary_key(None, &["id"])
            .with_foreign_key(
                None,
                ForeignKey {
                    comment: Default::default(),
                    name: String::new(),
                    columns: vec!["room".into(), "shelf".into()],
                    references: QualifiedName::parse("shelves"),
                    referenced_columns: vec!["room".into(), "number".into()],
                    on_delete: Default::default(),
                    on_update: Default::default(),
                    deferrable: Default::default(),
                    match_full,
                },
            );
        Schema::builder().add_table(parent).add_table(child)
    };
    check_all(vec![
        pair("match full created", Schema::builder(), schema(true)),
        pair("match simple to full", schema(false), schema(true)),
        pair("match full to simple", schema(true), schema(false)),
    ]);
}

/// `NO INHERIT` checks: created with their table, and a check switched to it on a table
/// with rows (dropped and added again, `NOT VALID` then validated), and back.
#[test]
fn no_inherit_checks_converge() {
    let schema = |no_inherit: bool| {
        let mut table = TableDef::new(QualifiedName::parse("readings"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("value", SqlType::Integer, false))
            .with_primary_key(None, &["id"])
            .with_check(Some("readings_value_check"), None, "value >= 0");
        table.checks[0].no_inherit = no_inherit;
        Schema::builder().add_table(table)
    };
    check_all(vec![
        pair("no inherit check created", Schema::builder(), schema(true)),
        pair("check made no inherit", schema(false), schema(true)),
        pair(
            "no inherit check made inheritable",
            schema(true),
            schema(false),
        ),
    ]);
}

/// Comments on indexes: created with the index (a step of its own after a concurrent
/// build), changed alone (no rebuild), kept when the index is rebuilt, and removed.
#[test]
fn index_comments_converge() {
    use schemata::{Index, IndexKey};
    let schema = |comment: Option<&str>, descending: bool| {
        let table = TableDef::new(QualifiedName::parse("events"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("at", SqlType::Timestamptz, false))
            .with_primary_key(None, &["id"])
            .with_index(
                Some("events_at_idx"),
                Index {
                    name: String::new(),
                    unique: false,
                    nulls_not_distinct: false,
                    method: Default::default(),
                    keys: vec![IndexKey {
                        descending,
                        ..IndexKey::column("at")
                    }],
                    include: Vec::new(),
                    predicate: None,
                    comment: comment.map(str::to_string),
                },
            );
        Schema::builder().add_table(table)
    };
    let cases = vec![
        pair(
            "index with a comment created",
            Schema::builder(),
            schema(Some("Newest first"), false),
        ),
        pair(
            "index comment added",
            schema(None, false),
            schema(Some("Newest first"), false),
        ),
        pair(
            "index comment changed",
            schema(Some("a"), false),
            schema(Some("b"), false),
        ),
        pair(
            "index rebuilt with its comment",
            schema(Some("a"), false),
            schema(Some("a"), true),
        ),
        pair(
            "index comment removed",
            schema(Some("a"), false),
            schema(None, false),
        ),
    ];
    let plans = check_all(cases);
    // A comment alone is never a rebuild.
    let changed = &plans[2].1;
    assert_eq!(changed.steps.len(), 1, "{changed}");
    assert!(
        changed.steps[0]
            .sql
            .contains("COMMENT ON INDEX public.events_at_idx IS 'b';"),
        "{changed}"
    );
}

/// Comments on constraints (`COMMENT ON CONSTRAINT`: a primary key, a unique, a check, an
/// exclusion constraint, a foreign key) and on a policy (`COMMENT ON POLICY`): created with
/// their table, added, changed and removed in place, kept when the constraint or the
/// policy is replaced, and set on a constraint added to a table with rows.
#[test]
fn constraint_and_policy_comments_converge() {
    use schemata::{Extension, ForeignKey, Policy, PolicyCommand};
    #[derive(Clone, Copy)]
    struct Comments {
        key: Option<&'static str>,
        unique: Option<&'static str>,
        check: Option<&'static str>,
        exclusion: Option<&'static str>,
        foreign_key: Option<&'static str>,
        policy: Option<&'static str>,
    }
    let all = |text: &'static str| Comments {
        key: Some(text),
        unique: Some(text),
        check: Some(text),
        exclusion: Some(text),
        foreign_key: Some(text),
        policy: Some(text),
    };
    let none = Comments {
        key: None,
        unique: None,
        check: None,
        exclusion: None,
        foreign_key: None,
        policy: None,
    };
    let schema = |c: Comments, check: &str, using: &str| {
        let orgs = TableDef::new(QualifiedName::parse("orgs"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_primary_key(None, &["id"]);
        let mut orders = TableDef::new(QualifiedName::parse("orders"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("org_id", SqlType::BigInt, true))
            .with_column(Column::new("code", SqlType::Text, true))
            .with_column(Column::new("amount", SqlType::Integer, true))
            .with_column(Column::new("room", SqlType::BigInt, true))
            .with_primary_key(None, &["id"])
            .with_unique(None, &["code"])
            .with_check(Some("orders_amount_check"), None, check)
            .with_exclusion("orders_room_excl", "USING gist (room WITH =)")
            .with_foreign_key(
                None,
                ForeignKey::new(&["org_id"], QualifiedName::parse("orgs"), &[]),
            );
        let named = [
            ("orders_pkey", c.key),
            ("orders_code_key", c.unique),
            ("orders_amount_check", c.check),
            ("orders_room_excl", c.exclusion),
            ("orders_org_id_fkey", c.foreign_key),
        ];
        for (name, comment) in named {
            if let Some(comment) = comment {
                orders = orders.with_constraint_comment(name, comment);
            }
        }
        orders.row_level_security.enabled = true;
        let mut policy = Policy {
            name: "orders_read".into(),
            restrictive: false,
            command: PolicyCommand::Select,
            roles: vec![],
            using: Some(using.into()),
            with_check: None,
            allow: Vec::new(),
            comment: None,
        };
        if let Some(comment) = c.policy {
            policy = policy.comment(comment);
        }
        Schema::builder()
            .add_extension(Extension::new("btree_gist"))
            .add_table(orgs)
            .add_table(orders.with_policy(policy))
    };
    let (positive, small) = ("amount > 0", "amount < 1000");
    let (mine, theirs) = ("org_id = 1", "org_id = 2");
    let plans = check_all(vec![
        pair(
            "constraints and a policy created with comments",
            Schema::builder(),
            schema(all("first"), positive, mine),
        ),
        pair(
            "comments added",
            schema(none, positive, mine),
            schema(all("first"), positive, mine),
        ),
        pair(
            "comments changed",
            schema(all("first"), positive, mine),
            schema(all("second"), positive, mine),
        ),
        pair(
            "comments removed",
            schema(all("first"), positive, mine),
            schema(none, positive, mine),
        ),
        pair(
            "a check and a policy replaced, their comments kept",
            schema(all("first"), positive, mine),
            schema(all("first"), small, theirs),
        ),
        pair(
            "a check replaced and commented at once, a policy altered and commented",
            schema(none, positive, mine),
            schema(all("first"), small, theirs),
        ),
    ]);
    // A comment alone is changed in place: nothing is dropped or added again.
    let (_, changed) = &plans[2];
    assert_eq!(changed.steps.len(), 6, "{}", changed.to_sql());
    for step in &changed.steps {
        assert!(step.sql.starts_with("COMMENT ON "), "{}", changed.to_sql());
    }
    assert!(
        changed
            .to_sql()
            .contains("COMMENT ON CONSTRAINT orders_org_id_fkey ON public.orders IS 'second';"),
        "{}",
        changed.to_sql()
    );
    assert!(
        changed
            .to_sql()
            .contains("COMMENT ON POLICY orders_read ON public.orders IS 'second';"),
        "{}",
        changed.to_sql()
    );
}

/// A column's storage (`SET STORAGE`), compression (`COMPRESSION`), statistics target (`SET
/// STATISTICS`) and attribute options (`n_distinct`, `n_distinct_inherited`): created with
/// the table, with a column added, set, changed and reset on a table with rows, and set
/// again after a type change (which resets storage and compression).
#[test]
fn column_storage_and_statistics_converge() {
    use schemata::{Compression, Storage};
    #[derive(Clone, Copy, Default)]
    struct Settings {
        storage: Option<Storage>,
        compression: Option<Compression>,
        statistics: Option<i32>,
        n_distinct: Option<f64>,
        n_distinct_inherited: Option<f64>,
    }
    let column = |name: &str, ty: SqlType, s: Settings| {
        let mut column = Column::new(name, ty, true);
        column.storage = s.storage;
        column.compression = s.compression;
        column.statistics = s.statistics;
        column.n_distinct = s.n_distinct.map(|n| n.to_string());
        column.n_distinct_inherited = s.n_distinct_inherited.map(|n| n.to_string());
        column
    };
    let docs = |body: Settings, body_type: SqlType, extra: Option<Settings>| {
        let mut table = TableDef::new(QualifiedName::parse("docs"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(column("body", body_type, body))
            .with_primary_key(None, &["id"]);
        if let Some(extra) = extra {
            table = table.with_column(column("kind", SqlType::Integer, extra));
        }
        Schema::builder().add_table(table)
    };
    let plain = Settings::default();
    // pglz is in every build of Postgres; lz4 only in some.
    let set = Settings {
        storage: Some(Storage::External),
        compression: Some(Compression::Pglz),
        statistics: Some(500),
        n_distinct: Some(-0.5),
        n_distinct_inherited: Some(1000.0),
    };
    let changed = Settings {
        storage: Some(Storage::Main),
        statistics: Some(0),
        n_distinct: Some(0.25),
        ..plain
    };
    let counted = Settings {
        statistics: Some(1000),
        n_distinct: Some(-1.0),
        ..plain
    };
    let text = || SqlType::Text;
    let varchar = || SqlType::Varchar { length: Some(200) };
    let range = || SqlType::Custom("tstzrange".into());
    let events = |body: Settings| {
        use schemata::{IndexTarget, PartitionBy, PartitionStrategy};
        let by = |column: &str| PartitionBy {
            strategy: PartitionStrategy::Range,
            keys: vec![IndexTarget::Column(column.into())],
        };
        let parent = TableDef {
            partition_by: Some(by("day")),
            ..TableDef::new(QualifiedName::parse("events"))
        }
        .with_column(Column::new("day", SqlType::Date, false))
        .with_column(column("body", SqlType::Text, body));
        let partition = |name: &str, parent: &str, from: &str, to: &str| {
            TableDef::partition_of(
                QualifiedName::parse(name),
                QualifiedName::parse(parent),
                PartitionBound::range(from, to),
            )
        };
        let y2025 = TableDef {
            partition_by: Some(by("day")),
            ..partition("events_2025", "events", "'2025-01-01'", "'2026-01-01'")
        };
        Schema::builder()
            .add_table(parent)
            .add_table(partition(
                "events_2024",
                "events",
                "'2024-01-01'",
                "'2025-01-01'",
            ))
            .add_table(y2025)
            .add_table(partition(
                "events_2025_h1",
                "events_2025",
                "'2025-01-01'",
                "'2025-07-01'",
            ))
    };
    let plans = check_all(vec![
        pair(
            "table created with column settings",
            Schema::builder(),
            docs(set, text(), Some(counted)),
        ),
        pair(
            "column added with settings",
            docs(plain, text(), None),
            docs(plain, text(), Some(counted)),
        ),
        pair(
            "column settings set",
            docs(plain, text(), Some(plain)),
            docs(set, text(), Some(counted)),
        ),
        pair(
            "column settings changed",
            docs(set, text(), Some(counted)),
            docs(changed, text(), Some(plain)),
        ),
        pair(
            "column settings reset",
            docs(set, text(), Some(counted)),
            docs(plain, text(), Some(plain)),
        ),
        pair(
            "column settings kept through a type change",
            docs(set, text(), None),
            docs(set, varchar(), None),
        ),
        // The default storage of a type the library does not know is the catalog's.
        pair(
            "storage of a column of another type reset",
            docs(set, range(), None),
            docs(plain, range(), None),
        ),
        // A partition created after its parent takes the parent's storage and compression
        // and none of its statistics target and options: a parent with partitions is
        // changed to the same end.
        pair(
            "partitioned table created with column settings",
            Schema::builder(),
            events(set),
        ),
        pair(
            "column settings set on a partitioned table",
            events(plain),
            events(set),
        ),
        pair(
            "column settings reset on a partitioned table",
            events(set),
            events(plain),
        ),
    ]);
    // Only the catalog changes: no step rewrites the table.
    for (name, plan) in &plans[2..5] {
        for step in &plan.steps {
            assert!(
                !step.hazards.contains(&Hazard::RewritesTable),
                "{name}: {}",
                plan.to_sql()
            );
        }
    }
    let reset = plans[4].1.to_sql();
    for statement in [
        "ALTER TABLE public.docs ALTER COLUMN body SET STORAGE EXTENDED;",
        "ALTER TABLE public.docs ALTER COLUMN body SET COMPRESSION DEFAULT;",
        "ALTER TABLE ONLY public.docs ALTER COLUMN body SET STATISTICS -1;",
        "ALTER TABLE public.docs ALTER COLUMN body RESET (n_distinct, n_distinct_inherited);",
    ] {
        assert!(reset.contains(statement), "{reset}");
    }
}

/// Collations (`CREATE COLLATION`), the first kind added through `kinds::KINDS` alone:
/// created with ICU and libc, changed (dropped and created again), commented and dropped.
/// Aggregates (`schemata::AggregateDef`): created with a comment and a grant, replaced in
/// place (`CREATE OR REPLACE AGGREGATE`) when their state start or final function changes
/// and the result type stays (a view calling them is kept), dropped and created again
/// around their views and grants when the result type changes or their state function is
/// dropped and created again, overloads added and dropped, moving-aggregate and
/// ordered-set ones, one created under default privileges on functions, and dropped.
#[test]
fn aggregates_converge() {
    use schemata::{AggregateDef, DefaultObjects, DefaultPrivilege, MovingAggregate};
    const READER: &str = "schemata_aggregate_reader";
    let add = |state: &str| {
        FunctionDef::new(
            "add_amount",
            Returns::Type(SqlType::BigInt),
            Language::Sql,
            &format!("SELECT {state} + value"),
        )
        .argument(Argument::new(state, SqlType::BigInt))
        .argument(Argument::new("value", SqlType::BigInt))
        .volatility(Volatility::Immutable)
    };
    let doubled = FunctionDef::new(
        "doubled",
        Returns::Type(SqlType::BigInt),
        Language::Sql,
        "SELECT state * 2",
    )
    .argument(Argument::new("state", SqlType::BigInt))
    .volatility(Volatility::Immutable);
    let labelled = FunctionDef::new(
        "labelled",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT 'total ' || state",
    )
    .argument(Argument::new("state", SqlType::BigInt))
    .volatility(Volatility::Immutable);
    let total = |initial: &str| {
        AggregateDef::new("total", "add_amount", SqlType::BigInt)
            .argument(Argument::new("value", SqlType::BigInt))
            .initial_state(initial)
    };
    let totals = |result: SqlType| {
        ViewDef::new(
            QualifiedName::parse("member_totals"),
            "SELECT total(id) AS total FROM members",
        )
        .with_column("total", result)
    };
    // Members, the support functions, and the aggregates and view given.
    let with = |state: &str, aggregates: Vec<AggregateDef>, view: Option<ViewDef>| {
        let mut b = Schema::builder()
            .add_table(members())
            .add_function(add(state))
            .add_function(doubled.clone())
            .add_function(labelled.clone())
            .add_role(schemata::Role::new(READER));
        for aggregate in aggregates {
            b = b.add_aggregate(aggregate);
        }
        if let Some(view) = view {
            b = b.add_view(view);
        }
        b
    };
    let bigint = || total("0");
    let integer = || {
        AggregateDef::new("total", "int4pl", SqlType::Integer)
            .argument(Argument::new("value", SqlType::Integer))
            .initial_state("0")
    };
    let granted = |b: SchemaBuilder| {
        b.grant(
            &[Privilege::Execute],
            GrantObject::function("total(bigint)"),
            &[READER],
        )
    };
    let moving = || {
        bigint()
            .moving(MovingAggregate::new("int8pl", "int8mi", SqlType::BigInt).initial_state("0"))
    };
    let middle = || {
        AggregateDef::new(
            "middle",
            "ordered_set_transition",
            SqlType::Custom("internal".into()),
        )
        .argument(Argument::new("fraction", SqlType::DoublePrecision))
        .order_by(Argument::new("value", SqlType::DoublePrecision))
        .final_function("percentile_cont_float8_final")
        .final_modify(schemata::FinalModify::Shareable)
    };
    let plans = check_all(vec![
        pair(
            "aggregate added with a comment, a grant and a view calling it",
            with("state", vec![], None),
            granted(with(
                "state",
                vec![bigint().comment("a sum from zero").parallel(Parallel::Safe)],
                Some(totals(SqlType::BigInt)),
            )),
        ),
        pair(
            "initial state changed under a view",
            granted(with("state", vec![bigint()], Some(totals(SqlType::BigInt)))),
            granted(with(
                "state",
                vec![total("100")],
                Some(totals(SqlType::BigInt)),
            )),
        ),
        pair(
            "comment changed",
            with("state", vec![bigint().comment("a sum")], None),
            with("state", vec![bigint().comment("a sum from zero")], None),
        ),
        pair(
            "final function added, the result type kept",
            with("state", vec![bigint()], Some(totals(SqlType::BigInt))),
            with(
                "state",
                vec![bigint().final_function("doubled")],
                Some(totals(SqlType::BigInt)),
            ),
        ),
        pair(
            "final function changing the result type under a view and a grant",
            granted(with("state", vec![bigint()], Some(totals(SqlType::BigInt)))),
            granted(with(
                "state",
                vec![bigint().final_function("labelled")],
                Some(totals(SqlType::Text)),
            )),
        ),
        pair(
            "state function created again under its aggregate and view",
            granted(with("state", vec![bigint()], Some(totals(SqlType::BigInt)))),
            granted(with("acc", vec![bigint()], Some(totals(SqlType::BigInt)))),
        ),
        pair(
            "overload added",
            with("state", vec![bigint()], None),
            with(
                "state",
                vec![bigint(), integer().comment("for integers")],
                None,
            ),
        ),
        pair(
            "overload dropped",
            with(
                "state",
                vec![bigint(), integer()],
                None,
            ),
            with("state", vec![integer()], None),
        ),
        pair(
            "moving-aggregate mode added under a view",
            with("state", vec![bigint()], Some(totals(SqlType::BigInt))),
            with("state", vec![moving()], Some(totals(SqlType::BigInt))),
        ),
        pair(
            "ordered-set aggregate added and a view calling it",
            with("state", vec![], None),
            with("state", vec![middle()], None).add_view(
                ViewDef::new(
                    QualifiedName::parse("member_middle"),
                    "SELECT middle(0.5) WITHIN GROUP (ORDER BY id::double precision) AS middle FROM members",
                )
                .with_column("middle", SqlType::DoublePrecision),
            ),
        ),
        pair(
            "aggregate created under default privileges on functions",
            with("state", vec![], None).add_default_privilege(DefaultPrivilege::new(
                &[Privilege::Execute],
                DefaultObjects::Functions,
                READER,
            )),
            with("state", vec![bigint()], None).add_default_privilege(DefaultPrivilege::new(
                &[Privilege::Execute],
                DefaultObjects::Functions,
                READER,
            )),
        ),
        pair(
            "aggregate dropped with its view and grant",
            granted(with("state", vec![moving()], Some(totals(SqlType::BigInt)))),
            with("state", vec![], None),
        ),
    ]);
    let plan = |name: &str| {
        &plans
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no pair `{name}`"))
            .1
    };
    // Replaced in place where the result type stays: the view is not touched.
    for name in [
        "initial state changed under a view",
        "final function added, the result type kept",
        "moving-aggregate mode added under a view",
    ] {
        let sql = plan(name).to_sql();
        assert!(
            sql.contains("CREATE OR REPLACE AGGREGATE") && !sql.contains("DROP VIEW"),
            "{name}:\n{sql}"
        );
    }
    // A comment is changed in place, the aggregate left as it is.
    let commented = plan("comment changed");
    assert!(
        commented.steps.len() == 1
            && commented.steps[0].sql.contains("COMMENT ON AGGREGATE")
            && !commented.steps[0].sql.contains("CREATE"),
        "{}",
        commented.to_sql()
    );
    // The plans, pinned: read them to see what each change takes.
    let mut text = String::new();
    for (name, plan) in &plans {
        assert!(!plan.is_empty(), "pair `{name}` plans nothing");
        text.push_str(&format!("==== {name}\n{}\n", plan.to_sql()));
    }
    insta::assert_snapshot!("aggregate_plans", text);
}

#[test]
fn collations_converge() {
    use schemata::CollationDef;
    let ci = || CollationDef::icu("case_insensitive", "und-u-ks-level2");
    let with = |collations: Vec<CollationDef>| {
        collations
            .into_iter()
            .fold(Schema::builder(), |b, c| b.add_collation(c))
    };
    let plans = check_all(vec![
        pair(
            "collations created",
            Schema::builder(),
            with(vec![
                ci().nondeterministic()
                    .comment("Emails compare without case"),
                CollationDef::libc("app.bytewise", "C").lc_ctype("POSIX"),
            ]),
        ),
        pair(
            "collation made nondeterministic",
            with(vec![ci()]),
            with(vec![ci().nondeterministic()]),
        ),
        pair(
            "collation comment changed",
            with(vec![ci().comment("old")]),
            with(vec![ci().comment("new")]),
        ),
        pair("collation dropped", with(vec![ci()]), Schema::builder()),
    ]);
    // A comment is changed in place, not by dropping the collation.
    let (_, commented) = &plans[2];
    assert!(
        commented.steps.len() == 1 && commented.steps[0].sql.contains("COMMENT ON COLLATION"),
        "{}",
        commented.to_sql()
    );
}

/// Columns with a collation: created with one (declared or built-in), given one under a
/// unique key on a table with rows, and moved back to the default while their collation
/// is dropped in the same plan (the column first).
#[test]
fn column_collations_converge() {
    use schemata::CollationDef;
    let users = |email: Option<&str>, name: Option<&str>| {
        let mut email_column = Column::new("email", SqlType::Text, false);
        email_column.collation = email.map(str::to_string);
        let mut name_column = Column::new("name", SqlType::Text, true);
        name_column.collation = name.map(str::to_string);
        TableDef::new(QualifiedName::parse("users"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(email_column)
            .with_column(name_column)
            .with_primary_key(None, &["id"])
            .with_unique(None, &["email"])
    };
    let ci = || CollationDef::icu("case_insensitive", "und-u-ks-level2").nondeterministic();
    let plans = check_all(vec![
        pair(
            "table created with collated columns",
            Schema::builder(),
            Schema::builder()
                .add_collation(ci())
                .add_table(users(Some("case_insensitive"), Some("C"))),
        ),
        pair(
            "unique column given a collation",
            Schema::builder().add_table(users(None, None)),
            Schema::builder()
                .add_collation(ci())
                .add_table(users(Some("case_insensitive"), Some("C"))),
        ),
        pair(
            "column back to the default and its collation dropped",
            Schema::builder()
                .add_collation(ci())
                .add_table(users(Some("case_insensitive"), None)),
            Schema::builder().add_table(users(None, None)),
        ),
        // Domains with a collation, a built-in one and a declared one (created before the
        // domain, dropped after it).
        pair(
            "domains created with collations",
            Schema::builder(),
            Schema::builder()
                .add_collation(ci())
                .add_domain(DomainDef::new("code", SqlType::Text).collate("C"))
                .add_domain(DomainDef::new("email", SqlType::Text).collate("case_insensitive")),
        ),
        pair(
            "a domain and its collation dropped",
            Schema::builder()
                .add_collation(ci())
                .add_domain(DomainDef::new("email", SqlType::Text).collate("case_insensitive")),
            Schema::builder(),
        ),
    ]);
    // The unique key's index is rebuilt under the new collation, and the plan says so.
    let (_, keyed) = &plans[1];
    let email = keyed
        .steps
        .iter()
        .find(|s| s.description.contains("users.email"))
        .expect("a step for the email column");
    assert!(
        email.hazards.contains(&Hazard::BuildsIndex),
        "{}",
        keyed.to_sql()
    );
}

#[test]
fn a_collation_changed_under_its_columns_is_refused_naming_them() {
    use schemata::CollationDef;
    let schema = |collation: CollationDef| {
        let mut email = Column::new("email", SqlType::Text, false);
        email.collation = Some("case_insensitive".into());
        Schema::builder()
            .add_collation(collation)
            .add_table(TableDef::new(QualifiedName::parse("users")).with_column(email))
            .build()
            .unwrap()
    };
    let ci = || CollationDef::icu("case_insensitive", "und-u-ks-level2");
    let error = refusal(&schema(ci()), &schema(ci().nondeterministic()));
    assert!(
        error.contains("collation `public.case_insensitive`")
            && error.contains("column `public.users.email`"),
        "{error}"
    );
}

/// SQL-standard function bodies (`RETURN ..`, `BEGIN ATOMIC .. END`): rendered as SQL,
/// read back with `pg_get_function_sqlbody`, compared in Postgres's spelling, created after
/// the table they read and dropped before it (Postgres records the dependency).
#[test]
fn sql_standard_bodies_converge() {
    let pages = || {
        TableDef::new(QualifiedName::parse("pages"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("views", SqlType::Integer, true))
            .with_primary_key(None, &["id"])
    };
    let add = |body: &str| {
        FunctionDef::new("add", Returns::Type(SqlType::Integer), Language::Sql, body)
            .argument(Argument::new("a", SqlType::Integer))
            .argument(Argument::new("b", SqlType::Integer))
            .volatility(Volatility::Immutable)
    };
    let total_views = || {
        FunctionDef::new(
            "total_views",
            Returns::Type(SqlType::BigInt),
            Language::Sql,
            "BEGIN ATOMIC\n  SELECT sum(views) FROM public.pages;\nEND",
        )
        .volatility(Volatility::Stable)
    };
    let with = |functions: Vec<FunctionDef>| {
        functions
            .into_iter()
            .fold(Schema::builder().add_table(pages()), |b, f| {
                b.add_function(f)
            })
    };
    let plans = check_all(vec![
        pair(
            "standard bodies created",
            Schema::builder(),
            with(vec![add("RETURN a + b"), total_views()]),
        ),
        pair(
            "standard body changed",
            with(vec![add("RETURN a + b")]),
            with(vec![add("RETURN a * b")]),
        ),
        pair(
            "string body becomes a standard one",
            with(vec![add("SELECT a + b")]),
            with(vec![add("RETURN a + b")]),
        ),
        pair(
            "standard bodies dropped with their table",
            with(vec![add("RETURN a + b"), total_views()]),
            Schema::builder(),
        ),
    ]);
    let created = plans[0].1.to_sql();
    assert!(created.contains("\n    RETURN a + b;"), "{created}");
    // The function reading `pages` is dropped before the table.
    let dropped = plans[3].1.to_sql();
    let function = dropped.find("DROP FUNCTION IF EXISTS public.total_views");
    let table = dropped.find("DROP TABLE IF EXISTS public.pages");
    assert!(
        matches!((function, table), (Some(f), Some(t)) if f < t),
        "{dropped}"
    );
}

/// Functions called by a column default, a check, an index expression and a domain check
/// are created before their users and dropped after them.
#[test]
fn functions_used_by_defaults_checks_indexes_and_domains_converge() {
    let is_slug = || {
        FunctionDef::new(
            "is_slug",
            Returns::Type(SqlType::Boolean),
            Language::Sql,
            "SELECT $1 ~ '^[a-z-]+$'",
        )
        .argument(Argument {
            name: None,
            ..Argument::new("", SqlType::Text)
        })
        .volatility(Volatility::Immutable)
    };
    let next_priority = || {
        FunctionDef::new(
            "next_priority",
            Returns::Type(SqlType::Integer),
            Language::Sql,
            "RETURN 3",
        )
    };
    let slug = || DomainDef::new("slug", SqlType::Text).with_check(None, "is_slug(VALUE)");
    let pages = || {
        TableDef::new(QualifiedName::parse("pages"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("path", SqlType::Custom("slug".into()), false))
            .with_column(Column::new("title", SqlType::Text, true))
            .with_column(Column {
                default: Some(DefaultValue::Expression("next_priority()".into())),
                ..Column::new("priority", SqlType::Integer, true)
            })
            .with_primary_key(None, &["id"])
            .with_check(Some("pages_title_slug"), None, "is_slug(title)")
            .with_index(
                Some("pages_title_is_slug"),
                schemata::Index {
                    comment: None,
                    name: String::new(),
                    unique: false,
                    nulls_not_distinct: false,
                    method: schemata::IndexMethod::Btree,
                    keys: vec![schemata::IndexKey::expression("is_slug(title)")],
                    include: Vec::new(),
                    predicate: None,
                },
            )
    };
    let all = || {
        Schema::builder()
            .add_function(is_slug())
            .add_function(next_priority())
            .add_domain(slug())
            .add_table(pages())
    };
    check_all(vec![
        pair(
            "functions created before their users",
            Schema::builder(),
            all(),
        ),
        pair(
            "functions dropped after their users",
            all(),
            Schema::builder(),
        ),
    ]);
}

/// A trigger may call Postgres's own trigger functions without declaring them.
#[test]
fn built_in_trigger_functions_converge() {
    let items = |trigger: bool| {
        let table = TableDef::new(QualifiedName::parse("items"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("body", SqlType::Text, true))
            .with_primary_key(None, &["id"]);
        if trigger {
            table.with_trigger(Trigger::new(
                "items_skip_noop_updates",
                TriggerTiming::Before,
                &[TriggerEvent::Update],
                QualifiedName::parse("pg_catalog.suppress_redundant_updates_trigger"),
            ))
        } else {
            table
        }
    };
    check_all(vec![
        pair(
            "built-in trigger function used",
            Schema::builder().add_table(items(false)),
            Schema::builder().add_table(items(true)),
        ),
        pair(
            "built-in trigger function no longer used",
            Schema::builder().add_table(items(true)),
            Schema::builder().add_table(items(false)),
        ),
    ]);
}

/// A default with a keyword operator (`AT TIME ZONE`) is rendered in parentheses, which
/// `DEFAULT` needs: on a new table and on a column added to a table with rows.
#[test]
fn defaults_with_keyword_operators_converge() {
    let events = |with_seen: bool| {
        let mut table = TableDef::new(QualifiedName::parse("events"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column {
                default: Some(DefaultValue::Expression("now() AT TIME ZONE 'utc'".into())),
                ..Column::new("at", SqlType::Timestamp, true)
            })
            .with_primary_key(None, &["id"]);
        if with_seen {
            table = table.with_column(Column {
                default: Some(DefaultValue::Expression("random() < 0.5 OR false".into())),
                ..Column::new("seen", SqlType::Boolean, true)
            });
        }
        Schema::builder().add_table(table)
    };
    check_all(vec![
        pair(
            "table with an AT TIME ZONE default",
            Schema::builder(),
            events(false),
        ),
        pair(
            "column with an OR default added",
            events(false),
            events(true),
        ),
    ]);
}

/// Indexes, keys and foreign keys added to, changed on and dropped from a partitioned
/// table whose partitions exist (one sub-partitioned): Postgres builds no index on a
/// partitioned table concurrently and takes no `NOT VALID` foreign key or `USING INDEX`
/// key there, so the plan builds each partition's index concurrently and attaches it, and
/// adds the keys in one statement.
#[test]
fn partitioned_tables_take_indexes_and_keys() {
    use schemata::{Index, IndexKey, IndexMethod, IndexTarget, PartitionBy, PartitionStrategy};
    let accounts = || {
        TableDef::new(QualifiedName::parse("accounts"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_primary_key(None, &["id"])
    };
    let by = |strategy, column: &str| {
        Some(PartitionBy {
            strategy,
            keys: vec![IndexTarget::Column(column.into())],
        })
    };
    let kind_index = |name: &str, keys: Vec<IndexKey>| Index {
        comment: Some("by kind".into()),
        name: name.into(),
        unique: false,
        nulls_not_distinct: false,
        method: IndexMethod::Btree,
        keys,
        include: Vec::new(),
        predicate: None,
    };
    let schema = |index: Option<Index>, keys: bool| {
        let mut events = TableDef {
            partition_by: by(PartitionStrategy::Range, "day"),
            ..TableDef::new(QualifiedName::parse("events"))
        }
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("day", SqlType::Date, false))
        .with_column(Column::new("account_id", SqlType::BigInt, true))
        .with_column(Column::new("kind", SqlType::Text, true));
        if let Some(index) = index {
            events.indexes.push(index);
        }
        if keys {
            events = events
                .with_unique(Some("events_id_day_key"), &["id", "day"])
                .with_foreign_key(
                    None,
                    schemata::ForeignKey {
                        comment: Default::default(),
                        name: String::new(),
                        columns: vec!["account_id".into()],
                        references: QualifiedName::parse("accounts"),
                        referenced_columns: vec!["id".into()],
                        on_delete: Default::default(),
                        on_update: Default::default(),
                        deferrable: Default::default(),
                        match_full: false,
                    },
                );
        }
        let partition = |name: &str, from: &str, to: &str| {
            TableDef::partition_of(
                QualifiedName::parse(name),
                QualifiedName::parse("events"),
                PartitionBound::range(from, to),
            )
        };
        let y2025 = TableDef {
            partition_by: by(PartitionStrategy::Hash, "id"),
            ..partition("events_2025", "'2025-01-01'", "'2026-01-01'")
        };
        let hash = |remainder| {
            TableDef::partition_of(
                QualifiedName::parse(&format!("events_2025_{remainder}")),
                QualifiedName::parse("events_2025"),
                PartitionBound::hash(2, remainder),
            )
        };
        Schema::builder()
            .add_table(accounts())
            .add_table(events)
            .add_table(partition("events_2024", "'2024-01-01'", "'2025-01-01'"))
            .add_table(y2025)
            .add_table(hash(0))
            .add_table(hash(1))
    };
    let by_kind = || kind_index("events_kind_idx", vec![IndexKey::column("kind")]);
    let by_kind_and_day = || {
        kind_index(
            "events_kind_idx",
            vec![IndexKey::column("kind"), IndexKey::column("day")],
        )
    };
    let plans = check_all(vec![
        pair(
            "index added to a partitioned table",
            schema(None, false),
            schema(Some(by_kind()), false),
        ),
        pair(
            "index of a partitioned table changed",
            schema(Some(by_kind()), false),
            schema(Some(by_kind_and_day()), false),
        ),
        pair(
            "index dropped from a partitioned table",
            schema(Some(by_kind()), false),
            schema(None, false),
        ),
        pair(
            "unique key and foreign key added to a partitioned table",
            schema(None, false),
            schema(None, true),
        ),
    ]);
    let added = plans[0].1.to_sql();
    for expected in [
        "CREATE INDEX IF NOT EXISTS events_kind_idx ON ONLY public.events (kind);",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_2024_kind_idx ON public.events_2024 (kind);",
        "CREATE INDEX IF NOT EXISTS events_2025_kind_idx ON ONLY public.events_2025 (kind);",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_2025_0_kind_idx ON public.events_2025_0 (kind);",
        "ALTER INDEX public.events_2025_kind_idx ATTACH PARTITION public.events_2025_1_kind_idx;",
        "ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2025_kind_idx;",
    ] {
        assert!(added.contains(expected), "{expected}\nnot in\n{added}");
    }
}

/// A foreign key may reference columns that only a unique index (no constraint) covers:
/// the index is built first, and the foreign key dropped before it.
#[test]
fn foreign_keys_on_unique_indexes_converge() {
    use schemata::{Index, IndexKey, IndexMethod};
    let schema = |index: bool, key: bool| {
        let mut codes = TableDef::new(QualifiedName::parse("codes")).with_column(Column::new(
            "code",
            SqlType::Text,
            false,
        ));
        if index {
            codes = codes.with_index(
                Some("codes_code_idx"),
                Index {
                    comment: None,
                    name: String::new(),
                    unique: true,
                    nulls_not_distinct: false,
                    method: IndexMethod::Btree,
                    keys: vec![IndexKey::column("code")],
                    include: Vec::new(),
                    predicate: None,
                },
            );
        }
        let mut uses = TableDef::new(QualifiedName::parse("uses"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("code", SqlType::Text, true))
            .with_primary_key(None, &["id"]);
        if key {
            uses = uses.with_foreign_key(
                None,
                schemata::ForeignKey {
                    comment: Default::default(),
                    name: String::new(),
                    columns: vec!["code".into()],
                    references: QualifiedName::parse("codes"),
                    referenced_columns: vec!["code".into()],
                    on_delete: Default::default(),
                    on_update: Default::default(),
                    deferrable: Default::default(),
                    match_full: false,
                },
            );
        }
        Schema::builder().add_table(codes).add_table(uses)
    };
    check_all(vec![
        pair("created together", Schema::builder(), schema(true, true)),
        pair(
            "index and key added",
            schema(false, false),
            schema(true, true),
        ),
        pair(
            "index and key dropped",
            schema(true, true),
            schema(false, false),
        ),
    ]);
}

/// Table inheritance (`INHERITS`): a child lists only its own columns; a column added to
/// the parent reaches the child by itself; a child stops inheriting (keeping the columns
/// and checks it had from the parent) or starts (its columns of the parent's names merge).
#[test]
fn inheritance_converges() {
    let parent = |extra: bool| {
        let mut t = TableDef::new(QualifiedName::parse("items"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("name", SqlType::Text, true))
            .with_check(Some("items_name_length"), None, "length(name) < 100");
        if extra {
            t = t.with_column(Column::new("added", SqlType::Integer, true));
        }
        t
    };
    let own = |t: TableDef| {
        t.with_column(Column::new(
            "weight",
            SqlType::Numeric {
                precision: None,
                scale: None,
            },
            true,
        ))
    };
    let child = || own(TableDef::new(QualifiedName::parse("heavy_items"))).inheriting("items");
    let grandchild = || {
        TableDef::new(QualifiedName::parse("very_heavy_items"))
            .with_column(Column::new("crane", SqlType::Boolean, true))
            .inheriting("heavy_items")
    };
    // The child on its own: the parent's columns and check as its own.
    let standalone = || {
        own(TableDef::new(QualifiedName::parse("heavy_items"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("name", SqlType::Text, true))
            .with_check(Some("items_name_length"), None, "length(name) < 100"))
    };
    let family = |extra: bool| {
        Schema::builder()
            .add_table(parent(extra))
            .add_table(child())
            .add_table(grandchild())
    };
    check_all(vec![
        pair(
            "inheriting tables created",
            Schema::builder(),
            family(false),
        ),
        pair("column added to the parent", family(false), family(true)),
        pair(
            "child stops inheriting",
            Schema::builder()
                .add_table(parent(false))
                .add_table(child()),
            Schema::builder()
                .add_table(parent(false))
                .add_table(standalone()),
        ),
        pair(
            "child starts inheriting, keeping the columns it had as its own",
            Schema::builder()
                .add_table(parent(false))
                .add_table(standalone()),
            Schema::builder()
                .add_table(parent(false))
                .add_table(standalone().inheriting("items")),
        ),
        pair(
            "inheriting tables dropped",
            family(false),
            Schema::builder(),
        ),
    ]);
    // Starting to inherit without listing the parent's columns cannot converge: refused.
    let from = Schema::builder()
        .add_table(parent(false))
        .add_table(standalone())
        .build()
        .unwrap();
    let to = Schema::builder()
        .add_table(parent(false))
        .add_table(child())
        .build()
        .unwrap();
    let refused = refusal(&from, &to);
    assert!(
        refused.contains("starts inheriting from `public.items`")
            && refused.contains("`id`, `name`"),
        "{refused}"
    );
}

/// Objects the structural model has no place for, kept as Postgres's definition text
/// (`schemata::Opaque`): each created, changed and dropped on a real Postgres, in order
/// with the structural objects they need or that need them (`pairs::opaque`).
#[test]
fn opaque_objects_converge() {
    let cases = pairs::opaque().into_iter().map(Case::from).collect();
    let plans = check_all(cases);
    // Every step says the object is kept as definition text, and a rule changes in place.
    for (name, plan) in &plans {
        for step in &plan.steps {
            if step.description.contains("rule") || step.description.contains("aggregate") {
                assert!(
                    step.sql.contains("is kept as Postgres's definition text"),
                    "{name}: {}",
                    step.sql
                );
            }
        }
    }
    let plan = |name: &str| {
        &plans
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no pair `{name}`"))
            .1
    };
    let rule_changed = plan("rule changed");
    assert!(
        rule_changed.steps.len() == 1
            && rule_changed.steps[0].sql.contains("CREATE OR REPLACE RULE"),
        "{}",
        rule_changed.to_sql()
    );
    let commented = plan("aggregate comment changed");
    assert!(
        commented.steps.len() == 1 && commented.steps[0].sql.contains("COMMENT ON AGGREGATE"),
        "{}",
        commented.to_sql()
    );
    // The plans, pinned: read them to see what each change takes.
    let mut text = String::new();
    for name in [
        "rule created",
        "range type created with a column using it",
        "range type dropped with the column using it",
        "foreign table changed",
        "constraint trigger replaced by a plain one of the same name",
        "overloads replaced by one function",
    ] {
        text.push_str(&format!("==== {name}\n{}\n", plan(name).to_sql()));
    }
    insta::assert_snapshot!("opaque_plans", text);
}

#[test]
fn a_range_type_changed_or_dropped_under_its_column_is_refused_naming_it() {
    use schemata::Opaque;
    let schema = |definition: &str| {
        Schema::builder()
            .add_opaque(Opaque::new("range type", "public.floatrange", definition))
            .add_table(
                TableDef::new(QualifiedName::parse("spans")).with_column(Column::new(
                    "span",
                    SqlType::Custom("floatrange".into()),
                    true,
                )),
            )
            .build()
            .unwrap()
    };
    let error = refusal(
        &schema("CREATE TYPE public.floatrange AS RANGE (subtype = double precision);"),
        &schema("CREATE TYPE public.floatrange AS RANGE (subtype = numeric);"),
    );
    assert!(
        error.contains("range type `public.floatrange`")
            && error.contains("dropped and created again")
            && error.contains("column `public.spans.span`"),
        "{error}"
    );
    // Dropped while the column stays: refused too, naming the column.
    let without_type = Schema::builder()
        .add_table(
            TableDef::new(QualifiedName::parse("spans")).with_column(Column::new(
                "span",
                SqlType::Custom("floatrange".into()),
                true,
            )),
        )
        .build()
        .unwrap();
    let error = refusal(
        &schema("CREATE TYPE public.floatrange AS RANGE (subtype = double precision);"),
        &without_type,
    );
    assert!(
        error.contains("range type `public.floatrange`: is dropped, which Postgres refuses while column `public.spans.span` use it"),
        "{error}"
    );
}

/// Citus: tables distributed, made reference tables, undistributed, given another column,
/// shard count or colocation group, on the three-node cluster `.ci/run` starts (applied,
/// rows kept, read back equal, second plan empty, pg_dump equal), with every distributed
/// table's shards on both workers.
#[test]
fn citus_distributions_converge() {
    use schemata::{Distribution, ForeignKey};
    let tenants = || {
        TableDef::new(QualifiedName::parse("tenants"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("name", SqlType::Text, false))
            .with_column(Column::new("country", SqlType::Text, true))
            .with_primary_key(None, &["id"])
    };
    let orders = || {
        TableDef::new(QualifiedName::parse("orders"))
            .with_column(Column::new("tenant_id", SqlType::BigInt, false))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("total", SqlType::BigInt, false))
            .with_primary_key(None, &["tenant_id", "id"])
            .with_foreign_key(
                None,
                ForeignKey::new(&["tenant_id"], QualifiedName::parse("tenants"), &["id"]),
            )
    };
    let countries = || {
        TableDef::new(QualifiedName::parse("countries"))
            .with_column(Column::new("code", SqlType::Text, false))
            .with_column(Column::new("name", SqlType::Text, false))
            .with_primary_key(None, &["code"])
    };
    let plain = || {
        Schema::builder()
            .add_table(tenants())
            .add_table(orders())
            .add_table(countries())
    };
    let tenants_in = |d: Distribution| tenants().with_distribution(d);
    // A key over both columns, so that either may distribute the table.
    let by_name_and_id = |d: Distribution| {
        TableDef {
            primary_key: None,
            ..tenants()
        }
        .with_primary_key(None, &["name", "id"])
        .with_distribution(d)
    };
    let sharded = |tenant_shards: u32| {
        Schema::builder()
            .add_table(tenants_in(Distribution::by("id").shards(tenant_shards)))
            .add_table(orders().with_distribution(
                Distribution::by("tenant_id").colocated_with(QualifiedName::parse("tenants")),
            ))
            .add_table(countries().reference())
    };
    let mut cases = vec![
        pair(
            "distributed and reference tables created",
            Schema::builder(),
            sharded(4),
        ),
        pair("plain tables with rows distributed", plain(), sharded(4)),
        pair("distributed tables brought back", sharded(4), plain()),
        pair("shard count changed", sharded(4), sharded(6)),
        pair(
            "a table leaves its colocation group",
            sharded(4),
            Schema::builder()
                .add_table(tenants_in(Distribution::by("id").shards(4)))
                .add_table(
                    // Without its foreign key: Citus wants tables of one key colocated.
                    TableDef {
                        foreign_keys: Vec::new(),
                        ..orders()
                    }
                    .with_distribution(Distribution::by("tenant_id").alone().shards(4)),
                )
                .add_table(countries().reference()),
        ),
        pair(
            "a reference table distributed",
            sharded(4),
            Schema::builder()
                .add_table(tenants_in(Distribution::by("id").shards(4)))
                .add_table(orders().with_distribution(
                    Distribution::by("tenant_id").colocated_with(QualifiedName::parse("tenants")),
                ))
                .add_table(countries().with_distribution(Distribution::by("code").shards(4))),
        ),
        pair(
            "a distribution column changed",
            Schema::builder().add_table(by_name_and_id(Distribution::by("id").shards(4))),
            Schema::builder().add_table(by_name_and_id(Distribution::by("name").shards(4))),
        ),
    ];
    // The multi-tenant example from nothing, and with its audit log moved into the tenants'
    // colocation group.
    let example = schemata_example_apps::multi_tenant::schema();
    let mut joined = example.clone();
    for table in &mut joined.tables {
        if table.name.name == "audit_events" {
            table.distribution = Some(
                Distribution::by("org_id").colocated_with(QualifiedName::parse("organizations")),
            );
        }
    }
    cases.push(Case {
        name: "the multi-tenant example created".into(),
        old: Schema::default(),
        new: example.clone(),
        seed: None,
    });
    cases.push(Case {
        name: "the multi-tenant example's audit log joins the tenants' group".into(),
        old: example,
        new: joined,
        seed: None,
    });
    // Schema-based sharding: a tenant's schema on one node, its tables referencing each
    // other and a reference table.
    let tenant_schema = |distributed: bool, with_invoices: bool| {
        let accounts = TableDef::new(QualifiedName::parse("tenant_a.accounts"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("country", SqlType::Text, true))
            .with_primary_key(None, &["id"])
            .with_foreign_key(
                None,
                ForeignKey::new(&["country"], QualifiedName::parse("countries"), &["code"]),
            );
        let mut builder = Schema::builder()
            .add_table(countries().reference())
            .add_table(accounts);
        if with_invoices {
            builder = builder.add_table(
                TableDef::new(QualifiedName::parse("tenant_a.invoices"))
                    .with_column(Column::new("id", SqlType::BigInt, false))
                    .with_column(Column::new("account_id", SqlType::BigInt, false))
                    .with_primary_key(None, &["id"])
                    .with_foreign_key(
                        None,
                        ForeignKey::new(
                            &["account_id"],
                            QualifiedName::parse("tenant_a.accounts"),
                            &["id"],
                        ),
                    ),
            );
        }
        if distributed {
            builder.distributed_schema("tenant_a")
        } else {
            builder.add_namespace("tenant_a")
        }
    };
    // A partitioned table distributed with its partitions.
    let events = |distributed: bool| {
        let mut parent = TableDef::new(QualifiedName::parse("events"))
            .with_column(Column::new("tenant_id", SqlType::BigInt, false))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("at", SqlType::Date, false))
            .with_primary_key(None, &["tenant_id", "id", "at"]);
        parent.partition_by = Some(schemata::PartitionBy {
            strategy: schemata::PartitionStrategy::Range,
            keys: vec![schemata::IndexTarget::Column("at".into())],
        });
        if distributed {
            parent = parent.with_distribution(Distribution::by("tenant_id").shards(4));
        }
        let partition = |name: &str, from: &str, to: &str| {
            TableDef::partition_of(
                QualifiedName::parse(name),
                QualifiedName::parse("events"),
                PartitionBound::range(from, to),
            )
        };
        Schema::builder()
            .add_table(parent)
            .add_table(partition("events_2024", "'2024-01-01'", "'2025-01-01'"))
            .add_table(partition("events_2025", "'2025-01-01'", "'2026-01-01'"))
    };
    // Everyday changes to distributed tables with rows, in their online forms: a column,
    // an index built concurrently, a check added NOT VALID and validated.
    let grown = {
        let orders = orders()
            .with_column(Column::new("note", SqlType::Text, true))
            .with_check(Some("orders_total_positive"), None, "total >= 0")
            .with_index(
                Some("orders_total_idx"),
                schemata::Index {
                    comment: Default::default(),
                    name: String::new(),
                    unique: false,
                    nulls_not_distinct: false,
                    method: schemata::IndexMethod::Btree,
                    keys: vec![schemata::IndexKey::column("total")],
                    include: Vec::new(),
                    predicate: None,
                },
            )
            .with_distribution(
                Distribution::by("tenant_id").colocated_with(QualifiedName::parse("tenants")),
            );
        Schema::builder()
            .add_table(tenants_in(Distribution::by("id").shards(4)))
            .add_table(orders)
            .add_table(countries().reference())
    };
    cases.push(pair("distributed tables altered online", sharded(4), grown));
    cases.extend([
        pair(
            "a partitioned table distributed",
            events(false),
            events(true),
        ),
        pair(
            "a distributed partitioned table created",
            Schema::builder(),
            events(true),
        ),
    ]);
    cases.extend([
        pair(
            "a distributed schema created",
            Schema::builder(),
            tenant_schema(true, true),
        ),
        pair(
            "a schema with rows distributed",
            tenant_schema(false, true),
            tenant_schema(true, true),
        ),
        pair(
            "a distributed schema brought back",
            tenant_schema(true, true),
            tenant_schema(false, true),
        ),
        pair(
            "a table added to a distributed schema",
            tenant_schema(true, false),
            tenant_schema(true, true),
        ),
    ]);
    let mut lab = Lab::citus();
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = lab.converge(case).and_then(|_| {
            let workers = shard_workers(&mut lab.migrated.client, &case.new)?;
            (workers >= 2)
                .then_some(())
                .ok_or_else(|| format!("the shards are on {workers} worker(s), not both"))
        });
        if let Err(e) = outcome {
            failures.push(format!("pair `{}`: {e}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // Citus cannot change a distribution column's type: the plan says so.
    let int_ids = Schema::builder()
        .add_table(tenants_in(Distribution::by("id")))
        .build()
        .unwrap();
    let mut text_ids = tenants_in(Distribution::by("id"));
    text_ids.columns[0].ty = SqlType::Text;
    let text_ids = Schema::builder().add_table(text_ids).build().unwrap();
    let refused = refusal(&int_ids, &text_ids);
    assert!(
        refused.contains("column `public.tenants.id`") && refused.contains("distribution column"),
        "{refused}"
    );
    // Nor move a distributed table with an identity column.
    let mut counted = tenants_in(Distribution::by("id"));
    counted.columns[0].identity = Some(schemata::Identity::ByDefault);
    let before = Schema::builder()
        .add_table(counted.clone())
        .build()
        .unwrap();
    let after = Schema::builder()
        .add_table(counted.with_distribution(Distribution::by("id").shards(4)))
        .build()
        .unwrap();
    let refused = refusal(&before, &after);
    assert!(refused.contains("identity column (`id`)"), "{refused}");
}

/// On how many workers the distributed tables of `schema` have shards (0 when it has
/// none).
fn shard_workers(client: &mut Client, schema: &Schema) -> Result<i64, String> {
    if !schema.tables.iter().any(|t| t.distributed().is_some()) {
        return Ok(2);
    }
    client
        .query_one(
            "SELECT count(DISTINCT p.nodeport) FROM pg_dist_shard s
             JOIN pg_dist_shard_placement p USING (shardid)
             JOIN pg_dist_partition d ON d.logicalrelid = s.logicalrelid
             WHERE d.partmethod = 'h'",
            &[],
        )
        .map(|row| row.get(0))
        .map_err(|e| e.to_string())
}

/// A plain table that becomes a partition is attached in place (`ATTACH PARTITION`), its
/// rows kept: its own keys and indexes dropped, its columns made the parent's, then the
/// parent's indexes built on it by Postgres. A partition becomes a table of its own in
/// place too (`DETACH PARTITION`), with the parent's checks, its own keys and indexes.
#[test]
fn tables_become_partitions_in_place() {
    use schemata::{Index, IndexKey, IndexMethod, IndexTarget, PartitionBy, PartitionStrategy};
    let parent = || {
        let mut events = TableDef::new(QualifiedName::parse("events"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("day", SqlType::Date, false))
            .with_column(Column::new("kind", SqlType::Text, true))
            .with_primary_key(None, &["id", "day"]);
        events.partition_by = Some(PartitionBy {
            strategy: PartitionStrategy::Range,
            keys: vec![IndexTarget::Column("day".into())],
        });
        events.indexes.push(Index {
            comment: None,
            name: "events_kind_idx".into(),
            unique: false,
            nulls_not_distinct: false,
            method: IndexMethod::Btree,
            keys: vec![IndexKey::column("kind")],
            include: Vec::new(),
            predicate: None,
        });
        events
    };
    let partition = |name: &str, from: &str, to: &str| {
        TableDef::partition_of(
            QualifiedName::parse(name),
            QualifiedName::parse("events"),
            PartitionBound::range(from, to),
        )
    };
    let current = partition("events_2025", "'2025-01-01'", "'2026-01-01'");
    // The year kept as a table of its own until now, with a key and an index of its own and
    // a column of another type.
    let mut standalone = TableDef::new(QualifiedName::parse("events_2024"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("day", SqlType::Date, false))
        .with_column(Column::new(
            "kind",
            SqlType::Varchar { length: Some(20) },
            true,
        ))
        .with_primary_key(None, &["id", "day"]);
    standalone.indexes.push(Index {
        comment: None,
        name: "events_2024_day_idx".into(),
        unique: false,
        nulls_not_distinct: false,
        method: IndexMethod::Btree,
        keys: vec![IndexKey::column("day")],
        include: Vec::new(),
        predicate: None,
    });
    let old = || {
        Schema::builder()
            .add_table(parent())
            .add_table(current.clone())
            .add_table(standalone.clone())
    };
    let new = || {
        Schema::builder()
            .add_table(parent())
            .add_table(current.clone())
            .add_table(partition("events_2024", "'2024-01-01'", "'2025-01-01'"))
    };
    // The parent gone: each year a table of its own, keeping the parent's check.
    let checked = || {
        let mut events = parent();
        events.checks.push(schemata::Check {
            comment: Default::default(),
            name: "events_day_check".into(),
            expression: "day > '2000-01-01'::date".into(),
            no_inherit: false,
        });
        events
    };
    let year = |name: &str| {
        let mut table = TableDef::new(QualifiedName::parse(name))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(Column::new("day", SqlType::Date, false))
            .with_column(Column::new("kind", SqlType::Text, true))
            .with_primary_key(None, &["id", "day"]);
        table.checks.push(schemata::Check {
            comment: Default::default(),
            name: "events_day_check".into(),
            expression: "day > '2000-01-01'::date".into(),
            no_inherit: false,
        });
        table
    };
    let partitioned = || {
        Schema::builder()
            .add_table(checked())
            .add_table(current.clone())
            .add_table(partition("events_2024", "'2024-01-01'", "'2025-01-01'"))
    };
    let unpartitioned = || {
        Schema::builder()
            .add_table(year("events_2024"))
            .add_table(year("events_2025"))
    };
    // A foreign key and a check of a partition's own: created with it, then the key
    // dropped with the table it references.
    let kinds = || {
        TableDef::new(QualifiedName::parse("kinds"))
            .with_column(Column::new("name", SqlType::Text, false))
            .with_primary_key(None, &["name"])
    };
    let with_kinds = || {
        let keyed = current
            .clone()
            .with_foreign_key(
                None,
                schemata::ForeignKey::new(&["kind"], QualifiedName::parse("kinds"), &["name"]),
            )
            .with_check(None, Some("kind"), "kind <> ''");
        Schema::builder()
            .add_table(kinds())
            .add_table(parent())
            .add_table(keyed)
    };
    let without_kinds = || {
        Schema::builder()
            .add_table(parent())
            .add_table(current.clone())
    };
    let plans = check_all(vec![
        pair("a table attached as a partition", old(), new()),
        pair(
            "a partition with a foreign key and a check of its own",
            Schema::builder(),
            with_kinds(),
        ),
        pair(
            "a table a partition's own foreign key references dropped",
            with_kinds(),
            without_kinds(),
        ),
        pair("a partition detached as a table of its own", new(), old()),
        pair(
            "a partitioned table dropped, its partitions kept as tables",
            partitioned(),
            unpartitioned(),
        ),
    ]);
    let sql = plans[0].1.to_sql();
    assert!(sql.contains("ATTACH PARTITION public.events_2024"), "{sql}");
    for (_, plan) in &plans[3..] {
        let sql = plan.to_sql();
        assert!(sql.contains("DETACH PARTITION public.events_2024"), "{sql}");
    }
}
