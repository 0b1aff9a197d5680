//! `schemactl erd` and the app binary's `erd`: the schema as a picture.

use super::{connect, one_line, print};
use crate::erd::{self, Filter};
use crate::introspect::{self, IntrospectOptions};
use clap::{Args, ValueEnum};
use schema_core::{QualifiedName, Schema};
use std::path::PathBuf;

/// The picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Mermaid `erDiagram` text (GitHub renders it in Markdown)
    Mermaid,
    /// Graphviz DOT text
    Dot,
    /// An SVG picture, laid out by Graphviz's `dot` when installed, else by the built-in
    /// layout
    Svg,
    /// One self-contained HTML page: the SVG with search, pan, zoom and each table's
    /// columns, constraints, indexes and policies on a click
    Html,
}

/// Who places the boxes of the SVG and HTML pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Placement {
    /// Graphviz's `dot` when installed, else the built-in layout
    Auto,
    /// Graphviz's `dot`; an error when it is not installed
    Graphviz,
    /// The built-in layered layout
    BuiltIn,
}

/// What to draw and how: shared by `schemactl erd` and the app binary's `erd`.
#[derive(Debug, Args)]
pub struct PictureArgs {
    /// The picture's format
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    pub format: Format,
    /// Who places the boxes (svg and html)
    #[arg(long, value_enum, default_value_t = Placement::Auto)]
    pub layout: Placement,
    /// Draw only this Postgres schema; repeat for several [default: all]
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Draw only the tables and views whose name (`name` or `schema.name`) matches this
    /// glob, such as `coach_*`; repeat for several
    #[arg(long = "table", value_name = "GLOB")]
    pub tables: Vec<String>,
    /// Draw only this table (`name` or `schema.name`) and its neighbours
    #[arg(long, value_name = "TABLE")]
    pub around: Option<String>,
    /// How many foreign keys or view reads away from `--around` to go
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
}

/// `schemactl erd`
#[derive(Debug, Args)]
pub struct ErdArgs {
    /// A database to draw, such as postgres://user:password@localhost:5432/app
    #[arg(
        long,
        value_name = "URL",
        conflicts_with = "snapshot",
        required_unless_present = "snapshot"
    )]
    pub url: Option<String>,
    /// A snapshot JSON file to draw
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// What to draw and how.
    #[command(flatten)]
    pub picture: PictureArgs,
}

/// Prints the picture of the database or snapshot.
pub fn erd(args: &ErdArgs) -> Result<(), String> {
    let schema = match (&args.url, &args.snapshot) {
        (Some(url), _) => {
            let (mut client, target) = connect(url)?;
            let options = IntrospectOptions {
                schemas: args.picture.schemas.clone(),
                exclude_supabase: args.picture.schemas.is_empty(),
            };
            introspect::introspect(&mut client, &options).map_err(|e| {
                format!(
                    "cannot read the schema of {target}: {}",
                    one_line(&e.to_string())
                )
            })?
        }
        (None, Some(path)) => super::read_snapshot(path)?,
        (None, None) => return Err("give --url or --snapshot".to_string()),
    };
    draw(&schema, &args.picture)
}

/// Prints the picture of `schema`.
pub fn draw(schema: &Schema, args: &PictureArgs) -> Result<(), String> {
    print(&picture(schema, args)?)
}

/// The picture of `schema` as text.
pub fn picture(schema: &Schema, args: &PictureArgs) -> Result<String, String> {
    let diagram = erd::diagram(schema, &filter(args)?)?;
    Ok(match args.format {
        Format::Mermaid => erd::mermaid(&diagram),
        Format::Dot => erd::dot(&diagram),
        Format::Svg => erd::svg(&diagram, &place(&diagram, args.layout)?, &[]),
        Format::Html => {
            let svg = erd::svg(&diagram, &place(&diagram, args.layout)?, &[]);
            erd::html("Schema", schema, &diagram, &svg, None)
        }
    })
}

fn place(diagram: &erd::Diagram, placement: Placement) -> Result<erd::Layout, String> {
    Ok(match placement {
        Placement::Auto => erd::layout(diagram),
        Placement::Graphviz => erd::layout::graphviz(diagram).ok_or(
            "--layout graphviz: Graphviz's `dot` did not run; install Graphviz (Debian: apt-get install graphviz) or use --layout built-in",
        )?,
        Placement::BuiltIn => erd::layout::layered(diagram),
    })
}

fn filter(args: &PictureArgs) -> Result<Filter, String> {
    let tables = args
        .tables
        .iter()
        .map(|text| {
            glob::Pattern::new(text)
                .map_err(|e| format!("--table `{text}` is not a glob pattern: {e}"))
        })
        .collect::<Result<_, _>>()?;
    Ok(Filter {
        schemas: args.schemas.clone(),
        tables,
        around: args
            .around
            .as_deref()
            .map(|name| (QualifiedName::parse(name), args.depth)),
    })
}
