//! Catalog rows -> model values, and a note for everything the model cannot hold yet: each
//! kind turns its own rows into values (`crate::kinds`); this puts them together (columns
//! into tables and views, triggers onto their tables and views, roles that are named).

use super::catalog::Catalog;
use super::Note;
use crate::kinds::column::catalog::{column, ColumnRow};
use crate::kinds::constraint::catalog::{constraint, ExternalTables};
use crate::kinds::function::catalog::function;
use crate::kinds::grant::catalog::grant;
use crate::kinds::index::catalog::index;
use crate::kinds::policy::catalog::policy;
use crate::kinds::table::catalog::table;
use crate::kinds::trigger::catalog::trigger;
use crate::kinds::view::catalog::view;
use postgres::types::Oid;
use schema_core::{
    EnumDef, ExternalFunction, FunctionDef, Index, QualifiedName, Schema, SqlType, TableDef,
    ViewDef, DEFAULT_SCHEMA,
};
use std::collections::{BTreeMap, BTreeSet};

/// Rows in, an unvalidated schema and notes out.
pub(super) fn assemble(mut catalog: Catalog) -> (Schema, Vec<Note>) {
    let mut notes = catalog.notes;
    let enums: Vec<EnumDef> = catalog.enums;
    let enum_names: BTreeSet<QualifiedName> = enums.iter().map(|e| e.name.clone()).collect();

    let mut tables: BTreeMap<Oid, TableDef> = BTreeMap::new();
    for row in &catalog.tables {
        if let Some(def) = table(row, &mut notes) {
            tables.insert(row.oid, def);
        }
    }
    let owned: BTreeSet<QualifiedName> = tables.values().map(|t| t.name.clone()).collect();

    let mut view_columns: BTreeMap<Oid, Vec<ColumnRow>> = BTreeMap::new();
    for row in catalog.columns {
        if let Some(table) = tables.get_mut(&row.table) {
            table.columns.push(column(row, &enum_names));
        } else {
            view_columns.entry(row.table).or_default().push(row);
        }
    }
    let mut external = ExternalTables::default();
    for (table, column, ty) in &catalog.external_parents {
        external.add(
            table,
            std::slice::from_ref(column),
            std::slice::from_ref(ty),
        );
    }
    for row in catalog.constraints {
        if let Some(table) = tables.get_mut(&row.table) {
            constraint(row, table, &owned, &mut external, &mut notes);
        }
    }
    let mut view_indexes: BTreeMap<Oid, Vec<Index>> = BTreeMap::new();
    for row in catalog.indexes {
        if let Some(table) = tables.get_mut(&row.table) {
            if !row.valid {
                // Left by a failed concurrent build: the plan drops it.
                table.invalid_indexes.push(row.name);
                continue;
            }
            let owner = format_args!("table `{}`", table.name);
            if let Some(index) = index(row, &owner, &mut notes) {
                table.indexes.push(index);
            }
        } else {
            let relation = row.table;
            let owner = catalog
                .views
                .iter()
                .find(|v| v.oid == relation)
                .map(|v| format!("materialized view `{}.{}`", v.schema, v.name))
                .unwrap_or_default();
            if let Some(index) = index(row, &owner, &mut notes) {
                view_indexes.entry(relation).or_default().push(index);
            }
        }
    }
    let mut roles = BTreeSet::new();
    for row in catalog.policies {
        if let Some(table) = tables.get_mut(&row.table) {
            roles.extend(row.roles.iter().cloned());
            table.policies.push(policy(row));
        }
    }

    let mut functions: Vec<FunctionDef> = Vec::new();
    for row in catalog.functions {
        if let Some(function) = function(row, &mut notes) {
            functions.push(function);
        }
    }
    // Overloads in the order a built schema keeps them.
    functions.sort_by(|a, b| a.identity().cmp(&b.identity()));

    let mut views: BTreeMap<Oid, ViewDef> = BTreeMap::new();
    for row in catalog.views {
        let columns = view_columns.remove(&row.oid).unwrap_or_default();
        let indexes = view_indexes.remove(&row.oid).unwrap_or_default();
        let oid = row.oid;
        views.insert(oid, view(row, columns, indexes, &enum_names, &mut notes));
    }

    for row in catalog.triggers {
        let triggers = if let Some(table) = tables.get_mut(&row.relation) {
            &mut table.triggers
        } else if let Some(view) = views.get_mut(&row.relation) {
            &mut view.triggers
        } else {
            continue;
        };
        if let Some(trigger) = trigger(row) {
            triggers.push(trigger);
        }
    }

    // Trigger functions outside the schemas read are the app's to call, not to manage.
    let mut external_functions: Vec<ExternalFunction> = Vec::new();
    let triggers = tables
        .values()
        .flat_map(|t| &t.triggers)
        .chain(views.values().flat_map(|v| &v.triggers));
    for trigger in triggers {
        let name = &trigger.function;
        let outside = name.schema != "pg_catalog" && !catalog.namespaces.contains(&name.schema);
        if outside && !external_functions.iter().any(|f| &f.name == name) {
            external_functions.push(ExternalFunction {
                name: name.clone(),
                arguments: Vec::new(),
                returns: SqlType::Custom("trigger".into()),
                stand_in: None,
            });
        }
    }

    let mut grants = Vec::new();
    for row in catalog.grants {
        if row.grantee != "public" {
            roles.insert(row.grantee.clone());
        }
        if let Some(grant) = grant(row, &mut notes) {
            grants.push(grant);
        }
    }

    for def in &catalog.objects.default_privileges {
        roles.extend(
            def.for_role
                .iter()
                .chain([&def.to])
                .filter(|r| *r != "public")
                .cloned(),
        );
    }

    #[cfg(feature = "introspect")]
    crate::kinds::distribution::catalog::apply(
        tables.values_mut(),
        std::mem::take(&mut catalog.objects.tables),
    );
    let schema = Schema {
        schemas: catalog
            .namespaces
            .into_iter()
            .filter(|n| n != DEFAULT_SCHEMA)
            .collect(),
        enums,
        tables: tables.into_values().collect(),
        external: schema_core::External {
            tables: external.into_tables(),
            functions: external_functions,
            roles: roles.into_iter().collect(),
        },
        functions,
        views: views.into_values().collect(),
        grants,
        ..catalog.objects
    };
    notes.sort_by(|a, b| (&a.object, &a.message).cmp(&(&b.object, &b.message)));
    (schema, notes)
}

#[cfg(test)]
mod tests {
    use crate::kinds::function::catalog::search_path_value;
    use crate::kinds::partition::catalog::{partition_bound, partition_key};
    use crate::kinds::trigger::catalog::when_clause;
    use schema_core::{IndexTarget, PartitionBound, PartitionBy, PartitionStrategy};

    #[test]
    fn partition_texts_parse() {
        assert_eq!(
            partition_key("LIST (lower(country))"),
            Some(PartitionBy {
                strategy: PartitionStrategy::List,
                keys: vec![IndexTarget::Expression("lower(country)".into())]
            })
        );
        assert_eq!(
            partition_key("RANGE (happened_at, \"Kind\")").unwrap().keys,
            vec![
                IndexTarget::Column("happened_at".into()),
                IndexTarget::Column("Kind".into())
            ]
        );
        assert_eq!(
            partition_bound(
                "FOR VALUES FROM ('2025-01-01 00:00:00+00', 1) TO (MAXVALUE, MAXVALUE)"
            ),
            Some(PartitionBound::Range {
                from: vec!["'2025-01-01 00:00:00+00'".into(), "1".into()],
                to: vec!["MAXVALUE".into(), "MAXVALUE".into()],
            })
        );
        assert_eq!(
            partition_bound("FOR VALUES IN ('a, b', 'c')"),
            Some(PartitionBound::List(vec!["'a, b'".into(), "'c'".into()]))
        );
        assert_eq!(
            partition_bound("FOR VALUES WITH (modulus 4, remainder 3)"),
            Some(PartitionBound::hash(4, 3))
        );
        assert_eq!(partition_bound("DEFAULT"), Some(PartitionBound::Default));
        assert_eq!(partition_bound("FOR VALUES SOMEHOW"), None);
    }

    #[test]
    fn trigger_conditions_and_search_paths_parse() {
        assert_eq!(
            when_clause("CREATE TRIGGER t AFTER UPDATE ON public.d FOR EACH ROW WHEN ((old.title IS DISTINCT FROM new.title)) EXECUTE FUNCTION audit('a')").as_deref(),
            Some("(old.title IS DISTINCT FROM new.title)")
        );
        assert_eq!(
            when_clause("CREATE TRIGGER t AFTER UPDATE ON public.d FOR EACH ROW EXECUTE FUNCTION audit('WHEN (x)')"),
            None
        );
        assert_eq!(search_path_value("public, pg_temp"), ["public", "pg_temp"]);
        assert_eq!(search_path_value("\"\""), Vec::<String>::new());
        assert_eq!(
            search_path_value("\"My Schema\", public"),
            ["My Schema", "public"]
        );
    }
}
