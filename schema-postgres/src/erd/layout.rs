//! Where the boxes and lines of a [`Diagram`] go, in SVG pixels: Graphviz's `dot` when it
//! is installed (it places clusters and splines best), otherwise a layered layout of our
//! own whose lines run only in the gaps between columns of boxes and in lanes above and
//! below them, so that no line crosses a box and no boxes overlap.

use super::graph::{Diagram, NodeKind};
use std::fmt::Write as _;
use std::process::{Command, Stdio};

/// A rectangle: top-left corner, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// How a line's points are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Straight segments between the points.
    Polyline,
    /// A cubic B-spline as Graphviz gives it: a start, then three points per curve.
    Bezier,
}

/// Which program placed the boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz's `dot`.
    Graphviz,
    /// The built-in layered layout.
    BuiltIn,
}

/// The placed diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// One per node of the diagram, in its order.
    pub boxes: Vec<Rect>,
    /// One per edge of the diagram, in its order: the points from the referencing side.
    pub lines: Vec<(Path, Vec<(f64, f64)>)>,
    /// A frame per group of [`Diagram::groups`], with its title.
    pub groups: Vec<(String, Rect)>,
    /// The picture's size.
    pub width: f64,
    /// The picture's size.
    pub height: f64,
    /// Who placed it.
    pub engine: Engine,
}

/// Height of a box's title band and of each row, and the width of a character, in
/// pixels, for the 12px sans-serif the SVG uses.
pub(crate) const TITLE: f64 = 36.0;
pub(crate) const ROW: f64 = 18.0;
const CHAR: f64 = 7.2;

/// The size of a node's box.
fn size(diagram: &Diagram, node: usize) -> (f64, f64) {
    let node = &diagram.nodes[node];
    let title = node.name.name.chars().count().max(24) as f64;
    let widest = node
        .rows
        .iter()
        .map(|r| (r.name.chars().count() + r.ty.chars().count() + 6) as f64)
        .fold(title, f64::max);
    (
        widest * CHAR + 16.0,
        TITLE + ROW * node.rows.len() as f64 + 6.0,
    )
}

/// The y of a node's row, for a line starting at a column.
pub(crate) fn row_y(rect: &Rect, row: Option<usize>) -> f64 {
    match row {
        Some(row) => rect.y + TITLE + ROW * row as f64 + ROW / 2.0 + 2.0,
        None => rect.y + TITLE / 2.0,
    }
}

/// The first row of the line's start: its first foreign key column.
fn start_row(diagram: &Diagram, edge: usize) -> Option<usize> {
    let edge = &diagram.edges[edge];
    match &edge.kind {
        super::graph::EdgeKind::ForeignKey { columns, .. } => diagram.nodes[edge.from]
            .rows
            .iter()
            .position(|r| Some(&r.name) == columns.first()),
        super::graph::EdgeKind::Reads => None,
    }
}

/// Lays out with Graphviz when `dot` runs, else with the built-in layout.
pub fn layout(diagram: &Diagram) -> Layout {
    graphviz(diagram).unwrap_or_else(|| layered(diagram))
}

/// Boxes without lines (enums), in rows of three for `dot`, which would otherwise put
/// them all in its first rank, one long column.
pub(crate) fn loose_rows(diagram: &Diagram) -> Vec<(usize, usize)> {
    let loose: Vec<usize> = (0..diagram.nodes.len())
        .filter(|&i| !diagram.edges.iter().any(|e| e.from == i || e.to == i))
        .collect();
    loose
        .chunks(3)
        .flat_map(|row| row.windows(2).map(|w| (w[0], w[1])))
        .collect()
}

/// The layout `dot -Tplain` gives for boxes of our sizes; `None` when `dot` is missing
/// or fails (then the built-in layout draws; nothing is lost but the curves).
pub fn graphviz(diagram: &Diagram) -> Option<Layout> {
    let mut input = String::from(
        "digraph g {\n graph [rankdir=LR, nodesep=0.35, ranksep=0.9, splines=spline];\n node [shape=box, fixedsize=true, label=\"\"];\n",
    );
    for (cluster, (schema, external)) in diagram.groups().into_iter().enumerate() {
        let _ = writeln!(input, " subgraph cluster_{cluster} {{ margin=18;");
        for (i, node) in diagram.nodes.iter().enumerate() {
            if node.name.schema == schema && (node.kind == NodeKind::External) == external {
                let (w, h) = size(diagram, i);
                let _ = writeln!(
                    input,
                    "  n{i} [width={:.3}, height={:.3}];",
                    w / 72.0,
                    h / 72.0
                );
            }
        }
        input.push_str(" }\n");
    }
    for (a, b) in loose_rows(diagram) {
        let _ = writeln!(input, " n{a} -> n{b} [style=invis];");
    }
    for edge in &diagram.edges {
        let _ = writeln!(input, " n{} -> n{};", edge.from, edge.to);
    }
    input.push_str("}\n");
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    {
        use std::io::Write as _;
        child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    }
    let output = child.wait_with_output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let mut boxes = vec![None; diagram.nodes.len()];
    let mut lines = Vec::new();
    let mut height = 0.0;
    let mut width = 0.0;
    let number = |s: &str| s.parse::<f64>().ok();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.first() {
            Some(&"graph") => {
                width = number(fields.get(2)?)? * 72.0;
                height = number(fields.get(3)?)? * 72.0;
            }
            Some(&"node") => {
                let i: usize = fields.get(1)?.strip_prefix('n')?.parse().ok()?;
                let (x, y) = (
                    number(fields.get(2)?)? * 72.0,
                    number(fields.get(3)?)? * 72.0,
                );
                let (w, h) = (
                    number(fields.get(4)?)? * 72.0,
                    number(fields.get(5)?)? * 72.0,
                );
                *boxes.get_mut(i)? = Some(Rect {
                    x: x - w / 2.0,
                    y: height - y - h / 2.0,
                    w,
                    h,
                });
            }
            Some(&"edge") => {
                let count: usize = fields.get(3)?.parse().ok()?;
                let mut points = Vec::with_capacity(count);
                for k in 0..count {
                    let x = number(fields.get(4 + 2 * k)?)? * 72.0;
                    let y = number(fields.get(5 + 2 * k)?)? * 72.0;
                    points.push((x, height - y));
                }
                // Invisible lines come out too; they are not edges of the diagram.
                if !fields.contains(&"invis") {
                    lines.push((Path::Bezier, points));
                }
            }
            _ => {}
        }
    }
    let boxes: Vec<Rect> = boxes.into_iter().collect::<Option<_>>()?;
    if lines.len() != diagram.edges.len() {
        return None;
    }
    let groups = frames(diagram, &boxes);
    Some(Layout {
        boxes,
        lines,
        groups,
        width,
        height,
        engine: Engine::Graphviz,
    })
}

/// A frame around each group's boxes.
fn frames(diagram: &Diagram, boxes: &[Rect]) -> Vec<(String, Rect)> {
    diagram
        .groups()
        .into_iter()
        .filter_map(|(schema, external)| {
            let members: Vec<&Rect> = diagram
                .nodes
                .iter()
                .zip(boxes)
                .filter(|(n, _)| {
                    n.name.schema == schema && (n.kind == NodeKind::External) == external
                })
                .map(|(_, r)| r)
                .collect();
            let left = members.iter().map(|r| r.x).fold(f64::MAX, f64::min) - 10.0;
            let top = members.iter().map(|r| r.y).fold(f64::MAX, f64::min) - 22.0;
            let right = members.iter().map(|r| r.x + r.w).fold(f64::MIN, f64::max) + 10.0;
            let bottom = members.iter().map(|r| r.y + r.h).fold(f64::MIN, f64::max) + 10.0;
            let title = if external {
                format!("{schema} (external)")
            } else {
                schema.to_string()
            };
            (!members.is_empty()).then_some({
                (
                    title,
                    Rect {
                        x: left,
                        y: top,
                        w: right - left,
                        h: bottom - top,
                    },
                )
            })
        })
        .collect()
}

/// The built-in layout: columns of boxes (a referencing table left of the table it
/// references), groups as horizontal bands across the columns, lines in the gaps between
/// columns and in lanes above (forward) and below (backward) every box.
pub fn layered(diagram: &Diagram) -> Layout {
    let n = diagram.nodes.len();
    let groups = diagram.groups();
    let group_of: Vec<usize> = diagram
        .nodes
        .iter()
        .map(|node| {
            groups
                .iter()
                .position(|&(s, e)| s == node.name.schema && e == (node.kind == NodeKind::External))
                .expect("every node is in a group")
        })
        .collect();
    // Columns by longest path over the lines, cycles broken where a depth-first walk
    // meets a node it is still inside.
    let mut forward = vec![true; diagram.edges.len()];
    let mut state = vec![0u8; n];
    fn walk(node: usize, diagram: &Diagram, state: &mut [u8], forward: &mut [bool]) {
        state[node] = 1;
        for (i, edge) in diagram.edges.iter().enumerate() {
            if edge.from == node {
                match state[edge.to] {
                    0 => walk(edge.to, diagram, state, forward),
                    1 => forward[i] = false,
                    _ => {}
                }
            }
        }
        state[node] = 2;
    }
    for node in 0..n {
        if state[node] == 0 {
            walk(node, diagram, &mut state, &mut forward);
        }
    }
    let mut column = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for (i, edge) in diagram.edges.iter().enumerate() {
            if forward[i] && edge.from != edge.to && column[edge.to] < column[edge.from] + 1 {
                column[edge.to] = column[edge.from] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Boxes without lines get columns of their own after the others.
    let connected: Vec<bool> = (0..n)
        .map(|i| diagram.edges.iter().any(|e| e.from == i || e.to == i))
        .collect();
    let last = (0..n)
        .filter(|&i| connected[i])
        .map(|i| column[i] + 1)
        .max()
        .unwrap_or(0);
    let loose: Vec<usize> = (0..n).filter(|&i| !connected[i]).collect();
    let per_column = ((loose.len() as f64).sqrt().ceil() as usize).max(1) * 2;
    for (k, &i) in loose.iter().enumerate() {
        column[i] = last + k / per_column;
    }
    let columns = column.iter().map(|c| c + 1).max().unwrap_or(0);
    // Order inside a column: by group, then by the mean position of the neighbours
    // (a few sweeps of the barycentre rule keep lines short and crossings few).
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for i in 0..n {
        order[column[i]].push(i);
    }
    for _ in 0..4 {
        let mut position = vec![0.0; n];
        for col in &order {
            for (k, &i) in col.iter().enumerate() {
                position[i] = k as f64;
            }
        }
        for col in order.iter_mut() {
            let key = |i: usize| {
                let near: Vec<f64> = diagram
                    .edges
                    .iter()
                    .filter_map(|e| {
                        (e.from == i)
                            .then_some(e.to)
                            .or((e.to == i).then_some(e.from))
                    })
                    .map(|j| position[j])
                    .collect();
                if near.is_empty() {
                    position[i]
                } else {
                    near.iter().sum::<f64>() / near.len() as f64
                }
            };
            let mut keyed: Vec<(usize, f64, usize)> =
                col.iter().map(|&i| (group_of[i], key(i), i)).collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            *col = keyed.into_iter().map(|k| k.2).collect();
        }
    }
    // Which gaps and lanes each line uses. Gap g lies right of column g (g = 0 is left
    // of column 0, so gap g + 1 is right of column g).
    let mut gap_tracks = vec![0usize; columns + 1];
    let mut top_lanes = 0usize;
    let mut bottom_lanes = 0usize;
    enum Route {
        Next {
            gap: (usize, usize),
        },
        Over {
            out: (usize, usize),
            inn: (usize, usize),
            lane: usize,
            top: bool,
        },
        Side {
            gap: (usize, usize),
        },
    }
    let mut routes = Vec::new();
    for edge in &diagram.edges {
        let (a, b) = (column[edge.from], column[edge.to]);
        let mut track = |gap: usize| {
            gap_tracks[gap] += 1;
            (gap, gap_tracks[gap] - 1)
        };
        routes.push(if b == a + 1 {
            Route::Next { gap: track(a + 1) }
        } else if a == b {
            Route::Side { gap: track(a + 1) }
        } else {
            let top = b > a;
            let lane = if top {
                &mut top_lanes
            } else {
                &mut bottom_lanes
            };
            *lane += 1;
            let lane = *lane - 1;
            Route::Over {
                out: track(a + 1),
                inn: track(b),
                lane,
                top,
            }
        });
    }
    // Places: column widths and gaps, then bands of groups from the top.
    let sizes: Vec<(f64, f64)> = (0..n).map(|i| size(diagram, i)).collect();
    let widths: Vec<f64> = (0..columns)
        .map(|c| order[c].iter().map(|&i| sizes[i].0).fold(0.0, f64::max))
        .collect();
    let gap_width = |g: usize| 40.0 + 8.0 * gap_tracks[g] as f64;
    let mut left = vec![0.0; columns];
    let mut x = 20.0 + gap_width(0);
    for c in 0..columns {
        left[c] = x;
        x += widths[c] + gap_width(c + 1);
    }
    let width = x + 20.0;
    let top_margin = 30.0 + 8.0 * top_lanes as f64;
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        n
    ];
    let mut band_top = top_margin + 24.0;
    for g in 0..groups.len() {
        let mut bottom = band_top;
        for c in 0..columns {
            let mut y = band_top;
            for &i in order[c].iter().filter(|&&i| group_of[i] == g) {
                boxes[i] = Rect {
                    x: left[c],
                    y,
                    w: sizes[i].0,
                    h: sizes[i].1,
                };
                y += sizes[i].1 + 24.0;
                bottom = f64::max(bottom, y);
            }
        }
        band_top = bottom + 40.0;
    }
    let lowest = boxes.iter().map(|r| r.y + r.h).fold(0.0, f64::max);
    let height = lowest + 30.0 + 8.0 * bottom_lanes as f64;
    let gap_x = |(gap, track): (usize, usize)| {
        let start = if gap == 0 {
            20.0
        } else {
            left[gap - 1] + widths[gap - 1]
        };
        start + 20.0 + 8.0 * track as f64
    };
    let lines = diagram
        .edges
        .iter()
        .zip(&routes)
        .enumerate()
        .map(|(i, (edge, route))| {
            let (from, to) = (boxes[edge.from], boxes[edge.to]);
            let start = (from.x + from.w, row_y(&from, start_row(diagram, i)));
            let end_y = row_y(&to, None);
            let points = match *route {
                Route::Next { gap } => {
                    let gx = gap_x(gap);
                    vec![start, (gx, start.1), (gx, end_y), (to.x, end_y)]
                }
                Route::Side { gap } => {
                    let gx = gap_x(gap);
                    vec![start, (gx, start.1), (gx, end_y), (to.x + to.w, end_y)]
                }
                Route::Over {
                    out,
                    inn,
                    lane,
                    top,
                } => {
                    let ly = if top {
                        top_margin - 8.0 * lane as f64
                    } else {
                        lowest + 20.0 + 8.0 * lane as f64
                    };
                    let (ox, ix) = (gap_x(out), gap_x(inn));
                    vec![
                        start,
                        (ox, start.1),
                        (ox, ly),
                        (ix, ly),
                        (ix, end_y),
                        (to.x, end_y),
                    ]
                }
            };
            (Path::Polyline, points)
        })
        .collect();
    let groups = frames(diagram, &boxes);
    Layout {
        boxes,
        lines,
        groups,
        width,
        height,
        engine: Engine::BuiltIn,
    }
}
