//! The validated schema and its builder.

use crate::{
    AggregateDef, CollationDef, CompositeDef, DefaultPrivilege, DomainDef, EnumDef, Extension,
    External, FunctionDef, Grant, Opaque, QualifiedName, Role, SchemaBuilder, SequenceDef,
    TableDef, ViewDef,
};
use serde::{Deserialize, Serialize};

/// A complete, validated database schema: what the derives, a snapshot or a live database
/// describe. Everything in it is sorted by name, so equal schemas are equal values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Postgres schemas (namespaces) the app owns, other than `public`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<String>,
    /// Schemas Citus shards by schema (`citus_schema_distribute`): each of their tables is
    /// a single-shard table, all of one schema on one node, as for a tenant per schema.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distributed_schemas: Vec<String>,
    /// Enum types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumDef>,
    /// Tables, partitioned parents and partitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableDef>,
    /// Extensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// Roles the app owns (created by the DDL), as opposed to external roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Collations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collations: Vec<CollationDef>,
    /// Domains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<DomainDef>,
    /// Composite types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeDef>,
    /// Sequences: standalone ones and those behind `serial` columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<SequenceDef>,
    /// Functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<FunctionDef>,
    /// Aggregates (`CREATE AGGREGATE`), each after the functions it calls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregates: Vec<AggregateDef>,
    /// Views and materialized views.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<ViewDef>,
    /// Privileges granted, in canonical form (see [`Grant`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    /// Default privileges: what objects get when they are created (see
    /// [`DefaultPrivilege`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_privileges: Vec<DefaultPrivilege>,
    /// Objects the structural model cannot hold, kept as their definition text (see
    /// [`Opaque`]): rules, range types, foreign tables, window functions, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opaque: Vec<Opaque>,
    /// Objects referenced but not owned.
    #[serde(default, skip_serializing_if = "External::is_empty")]
    pub external: External,
}

impl Schema {
    /// Starts a schema.
    pub fn builder() -> SchemaBuilder {
        SchemaBuilder::default()
    }

    /// Looks a table up by name.
    pub fn table(&self, name: &QualifiedName) -> Option<&TableDef> {
        by_name(&self.tables, name, |t| &t.name)
    }

    /// Looks an enum type up by name.
    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumDef> {
        by_name(&self.enums, name, |e| &e.name)
    }

    /// Looks a function up by name: the one function of that name or, when the name is
    /// overloaded, its overload without arguments (the one a trigger calls); `None` when
    /// every overload takes arguments. [`function_overload`](Self::function_overload) finds
    /// one by its argument types.
    pub fn function(&self, name: &QualifiedName) -> Option<&FunctionDef> {
        let found = by_name(&self.functions, name, |f| &f.name)?;
        if self.functions_named(name).nth(1).is_none() {
            return Some(found);
        }
        self.functions
            .iter()
            .find(|f| &f.name == name && f.argument_types().is_empty())
    }

    /// Every function of that name: one, or several overloads.
    pub fn functions_named<'a>(
        &'a self,
        name: &'a QualifiedName,
    ) -> impl Iterator<Item = &'a FunctionDef> + 'a {
        self.functions.iter().filter(move |f| &f.name == name)
    }

    /// The function of that name whose input argument types are `types`, as SQL
    /// (`integer`, `text[]`, in the spelling [`SqlType`](crate::SqlType) displays; `OUT`
    /// arguments left out, as Postgres identifies a function).
    pub fn function_overload<T: AsRef<str>>(
        &self,
        name: &QualifiedName,
        types: &[T],
    ) -> Option<&FunctionDef> {
        self.functions.iter().find(|f| {
            let own = f.argument_types();
            &f.name == name
                && own.len() == types.len()
                && own.iter().zip(types).all(|(a, t)| a == t.as_ref())
        })
    }

    /// Looks a sequence up by name.
    pub fn sequence(&self, name: &QualifiedName) -> Option<&SequenceDef> {
        by_name(&self.sequences, name, |s| &s.name)
    }

    /// Looks a view or materialized view up by name.
    pub fn view(&self, name: &QualifiedName) -> Option<&ViewDef> {
        by_name(&self.views, name, |v| &v.name)
    }
}

/// The item named `name` in `items`. Built and read schemas keep their lists sorted by name
/// (see [`Schema`]), so this is a binary search: validating or planning thousands of tables
/// looks tables up once per foreign key, and a scan made that quadratic. A schema whose
/// fields were filled by hand in another order is still searched correctly, by a scan after
/// the binary search misses.
fn by_name<'a, T>(
    items: &'a [T],
    name: &QualifiedName,
    key: impl Fn(&T) -> &QualifiedName,
) -> Option<&'a T> {
    match items.binary_search_by(|item| key(item).cmp(name)) {
        Ok(found) => Some(&items[found]),
        Err(_) => items.iter().find(|item| key(item) == name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted lists are binary-searched; a schema filled by hand in another order is still
    /// searched right.
    #[test]
    fn lookups_find_tables_in_sorted_and_unsorted_lists() {
        let tables = |names: &[&str]| {
            names
                .iter()
                .map(|n| TableDef::new(QualifiedName::parse(n)))
                .collect::<Vec<_>>()
        };
        for order in [["a", "b", "c", "d"], ["d", "b", "a", "c"]] {
            let schema = Schema {
                tables: tables(&order),
                ..Schema::default()
            };
            for name in ["a", "b", "c", "d"] {
                let found = schema.table(&QualifiedName::parse(name));
                assert_eq!(found.map(|t| t.name.name.as_str()), Some(name), "{order:?}");
            }
            assert!(schema.table(&QualifiedName::parse("e")).is_none());
        }
    }
}
