//! A function as a `#[derive(Function)]` unit struct, its body in `sql/<file>.sql`
//! through `include_str!`, so it reads (and diffs) as SQL.

use super::names::{is_keyword, unraw};
use super::{doc, lit, Names};
use schema_core::{FunctionDef, Parallel, Returns, SqlType, Volatility};
use std::fmt::Write;

/// Whether the derive can say everything this function holds.
pub(crate) fn supported(def: &FunctionDef) -> bool {
    // An argument's name is written as a Rust identifier, as it is (`_user_id` too): the
    // derive reads it as the SQL name. A lone `_` there means an unnamed argument.
    let argument_ok = |name: &Option<String>| name.as_deref().is_none_or(argument_ident);
    def.allow.is_empty()
        && (!def.is_procedure() || def.returns == Returns::Void)
        && def.arguments.iter().all(|a| argument_ok(&a.name))
        && def
            .comment
            .as_deref()
            .is_none_or(|c| c == c.trim() && !c.contains('\r'))
        && def
            .search_path
            .as_ref()
            .is_none_or(|path| path.iter().all(|s| !s.contains(',') && s == s.trim()))
        && match &def.returns {
            Returns::Table(columns) => columns
                .iter()
                .all(|c| !c.name.contains(|ch: char| ch.is_whitespace() || ch == '"')),
            _ => true,
        }
}

/// Whether `name` is a lower-case Rust identifier the derive gives back as it is.
fn argument_ident(name: &str) -> bool {
    name != "_"
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(name)
}

/// A type in `args(..)` or `returns = ..`: a generated enum by its Rust name, which the
/// derive reads as that enum type, else the SQL text (a Rust type here would need an
/// import that the derive does not always use, and an unused import is a warning).
fn type_text(ty: &SqlType, names: &Names) -> String {
    if let SqlType::Enum(name) = ty {
        if let Some(rust) = names.enum_type(name) {
            return rust;
        }
    }
    lit(&ty.to_string())
}

/// The struct for `def`, named `ident`; `body` is the Rust expression of its body (an
/// `include_str!` of its `sql/*.sql` file).
pub(crate) fn write(out: &mut String, def: &FunctionDef, ident: &str, body: &str, names: &Names) {
    let mut attrs: Vec<String> = Vec::new();
    if heck::ToSnakeCase::to_snake_case(unraw(ident)) != def.name.name {
        attrs.push(format!("name = {}", lit(&def.name.name)));
    }
    if def.name.schema != "public" {
        attrs.push(format!("schema = {}", lit(&def.name.schema)));
    }
    if def.is_procedure() {
        attrs.push("procedure".into());
    }
    if !def.arguments.is_empty() {
        let args: Vec<String> = def
            .arguments
            .iter()
            .map(|a| {
                let name = a.name.as_deref().unwrap_or("_");
                // `out total: i64`: the derive reads the mode before the name.
                let mode = match a.mode.keyword() {
                    Some(mode) => format!("{} ", mode.to_ascii_lowercase()),
                    None => String::new(),
                };
                let mut text = format!("{mode}{name}: {}", type_text(&a.ty, names));
                if let Some(default) = &a.default {
                    write!(text, " = {}", lit(default)).unwrap();
                }
                text
            })
            .collect();
        attrs.push(format!("args({})", args.join(", ")));
    }
    // A procedure returns nothing, and the derive takes no `returns` for it.
    if !def.is_procedure() {
        let returns = match &def.returns {
            Returns::Type(ty) => type_text(ty, names),
            other => lit(&other.to_string()),
        };
        attrs.push(format!("returns = {returns}"));
    }
    // Required: the derive does not guess a body's language.
    attrs.push(format!("language = {}", lit(def.language.as_str())));
    if def.volatility != Volatility::Volatile {
        let (text, _) = Volatility::ALL
            .iter()
            .find(|(_, v)| *v == def.volatility)
            .expect("every volatility is listed");
        attrs.push(format!("volatility = {}", lit(text)));
    }
    if def.strict {
        attrs.push("strict".into());
    }
    if def.security_definer {
        attrs.push("security_definer".into());
    }
    if def.leakproof {
        attrs.push("leakproof".into());
    }
    if def.parallel != Parallel::Unsafe {
        let (text, _) = Parallel::ALL
            .iter()
            .find(|(_, p)| *p == def.parallel)
            .expect("every parallel mode is listed");
        attrs.push(format!("parallel = {}", lit(text)));
    }
    if let Some(cost) = def.cost {
        attrs.push(format!("cost = {cost}"));
    }
    if let Some(rows) = def.rows {
        attrs.push(format!("rows = {rows}"));
    }
    if let Some(path) = &def.search_path {
        attrs.push(format!("search_path = {}", lit(&path.join(", "))));
    }
    attrs.push(format!("body = {body}"));

    if let Some(comment) = &def.comment {
        doc(out, "", comment);
    }
    writeln!(
        out,
        "#[derive(Function)]\n#[function({})]",
        attrs.join(", ")
    )
    .unwrap();
    writeln!(out, "pub struct {ident};").unwrap();
}
