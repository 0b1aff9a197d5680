//! Plans that recover from a migration that failed halfway, on a real Postgres: the two
//! repros of issue 12. A failed `CREATE INDEX CONCURRENTLY` leaves an `INVALID` index and a
//! failed `VALIDATE` a `NOT VALID` constraint; reading the database back must say so, and
//! the next plan must repair it rather than fail forever or report no changes.

mod common;

use common::{dump_difference, schema_dump, TestDb};
use postgres::Client;
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::comparable;
use schemata::postgres::plan::{diff, Hazard, Plan, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{Column, Index, IndexKey, QualifiedName, Schema, SqlType, TableDef};

fn read_back(client: &mut Client) -> Schema {
    comparable(&introspect(client, &IntrospectOptions::default()).expect("introspection"))
}

/// Runs the plan step by step; the first failing step's message.
fn run(client: &mut Client, plan: &Plan) -> Result<(), String> {
    for step in &plan.steps {
        client.batch_execute(&step.sql).map_err(|e| {
            let message = e
                .as_db_error()
                .map_or(e.to_string(), |d| d.message().into());
            format!("step `{}`: {message}", step.description)
        })?;
    }
    Ok(())
}

fn table(extra: Column) -> TableDef {
    TableDef::new(QualifiedName::parse("t"))
        .with_column(Column::new("id", SqlType::Integer, false))
        .with_column(extra)
        .with_primary_key(None, &["id"])
}

fn build(table: TableDef) -> Schema {
    Schema::builder().add_table(table).build().unwrap()
}

/// The target applied to a database of its own, for pg_dump to compare against.
fn reference(schema: &Schema) -> TestDb {
    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(schema, &RenderOptions::default()));
    db
}

fn assert_converged(db: &mut TestDb, target: &Schema) {
    let again = diff(&read_back(&mut db.client), target, &PlanOptions::default()).unwrap();
    assert!(again.is_empty(), "a plan is left:\n{}", again.to_sql());
    let expected = reference(target);
    let (got, want) = (
        schema_dump(&db.url, &[]).unwrap(),
        schema_dump(&expected.url, &[]).unwrap(),
    );
    assert_eq!(got, want, "{}", dump_difference(&got, &want));
}

#[test]
fn an_index_left_invalid_by_a_failed_build_is_dropped_and_built_again() {
    let old = build(table(Column::new("email", SqlType::Text, true)));
    let unique = Index {
        comment: Default::default(),
        name: String::new(),
        unique: true,
        nulls_not_distinct: false,
        method: Default::default(),
        keys: vec![IndexKey::column("email")],
        include: Vec::new(),
        predicate: None,
    };
    let new = build(
        table(Column::new("email", SqlType::Text, true)).with_index(Some("t_email_key"), unique),
    );

    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&old, &RenderOptions::default()));
    db.execute_script("INSERT INTO t VALUES (1, 'x'), (2, 'x');");
    let plan = diff(&old, &new, &PlanOptions::default()).unwrap();
    let error = run(&mut db.client, &plan).unwrap_err();
    assert!(error.contains("could not create unique index"), "{error}");

    // The failed build left an INVALID index: read as such, and the plan replaces it.
    let live = read_back(&mut db.client);
    assert_eq!(live.tables[0].invalid_indexes, ["t_email_key"]);
    db.execute_script("DELETE FROM t WHERE id = 2;");
    let repair = diff(&live, &new, &PlanOptions::default()).unwrap();
    let text = repair.to_sql();
    assert!(
        text.contains("DROP INDEX CONCURRENTLY IF EXISTS public.t_email_key;"),
        "{text}"
    );
    run(&mut db.client, &repair).unwrap_or_else(|e| panic!("{e}\n{text}"));
    // And a repair plan can run again after it finished: nothing left to drop.
    assert_converged(&mut db, &new);
}

#[test]
fn a_constraint_left_not_valid_is_validated_by_the_next_plan() {
    let old = build(table(Column::new("amount", SqlType::Integer, true)));
    let new = build(
        table(Column::new("amount", SqlType::Integer, true)).with_check(
            Some("t_amount_check"),
            None,
            "amount >= 0",
        ),
    );

    let mut db = TestDb::fresh();
    db.execute_script(&to_sql(&old, &RenderOptions::default()));
    db.execute_script("INSERT INTO t VALUES (1, 5), (2, -1);");
    let plan = diff(&old, &new, &PlanOptions::default()).unwrap();
    let error = run(&mut db.client, &plan).unwrap_err();
    assert!(error.contains("is violated by some row"), "{error}");

    // Not "no changes": the constraint is there but NOT VALID, and the plan validates it.
    let live = read_back(&mut db.client);
    assert_eq!(live.tables[0].unvalidated_constraints, ["t_amount_check"]);
    let repair = diff(&live, &new, &PlanOptions::default()).unwrap();
    assert_eq!(repair.steps.len(), 1, "{}", repair.to_sql());
    assert!(repair.steps[0]
        .sql
        .contains("ALTER TABLE public.t VALIDATE CONSTRAINT t_amount_check;"));
    assert!(repair.steps[0].hazards.contains(&Hazard::ScansTable));
    // While the bad row is there the validation fails again, and says why.
    let error = run(&mut db.client, &repair).unwrap_err();
    assert!(error.contains("is violated by some row"), "{error}");
    db.execute_script("UPDATE t SET amount = 0 WHERE id = 2;");
    run(&mut db.client, &repair).unwrap();
    assert_converged(&mut db, &new);
}
