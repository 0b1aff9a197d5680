//! Prints the DDL of the demo app (a coaching platform on Supabase).
//!
//! ```text
//! cargo run --example emit-sql                 # the app's DDL
//! cargo run --example emit-sql -- --stand-ins  # plus stand-ins for auth.users, auth.uid(), ...
//! cargo run --example emit-sql -- --snapshot   # the schema as snapshot JSON
//! ```

use schemata_example_apps::demo;

use schemata::postgres::{to_sql, RenderOptions};
use std::process::ExitCode;

const USAGE: &str = "usage: emit-sql [--stand-ins] [--snapshot]
  --stand-ins  also create minimal stand-ins for the external objects the app uses
               (auth.users, auth.uid(), auth.jwt(), the authenticated role), so the DDL
               applies to a plain PostgreSQL; never use it against Supabase
  --snapshot   print the schema as snapshot JSON instead of DDL";

fn main() -> ExitCode {
    let mut options = RenderOptions::default();
    let mut snapshot = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stand-ins" => options.stand_ins = true,
            "--snapshot" => snapshot = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("emit-sql: unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let schema = demo::schema();
    if snapshot {
        print!("{}", schemata::snapshot::to_json(&schema));
    } else {
        print!("{}", to_sql(&schema, &options));
    }
    ExitCode::SUCCESS
}
