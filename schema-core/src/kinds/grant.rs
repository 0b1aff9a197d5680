//! Privileges granted to roles on tables, views, columns, sequences, functions and schemas.
//!
//! The canonical form, which building a schema produces, is one [`Grant`] per object,
//! grantee and grant option, with its privileges sorted: the shape the catalog's access
//! lists have, so grants written in any grouping compare equal.

use crate::diff::Change;
use crate::error::error;
use crate::kinds::role::role_declared;
use crate::kinds::sequence;
use crate::kinds::table::columns_of;
use crate::{QualifiedName, Schema, SchemaError, SqlType, DEFAULT_SCHEMA};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// `GRANT privileges ON object TO role [WITH GRANT OPTION]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// What the privileges are on.
    pub on: GrantObject,
    /// The privileges, sorted; [`Privilege::All`] is spelt out when the schema is built.
    pub privileges: Vec<Privilege>,
    /// The role that receives them, or `public` for every role.
    pub to: String,
    /// `WITH GRANT OPTION`: the grantee may grant them on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_grant_option: bool,
}

/// An object privileges are granted on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantObject {
    /// A table, view or materialized view.
    Table(QualifiedName),
    /// One column of a table.
    Column {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
    },
    /// A sequence, such as the one behind an identity column (`{table}_{column}_seq`).
    Sequence(QualifiedName),
    /// A function by name alone: the one function of that name.
    Function(QualifiedName),
    /// One overload of a function: its name and argument types (`public.f(integer)`). A
    /// built schema names a function so only when the name has several; plans always do.
    Overload {
        /// The function's name.
        function: QualifiedName,
        /// The types of its arguments, in order (Postgres's identity of an overload).
        arguments: Vec<SqlType>,
    },
    /// A schema (namespace).
    Schema(String),
}

impl GrantObject {
    /// A table or view by name (`"public.users"` or `"users"`).
    pub fn table(name: &str) -> Self {
        GrantObject::Table(QualifiedName::parse(name))
    }

    /// A column of a table.
    pub fn column(table: &str, column: &str) -> Self {
        GrantObject::Column {
            table: QualifiedName::parse(table),
            column: column.to_string(),
        }
    }

    /// A function by name (`"public.touch"`), or one overload of it with its argument
    /// types (`"public.total(integer, text[])"`).
    pub fn function(name: &str) -> Self {
        match name
            .trim()
            .strip_suffix(')')
            .and_then(|n| n.split_once('('))
        {
            Some((function, arguments)) => GrantObject::Overload {
                function: QualifiedName::parse(function.trim()),
                arguments: crate::kinds::function::split_top_level(arguments)
                    .into_iter()
                    .filter(|a| !a.trim().is_empty())
                    .map(|a| SqlType::parse(a.trim()))
                    .collect(),
            },
            None => GrantObject::Function(QualifiedName::parse(name)),
        }
    }

    /// One overload of a function, by name and argument types.
    pub fn overload(name: &str, arguments: &[SqlType]) -> Self {
        GrantObject::Overload {
            function: QualifiedName::parse(name),
            arguments: arguments.to_vec(),
        }
    }

    /// The name of the table, view, sequence or function the grant is on (a column's
    /// table); `None` for a schema.
    pub fn object_name(&self) -> Option<&QualifiedName> {
        match self {
            GrantObject::Table(name)
            | GrantObject::Sequence(name)
            | GrantObject::Function(name)
            | GrantObject::Overload { function: name, .. }
            | GrantObject::Column { table: name, .. } => Some(name),
            GrantObject::Schema(_) => None,
        }
    }

    /// The function's name, for a grant on a function or one of its overloads.
    pub fn function_name(&self) -> Option<&QualifiedName> {
        match self {
            GrantObject::Function(name) | GrantObject::Overload { function: name, .. } => {
                Some(name)
            }
            _ => None,
        }
    }

    /// The same object, a function named with its argument types as `schema` declares
    /// them (its functions and aggregates, then its external functions): how plans name it, so that a
    /// statement stays right whatever overloads the database holds when it runs.
    pub fn with_arguments(&self, schema: &Schema) -> GrantObject {
        let GrantObject::Function(name) = self else {
            return self.clone();
        };
        let arguments = match sole_overload(schema, name) {
            Some(arguments) => arguments,
            None => match schema.external.functions.iter().find(|f| &f.name == name) {
                Some(external) => external.arguments.clone(),
                None => return self.clone(),
            },
        };
        GrantObject::Overload {
            function: name.clone(),
            arguments,
        }
    }

    /// A sequence by name.
    pub fn sequence(name: &str) -> Self {
        GrantObject::Sequence(QualifiedName::parse(name))
    }

    /// A schema.
    pub fn schema(name: &str) -> Self {
        GrantObject::Schema(name.to_string())
    }

    /// The privileges Postgres knows for this kind of object, in canonical order: what
    /// [`Privilege::All`] stands for.
    pub fn applicable_privileges(&self) -> &'static [Privilege] {
        use Privilege::*;
        match self {
            GrantObject::Table(_) => &[
                Select, Insert, Update, Delete, Truncate, References, Trigger,
            ],
            GrantObject::Column { .. } => &[Select, Insert, Update, References],
            GrantObject::Sequence(_) => &[Select, Update, Usage],
            GrantObject::Function(_) | GrantObject::Overload { .. } => &[Execute],
            GrantObject::Schema(_) => &[Usage, Create],
        }
    }
}

/// For messages: ``table `public.users` ``, ``column `public.users.email` ``...
impl fmt::Display for GrantObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrantObject::Table(name) => write!(f, "table `{name}`"),
            GrantObject::Column { table, column } => write!(f, "column `{table}.{column}`"),
            GrantObject::Sequence(name) => write!(f, "sequence `{name}`"),
            GrantObject::Function(name) => write!(f, "function `{name}`"),
            GrantObject::Overload {
                function,
                arguments,
            } => write!(f, "function `{function}({})`", types(arguments)),
            GrantObject::Schema(name) => write!(f, "schema `{name}`"),
        }
    }
}

/// Argument types as a signature lists them: `integer, text[]`.
fn types(arguments: &[SqlType]) -> String {
    let types: Vec<String> = arguments.iter().map(ToString::to_string).collect();
    types.join(", ")
}

/// A privilege.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    /// `SELECT`
    Select,
    /// `INSERT`
    Insert,
    /// `UPDATE`
    Update,
    /// `DELETE`
    Delete,
    /// `TRUNCATE`
    Truncate,
    /// `REFERENCES`
    References,
    /// `TRIGGER`
    Trigger,
    /// `USAGE`
    Usage,
    /// `EXECUTE`
    Execute,
    /// `CREATE`
    Create,
    /// `ALL PRIVILEGES`: every privilege the object's kind has; replaced by them when
    /// the schema is built.
    All,
}

impl Privilege {
    /// All privileges with the spelling users write.
    pub const ALL: [(&'static str, Privilege); 11] = [
        ("select", Privilege::Select),
        ("insert", Privilege::Insert),
        ("update", Privilege::Update),
        ("delete", Privilege::Delete),
        ("truncate", Privilege::Truncate),
        ("references", Privilege::References),
        ("trigger", Privilege::Trigger),
        ("usage", Privilege::Usage),
        ("execute", Privilege::Execute),
        ("create", Privilege::Create),
        ("all", Privilege::All),
    ];

    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Privilege::Select => "SELECT",
            Privilege::Insert => "INSERT",
            Privilege::Update => "UPDATE",
            Privilege::Delete => "DELETE",
            Privilege::Truncate => "TRUNCATE",
            Privilege::References => "REFERENCES",
            Privilege::Trigger => "TRIGGER",
            Privilege::Usage => "USAGE",
            Privilege::Execute => "EXECUTE",
            Privilege::Create => "CREATE",
            Privilege::All => "ALL PRIVILEGES",
        }
    }
}

impl Grant {
    /// Grants `privileges` on `on` to `to`.
    pub fn new(privileges: &[Privilege], on: GrantObject, to: &str) -> Self {
        Grant {
            on,
            privileges: privileges.to_vec(),
            to: to.to_string(),
            with_grant_option: false,
        }
    }

    /// Adds `WITH GRANT OPTION`.
    pub fn with_grant_option(mut self) -> Self {
        self.with_grant_option = true;
        self
    }
}

/// Brings grants to their canonical form: `ALL` spelt out, one grant per object, grantee
/// and grant option, a privilege held with grant option not listed again without it,
/// `EXECUTE` on a function to `public` dropped (every role has it by default), and
/// everything sorted.
pub(crate) fn canonicalize(grants: &mut Vec<Grant>) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut merged: BTreeMap<(GrantObject, String, bool), BTreeSet<Privilege>> = BTreeMap::new();
    for grant in grants.drain(..) {
        let privileges = merged
            .entry((grant.on.clone(), grant.to.clone(), grant.with_grant_option))
            .or_default();
        for privilege in grant.privileges {
            if privilege == Privilege::All {
                privileges.extend(grant.on.applicable_privileges());
            } else {
                privileges.insert(privilege);
            }
        }
    }
    let with_option: BTreeMap<(GrantObject, String), BTreeSet<Privilege>> = merged
        .iter()
        .filter(|((_, _, option), _)| *option)
        .map(|((on, to, _), privileges)| ((on.clone(), to.clone()), privileges.clone()))
        .collect();
    for ((on, to, option), mut privileges) in merged {
        // Every role may execute a function unless revoked: Postgres's default, which a
        // database shows as no grant at all.
        if on.function_name().is_some() && to == "public" && !option {
            privileges.remove(&Privilege::Execute);
        }
        let privileges: Vec<Privilege> = match (option, with_option.get(&(on.clone(), to.clone())))
        {
            (false, Some(stronger)) => privileges.difference(stronger).copied().collect(),
            _ => privileges.into_iter().collect(),
        };
        if !privileges.is_empty() {
            grants.push(Grant {
                on,
                privileges,
                to,
                with_grant_option: option,
            });
        }
    }
}

/// Each of `privileges` that is not among `applicable`, in lowercase, with the applicable
/// ones listed for the message.
pub(crate) fn inapplicable(
    privileges: &[Privilege],
    applicable: &[Privilege],
) -> Vec<(String, String)> {
    let valid: Vec<String> = applicable
        .iter()
        .map(|p| format!("`{}`", p.as_str().to_ascii_lowercase()))
        .collect();
    privileges
        .iter()
        .filter(|p| !applicable.contains(p))
        .map(|p| (p.as_str().to_ascii_lowercase(), valid.join(", ")))
        .collect()
}

pub(crate) fn validate(schema: &Schema, grant: &Grant, errors: &mut Vec<SchemaError>) {
    let object = format!("grant on {} to `{}`", grant.on, grant.to);
    if !role_declared(schema, &grant.to) {
        errors.push(error(
            object.clone(),
            format!(
                "names role `{role}`, which is not declared; declare it with `.add_role(Role::new(\"{role}\"))`, or `.add_external_role(\"{role}\")` if the app does not own it",
                role = grant.to
            ),
        ));
    }
    if grant.to == "public" && grant.with_grant_option {
        errors.push(error(
            object.clone(),
            "is `WITH GRANT OPTION` to `public`, which Postgres refuses".into(),
        ));
    }
    for (privilege, valid) in inapplicable(&grant.privileges, grant.on.applicable_privileges()) {
        errors.push(error(
            object.clone(),
            format!("grants `{privilege}`, which does not apply here; expected one of {valid}"),
        ));
    }
    if let Some(message) = missing_object(schema, &grant.on) {
        errors.push(error(object, message));
    }
}

/// Why the object of a grant does not exist, if it does not.
fn missing_object(schema: &Schema, on: &GrantObject) -> Option<String> {
    let relation_columns = |name: &QualifiedName| -> Option<Vec<String>> {
        if let Some(table) = schema.table(name) {
            return Some(
                columns_of(schema, table)
                    .into_iter()
                    .map(String::from)
                    .collect(),
            );
        }
        if let Some(view) = schema.view(name) {
            return Some(view.columns.iter().map(|c| c.name.clone()).collect());
        }
        schema
            .external
            .tables
            .iter()
            .find(|t| &t.name == name)
            .map(|t| t.columns.iter().map(|c| c.name.clone()).collect())
    };
    match on {
        GrantObject::Table(name) => relation_columns(name)
            .is_none()
            .then(|| format!("`{name}` is neither a declared table nor a view")),
        GrantObject::Column { table, column } => match relation_columns(table) {
            None => Some(format!("`{table}` is neither a declared table nor a view")),
            Some(columns) if !columns.contains(column) => {
                Some(format!("`{table}` has no column `{column}`"))
            }
            Some(_) => None,
        },
        GrantObject::Sequence(name) => (!sequence::exists(schema, name)).then(|| {
            format!("`{name}` is neither a declared sequence nor the sequence of an identity column (`{{table}}_{{column}}_seq`)")
        }),
        GrantObject::Function(name) => {
            let own = routine_overloads(schema, name);
            if own.len() > 1 {
                return Some(format!(
                    "function `{name}` is overloaded ({}); name the overload with its argument types, as in `GrantObject::function(\"{name}({})\")`",
                    overloads(schema, name),
                    types(&own[0])
                ));
            }
            let declared =
                !own.is_empty() || schema.external.functions.iter().any(|f| &f.name == name);
            (!declared).then(|| format!("function `{name}` is not declared"))
        }
        GrantObject::Overload {
            function,
            arguments,
        } => {
            let own = routine_overloads(schema, function);
            let declared = own.contains(arguments)
                || schema
                    .external
                    .functions
                    .iter()
                    .any(|f| &f.name == function && &f.arguments == arguments);
            (!declared).then(|| {
                if own.is_empty() {
                    format!("function `{function}` is not declared")
                } else {
                    format!(
                        "function `{function}` has no overload `({})`; it has {}",
                        types(arguments),
                        overloads(schema, function)
                    )
                }
            })
        }
        GrantObject::Schema(name) => {
            (!schema_declared(schema, name)).then(|| format!("schema `{name}` is not declared"))
        }
    }
}

/// The argument types of each routine named `name` that `GRANT .. ON FUNCTION` can name:
/// its functions and its aggregates, which share one namespace in Postgres. `OUT`
/// arguments are left out: what a call passes names an overload.
fn routine_overloads(schema: &Schema, name: &QualifiedName) -> Vec<Vec<SqlType>> {
    let functions = schema.functions_named(name).map(|f| {
        f.arguments
            .iter()
            .filter(|a| a.mode.is_input())
            .map(|a| a.ty.clone())
            .collect()
    });
    let aggregates = schema
        .aggregates
        .iter()
        .filter(|a| &a.name == name)
        .map(|a| a.input_types());
    functions.chain(aggregates).collect()
}

/// The argument types of the routine a name alone names: its only one or, when the name is
/// overloaded, its overload without arguments (as [`Schema::function`] finds it).
fn sole_overload(schema: &Schema, name: &QualifiedName) -> Option<Vec<SqlType>> {
    let own = routine_overloads(schema, name);
    match own.as_slice() {
        [only] => Some(only.clone()),
        _ => own.into_iter().find(Vec::is_empty),
    }
}

/// The overloads of a routine name, for messages: `` `f()`, `f(integer)` ``.
fn overloads(schema: &Schema, name: &QualifiedName) -> String {
    let overloads: Vec<String> = routine_overloads(schema, name)
        .iter()
        .map(|arguments| format!("`{name}({})`", types(arguments)))
        .collect();
    overloads.join(", ")
}

/// A grant names a function by name alone unless the name has several overloads, in
/// `schema` built: one object has one spelling, so grants compare equal however written.
pub(crate) fn name_functions(schema: &mut Schema) {
    let mut grants = std::mem::take(&mut schema.grants);
    for grant in &mut grants {
        if let GrantObject::Overload {
            function,
            arguments,
        } = &grant.on
        {
            let own = routine_overloads(schema, function);
            let alone = match own.as_slice() {
                [only] => only == arguments,
                [] => schema
                    .external
                    .functions
                    .iter()
                    .any(|f| &f.name == function && &f.arguments == arguments),
                _ => false,
            };
            if alone {
                grant.on = GrantObject::Function(function.clone());
            }
        }
    }
    schema.grants = grants;
}

/// Whether `name` is `public`, a schema the app owns or one holding external objects.
pub(crate) fn schema_declared(schema: &Schema, name: &str) -> bool {
    name == DEFAULT_SCHEMA
        || schema.schemas.iter().any(|s| s == name)
        || schema
            .external
            .tables
            .iter()
            .map(|t| &t.name.schema)
            .chain(schema.external.functions.iter().map(|f| &f.name.schema))
            .any(|s| s == name)
}

type GrantKey = (GrantObject, String, bool);

/// The grants of `schema`, a function named with its argument types: the same overload
/// compares equal whether the name has one function on one side and several on the other.
fn privileges(schema: &Schema) -> BTreeMap<GrantKey, BTreeSet<Privilege>> {
    schema
        .grants
        .iter()
        .map(|g| {
            let key = (
                g.on.with_arguments(schema),
                g.to.clone(),
                g.with_grant_option,
            );
            (key, g.privileges.iter().copied().collect())
        })
        .collect()
}

/// Whether the object a grant is on exists in `schema`: grants on an object that goes
/// away go with it, and need no revoking.
fn exists(schema: &Schema, on: &GrantObject) -> bool {
    let relation =
        |name: &QualifiedName| schema.table(name).is_some() || schema.view(name).is_some();
    match on {
        GrantObject::Table(name) | GrantObject::Column { table: name, .. } => relation(name),
        GrantObject::Sequence(name) => sequence::exists(schema, name),
        GrantObject::Function(name) => sole_overload(schema, name).is_some(),
        GrantObject::Overload {
            function,
            arguments,
        } => routine_overloads(schema, function).contains(arguments),
        GrantObject::Schema(_) => true,
    }
}

pub(crate) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let old = privileges(from);
    let new = privileges(to);
    let grant = |(on, role, option): &GrantKey, privileges: Vec<Privilege>| Grant {
        on: on.clone(),
        privileges,
        to: role.clone(),
        with_grant_option: *option,
    };
    for (key, held) in &old {
        let wanted = new.get(key);
        let revoked: Vec<Privilege> = held
            .iter()
            .filter(|p| wanted.is_none_or(|w| !w.contains(p)))
            .copied()
            .collect();
        if revoked.is_empty() || !exists(to, &key.0) {
            continue;
        }
        // `REVOKE GRANT OPTION FOR` leaves the privilege: only for those the new side
        // still holds without the option; the others are revoked outright.
        let (on, role, option) = key;
        let kept = new.get(&(on.clone(), role.clone(), false));
        let (option_only, outright): (Vec<Privilege>, Vec<Privilege>) = revoked
            .into_iter()
            .partition(|p| *option && kept.is_some_and(|k| k.contains(p)));
        for (privileges, with_grant_option) in [(option_only, true), (outright, false)] {
            if !privileges.is_empty() {
                changes.push(Change::Revoke {
                    grant: grant(&(on.clone(), role.clone(), with_grant_option), privileges),
                });
            }
        }
    }
    for (key, wanted) in &new {
        let held = old.get(key);
        let granted: Vec<Privilege> = wanted
            .iter()
            .filter(|p| held.is_none_or(|h| !h.contains(p)))
            .copied()
            .collect();
        if !granted.is_empty() {
            changes.push(Change::Grant {
                grant: grant(key, granted),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Privilege::*;

    /// A privilege held with grant option loses only the option when the new side holds
    /// it plainly, and goes altogether otherwise.
    #[test]
    fn a_grant_option_is_revoked_alone_or_with_its_privilege() {
        let schema = |grants: &[Grant]| {
            let mut builder = Schema::builder()
                .add_role(crate::Role::new("reader"))
                .add_table(crate::TableDef::new(QualifiedName::parse("users")));
            for grant in grants {
                builder = builder.add_grant(grant.clone());
            }
            builder.build().unwrap()
        };
        let optioned = Grant::new(&[Select, Insert], GrantObject::table("users"), "reader")
            .with_grant_option();
        let plain = Grant::new(&[Select], GrantObject::table("users"), "reader");
        let revokes = |from: &Schema, to: &Schema| -> Vec<Grant> {
            crate::diff::diff(from, to)
                .into_iter()
                .filter_map(|change| match change {
                    Change::Revoke { grant } => Some(grant),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            revokes(&schema(std::slice::from_ref(&optioned)), &schema(&[plain])),
            vec![
                Grant::new(&[Select], GrantObject::table("users"), "reader").with_grant_option(),
                Grant::new(&[Insert], GrantObject::table("users"), "reader"),
            ]
        );
        assert_eq!(
            revokes(&schema(&[optioned]), &schema(&[])),
            vec![Grant::new(
                &[Select, Insert],
                GrantObject::table("users"),
                "reader"
            )]
        );
    }

    #[test]
    fn grants_merge_and_spell_out_all() {
        let mut grants = vec![
            Grant::new(&[Update, Select], GrantObject::table("users"), "app"),
            Grant::new(&[Select, Insert], GrantObject::table("users"), "app"),
            Grant::new(&[All], GrantObject::function("f"), "app"),
            Grant::new(&[Select], GrantObject::table("users"), "admin").with_grant_option(),
            Grant::new(&[Select, Delete], GrantObject::table("users"), "admin"),
            Grant::new(&[Usage], GrantObject::schema("app"), "app").with_grant_option(),
            Grant::new(&[Usage], GrantObject::schema("app"), "app"),
        ];
        canonicalize(&mut grants);
        assert_eq!(
            grants,
            vec![
                Grant::new(&[Delete], GrantObject::table("users"), "admin"),
                Grant::new(&[Select], GrantObject::table("users"), "admin").with_grant_option(),
                Grant::new(
                    &[Select, Insert, Update],
                    GrantObject::table("users"),
                    "app"
                ),
                Grant::new(&[Execute], GrantObject::function("f"), "app"),
                Grant::new(&[Usage], GrantObject::schema("app"), "app").with_grant_option(),
            ]
        );
    }
}
