//! Prints the DDL of the therapy platform (`shared/seeds/003_bd691f988f5f477f.txt`).
//!
//! ```text
//! cargo run --example therapy                 # the app's DDL
//! cargo run --example therapy -- --stand-ins  # plus stand-ins for auth.users, auth.uid()
//! cargo run --example therapy -- --snapshot   # the schema as snapshot JSON
//! ```

mod cli;
use schemata_example_apps::therapy;

fn main() -> std::process::ExitCode {
    cli::run("therapy", therapy::schema)
}
