//! Sequences on a real Postgres: standalone ones with options, `serial`-style ones owned
//! by a column and called by its default, comments and grants. Each pair is applied old
//! side first, migrated with the plan, read back, and must equal the new side applied
//! directly; a second plan is empty. Rows inserted before the migration are all there.

mod common;

use common::{describe_script_error, dump_difference, schema_dump, TestDb};
use postgres::Client;
use schemata::postgres::introspect::{introspect, IntrospectOptions};
use schemata::postgres::normalize::comparable;
use schemata::postgres::plan::{diff, Plan, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{
    Column, DefaultValue, GrantObject, Identity, Privilege, QualifiedName, Role, Schema,
    SchemaBuilder, SequenceDef, SequenceOptions, SqlType, TableDef,
};

fn orders(default: Option<&str>) -> TableDef {
    let mut id = Column::new("id", SqlType::BigInt, false);
    id.default = default.map(|sql| DefaultValue::Expression(sql.to_string()));
    TableDef::new(QualifiedName::parse("orders"))
        .with_column(id)
        .with_column(Column::new("note", SqlType::Text, true))
        .with_primary_key(None, &["id"])
}

/// `orders` whose `id` is an identity column (by default, so rows may set it) of type `ty`
/// with `options`.
fn identity(ty: SqlType, options: SequenceOptions) -> SchemaBuilder {
    let mut id = Column::new("id", ty, false);
    id.identity = Some(Identity::ByDefault);
    id.identity_options = options;
    Schema::builder().add_table(
        TableDef::new(QualifiedName::parse("orders"))
            .with_column(id)
            .with_column(Column::new("note", SqlType::Text, true))
            .with_primary_key(None, &["id"]),
    )
}

fn serial() -> SchemaBuilder {
    Schema::builder()
        .add_table(orders(Some("nextval('orders_id_seq'::regclass)")))
        .add_sequence(SequenceDef::new("orders_id_seq").owned_by("orders", "id"))
}

fn build(name: &str, side: &str, builder: SchemaBuilder) -> Schema {
    builder
        .build()
        .unwrap_or_else(|e| panic!("pair `{name}`, {side} side: {e}"))
}

fn pairs() -> Vec<(&'static str, Schema, Schema)> {
    let list: Vec<(&str, SchemaBuilder, SchemaBuilder)> = vec![
        (
            "standalone sequence created with options",
            Schema::builder(),
            Schema::builder().add_sequence(
                SequenceDef::new("invoice_no")
                    .data_type(SqlType::Integer)
                    .start(1000)
                    .increment(5)
                    .cache(10)
                    .comment("Invoice numbers"),
            ),
        ),
        (
            "options changed, back to a default",
            Schema::builder().add_sequence(SequenceDef::new("invoice_no").increment(5).cycle()),
            Schema::builder()
                .add_sequence(SequenceDef::new("invoice_no").max_value(100_000).cache(5)),
        ),
        (
            "serial column added to an existing table",
            Schema::builder().add_table(orders(None)),
            serial(),
        ),
        ("serial table created", Schema::builder(), serial()),
        (
            "identity column created with options",
            Schema::builder(),
            identity(
                SqlType::Integer,
                SequenceOptions {
                    start: Some(1000),
                    increment: Some(10),
                    max_value: Some(2_147_483_647),
                    ..Default::default()
                },
            ),
        ),
        (
            "identity options added",
            identity(SqlType::BigInt, SequenceOptions::default()),
            identity(
                SqlType::BigInt,
                SequenceOptions {
                    start: Some(1000),
                    increment: Some(10),
                    cache: Some(5),
                    ..Default::default()
                },
            ),
        ),
        (
            "identity options changed, some back to their defaults",
            identity(
                SqlType::BigInt,
                SequenceOptions {
                    start: Some(1000),
                    increment: Some(10),
                    cycle: true,
                    ..Default::default()
                },
            ),
            identity(
                SqlType::BigInt,
                SequenceOptions {
                    increment: Some(10),
                    max_value: Some(1_000_000),
                    ..Default::default()
                },
            ),
        ),
        (
            "column with rows becomes an identity column with options",
            Schema::builder().add_table(orders(None)),
            identity(
                SqlType::BigInt,
                SequenceOptions {
                    start: Some(500),
                    increment: Some(5),
                    ..Default::default()
                },
            ),
        ),
        ("serial table dropped", serial(), Schema::builder()),
        (
            "sequence released by its column and dropped",
            serial(),
            Schema::builder().add_table(orders(None)),
        ),
        (
            "standalone sequence dropped, with a grant on it",
            Schema::builder()
                .add_sequence(SequenceDef::new("app.ticket_no").comment("tickets"))
                .add_role(Role::new("schemata_seq_reader"))
                .grant(
                    &[Privilege::Usage, Privilege::Select],
                    GrantObject::sequence("app.ticket_no"),
                    &["schemata_seq_reader"],
                ),
            Schema::builder().add_namespace("app"),
        ),
        (
            "grant on a sequence added",
            Schema::builder()
                .add_sequence(SequenceDef::new("ticket_no"))
                .add_role(Role::new("schemata_seq_reader")),
            Schema::builder()
                .add_sequence(SequenceDef::new("ticket_no"))
                .add_role(Role::new("schemata_seq_reader"))
                .grant(
                    &[Privilege::Usage],
                    GrantObject::sequence("ticket_no"),
                    &["schemata_seq_reader"],
                ),
        ),
    ];
    list.into_iter()
        .map(|(name, old, new)| (name, build(name, "old", old), build(name, "new", new)))
        .collect()
}

fn read_back(client: &mut Client) -> Schema {
    let options = IntrospectOptions {
        schemas: Vec::new(),
        exclude_supabase: true,
    };
    comparable(&introspect(client, &options).expect("introspection"))
}

fn apply(db: &mut TestDb, schema: &Schema) {
    db.execute_script(&to_sql(schema, &RenderOptions::default()));
}

fn run(client: &mut Client, plan: &Plan) -> Result<(), String> {
    for step in &plan.steps {
        if let Err(error) = client.batch_execute(&step.sql) {
            return Err(format!(
                "step `{}` fails: {}\n\nplan:\n{}",
                step.description,
                describe_script_error(&step.sql, &error),
                plan.to_sql()
            ));
        }
    }
    Ok(())
}

#[test]
fn sequence_pairs_converge() {
    let options = PlanOptions::default();
    let mut failures = Vec::new();
    for (name, old, new) in pairs() {
        let mut reference = TestDb::fresh();
        apply(&mut reference, &new);
        let expected = read_back(&mut reference.client);
        assert_eq!(
            expected.sequences.len(),
            new.sequences.len(),
            "pair `{name}`: the sequences read back are not the ones declared"
        );

        let mut migrated = TestDb::fresh();
        apply(&mut migrated, &old);
        let rows_before = insert_orders(&mut migrated.client, &old);
        let plan = diff(&old, &new, &options).expect("plan");
        if let Err(e) = run(&mut migrated.client, &plan) {
            failures.push(format!("pair `{name}`: {e}"));
            continue;
        }
        let read = read_back(&mut migrated.client);
        if read != expected {
            let changes: Vec<String> = schemata::diff::diff(&read, &expected)
                .iter()
                .map(|c| format!("  - {c}"))
                .collect();
            failures.push(format!(
                "pair `{name}`: the migrated database differs:\n{}",
                changes.join("\n")
            ));
            continue;
        }
        let again = diff(&read, &new, &options).expect("second plan");
        if !again.steps.is_empty() {
            failures.push(format!(
                "pair `{name}`: a second plan is not empty:\n{}",
                again.to_sql()
            ));
        }
        // Judged without our model too: pg_dump sees every option the catalog holds.
        let dumped = schema_dump(&migrated.url, &[]).expect("pg_dump of the migrated database");
        let wanted = schema_dump(&reference.url, &[]).expect("pg_dump of the reference");
        if dumped != wanted {
            failures.push(format!(
                "pair `{name}`: pg_dump differs (- migrated, + expected):\n{}",
                dump_difference(&dumped, &wanted)
            ));
        }
        if new.table(&QualifiedName::parse("orders")).is_some() {
            let count: i64 = migrated
                .client
                .query_one("SELECT count(*) FROM orders", &[])
                .unwrap()
                .get(0);
            assert_eq!(count, rows_before, "pair `{name}`: rows were lost");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Inserts two rows into `orders` when the schema has it, with explicit ids.
fn insert_orders(client: &mut Client, schema: &Schema) -> i64 {
    if schema.table(&QualifiedName::parse("orders")).is_none() {
        return 0;
    }
    client
        .batch_execute("INSERT INTO orders (id, note) VALUES (1, 'a'), (2, 'b')")
        .unwrap();
    2
}

#[test]
fn a_serial_column_reads_back_as_its_sequence() {
    let mut db = TestDb::fresh();
    db.execute_script(
        "CREATE TABLE things (id serial PRIMARY KEY, name text);
         CREATE SEQUENCE counter AS smallint INCREMENT BY -1 CYCLE;",
    );
    let read = read_back(&mut db.client);
    let names: Vec<String> = read.sequences.iter().map(|s| s.name.to_string()).collect();
    assert_eq!(names, ["public.counter", "public.things_id_seq"]);
    let owned = &read.sequences[1];
    assert_eq!(
        owned.owned_by.as_ref().map(|o| o.column.as_str()),
        Some("id")
    );
    // `serial` is an integer sequence with every other option at its default.
    assert_eq!(
        owned.options,
        schemata::SequenceOptions {
            data_type: Some(SqlType::Integer),
            ..Default::default()
        }
    );
    let counter = &read.sequences[0];
    assert_eq!(counter.options.increment, Some(-1));
    assert!(counter.options.cycle);
    // The model renders back to a database that reads the same.
    let mut copy = TestDb::fresh();
    apply(&mut copy, &read);
    assert_eq!(read_back(&mut copy.client), read);
}

/// `#[column(identity(always, start = 1000, increment = 10))]` renders the options, and the
/// table reads back with them: the next id is 1000, then 1010.
#[test]
fn identity_options_from_the_derive_round_trip() {
    use schemata::Table;

    #[derive(Table)]
    #[table(name = "tickets")]
    #[allow(dead_code)]
    struct Ticket {
        #[column(primary_key, identity(always, start = 1000, increment = 10))]
        id: i64,
        title: String,
    }

    let schema = Schema::builder().table::<Ticket>().build().unwrap();
    let sql = to_sql(&schema, &RenderOptions::default());
    assert!(
        sql.contains("GENERATED ALWAYS AS IDENTITY (INCREMENT BY 10 START WITH 1000)"),
        "{sql}"
    );
    let mut db = TestDb::fresh();
    apply(&mut db, &schema);
    let ids: Vec<i64> = db
        .client
        .query(
            "INSERT INTO tickets (title) VALUES ('a'), ('b') RETURNING id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(ids, [1000, 1010]);
    let read = read_back(&mut db.client);
    assert_eq!(read, comparable(&schema));
    assert!(diff(&read, &schema, &PlanOptions::default())
        .unwrap()
        .is_empty());
}
