//! Prints the DDL of the whole coaching platform (`shared/seeds/000_01f3fc8515863c04.txt`):
//! the demo app and everything else its write-up describes.
//!
//! ```text
//! cargo run --example coaching                 # the app's DDL
//! cargo run --example coaching -- --stand-ins  # plus stand-ins for auth.users, auth.uid(), ...
//! cargo run --example coaching -- --snapshot   # the schema as snapshot JSON
//! ```

mod cli;
use schemata_example_apps::coaching;

fn main() -> std::process::ExitCode {
    cli::run("coaching", coaching::schema)
}
