//! The order objects must be created in where the schema's own order (by name) is not
//! enough: partitions after their parents, and functions and views after what their SQL
//! refers to.

use schema_core::{FunctionDef, Language, QualifiedName, Schema, TableDef, ViewDef};
use std::collections::{BTreeMap, BTreeSet};

/// Tables with every partition after its parent (and sub-partitions after theirs),
/// otherwise by name.
pub(crate) fn tables(schema: &Schema) -> Vec<&TableDef> {
    let depth = |table: &TableDef| {
        let mut depth = 0;
        let mut current = table;
        while let Some(parent) = current
            .partition_of
            .as_ref()
            .and_then(|p| schema.table(&p.parent))
        {
            depth += 1;
            current = parent;
            if depth > schema.tables.len() {
                break; // A cycle, which validation rejects.
            }
        }
        depth
    };
    let mut tables: Vec<&TableDef> = schema.tables.iter().collect();
    // Stable: equal depths keep the schema's order, by name.
    tables.sort_by_key(|t| depth(t));
    tables
}

/// A function or a view, which the script creates in one dependency order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Routine<'a> {
    Function(&'a FunctionDef),
    View(&'a ViewDef),
}

impl Routine<'_> {
    fn name(&self) -> &QualifiedName {
        match self {
            Routine::Function(f) => &f.name,
            Routine::View(v) => &v.name,
        }
    }

    /// Functions first, then views, then materialized views, when nothing says otherwise.
    fn rank(&self) -> u8 {
        match self {
            Routine::Function(_) => 0,
            Routine::View(v) if !v.materialized => 1,
            Routine::View(_) => 2,
        }
    }

    /// The SQL Postgres resolves names in when it creates the object: a view's query, a
    /// `sql` function's body (checked at creation), and the types in a signature. A
    /// `plpgsql` body is not resolved until it runs, so it orders nothing.
    fn sql(&self) -> String {
        match self {
            Routine::View(v) => v.query.clone(),
            Routine::Function(f) => {
                let mut text = f.returns.to_string();
                for argument in &f.arguments {
                    text.push(' ');
                    text.push_str(&argument.ty.to_string());
                }
                if f.language == Language::Sql {
                    text.push(' ');
                    text.push_str(&f.body);
                }
                text
            }
        }
    }
}

/// Functions, views and materialized views in an order Postgres accepts: each after the
/// others whose names its SQL mentions (found by scanning the text for identifiers, so a
/// name inside a comment or a string counts too, which can only add an order). Among
/// objects free to go, functions come first, then views, then materialized views, each
/// by name. Objects in a cycle (which Postgres could not create either) follow in that
/// same order.
pub(crate) fn routines(schema: &Schema) -> Vec<Routine<'_>> {
    let nodes: Vec<Routine> = schema
        .functions
        .iter()
        .map(Routine::Function)
        .chain(schema.views.iter().map(Routine::View))
        .collect();
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        by_name
            .entry(node.name().name.as_str())
            .or_default()
            .push(i);
    }
    // depends_on[i]: the nodes i needs first.
    let mut depends_on: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        for (schema_part, name) in referenced_names(&node.sql()) {
            for &j in by_name.get(name.as_str()).into_iter().flatten() {
                let target = nodes[j].name();
                let matches = schema_part.as_ref().is_none_or(|s| s == &target.schema);
                if j != i && matches {
                    depends_on[i].insert(j);
                }
            }
        }
    }
    let key = |i: usize| (nodes[i].rank(), nodes[i].name().clone(), i);
    let mut waiting: Vec<usize> = depends_on.iter().map(BTreeSet::len).collect();
    let mut ready: BTreeSet<(u8, QualifiedName, usize)> = (0..nodes.len())
        .filter(|&i| waiting[i] == 0)
        .map(key)
        .collect();
    let mut done = vec![false; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(next) = ready.pop_first() {
        let i = next.2;
        done[i] = true;
        order.push(nodes[i]);
        for (j, deps) in depends_on.iter().enumerate() {
            if !done[j] && deps.contains(&i) {
                waiting[j] -= 1;
                if waiting[j] == 0 {
                    ready.insert(key(j));
                }
            }
        }
    }
    let mut rest: Vec<usize> = (0..nodes.len()).filter(|&i| !done[i]).collect();
    rest.sort_by_key(|&i| key(i));
    order.extend(rest.into_iter().map(|i| nodes[i]));
    order
}

/// The names a SQL text mentions: `(Some(schema), name)` for `schema.name`, `(None, name)`
/// for a bare name. Unquoted names are folded to lowercase as Postgres folds them; string
/// constants and comments are skipped.
pub(crate) fn referenced_names(sql: &str) -> BTreeSet<(Option<String>, String)> {
    let chars: Vec<char> = sql.chars().collect();
    let mut names = BTreeSet::new();
    let mut previous: Option<String> = None;
    let mut after_dot = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            previous = None;
            continue;
        }
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            continue;
        }
        let word = if c == '"' {
            let start = i + 1;
            i = start;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            let word: String = chars[start..i.min(chars.len())].iter().collect();
            i += 1;
            Some(word)
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            Some(chars[start..i].iter().collect::<String>().to_lowercase())
        } else {
            None
        };
        match word {
            Some(word) => {
                match (after_dot, previous.take()) {
                    (true, Some(schema)) => {
                        names.insert((Some(schema), word.clone()));
                    }
                    _ => {
                        names.insert((None, word.clone()));
                    }
                }
                previous = Some(word);
                after_dot = false;
            }
            None => {
                if c == '.' && previous.is_some() {
                    after_dot = true;
                } else if !c.is_whitespace() {
                    previous = None;
                    after_dot = false;
                }
                i += 1;
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Vec<String> {
        referenced_names(sql)
            .into_iter()
            .map(|(schema, name)| match schema {
                Some(schema) => format!("{schema}.{name}"),
                None => name,
            })
            .collect()
    }

    #[test]
    fn finds_bare_and_qualified_names_outside_strings_and_comments() {
        assert_eq!(
            names("SELECT n.Id FROM public.Notifications n -- daily_stats\nWHERE t = 'view_x' /* v */ AND \"Odd Name\".x > 0"),
            [
                "Odd Name", "and", "from", "n", "public", "select", "t", "where",
                "Odd Name.x", "n.id", "public.notifications",
            ]
        );
    }
}
