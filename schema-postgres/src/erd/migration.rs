//! A migration as a picture: the target schema with what the plan adds, drops and alters
//! marked, and the plan's steps with their hazards beside it.

use super::graph::{diagram, Filter};
use super::html::{html, Aside};
use super::svg::{escape, svg};
use crate::plan::Plan;
use schema_core::Schema;
use std::fmt::Write as _;

/// The HTML page of the plan from `from` to `to`. Tables, views and enums only in `to`
/// are `added`, those in both that differ `altered`; those only in `from` are drawn too,
/// marked `dropped` (without their foreign keys to objects that no longer exist).
pub fn migration_html(from: &Schema, to: &Schema, plan: &Plan) -> Result<String, String> {
    let mut both = to.clone();
    for table in &from.tables {
        if to.table(&table.name).is_none() {
            both.tables.push(table.clone());
        }
    }
    for view in &from.views {
        if !to.views.iter().any(|v| v.name == view.name) {
            both.views.push(view.clone());
        }
    }
    for def in &from.enums {
        if !to.enums.iter().any(|e| e.name == def.name) {
            both.enums.push(def.clone());
        }
    }
    let known: Vec<_> = both
        .tables
        .iter()
        .map(|t| t.name.clone())
        .chain(both.external.tables.iter().map(|t| t.name.clone()))
        .collect();
    for table in &mut both.tables {
        table
            .foreign_keys
            .retain(|fk| known.contains(&fk.references));
    }
    let picture = diagram(&both, &Filter::default())?;
    let classes: Vec<&str> = picture
        .nodes
        .iter()
        .map(|node| {
            let old = (
                from.table(&node.name),
                from.views.iter().find(|v| v.name == node.name),
                from.enums.iter().find(|e| e.name == node.name),
            );
            let new = (
                to.table(&node.name),
                to.views.iter().find(|v| v.name == node.name),
                to.enums.iter().find(|e| e.name == node.name),
            );
            let present = |s: &(Option<_>, Option<_>, Option<_>)| {
                s.0.is_some() || s.1.is_some() || s.2.is_some()
            };
            match (present(&old), present(&new)) {
                (false, true) => "added",
                (true, false) => "dropped",
                (true, true) if old != new => "altered",
                _ => "",
            }
        })
        .collect();
    let layout = super::layout(&picture);
    let mut aside = String::from(
        "<p class=\"legend\"><span class=\"added\">added</span><span class=\"altered\">altered</span><span class=\"dropped\">dropped</span></p>",
    );
    if plan.is_empty() {
        aside.push_str("<p>Nothing to do: the schemas are the same.</p>");
    }
    for (i, step) in plan.steps.iter().enumerate() {
        let _ = write!(
            aside,
            "<div class=\"step\"><b>{}.</b> {} ",
            i + 1,
            escape(&step.description)
        );
        for hazard in &step.hazards {
            let _ = write!(
                aside,
                "<span class=\"hazard\">{}</span>",
                escape(&hazard.to_string())
            );
        }
        let _ = write!(aside, "<pre>{}</pre></div>", escape(step.sql.trim_end()));
    }
    let title = format!(
        "Migration: {} step{}",
        plan.steps.len(),
        if plan.steps.len() == 1 { "" } else { "s" }
    );
    Ok(html(
        &title,
        &both,
        &picture,
        &svg(&picture, &layout, &classes),
        Some(&Aside {
            title: "Steps".into(),
            html: aside,
        }),
    ))
}
