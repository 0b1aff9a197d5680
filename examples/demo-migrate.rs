//! The demo app's own command line: what an app gets from one line of `main`.
//!
//! ```text
//! cargo run --example demo-migrate -- migrate new init --dir /tmp/demo-migrations
//! cargo run --example demo-migrate -- check --dir /tmp/demo-migrations
//! cargo run --example demo-migrate -- diff --db postgres://...
//! ```

use schemata_example_apps::demo;

fn main() -> std::process::ExitCode {
    schemata::cli::run(demo::schema())
}
