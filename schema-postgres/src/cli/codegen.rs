//! `codegen`: Rust source for a live database's schema or a snapshot's, written to a
//! directory ([`crate::codegen`]).

use super::{connect, one_line};
use crate::codegen::{generate, HEADER};
use crate::introspect::{self, IntrospectOptions};
use clap::Args;
use schema_core::Schema;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `schemactl codegen`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["url", "snapshot"])))]
pub struct CodegenArgs {
    /// A live database, such as postgres://user:password@localhost:5432/app
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// A snapshot JSON file
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// The directory to write `mod.rs` and the modules into (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Read only this schema of the database; repeat for several [default: every schema
    /// except the system ones]
    #[arg(long = "schema", value_name = "NAME", requires = "url")]
    pub schemas: Vec<String>,
    /// Leave out the schemas Supabase manages (auth, storage, realtime, ...)
    #[arg(long, requires = "url")]
    pub exclude_supabase: bool,
    /// Overwrite files in DIR that codegen did not write (edited by hand)
    #[arg(long)]
    pub force: bool,
}

/// Reads the schema, generates the source and writes it.
pub fn codegen(args: &CodegenArgs) -> Result<(), String> {
    let (schema, source) = load(args)?;
    let files = generate(&schema, &source);
    // Check every file before writing any, so a refusal leaves the directory as it was.
    if !args.force {
        for path in files.keys() {
            let path = args.out.join(path);
            if let Ok(text) = std::fs::read_to_string(&path) {
                if !is_generated(&args.out, &path, &text) {
                    return Err(format!(
                        "`{}` exists and was not written by codegen (or its header was removed); move it away, or pass --force to overwrite it",
                        path.display()
                    ));
                }
            } else if path.exists() {
                return Err(format!(
                    "`{}` exists and is not a text file codegen wrote; move it away, or pass --force to overwrite it",
                    path.display()
                ));
            }
        }
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create `{}`: {e}", args.out.display()))?;
    for (path, text) in &files {
        let path = args.out.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    let rust: Vec<PathBuf> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| args.out.join(p))
        .collect();
    let formatted = rustfmt(&rust);
    let _ = writeln!(
        std::io::stderr(),
        "wrote {} files to {}{}",
        files.len(),
        args.out.display(),
        if formatted {
            ""
        } else {
            " (rustfmt not found: not formatted)"
        }
    );
    Ok(())
}

/// Whether a file is one codegen wrote: a Rust file starting with the header, or a file
/// `mod.rs` includes (function bodies, `remaining.json`), which cannot carry a header
/// without changing what it holds, beside a generated `mod.rs`.
fn is_generated(out: &Path, path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("rs") => text.starts_with(HEADER),
        Some("json" | "sql") => {
            std::fs::read_to_string(out.join("mod.rs")).is_ok_and(|m| m.starts_with(HEADER))
        }
        _ => false,
    }
}

/// Formats the files with `rustfmt` when it is installed: the output is valid Rust
/// without it, just not laid out as rustfmt would.
fn rustfmt(files: &[PathBuf]) -> bool {
    if files.is_empty() {
        return true;
    }
    Command::new("rustfmt")
        .arg("--edition")
        .arg("2021")
        .args(files)
        .status()
        .is_ok_and(|status| status.success())
}

fn load(args: &CodegenArgs) -> Result<(Schema, String), String> {
    if let Some(url) = &args.url {
        let (mut client, target) = connect(url)?;
        let options = IntrospectOptions {
            schemas: args.schemas.clone(),
            exclude_supabase: args.exclude_supabase,
        };
        let schema = introspect::introspect(&mut client, &options).map_err(|e| {
            format!(
                "cannot read the schema of {target}: {}",
                one_line(&e.to_string())
            )
        })?;
        return Ok((schema, format!("the database {target}")));
    }
    let path = args
        .snapshot
        .as_ref()
        .expect("clap requires --url or --snapshot");
    let schema = super::read_snapshot(path)?;
    let name = path.file_name().unwrap_or(path.as_os_str());
    Ok((schema, format!("the snapshot {}", name.to_string_lossy())))
}
