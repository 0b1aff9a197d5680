//! Prints the DDL of the multi-tenant variant of the demo, for a Citus cluster: tenant
//! tables distributed by `org_id` and colocated, lookups as reference tables.
//!
//! ```text
//! cargo run --example multi-tenant                 # the app's DDL, with the Citus calls
//! cargo run --example multi-tenant -- --stand-ins  # the same (it uses no external objects)
//! cargo run --example multi-tenant -- --snapshot   # the schema as snapshot JSON
//! ```

mod cli;
use schemata_example_apps::multi_tenant;

fn main() -> std::process::ExitCode {
    cli::run("multi-tenant", multi_tenant::schema)
}
