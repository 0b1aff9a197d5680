//! A whole schema as one DDL script, in an order Postgres accepts.

pub(crate) mod order;
mod stand_in;
#[cfg(test)]
mod tests;

pub use crate::kinds::column::{column_definition, comment_on_column, default_value};
pub use crate::kinds::comment::comment_on_type;
pub use crate::kinds::composite::create_composite;
pub use crate::kinds::constraint::{
    add_foreign_key, check_clause, exclusion_clause, foreign_key_clause, primary_key_clause,
    unique_clause,
};
pub use crate::kinds::domain::{comment_on_domain, create_domain};
pub use crate::kinds::enum_type::create_enum;
pub use crate::kinds::extension::create_extension;
pub use crate::kinds::function::{
    comment_on_function, create_function, create_or_replace_function,
};
pub use crate::kinds::grant::grant;
pub use crate::kinds::index::create_index;
pub use crate::kinds::partition::{partition_bound, partition_by};
pub use crate::kinds::policy::{create_policy, enable_rls, force_rls};
pub use crate::kinds::role::{comment_on_role, create_role};
pub use crate::kinds::schema::create_schema;
pub use crate::kinds::sequence::{comment_on_sequence, create_sequence, sequence_owned_by};
pub use crate::kinds::table::{cluster_on, comment_on_table, create_table, replica_identity};
pub use crate::kinds::trigger::create_trigger;
pub use crate::kinds::view::{comment_on_view, create_view};
pub use stand_in::{
    create_role_if_missing, create_schema_if_missing, create_stand_in_function,
    create_stand_in_table,
};

use order::Routine;
use schema_core::{ReplicaIdentity, Schema};
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

/// One statement of a script, with the part of the script it belongs to and the object
/// it creates: what a tool needs to say which object Postgres rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The part of the script, such as `Tables` (the header [`render`] writes).
    pub section: &'static str,
    /// The object, as messages name it: ``table `public.users` ``,
    /// ``policy `own rows` on table `public.notes` ``.
    pub object: String,
    /// The statement, ending with `;` and a newline.
    pub sql: String,
}

/// Writes the DDL that creates `schema` in an empty database: [`statements`] under a
/// `-- Section` header per part, with a blank line between any two statements.
pub fn render(schema: &Schema, options: &RenderOptions, out: &mut impl Write) -> fmt::Result {
    let mut script = Script::new(out);
    for statement in statements(schema, options) {
        script.statement(statement.section, |out| out.write_str(&statement.sql))?;
    }
    Ok(())
}

/// The statements that create `schema` in an empty database, in this order:
///
/// 1. stand-ins for the external objects, if asked for;
/// 2. schemas, then extensions (an extension's objects may go into one of the schemas),
///    then the roles the app owns;
/// 3. the functions that domains, columns, checks and indexes call and that need nothing
///    of the schema themselves (see `order::early_functions`);
/// 4. types: enums, domains, composite types (each may use the ones before), then
///    sequences (column defaults call `nextval` on them);
/// 5. tables with their columns and their primary key, unique and check constraints,
///    partitioned parents before their partitions, then the columns sequences belong to;
/// 6. every foreign key (after all the tables, so that tables referencing each other in a
///    cycle work), then indexes, then the foreign keys that need a unique index, then
///    replica identities (which may name an index);
/// 7. functions, aggregates, views and materialized views (with their indexes) in one
///    dependency order: each after the functions, aggregates and views its SQL names (see
///    `order::routines`);
/// 8. row-level security and policies (after the functions they call), triggers, the
///    objects kept as definition text that need tables or functions (each after the
///    others it needs; those that need only types come with the types), grants;
/// 9. comments.
///
/// Within each part objects keep the schema's order, which is sorted by name: the same
/// schema always renders to the same bytes.
pub fn statements(schema: &Schema, options: &RenderOptions) -> Vec<Statement> {
    let mut list = Statements::default();
    if options.stand_ins {
        const STAND_INS: &str = "Stand-ins for external objects, for a database without them";
        for name in stand_in::external_schemas(&schema.external) {
            list.push(STAND_INS, format!("schema `{name}`"), |out| {
                create_schema_if_missing(name, out)
            });
        }
        for role in &schema.external.roles {
            list.push(STAND_INS, format!("role `{role}`"), |out| {
                create_role_if_missing(role, out)
            });
        }
        for table in &schema.external.tables {
            list.push(
                STAND_INS,
                format!("external table `{}`", table.name),
                |out| create_stand_in_table(table, out),
            );
        }
        for function in &schema.external.functions {
            let object = format!("external function `{}`", function.name);
            list.push(STAND_INS, object, |out| {
                create_stand_in_function(function, out)
            });
        }
    }

    for name in &schema.schemas {
        list.push("Schemas", format!("schema `{name}`"), |out| {
            create_schema(name, out)
        });
    }
    list.kinds(schema, Part::Setup);
    let early = order::early_functions(schema);
    for &function in &early {
        let object = format!("function `{}`", function.name);
        list.push("Functions", object, |out| create_function(function, out));
    }
    list.kinds(schema, Part::Types);
    let tables = order::tables(schema);
    for table in &tables {
        list.push("Tables", table_object(table), |out| {
            create_table(table, out)
        });
    }
    list.kinds(schema, Part::AfterTables);
    // A foreign key whose referenced columns only a unique index covers (no key
    // constraint) follows the indexes.
    let foreign_keys = |after_indexes: bool, list: &mut Statements| {
        for table in &tables {
            for key in &table.foreign_keys {
                if needs_unique_index(schema, key) != after_indexes {
                    continue;
                }
                let object = format!("foreign key `{}` on table `{}`", key.name, table.name);
                list.push("Foreign keys", object, |out| {
                    add_foreign_key(&table.name, key, out)
                });
            }
        }
    };
    foreign_keys(false, &mut list);
    for table in &tables {
        for index in &table.indexes {
            let object = format!("index `{}` on table `{}`", index.name, table.name);
            list.push("Indexes", object, |out| {
                create_index(&table.name, index, out)
            });
        }
    }
    foreign_keys(true, &mut list);
    for table in &tables {
        if table.replica_identity != ReplicaIdentity::Default {
            list.push("Replica identity", table_object(table), |out| {
                replica_identity(&table.name, &table.replica_identity, out)
            });
        }
        if let Some(index) = &table.cluster_on {
            list.push("Cluster on", table_object(table), |out| {
                cluster_on(&table.name, Some(index), out)
            });
        }
    }
    for routine in order::routines(schema, &early) {
        match routine {
            Routine::Function(function) => {
                let object = format!("function `{}`", function.name);
                list.push("Functions", object, |out| create_function(function, out));
            }
            Routine::Aggregate(aggregate) => {
                list.push("Aggregates", aggregate.object(), |out| {
                    crate::kinds::aggregate::create_aggregate(aggregate, out)
                });
            }
            Routine::View(view) => {
                let section = if view.materialized {
                    "Materialized views"
                } else {
                    "Views"
                };
                let object = format!("{} `{}`", view.kind(), view.name);
                list.push(section, object.clone(), |out| create_view(view, out));
                for index in &view.indexes {
                    let object = format!("index `{}` on {object}", index.name);
                    list.push(section, object, |out| create_index(&view.name, index, out));
                }
            }
        }
    }
    for table in &tables {
        let rls = table.row_level_security;
        if rls.enabled {
            list.push("Row-level security", table_object(table), |out| {
                enable_rls(&table.name, out)
            });
        }
        if rls.forced {
            list.push("Row-level security", table_object(table), |out| {
                force_rls(&table.name, out)
            });
        }
    }
    for table in &tables {
        for policy in &table.policies {
            let object = format!("policy `{}` on table `{}`", policy.name, table.name);
            list.push("Policies", object, |out| {
                create_policy(&table.name, policy, out)
            });
        }
    }
    let triggers = tables
        .iter()
        .map(|t| (table_object(t), &t.name, &t.triggers))
        .chain(schema.views.iter().map(|v| {
            let object = format!("{} `{}`", v.kind(), v.name);
            (object, &v.name, &v.triggers)
        }));
    for (owner, name, triggers) in triggers {
        for trigger in triggers {
            let object = format!("trigger `{}` on {owner}", trigger.name);
            list.push("Triggers", object, |out| create_trigger(name, trigger, out));
        }
    }
    list.kinds(schema, Part::Late);
    for g in &schema.grants {
        let object = format!("grant on {} to `{}`", g.on, g.to);
        list.push("Grants", object, |out| grant(schema, g, out));
    }
    comments(schema, &tables, &mut list);
    list.0
}

/// Whether only a unique index of the referenced table (no key constraint) covers the
/// foreign key's columns.
fn needs_unique_index(schema: &Schema, key: &schema_core::ForeignKey) -> bool {
    schema.table(&key.references).is_some_and(|target| {
        matches!(
            target.unique_over(&key.referenced_columns),
            Some(schema_core::UniqueOver::Index(_))
        )
    })
}

fn table_object(table: &schema_core::TableDef) -> String {
    format!("table `{}`", table.name)
}

fn comments(schema: &Schema, tables: &[&schema_core::TableDef], list: &mut Statements) {
    list.kinds(schema, Part::Comments);
    for table in tables {
        if let Some(comment) = &table.comment {
            list.push(COMMENTS, table_object(table), |out| {
                comment_on_table(&table.name, Some(comment), out)
            });
        }
        for column in &table.columns {
            if let Some(comment) = &column.comment {
                let object = format!("column `{}.{}`", table.name, column.name);
                list.push(COMMENTS, object, |out| {
                    comment_on_column(&table.name, &column.name, Some(comment), out)
                });
            }
        }
        for (constraint, comment) in crate::kinds::constraint::commented(table) {
            let object = format!("constraint `{constraint}` on table `{}`", table.name);
            list.push(COMMENTS, object, |out| {
                crate::kinds::constraint::comment_on_constraint(
                    &table.name,
                    constraint,
                    Some(comment),
                    out,
                )
            });
        }
        for policy in &table.policies {
            if let Some(comment) = &policy.comment {
                let object = format!("policy `{}` on table `{}`", policy.name, table.name);
                list.push(COMMENTS, object, |out| {
                    crate::kinds::policy::comment_on_policy(
                        &table.name,
                        &policy.name,
                        Some(comment),
                        out,
                    )
                });
            }
        }
        for index in &table.indexes {
            if let Some(comment) = &index.comment {
                let object = format!("index `{}` on table `{}`", index.name, table.name);
                list.push(COMMENTS, object, |out| {
                    crate::kinds::index::comment_on_index(
                        &table.name,
                        &index.name,
                        Some(comment),
                        out,
                    )
                });
            }
        }
    }
    for function in &schema.functions {
        if let Some(comment) = &function.comment {
            list.push(COMMENTS, format!("function `{}`", function.name), |out| {
                comment_on_function(function, Some(comment), out)
            });
        }
    }
    for view in &schema.views {
        let object = format!("{} `{}`", view.kind(), view.name);
        if let Some(comment) = &view.comment {
            list.push(COMMENTS, object.clone(), |out| {
                comment_on_view(view, Some(comment), out)
            });
        }
        for column in &view.columns {
            if let Some(comment) = &column.comment {
                let object = format!("column `{}.{}`", view.name, column.name);
                list.push(COMMENTS, object, |out| {
                    comment_on_column(&view.name, &column.name, Some(comment), out)
                });
            }
        }
    }
}

/// The parts of a script the kinds of `crate::kinds::KINDS` add statements to, in script
/// order; the engine writes the others (tables, foreign keys, indexes, functions and
/// views, policies, triggers, grants, the comments on those).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// After the schemas: what types and tables may need (extensions, roles).
    Setup,
    /// Types and the like, which tables may use (enums, domains, sequences).
    Types,
    /// Right after the tables: what needs them to exist (a sequence's owning column).
    AfterTables,
    /// After the triggers: what may need any structural object (a rule on a table, an
    /// event trigger calling a function).
    Late,
    /// The first comments, before those on tables, functions and views.
    Comments,
}

/// Where a kind adds statements whose section is `Comments`.
pub(crate) const COMMENTS: &str = "Comments";

/// The statements collected so far.
#[derive(Default)]
pub(crate) struct Statements(Vec<Statement>);

impl Statements {
    /// What every kind adds for `part`, kind by kind.
    fn kinds(&mut self, schema: &Schema, part: Part) {
        for kind in &crate::kinds::KINDS {
            (kind.render)(schema, part, self);
        }
    }

    /// Adds one statement, written by `write`, creating `object` in `section`.
    pub(crate) fn push(
        &mut self,
        section: &'static str,
        object: String,
        write: impl FnOnce(&mut String) -> fmt::Result,
    ) {
        let mut sql = String::new();
        write(&mut sql).expect("writing to a String cannot fail");
        self.0.push(Statement {
            section,
            object,
            sql,
        });
    }
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
