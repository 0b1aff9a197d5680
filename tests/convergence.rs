//! The convergence property, on a real Postgres: for a pair (old, new), apply old to a
//! database, insert rows, run the plan step by step, then
//! 1. every statement succeeded,
//! 2. reading the database back gives exactly new (up to the order of columns, which
//!    Postgres cannot change: an added column always comes last),
//! 3. a second plan, from what the database now holds to new, is empty,
//! 4. no row was lost, unless the plan declared a data-loss hazard.
//!
//! Over every hand-written pair (`schemata::postgres::pairs`) and over seeded random
//! pairs. The random run prints its base seed; `SCHEMATA_SEED=<seed>` repeats it and
//! `SCHEMATA_PAIRS=<n>` sets how many pairs each random test runs (default 100, in two
//! tests). One database per test is reset between pairs, which keeps the suite fast.

mod common;

use common::{describe_script_error, reset, TestDb};
use postgres::Client;
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::{comparable, graft};
use schemata::postgres::plan::{diff, Hazard, Plan, PlanOptions};
use schemata::postgres::{quote_literal, to_sql, RenderOptions};
use schemata::{quote_ident, QualifiedName, Schema, SqlType, TableDef};
use schemata_testkit::generate::random_pair;
use schemata_testkit::pairs::{self, Pair};
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// Rows inserted into every table of the old schema.
const ROWS: i64 = 3;

#[test]
fn hand_written_pairs_converge() {
    let mut lab = Lab::new();
    let failures: Vec<String> = pairs::all()
        .iter()
        .filter_map(|pair| {
            lab.converge(pair)
                .err()
                .map(|e| format!("pair `{}`: {e}", pair.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} pair(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
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
        let pair = random_pair(seed);
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
}

impl Lab {
    fn new() -> Lab {
        Lab {
            migrated: TestDb::fresh(),
            reference: TestDb::fresh(),
        }
    }

    fn converge(&mut self, pair: &Pair) -> Result<(), String> {
        let options = PlanOptions::default();
        let plan = diff(&pair.old, &pair.new, &options).map_err(|e| e.to_string())?;

        let expected = self.expected(&pair.new)?;
        let client = &mut self.migrated.client;
        reset(client)?;
        let old_sql = to_sql(&pair.old, &RenderOptions { stand_ins: true });
        client.batch_execute(&old_sql).map_err(|e| {
            format!(
                "the old schema does not apply: {}",
                describe_script_error(&old_sql, &e)
            )
        })?;
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
        run(client, &plan)?;

        // 2. The database now holds exactly the new schema.
        let read = read_back(client)?;
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
        Ok(())
    }

    /// The new schema as Postgres prints it: applied to the reference database, read back,
    /// and its expressions grafted onto the model.
    fn expected(&mut self, new: &Schema) -> Result<Schema, String> {
        let client = &mut self.reference.client;
        reset(client)?;
        let sql = to_sql(new, &RenderOptions { stand_ins: true });
        client.batch_execute(&sql).map_err(|e| {
            format!(
                "the new schema does not apply: {}",
                describe_script_error(&sql, &e)
            )
        })?;
        let printed = read_back(client)?;
        Ok(comparable(&graft(new, &printed)))
    }
}

/// What the database holds, as a comparable schema. Supabase's schemas (where the
/// stand-ins for external tables live) are left out, as a user would.
fn read_back(client: &mut Client) -> Result<Schema, String> {
    let options = IntrospectOptions {
        schemas: Vec::new(),
        exclude_supabase: true,
    };
    let schema = introspect(client, &options).map_err(|e| format!("introspection fails: {e}"))?;
    Ok(comparable(&schema))
}

/// Runs the plan as a careful operator would: consecutive transactional steps in one
/// transaction, the others on their own, `lock_timeout` before each.
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
        if let Some(timeout) = step.lock_timeout {
            let set = format!("SET lock_timeout = {}", timeout.as_millis());
            client.batch_execute(&set).map_err(|e| e.to_string())?;
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
fn renames(pair: &Pair) -> BTreeMap<QualifiedName, QualifiedName> {
    schemata::diff::diff(&pair.old, &pair.new)
        .into_iter()
        .filter_map(|change| match change {
            schemata::diff::Change::RenameTable { from, to } => Some((from, to)),
            _ => None,
        })
        .collect()
}

fn count_table(client: &mut Client, table: &QualifiedName) -> Result<i64, String> {
    let query = format!("SELECT count(*) FROM {}", table.to_sql());
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
