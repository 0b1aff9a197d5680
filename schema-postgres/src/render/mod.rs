//! A whole schema as one DDL script, in an order Postgres accepts.

mod comment;
mod enums;
mod foreign_key;
mod index;
mod namespace;
mod policy;
mod stand_in;
mod table;
#[cfg(test)]
mod tests;

pub use comment::{comment_on_column, comment_on_table, comment_on_type};
pub use enums::create_enum;
pub use foreign_key::{add_foreign_key, foreign_key_clause};
pub use index::create_index;
pub use namespace::create_schema;
pub use policy::{create_policy, enable_rls, force_rls};
pub use stand_in::{
    create_role_if_missing, create_schema_if_missing, create_stand_in_function,
    create_stand_in_table,
};
pub use table::{
    check_clause, column_definition, create_table, default_value, primary_key_clause, unique_clause,
};

use crate::enum_comment::enum_type_comment;
use schema_core::{quote_ident, Schema};
use std::fmt::{self, Write};

/// How to render a schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Also create stand-ins for the external objects (schemas, roles, tables, functions),
    /// so the script applies to a plain Postgres that lacks what Supabase provides. Off
    /// by default: the real objects belong to someone else. Schemas, roles and tables are
    /// created only where missing, but functions are replaced, so never turn this on for
    /// a database that has the real objects.
    pub stand_ins: bool,
}

/// Writes the DDL that creates `schema` in an empty database.
///
/// The order: stand-ins (if asked for), schemas, enum types, tables with their columns and
/// their primary key, unique and check constraints, then every foreign key (after all the
/// tables, so that tables referencing each other in a cycle work), indexes, row-level
/// security, policies, comments. Within each part objects keep the schema's order, which
/// is sorted by name: the same schema always renders to the same bytes.
pub fn render(schema: &Schema, options: &RenderOptions, out: &mut impl Write) -> fmt::Result {
    let mut script = Script::new(out);
    if options.stand_ins {
        const STAND_INS: &str = "Stand-ins for external objects, for a database without them";
        for name in stand_in::external_schemas(&schema.external) {
            script.statement(STAND_INS, |out| create_schema_if_missing(name, out))?;
        }
        for role in &schema.external.roles {
            script.statement(STAND_INS, |out| create_role_if_missing(role, out))?;
        }
        for table in &schema.external.tables {
            script.statement(STAND_INS, |out| create_stand_in_table(table, out))?;
        }
        for function in &schema.external.functions {
            script.statement(STAND_INS, |out| create_stand_in_function(function, out))?;
        }
    }

    for name in &schema.schemas {
        script.statement("Schemas", |out| create_schema(name, out))?;
    }
    for def in &schema.enums {
        script.statement("Enum types", |out| create_enum(def, out))?;
    }
    for table in &schema.tables {
        script.statement("Tables", |out| create_table(table, out))?;
    }
    for table in &schema.tables {
        for key in &table.foreign_keys {
            script.statement("Foreign keys", |out| add_foreign_key(&table.name, key, out))?;
        }
    }
    for table in &schema.tables {
        for index in &table.indexes {
            script.statement("Indexes", |out| create_index(&table.name, index, out))?;
        }
    }
    for table in &schema.tables {
        let rls = table.row_level_security;
        if rls.enabled {
            script.statement("Row-level security", |out| enable_rls(&table.name, out))?;
        }
        if rls.forced {
            script.statement("Row-level security", |out| force_rls(&table.name, out))?;
        }
    }
    for table in &schema.tables {
        for policy in &table.policies {
            script.statement("Policies", |out| create_policy(&table.name, policy, out))?;
        }
    }
    for def in &schema.enums {
        if let Some(comment) = enum_type_comment(def) {
            script.statement("Comments", |out| {
                comment_on_type(&def.name, Some(&comment), out)
            })?;
        }
    }
    for table in &schema.tables {
        if let Some(comment) = &table.comment {
            script.statement("Comments", |out| {
                comment_on_table(&table.name, Some(comment), out)
            })?;
        }
        for column in &table.columns {
            if let Some(comment) = &column.comment {
                script.statement("Comments", |out| {
                    comment_on_column(&table.name, &column.name, Some(comment), out)
                })?;
            }
        }
    }
    Ok(())
}

/// [`render`] into a new string.
pub fn to_sql(schema: &Schema, options: &RenderOptions) -> String {
    let mut sql = String::new();
    render(schema, options, &mut sql).expect("writing to a String cannot fail");
    sql
}

/// The layout of a script: a `-- Title` header before each part that has statements, and
/// one blank line between any two statements or headers.
struct Script<'a, W> {
    out: &'a mut W,
    section: Option<&'static str>,
}

impl<'a, W: Write> Script<'a, W> {
    fn new(out: &'a mut W) -> Self {
        Script { out, section: None }
    }

    /// Starts a part of the script under a header.
    fn section(&mut self, title: &'static str) -> fmt::Result {
        if self.section.is_some() {
            self.out.write_char('\n')?;
        }
        writeln!(self.out, "-- {title}")?;
        self.section = Some(title);
        Ok(())
    }

    /// Writes one statement in the part `section`, starting the part if it is new.
    fn statement(
        &mut self,
        section: &'static str,
        write: impl FnOnce(&mut W) -> fmt::Result,
    ) -> fmt::Result {
        if self.section != Some(section) {
            self.section(section)?;
        }
        self.out.write_char('\n')?;
        write(self.out)
    }
}

/// Writes `(a, b, c)` with each name quoted where needed.
fn column_list(columns: &[String], out: &mut impl Write) -> fmt::Result {
    out.write_char('(')?;
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str(&quote_ident(column))?;
    }
    out.write_char(')')
}
