//! How long introspection takes for 100, 1,000 and 5,000 tables.
//!
//! Each size gets a scratch database (on the `DATABASE_URL` server) filled once with that
//! many tables, each with an identity primary key, a default, a check, a foreign key to
//! the previous table, an index, row-level security and a policy; then `introspect` is
//! timed on it. Introspection runs the same catalog queries (one per kind) whatever the size, so
//! the time grows with the rows the catalog returns, not with round trips: linearly.
//!
//! `cargo bench -p schemata-postgres --features introspect --bench introspect`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use postgres::{Client, Config, NoTls};
use schema_postgres::introspect::{introspect, IntrospectOptions};

const DEFAULT_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

fn server() -> Config {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_string());
    url.parse().expect("DATABASE_URL is a connection string")
}

fn connect(config: &Config) -> Client {
    config.connect(NoTls).unwrap_or_else(|e| {
        panic!("cannot connect to PostgreSQL ({e}); set DATABASE_URL or run `.ci/run`")
    })
}

/// A database holding `tables` tables, dropped with this value.
struct BenchDb {
    name: String,
    client: Client,
}

impl BenchDb {
    fn create(tables: usize) -> BenchDb {
        let name = format!("schemata_bench_{tables}_{}", std::process::id());
        let mut admin = connect(&server());
        // Two statements: a multi-statement string would run as one transaction, which
        // `CREATE DATABASE` refuses.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop a leftover benchmark database");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the benchmark database");
        let mut config = server();
        config.dbname(&name);
        let mut client = connect(&config);
        client
            .batch_execute("CREATE TYPE state AS ENUM ('new', 'used')")
            .expect("create the enum type");
        // In batches of 500 tables, each its own transaction: one transaction creating
        // 5,000 tables runs out of lock slots (`max_locks_per_transaction`).
        for first in (1..=tables).step_by(500) {
            let last = (first + 499).min(tables);
            client
                .batch_execute(&format!(
                    "DO $$
                 BEGIN
                   FOR i IN {first}..{last} LOOP
                     EXECUTE format(
                       'CREATE TABLE t%1$s (
                          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                          name text NOT NULL,
                          state state NOT NULL DEFAULT ''new'',
                          score integer NOT NULL DEFAULT 0 CHECK (score >= 0),
                          created_at timestamptz NOT NULL DEFAULT now(),
                          previous_id bigint %2$s
                        );
                        CREATE INDEX t%1$s_name_idx ON t%1$s (lower(name)) WHERE score > 0;
                        ALTER TABLE t%1$s ENABLE ROW LEVEL SECURITY;
                        CREATE POLICY t%1$s_read ON t%1$s FOR SELECT USING (score > 0);
                        COMMENT ON TABLE t%1$s IS ''table %1$s'';',
                       i,
                       CASE WHEN i > 1 THEN format('REFERENCES t%s', i - 1) ELSE '' END);
                   END LOOP;
                 END $$;"
                ))
                .expect("create the benchmark tables");
        }
        BenchDb { name, client }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        let _ = connect(&server()).batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("introspect");
    group.sample_size(10);
    for tables in [100, 1000, 5000] {
        let mut db = BenchDb::create(tables);
        let options = IntrospectOptions::default();
        let schema = introspect(&mut db.client, &options).expect("introspect");
        assert_eq!(schema.tables.len(), tables);
        group.bench_with_input(BenchmarkId::new("tables", tables), &tables, |b, _| {
            b.iter(|| introspect(&mut db.client, &options).expect("introspect"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
