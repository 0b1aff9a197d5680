//! Lints on a table's own shape: its key, its column types, its foreign keys into `auth`.

use super::{part, Finding, Lint};
use crate::schema::Schema;
use crate::types::SqlType;
use crate::TableDef;

pub(super) fn check(schema: &Schema, findings: &mut Vec<Finding>) {
    for table in &schema.tables {
        no_primary_key(table, findings);
        unsupported_reg_types(table, findings);
        fkey_to_auth_unique(schema, table, findings);
    }
}

fn no_primary_key(table: &TableDef, findings: &mut Vec<Finding>) {
    // A partition has its parent's key.
    if table.primary_key.is_some() || table.partition_of.is_some() {
        return;
    }
    findings.push(Finding::new(
        Lint::NoPrimaryKey,
        &table.name,
        "without a primary key a row cannot be addressed: updates and deletes scan, and \
         logical replication (Realtime, read replicas) cannot replicate them"
            .into(),
        "mark the identifying field `#[column(primary_key)]`, or add \
         `#[table(primary_key(a, b))]`; an `id uuid` with `default = \"gen_random_uuid()\"` \
         serves when nothing identifies a row"
            .into(),
    ));
}

/// The `reg*` types `pg_upgrade` refuses: their values are OIDs of catalog rows that the
/// upgraded cluster numbers differently (`regclass`, `regrole` and `regtype` it handles).
const UNSUPPORTED_REG_TYPES: &[&str] = &[
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
];

fn unsupported_reg_type(ty: &SqlType) -> Option<&str> {
    match ty {
        SqlType::Array(inner) => unsupported_reg_type(inner),
        SqlType::Custom(text) => {
            let name = text.trim().to_ascii_lowercase();
            let name = name.strip_prefix("pg_catalog.").unwrap_or(&name);
            UNSUPPORTED_REG_TYPES.iter().find(|t| **t == name).copied()
        }
        _ => None,
    }
}

fn unsupported_reg_types(table: &TableDef, findings: &mut Vec<Finding>) {
    for column in &table.columns {
        if let Some(ty) = unsupported_reg_type(&column.ty) {
            findings.push(
                Finding::new(
                    Lint::UnsupportedRegTypes,
                    &table.name,
                    format!(
                        "`{ty}` stores a catalog OID, which `pg_upgrade` cannot carry over, so \
                         the project cannot be upgraded to a new Postgres major version"
                    ),
                    format!(
                        "store the object's name as `text` (or use `regclass`, `regrole` or \
                         `regtype`, which `pg_upgrade` supports) instead of `{ty}`"
                    ),
                )
                .item(part("column", &column.name)),
            );
        }
    }
}

fn fkey_to_auth_unique(schema: &Schema, table: &TableDef, findings: &mut Vec<Finding>) {
    for key in &table.foreign_keys {
        if key.references.schema != "auth" {
            continue;
        }
        let Some(target) = schema
            .external
            .tables
            .iter()
            .find(|t| t.name == key.references)
        else {
            continue;
        };
        let primary = target.columns.first().map(|c| c.name.as_str());
        let to_primary = key.referenced_columns.len() == 1
            && primary == Some(key.referenced_columns[0].as_str());
        if to_primary {
            continue;
        }
        findings.push(
            Finding::new(
                Lint::FkeyToAuthUnique,
                &table.name,
                format!(
                    "`{}({})` is a unique constraint Supabase owns and may drop or change in an \
                     upgrade, which would fail or take this foreign key with it",
                    key.references,
                    key.referenced_columns.join(", ")
                ),
                format!(
                    "reference the primary key instead: `references = \"{}({})\"`",
                    key.references,
                    primary.unwrap_or("id")
                ),
            )
            .item(part("foreign key", &key.name)),
        );
    }
}
