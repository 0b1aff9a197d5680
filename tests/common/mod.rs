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
        if let Err(error) = self.admin.batch_execute(&drop) {
            // Panicking here would hide the test's own failure; a leftover database is
            // only clutter, and its name says where it came from.
            eprintln!("could not drop test database `{}`: {error}", self.name);
        }
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
            "DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT nspname FROM pg_namespace
        WHERE nspname NOT IN ('pg_catalog', 'information_schema')
          AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
    LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', s);
    END LOOP;
    -- What belongs to the database rather than a schema, and survives the schemas.
    FOR s IN SELECT evtname FROM pg_event_trigger LOOP
        EXECUTE format('DROP EVENT TRIGGER %I', s);
    END LOOP;
    FOR s IN SELECT pubname FROM pg_publication LOOP
        EXECUTE format('DROP PUBLICATION %I', s);
    END LOOP;
    FOR s IN SELECT amname FROM pg_am WHERE oid >= 16384 LOOP
        EXECUTE format('DROP ACCESS METHOD %I CASCADE', s);
    END LOOP;
    FOR s IN SELECT fdwname FROM pg_foreign_data_wrapper LOOP
        EXECUTE format('DROP FOREIGN DATA WRAPPER %I CASCADE', s);
    END LOOP;
    FOR s IN SELECT format('(%s AS %s)', castsource::regtype, casttarget::regtype)
             FROM pg_cast WHERE oid >= 16384 LOOP
        EXECUTE 'DROP CAST ' || s;
    END LOOP;
END $$;
CREATE SCHEMA public;
RESET lock_timeout;",
        )
        .map_err(|e| format!("cannot reset the database: {e}"))
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
