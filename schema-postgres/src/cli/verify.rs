//! `verify` (Postgres's own verdict on a schema) and `stand-ins` (the stand-ins for the
//! external objects alone), shared by `schemactl` and an app's binary.

use super::{connect, print};
use crate::check::check;
use crate::{statements, RenderOptions};
use schema_core::Schema;

/// Applies `schema` to the database at `url` inside a transaction that is rolled back, and
/// says which object Postgres refuses (a function body, a view's query, a policy over a
/// column that does not exist) or whose view column types differ from the declared ones.
/// Run it against an empty development database; `stand_ins` creates the external objects
/// first (never against Supabase, which has the real ones).
pub fn verify(url: &str, schema: &Schema, stand_ins: bool) -> Result<(), String> {
    let (mut client, target) = connect(url)?;
    check(&mut client, schema, &RenderOptions { stand_ins }).map_err(|rejection| {
        format!("{rejection} (checked on {target}, where nothing was left behind)")
    })?;
    eprintln!("Postgres takes the schema: every statement applied on {target} and rolled back");
    Ok(())
}

/// The statements that create stand-ins for the schema's external objects (Supabase's
/// `auth` schema, `auth.users`, `auth.uid()`, its roles), alone: what a migration applied
/// to a plain Postgres needs first.
pub fn stand_ins(schema: &Schema) -> Result<(), String> {
    let mut text = String::new();
    for statement in statements(schema, &RenderOptions { stand_ins: true }) {
        if statement.section.starts_with("Stand-ins") {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&statement.sql);
        }
    }
    if text.is_empty() {
        text.push_str("-- The schema names no external objects: no stand-ins needed.\n");
    }
    print(&text)
}
