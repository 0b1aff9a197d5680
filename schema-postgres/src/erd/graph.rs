//! The schema as a diagram: boxes (tables, views, enums, external tables) and the lines
//! between them (foreign keys, the relations a view reads), before any format draws it.

use schema_core::sql::{tokens, Kind};
use schema_core::{QualifiedName, Schema, SqlType};

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A table of the schema.
    Table,
    /// A view.
    View,
    /// A materialized view.
    MaterializedView,
    /// An enum type, with its values as rows.
    Enum,
    /// A table the schema references but does not own (`auth.users`).
    External,
}

impl NodeKind {
    /// The word a diagram shows for it.
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Table => "table",
            NodeKind::View => "view",
            NodeKind::MaterializedView => "materialized view",
            NodeKind::Enum => "enum",
            NodeKind::External => "external",
        }
    }
}

/// One row of a box: a column, or an enum's value (with an empty type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The column's name, or the enum value.
    pub name: String,
    /// The column's type as SQL, empty for an enum value.
    pub ty: String,
    /// Part of the primary key.
    pub primary_key: bool,
    /// Part of a foreign key.
    pub foreign_key: bool,
    /// May hold NULL.
    pub nullable: bool,
}

impl Row {
    /// A row that is in no key.
    fn plain(name: &str, ty: String, nullable: bool) -> Row {
        Row {
            name: name.to_string(),
            ty,
            primary_key: false,
            foreign_key: false,
            nullable,
        }
    }
}

/// One box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The object's name.
    pub name: QualifiedName,
    /// What it is.
    pub kind: NodeKind,
    /// Its columns or values, in order.
    pub rows: Vec<Row>,
    /// For a table with row-level security on: how many policies it has.
    pub policies: Option<usize>,
    /// For a table Citus spreads: how (`distributed by org_id`, `reference table`, `in
    /// distributed schema`).
    pub placement: Option<String>,
}

impl Node {
    /// What the box's title line says besides its name: row-level security with its
    /// policy count, and Citus's placement.
    pub fn badges(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(count) = self.policies {
            out.push(format!(
                "RLS, {count} polic{}",
                if count == 1 { "y" } else { "ies" }
            ));
        }
        out.extend(self.placement.clone());
        out
    }
}

/// How Citus spreads `table`, in words, if it does.
fn placement(schema: &Schema, table: &schema_core::TableDef) -> Option<String> {
    match &table.distribution {
        Some(schema_core::Distribution::Reference) => Some("reference table".into()),
        Some(schema_core::Distribution::Distributed(d)) => {
            Some(format!("distributed by {}", d.column))
        }
        None => schema
            .distributed_schemas
            .contains(&table.name.schema)
            .then(|| "in a distributed schema".into()),
    }
}

/// How a line reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeKind {
    /// A foreign key from `from` to `to`. `optional`: its columns may be NULL (zero or
    /// one parent instead of exactly one); `one_to_one`: its columns are also unique.
    ForeignKey {
        /// The constraint's name.
        name: String,
        /// The referencing columns.
        columns: Vec<String>,
        /// The columns may be NULL.
        optional: bool,
        /// The columns are a primary key or unique constraint of their own.
        one_to_one: bool,
    },
    /// The view `from` reads the relation `to`.
    Reads,
}

/// One line, between two boxes of [`Diagram::nodes`] (by index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The referencing table or the reading view.
    pub from: usize,
    /// The referenced table or the relation read.
    pub to: usize,
    /// What it means.
    pub kind: EdgeKind,
}

/// Boxes and lines, in the schema's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagram {
    /// The boxes.
    pub nodes: Vec<Node>,
    /// The lines.
    pub edges: Vec<Edge>,
}

impl Diagram {
    /// The Postgres schemas the boxes belong to, external ones apart, in first-seen order.
    pub fn groups(&self) -> Vec<(&str, bool)> {
        let mut groups: Vec<(&str, bool)> = Vec::new();
        for node in &self.nodes {
            let group = (node.name.schema.as_str(), node.kind == NodeKind::External);
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        groups
    }
}

/// Which part of a schema to draw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these Postgres schemas; empty: all. External tables are kept when a kept
    /// table references them.
    pub schemas: Vec<String>,
    /// Only the tables and views whose name (`name` or `schema.name`) matches one of
    /// these glob patterns; empty: all.
    pub tables: Vec<glob::Pattern>,
    /// Only this table and its neighbours (by foreign key or view) up to `depth` lines.
    pub around: Option<(QualifiedName, usize)>,
}

/// The diagram of `schema`, cut down to `filter`. Enums are drawn when a kept column has
/// them as its type; an external table when a kept foreign key points at it.
pub fn diagram(schema: &Schema, filter: &Filter) -> Result<Diagram, String> {
    let mut all = Diagram::default();
    for table in &schema.tables {
        let keyed: Vec<&str> = table
            .foreign_keys
            .iter()
            .flat_map(|fk| fk.columns.iter().map(String::as_str))
            .collect();
        let primary: Vec<&str> = table
            .primary_key
            .iter()
            .flat_map(|pk| pk.columns.iter().map(String::as_str))
            .collect();
        all.nodes.push(Node {
            name: table.name.clone(),
            kind: NodeKind::Table,
            rows: table
                .columns
                .iter()
                .map(|c| Row {
                    name: c.name.clone(),
                    ty: c.ty.to_string(),
                    primary_key: primary.contains(&c.name.as_str()),
                    foreign_key: keyed.contains(&c.name.as_str()),
                    nullable: c.nullable,
                })
                .collect(),
            policies: table
                .row_level_security
                .enabled
                .then_some(table.policies.len()),
            placement: placement(schema, table),
        });
    }
    for view in &schema.views {
        all.nodes.push(Node {
            name: view.name.clone(),
            kind: if view.materialized {
                NodeKind::MaterializedView
            } else {
                NodeKind::View
            },
            rows: view
                .columns
                .iter()
                .map(|c| Row::plain(&c.name, c.ty.to_string(), true))
                .collect(),
            policies: None,
            placement: None,
        });
    }
    for external in &schema.external.tables {
        all.nodes.push(Node {
            name: external.name.clone(),
            kind: NodeKind::External,
            rows: external
                .columns
                .iter()
                // The model does not keep whether an external column is nullable.
                .map(|c| Row::plain(&c.name, c.ty.to_string(), false))
                .collect(),
            policies: None,
            placement: None,
        });
    }
    let index = |name: &QualifiedName, nodes: &[Node]| nodes.iter().position(|n| &n.name == name);
    for table in &schema.tables {
        let from = index(&table.name, &all.nodes).expect("every table has a node");
        for fk in &table.foreign_keys {
            let Some(to) = index(&fk.references, &all.nodes) else {
                // Validation refuses a key to a table the schema neither owns nor lists
                // as external; a lenient snapshot may still hold one: say so.
                return Err(format!(
                    "foreign key `{}` of table `{}` references `{}`, which is neither a table of the schema nor an external one",
                    fk.name, table.name, fk.references
                ));
            };
            let optional = fk
                .columns
                .iter()
                .any(|c| table.column(c).is_some_and(|c| c.nullable));
            let one_to_one = table
                .primary_key
                .iter()
                .map(|pk| &pk.columns)
                .chain(table.uniques.iter().map(|u| &u.columns))
                .any(|key| key == &fk.columns);
            all.edges.push(Edge {
                from,
                to,
                kind: EdgeKind::ForeignKey {
                    name: fk.name.clone(),
                    columns: fk.columns.clone(),
                    optional,
                    one_to_one,
                },
            });
        }
    }
    for view in &schema.views {
        let from = index(&view.name, &all.nodes).expect("every view has a node");
        for read in relations_read(&view.query, &all.nodes) {
            if read != from && !all.edges.iter().any(|e| e.from == from && e.to == read) {
                all.edges.push(Edge {
                    from,
                    to: read,
                    kind: EdgeKind::Reads,
                });
            }
        }
    }

    let mut kept = keep(&all, filter)?;
    // Enums after the relations, those a kept column uses.
    for def in &schema.enums {
        let used = schema.tables.iter().any(|t| {
            kept.contains(&index(&t.name, &all.nodes).unwrap_or(usize::MAX))
                && t.columns.iter().any(|c| uses_enum(&c.ty, &def.name))
        });
        let everything = filter.tables.is_empty() && filter.around.is_none();
        let in_schemas = filter.schemas.is_empty() || filter.schemas.contains(&def.name.schema);
        if used || (everything && in_schemas) {
            kept.push(all.nodes.len());
            all.nodes.push(Node {
                name: def.name.clone(),
                kind: NodeKind::Enum,
                rows: def
                    .values
                    .iter()
                    .map(|v| Row::plain(&v.label, String::new(), false))
                    .collect(),
                policies: None,
                placement: None,
            });
        }
    }
    let mut renumber = vec![None; all.nodes.len()];
    let mut diagram = Diagram::default();
    for (old, node) in all.nodes.into_iter().enumerate() {
        if kept.contains(&old) {
            renumber[old] = Some(diagram.nodes.len());
            diagram.nodes.push(node);
        }
    }
    for edge in all.edges {
        if let (Some(from), Some(to)) = (renumber[edge.from], renumber[edge.to]) {
            diagram.edges.push(Edge { from, to, ..edge });
        }
    }
    Ok(diagram)
}

fn uses_enum(ty: &SqlType, name: &QualifiedName) -> bool {
    match ty {
        SqlType::Enum(n) => n == name,
        SqlType::Array(inner) => uses_enum(inner, name),
        _ => false,
    }
}

/// The indexes of the nodes (tables, views, external tables) the filter keeps; a kept
/// relation's foreign keys bring in the external tables they reference.
fn keep(all: &Diagram, filter: &Filter) -> Result<Vec<usize>, String> {
    let owned = |n: &Node| n.kind != NodeKind::External;
    let mut kept: Vec<usize> = (0..all.nodes.len())
        .filter(|&i| {
            let node = &all.nodes[i];
            owned(node)
                && (filter.schemas.is_empty() || filter.schemas.contains(&node.name.schema))
                && (filter.tables.is_empty()
                    || filter
                        .tables
                        .iter()
                        .any(|p| p.matches(&node.name.name) || p.matches(&node.name.to_string())))
        })
        .collect();
    if let Some((center, depth)) = &filter.around {
        let Some(start) = all.nodes.iter().position(|n| &n.name == center) else {
            return Err(format!(
                "--around: no table or view `{center}` in the schema"
            ));
        };
        let mut reached = vec![start];
        let mut frontier = vec![start];
        for _ in 0..*depth {
            let mut next = Vec::new();
            for edge in &all.edges {
                for (a, b) in [(edge.from, edge.to), (edge.to, edge.from)] {
                    if frontier.contains(&a) && !reached.contains(&b) {
                        reached.push(b);
                        next.push(b);
                    }
                }
            }
            frontier = next;
        }
        kept.retain(|i| reached.contains(i));
        // The table asked for stays even when another filter leaves it out.
        if !kept.contains(&start) {
            kept.push(start);
        }
    }
    for edge in &all.edges {
        if kept.contains(&edge.from)
            && all.nodes[edge.to].kind == NodeKind::External
            && !kept.contains(&edge.to)
        {
            kept.push(edge.to);
        }
    }
    kept.sort_unstable();
    Ok(kept)
}

/// The relations among `nodes` a view's query names: `schema.name`, or a bare `name` of a
/// relation in `public` (the search path the views are created with). A column named like
/// a table would count too; the query is not parsed, only its names read.
fn relations_read(query: &str, nodes: &[Node]) -> Vec<usize> {
    let names: Vec<String> = tokens(query)
        .into_iter()
        .filter(|t| t.kind != Kind::Space)
        .map(|t| match t.kind {
            Kind::QuotedName => t.text[1..t.text.len() - 1].replace("\"\"", "\""),
            Kind::Word => t.text.to_lowercase(),
            _ => format!("\u{0}{}", t.text),
        })
        .collect();
    let mut read = Vec::new();
    let mut i = 0;
    while i < names.len() {
        let qualified = (i + 2 < names.len() && names[i + 1] == "\u{0}.")
            .then(|| QualifiedName::new(names[i].clone(), names[i + 2].clone()));
        let found = qualified
            .as_ref()
            .and_then(|q| nodes.iter().position(|n| &n.name == q))
            .map(|n| (n, 3))
            .or_else(|| {
                let bare = QualifiedName::new(schema_core::DEFAULT_SCHEMA, names[i].clone());
                nodes.iter().position(|n| n.name == bare).map(|n| (n, 1))
            });
        match found {
            Some((node, width)) if nodes[node].kind != NodeKind::Enum => {
                if !read.contains(&node) {
                    read.push(node);
                }
                i += width;
            }
            _ => i += 1,
        }
    }
    read
}
