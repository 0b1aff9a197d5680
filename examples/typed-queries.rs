//! Typed queries on the demo app (a coaching platform on Supabase), against a real
//! database: creates the schema, inserts, selects with filters, joins along foreign keys,
//! updates and deletes, printing each statement.
//!
//! ```text
//! DATABASE_URL=postgres://user:password@host/empty_db cargo run --example typed-queries
//! cargo run --example typed-queries -- --keep   # commit instead of rolling back
//! ```
//!
//! The database must not hold the demo's tables yet (an empty database will do; without
//! `DATABASE_URL`, the local server's `postgres` database). Everything runs in one
//! transaction, rolled back at the end unless `--keep` is given, so the database is left
//! as it was. Connect as the tables' owner or a superuser: the tables have row-level
//! security, and `user_mfa` forces it even on its owner.

use schemata_example_apps::demo;

use postgres::{Client, NoTls};
use schemata::postgres::{to_sql, RenderOptions};
use std::error::Error;
use std::process::ExitCode;

const DEFAULT_DATABASE_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

const USAGE: &str = "usage: typed-queries [--keep]
  --keep  commit the schema and rows instead of rolling them back

DATABASE_URL names the database (default: the local server's `postgres` database); it
must not hold the demo's tables yet";

fn main() -> ExitCode {
    let mut keep = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--keep" => keep = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("typed-queries: unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match run(keep) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("typed-queries: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(keep: bool) -> Result<(), Box<dyn Error>> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
    let mut client = Client::connect(&url, NoTls).map_err(|error| {
        // The error's own text is only "db error" or "error connecting"; the cause says why.
        let cause = Error::source(&error)
            .map(|cause| format!(": {cause}"))
            .unwrap_or_default();
        format!("cannot connect to DATABASE_URL ({error}{cause}); set it to an empty database on a running server")
    })?;

    let schema = demo::schema();
    let taken: Vec<String> = client
        .query(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables
             WHERE table_schema = 'public' AND table_name = ANY($1)",
            &[&schema
                .tables
                .iter()
                .map(|t| t.name.name.clone())
                .collect::<Vec<_>>()],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if !taken.is_empty() {
        return Err(format!(
            "the database already has {}; point DATABASE_URL at an empty database",
            taken.join(", ")
        )
        .into());
    }

    let mut transaction = client.transaction()?;
    println!("== create the demo schema, with stand-ins for Supabase's objects");
    transaction.batch_execute(&to_sql(&schema, &RenderOptions { stand_ins: true }))?;
    println!(
        "   {} tables, {} enum types",
        schema.tables.len(),
        schema.enums.len()
    );

    demo::queries::run(&mut transaction, &mut std::io::stdout())?;

    if keep {
        transaction.commit()?;
        println!("\n== committed (--keep)");
    } else {
        transaction.rollback()?;
        println!("\n== rolled back: the database is as it was (--keep commits instead)");
    }
    Ok(())
}
