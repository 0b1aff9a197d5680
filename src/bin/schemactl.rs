//! `schemactl`: see `schemata::postgres::cli`.

fn main() -> std::process::ExitCode {
    schemata::postgres::cli::main()
}
