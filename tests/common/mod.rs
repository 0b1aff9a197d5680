//! What the integration tests that need a real Postgres share: a fresh, uniquely named
//! database per test, dropped when the test ends, and script errors that point at the line.
//!
//! The server comes from `DATABASE_URL` (default [`DEFAULT_DATABASE_URL`]). A server that
//! cannot be reached fails the test: these tests never pass by skipping.

// Every test file includes this module and uses a different part of it.
#![allow(dead_code)]

pub mod codegen;

use postgres::error::ErrorPosition;
use postgres::{Client, Config, NoTls};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The server `.ci/run` starts, as its superuser.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

/// `DATABASE_URL`, or the default when it is unset or empty.
pub fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string())
}

/// A database of its own for one test, dropped (connections and all) when it goes out of
/// scope, even when the test panics.
pub struct TestDb {
    /// The database's name, `schemata_test_<pid>_<counter>_<nanos>`.
    pub name: String,
    /// A connection URL for the database, for code under test that connects by itself.
    pub url: String,
    /// A connection to the database.
    pub client: Client,
    /// A connection to the server's own database, to drop ours at the end.
    admin: Client,
    /// On a Citus cluster, connections to each worker's own database, to drop ours there.
    workers: Vec<Client>,
}

/// The coordinator of the Citus cluster `.ci/run` starts (`../shared/citus/cluster.sh`):
/// `CITUS_URL`, or the default when it is unset or empty.
pub fn citus_url() -> String {
    std::env::var("CITUS_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5440/postgres".to_string())
}

impl TestDb {
    /// Creates a new empty database on the `DATABASE_URL` server and connects to it.
    /// Panics with one line naming the server when it cannot be reached.
    pub fn fresh() -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "schemata_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );

        let server_url = database_url();
        let mut admin = connect(&server_url, None);
        let create = format!("CREATE DATABASE {}", schemata::quote_ident(&name));
        if let Err(error) = admin.batch_execute(&create) {
            panic!(
                "cannot create test database `{name}` on {}: {error}",
                redact(&server_url)
            );
        }
        let client = connect(&server_url, Some(&name));
        TestDb {
            url: url_for_database(&server_url, &name),
            name,
            client,
            admin,
            workers: Vec::new(),
        }
    }

    /// A new database on the Citus cluster at `CITUS_URL`: created on the coordinator and
    /// on every worker it knows, with the `citus` extension in each, and the workers added
    /// to it (Citus keeps its nodes per database). Panics naming the server when the
    /// cluster cannot be reached: run `.ci/run`, which builds and starts it.
    pub fn fresh_citus() -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "schemata_citus_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let coordinator_url = citus_url();
        let mut admin = connect(&coordinator_url, None);
        let nodes: Vec<(String, i32)> = admin
            .query(
                "SELECT nodename::text, nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 ORDER BY nodeport",
                &[],
            )
            .unwrap_or_else(|e| panic!("cannot list the Citus workers at {}: {e}", redact(&coordinator_url)))
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        assert!(
            !nodes.is_empty(),
            "the Citus coordinator at {} has no workers; run `bash ../shared/citus/cluster.sh up`",
            redact(&coordinator_url)
        );
        let mut workers = Vec::new();
        for (host, port) in &nodes {
            // The coordinator's credentials, at the worker's address.
            let coordinator: Config = coordinator_url.parse().expect("CITUS_URL parses");
            let mut config = Config::new();
            config.host(host).port(*port as u16).dbname("postgres");
            if let Some(user) = coordinator.get_user() {
                config.user(user);
            }
            if let Some(password) = coordinator.get_password() {
                config.password(password);
            }
            let mut worker = config
                .connect(NoTls)
                .unwrap_or_else(|e| panic!("cannot connect to Citus worker {host}:{port}: {e}"));
            create_once(&mut worker, &name, &format!("Citus worker {host}:{port}"));
            config.dbname(&name);
            let mut inside = config.connect(NoTls).expect("the worker's new database");
            inside
                .batch_execute("CREATE EXTENSION IF NOT EXISTS citus")
                .unwrap_or_else(|e| panic!("cannot create extension citus on {host}:{port}: {e}"));
            workers.push(worker);
        }
        create_once(&mut admin, &name, "the Citus coordinator");
        let mut client = connect(&coordinator_url, Some(&name));
        client
            .batch_execute("CREATE EXTENSION IF NOT EXISTS citus")
            .expect("citus on the coordinator's new database");
        let coordinator: Config = coordinator_url.parse().expect("CITUS_URL parses");
        let port = coordinator.get_ports().first().copied().unwrap_or(5432);
        client
            .execute(
                "SELECT citus_set_coordinator_host('localhost', $1)",
                &[&(port as i32)],
            )
            .expect("setting the coordinator host");
        for (host, port) in &nodes {
            client
                .execute(
                    "SELECT citus_add_node($1, $2)
                     WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE nodeport = $2)",
                    &[host, port],
                )
                .unwrap_or_else(|e| {
                    let reason = e
                        .as_db_error()
                        .map_or(e.to_string(), |d| d.message().to_string());
                    panic!("cannot add Citus worker {host}:{port}: {reason}")
                });
        }
        TestDb {
            url: url_for_database(&coordinator_url, &name),
            name,
            client,
            admin,
            workers,
        }
    }

    /// Another connection to the database at `url` (such as a [`TestDb::url`]).
    pub fn connect_to(url: &str) -> Client {
        connect(url, None)
    }

    /// Runs a script of several statements in one go. On failure, panics with Postgres's
    /// message and the line of the script it points at.
    pub fn execute_script(&mut self, sql: &str) {
        if let Err(error) = self.client.batch_execute(sql) {
            panic!("{}", describe_script_error(sql, &error));
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // FORCE ends the test's own connections too, so nothing has to be closed first.
        let drop = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            schemata::quote_ident(&self.name)
        );
        for server in std::iter::once(&mut self.admin).chain(&mut self.workers) {
            if let Err(error) = server.batch_execute(&drop) {
                // Panicking here would hide the test's own failure; a leftover database
                // is only clutter, and its name says where it came from.
                eprintln!("could not drop test database `{}`: {error}", self.name);
            }
        }
    }
}

/// Creates database `name` on a Citus node unless it is there: a node with Citus's
/// metadata may pass a `CREATE DATABASE` on to the others.
fn create_once(server: &mut Client, name: &str, node: &str) {
    let exists = server
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .unwrap_or_else(|e| panic!("cannot list the databases of {node}: {e}"))
        .is_some();
    if !exists {
        let create = format!("CREATE DATABASE {}", schemata::quote_ident(name));
        server.batch_execute(&create).unwrap_or_else(|e| {
            let reason = e
                .as_db_error()
                .map_or(e.to_string(), |d| d.message().to_string());
            panic!("cannot create `{name}` on {node}: {reason}")
        });
    }
}

/// Connects to the server at `url`, or to `database` on it.
fn connect(url: &str, database: Option<&str>) -> Client {
    let mut config: Config = url.parse().unwrap_or_else(|error| {
        panic!(
            "DATABASE_URL `{}` is not a valid connection string: {error}",
            redact(url)
        )
    });
    if let Some(database) = database {
        config.dbname(database);
    }
    // A server behind a dropped packet would otherwise hang the test run.
    config.connect_timeout(Duration::from_secs(10));
    config.connect(NoTls).unwrap_or_else(|error| {
        // The error's own text is only "error connecting to server"; the cause says why.
        let cause = std::error::Error::source(&error)
            .map(|cause| format!(": {cause}"))
            .unwrap_or_default();
        panic!(
            "cannot connect to Postgres at {} ({error}{cause}); set DATABASE_URL to a running server or run `.ci/run`, which starts one",
            redact(url)
        )
    })
}

/// The same server URL with another database: `postgres://u:p@h:5432/other?x=y`, or a
/// `dbname=` appended to a `key=value` connection string.
pub fn url_for_database(url: &str, database: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|at| at + 3) else {
        return format!("{url} dbname={database}");
    };
    let query = url.find('?').unwrap_or(url.len());
    let path = url[scheme_end..query]
        .find('/')
        .map_or(query, |at| scheme_end + at);
    format!("{}/{database}{}", &url[..path], &url[query..])
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|at| at + 3) else {
        return url.to_string();
    };
    let Some(at) = url[scheme_end..].find('@').map(|at| scheme_end + at) else {
        return url.to_string();
    };
    match url[scheme_end..at].find(':') {
        Some(colon) => format!("{}:***{}", &url[..scheme_end + colon], &url[at..]),
        None => url.to_string(),
    }
}

/// Postgres's message, detail, hint and context, then the script line its position points
/// at with a caret under the column (or the whole numbered script when it gives none).
pub fn describe_script_error(sql: &str, error: &postgres::Error) -> String {
    let Some(db) = error.as_db_error() else {
        return format!("the script failed: {error}");
    };
    let mut text = format!(
        "the script failed: {} {}: {}",
        db.severity(),
        db.code().code(),
        db.message()
    );
    for (label, value) in [
        ("detail", db.detail()),
        ("hint", db.hint()),
        ("context", db.where_()),
    ] {
        if let Some(value) = value {
            text.push_str(&format!("\n{label}: {value}"));
        }
    }
    match db.position() {
        Some(ErrorPosition::Original(position)) => {
            let (line_number, column, line) = locate(sql, *position as usize);
            text.push_str(&format!(
                "\nat line {line_number}, column {column}:\n{line}\n{}^",
                " ".repeat(column.saturating_sub(1))
            ));
        }
        Some(ErrorPosition::Internal { position, query }) => {
            text.push_str(&format!(
                "\nat position {position} of an internal query: {query}"
            ));
        }
        None => {
            text.push_str("\nPostgres gave no position; the script was:");
            for (number, line) in sql.lines().enumerate() {
                text.push_str(&format!("\n{:>5} | {line}", number + 1));
            }
        }
    }
    text
}

/// The 1-based line number, column and text of the line holding the 1-based character
/// `position` (Postgres counts characters, not bytes).
pub fn locate(sql: &str, position: usize) -> (usize, usize, &str) {
    let mut line_start = 0;
    let mut line_number = 1;
    let mut column = 1;
    for (index, (offset, c)) in sql.char_indices().enumerate() {
        if index + 1 == position {
            break;
        }
        if c == '\n' {
            line_start = offset + 1;
            line_number += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    let line = sql[line_start..].lines().next().unwrap_or("");
    (line_number, column, line)
}

/// Drops every schema but the system ones and what belongs to the whole database (event
/// triggers, publications, access methods, foreign-data wrappers, casts), and recreates an
/// empty `public`.
pub fn reset(client: &mut Client) -> Result<(), String> {
    client
        .batch_execute(
            "CREATE OR REPLACE FUNCTION pg_temp.reset_objects_of(s text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE o text;
BEGIN
    FOR o IN SELECT format('DROP %s IF EXISTS %s CASCADE',
                           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                          WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                                          ELSE 'TABLE' END,
                           c.oid::regclass)
             FROM pg_class c
             WHERE c.relnamespace = s::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                 AND d.objid = c.oid AND d.deptype = 'e')
             -- Sequences last: a table drops the ones its columns own.
             ORDER BY c.relkind = 'S'
    LOOP
        EXECUTE o;
    END LOOP;
    FOR o IN SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure)
             FROM pg_proc p
             WHERE p.pronamespace = s::regnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                 AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE o;
    END LOOP;
    FOR o IN SELECT format('DROP TYPE IF EXISTS %s CASCADE', t.oid::regtype)
             FROM pg_type t
             WHERE t.typnamespace = s::regnamespace AND t.typtype IN ('e', 'd', 'c', 'r')
               AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c
                                                WHERE c.oid = t.typrelid AND c.relkind = 'c'))
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                                 AND d.objid = t.oid AND d.deptype = 'e')
    LOOP
        EXECUTE o;
    END LOOP;
END $$;
DO $$
DECLARE s text; k text; g text;
BEGIN
    -- Schemas an extension created (Citus's `citus`, `columnar`) go with the extension.
    FOR s IN SELECT nspname FROM pg_namespace n
        WHERE nspname NOT IN ('pg_catalog', 'information_schema')
          AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
                            AND d.deptype = 'e')
    LOOP
        IF EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
                   WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'
                     AND c.relnamespace = s::regnamespace) THEN
            -- An extension keeps objects here (Citus its `citus_tables` view in
            -- `public`): the schema stays, and everything else in it goes.
            PERFORM pg_temp.reset_objects_of(s);
        ELSE
            EXECUTE format('DROP SCHEMA %I CASCADE', s);
        END IF;
    END LOOP;
    -- What belongs to the database rather than a schema, and survives the schemas
    -- (but not what an extension brought).
    FOR s IN SELECT evtname FROM pg_event_trigger e WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = e.oid AND d.deptype = 'e') LOOP
        EXECUTE format('DROP EVENT TRIGGER %I', s);
    END LOOP;
    FOR s IN SELECT pubname FROM pg_publication p WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
        EXECUTE format('DROP PUBLICATION %I', s);
    END LOOP;
    FOR s IN SELECT amname FROM pg_am a WHERE oid >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = a.oid AND d.deptype = 'e') LOOP
        EXECUTE format('DROP ACCESS METHOD %I CASCADE', s);
    END LOOP;
    FOR s IN SELECT fdwname FROM pg_foreign_data_wrapper w WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = w.oid AND d.deptype = 'e') LOOP
        EXECUTE format('DROP FOREIGN DATA WRAPPER %I CASCADE', s);
    END LOOP;
    -- Default privileges of a whole database (those of a schema went with it): each
    -- brought back to Postgres's built-in defaults, which removes the entry.
    FOR s, k IN SELECT quote_ident(r.rolname),
                       CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES'
                           WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END
                FROM pg_default_acl d JOIN pg_roles r ON r.oid = d.defaclrole
                WHERE d.defaclnamespace = 0 LOOP
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s REVOKE ALL ON %s FROM PUBLIC', s, k);
        FOR g IN SELECT DISTINCT quote_ident(a.rolname)
                 FROM pg_default_acl e, aclexplode(e.defaclacl) x
                 JOIN pg_roles a ON a.oid = x.grantee
                 WHERE e.defaclnamespace = 0 LOOP
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s REVOKE ALL ON %s FROM %s', s, k, g);
        END LOOP;
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT ALL ON %s TO %s', s, k, s);
        IF k IN ('FUNCTIONS', 'TYPES') THEN
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT ALL ON %s TO PUBLIC', s, k);
        END IF;
    END LOOP;
    FOR s IN SELECT format('(%s AS %s)', castsource::regtype, casttarget::regtype)
             FROM pg_cast c WHERE oid >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
        EXECUTE 'DROP CAST ' || s;
    END LOOP;
END $$;
CREATE SCHEMA IF NOT EXISTS public;
RESET lock_timeout;",
        )
        .map_err(|e| {
            let reason = e.as_db_error().map_or(e.to_string(), |d| d.message().to_string());
            format!("cannot reset the database: {reason}")
        })
}

/// The outside judge of convergence: `pg_dump --schema-only` of the database at `url`,
/// without the schemas in `exclude`, as a sorted list of dump entries (one per object pg_dump
/// lists), with the comments, `SET` lines and psql meta-commands taken out and the columns
/// of a `CREATE TABLE` sorted, since a migrated table may have its columns in another order
/// than one created directly. Two databases holding the same schema give the same list, and
/// the list sees everything the catalog holds, including what our model does not.
pub fn schema_dump(url: &str, exclude: &[String]) -> Result<Vec<String>, String> {
    let mut command = std::process::Command::new("pg_dump");
    command.arg("--schema-only").arg(format!("--dbname={url}"));
    for schema in exclude {
        command.arg(format!("--exclude-schema={schema}"));
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run pg_dump (is the PostgreSQL client installed?): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "pg_dump failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|e| e.to_string())?;
    let mut entries = Vec::new();
    let mut entry: Vec<&str> = Vec::new();
    let mut finish = |entry: &mut Vec<&str>| {
        if !entry.is_empty() {
            entries.push(sort_table_columns(&entry.join("\n")));
            entry.clear();
        }
    };
    for line in text.lines() {
        // Every object's entry starts with a `-- Name: ...; Type: ...` header.
        if line.starts_with("-- Name: ") || line.starts_with("-- Data for Name: ") {
            finish(&mut entry);
            continue;
        }
        let noise = line.starts_with("--")
            || line.trim().is_empty()
            || line.starts_with("SET ")
            || line.starts_with("SELECT pg_catalog.set_config(")
            || line.starts_with('\\');
        if !noise {
            entry.push(line);
        }
    }
    finish(&mut entry);
    entries.sort();
    Ok(entries)
}

/// `CREATE TABLE t (\n    b int,\n    a int\n);` with its column and constraint lines
/// sorted (without their trailing commas).
fn sort_table_columns(entry: &str) -> String {
    let lines: Vec<&str> = entry.lines().collect();
    let Some(open) = lines
        .iter()
        .position(|l| l.starts_with("CREATE ") && l.contains(" TABLE ") && l.ends_with('('))
    else {
        return entry.to_string();
    };
    let Some(close) = (open + 1..lines.len()).find(|&i| lines[i].starts_with(')')) else {
        return entry.to_string();
    };
    let mut inner: Vec<&str> = lines[open + 1..close]
        .iter()
        .map(|l| l.trim_end_matches(','))
        .collect();
    inner.sort();
    let mut out: Vec<&str> = lines[..=open].to_vec();
    out.extend(inner);
    out.extend(&lines[close..]);
    out.join("\n")
}

/// What two [`schema_dump`]s disagree on, as `-` (only in `actual`) and `+` (only in
/// `expected`) entries; empty when they agree.
pub fn dump_difference(actual: &[String], expected: &[String]) -> String {
    let mut text = String::new();
    for entry in actual.iter().filter(|e| !expected.contains(e)) {
        text.push_str(&format!("- {}\n", entry.replace('\n', "\n  ")));
    }
    for entry in expected.iter().filter(|e| !actual.contains(e)) {
        text.push_str(&format!("+ {}\n", entry.replace('\n', "\n  ")));
    }
    text
}
