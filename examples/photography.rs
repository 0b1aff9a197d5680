//! Prints the DDL of the photography CRM (`shared/seeds/004_5e31cd616175e99f.txt`).
//!
//! ```text
//! cargo run --example photography                 # the app's DDL
//! cargo run --example photography -- --stand-ins  # plus stand-ins for auth.users, auth.jwt()
//! cargo run --example photography -- --snapshot   # the schema as snapshot JSON
//! ```

mod cli;
use schemata_example_apps::photography;

fn main() -> std::process::ExitCode {
    cli::run("photography", photography::schema)
}
