//! The command line the app examples share with `emit-sql`: print an app's DDL, with
//! stand-ins for the external objects, or its snapshot JSON.

use schemata::postgres::{to_sql, RenderOptions};
use schemata::Schema;
use std::process::ExitCode;

/// Parses the arguments and prints `schema()` as asked.
pub fn run(example: &str, schema: impl FnOnce() -> Schema) -> ExitCode {
    let usage = format!(
        "usage: {example} [--stand-ins] [--snapshot]
  --stand-ins  also create minimal stand-ins for the external objects the app uses
               (auth.users, auth.uid(), auth.jwt(), Supabase's roles), so the DDL
               applies to a plain PostgreSQL; never use it against Supabase
  --snapshot   print the schema as snapshot JSON instead of DDL"
    );
    let mut options = RenderOptions::default();
    let mut snapshot = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stand-ins" => options.stand_ins = true,
            "--snapshot" => snapshot = true,
            "-h" | "--help" => {
                println!("{usage}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("{example}: unknown argument `{other}`\n{usage}");
                return ExitCode::from(2);
            }
        }
    }
    let schema = schema();
    if snapshot {
        print!("{}", schemata::snapshot::to_json(&schema));
    } else {
        print!("{}", to_sql(&schema, &options));
    }
    ExitCode::SUCCESS
}
