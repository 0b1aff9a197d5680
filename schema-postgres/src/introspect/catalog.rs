//! The catalog queries: one per object kind, each over every selected table at once, so
//! the number of round trips does not grow with the size of the database.
//!
//! Every query qualifies catalog names with `pg_catalog` and runs in the one read-only
//! snapshot [`read`] opens, with `search_path` set to `pg_catalog, public`: the text
//! Postgres prints (`format_type`, `pg_get_expr`) qualifies names outside `public`, the
//! way the model spells them, whatever the connecting role's own settings.

use super::IntrospectError;
use postgres::types::Oid;
use postgres::{IsolationLevel, Transaction};

/// Everything read from the catalog, as rows.
pub(super) struct Catalog {
    pub namespaces: Vec<String>,
    pub enums: Vec<EnumRow>,
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub policies: Vec<PolicyRow>,
}

pub(super) struct EnumRow {
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub labels: Vec<String>,
}

pub(super) struct TableRow {
    pub oid: Oid,
    pub schema: String,
    pub name: String,
    /// `r` (ordinary) or `p` (partitioned).
    pub kind: String,
    pub is_partition: bool,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub comment: Option<String>,
    /// `PARTITION BY` clause of a partitioned table.
    pub partition_key: Option<String>,
    /// The table this one inherits from or is a partition of, as `schema.name`.
    pub parent: Option<String>,
    /// `p` (permanent), `u` (unlogged).
    pub persistence: String,
}

pub(super) struct ColumnRow {
    pub table: Oid,
    pub name: String,
    /// `format_type` of the column's type.
    pub type_text: String,
    /// The enum type of the column (or of its array elements), as schema and name.
    pub enum_type: Option<(String, String)>,
    pub is_array: bool,
    pub not_null: bool,
    /// `a` (always), `d` (by default) or empty.
    pub identity: String,
    /// `s` (stored) or empty.
    pub generated: String,
    /// `pg_get_expr` of the default, or of the generation expression.
    pub expression: Option<String>,
    pub comment: Option<String>,
}

pub(super) struct ConstraintRow {
    pub table: Oid,
    pub name: String,
    /// `p`, `u`, `c`, `f` or `x`.
    pub kind: String,
    /// Constrained columns, in key order.
    pub columns: Vec<String>,
    /// Referenced table of a foreign key.
    pub references: Option<(String, String)>,
    /// Referenced columns, in key order, and their `format_type`s when the referenced
    /// table is not read (it becomes an external table).
    pub referenced_columns: Vec<String>,
    pub referenced_types: Vec<String>,
    pub on_update: String,
    pub on_delete: String,
    /// `s` (simple), `f` (full) or `p` (partial).
    pub match_type: String,
    pub deferrable: bool,
    pub deferred: bool,
    pub validated: bool,
    /// Check expression.
    pub expression: Option<String>,
    /// The whole definition of an exclusion constraint, for its note.
    pub definition: Option<String>,
}

pub(super) struct IndexRow {
    pub table: Oid,
    pub name: String,
    pub method: String,
    pub unique: bool,
    pub valid: bool,
    /// Number of key columns; the rest are `INCLUDE` columns.
    pub key_count: usize,
    /// Per index column: its name, or `None` for an expression.
    pub columns: Vec<Option<String>>,
    /// Per index column: the text of an expression (`pg_get_indexdef(index, n, true)`).
    pub definitions: Vec<Option<String>>,
    /// Per key column: the operator class when it is not the type's default.
    pub opclasses: Vec<Option<String>>,
    /// Per key column: `indoption` bits (1 = DESC, 2 = NULLS FIRST).
    pub options: Vec<i16>,
    pub predicate: Option<String>,
}

pub(super) struct PolicyRow {
    pub table: Oid,
    pub name: String,
    pub permissive: bool,
    /// `r`, `a`, `w`, `d` or `*`.
    pub command: String,
    /// Role names; empty for `PUBLIC`.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

const NAMESPACES: &str = "
SELECT n.nspname::text
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1";

const ENUMS: &str = "
SELECT n.nspname::text, t.typname::text, ds.description,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
  AND ds.objsubid = 0
WHERE t.typtype = 'e' AND n.nspname = ANY($1)
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2";

const TABLES: &str = "
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, c.relispartition,
       c.relrowsecurity, c.relforcerowsecurity,
       ds.description,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
       (SELECT pn.nspname || '.' || pc.relname
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = c.oid ORDER BY i.inhseqno LIMIT 1),
       c.relpersistence::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND ds.objsubid = 0
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3";

const COLUMNS: &str = "
SELECT a.attrelid, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
       en.nspname::text, e.typname::text, t.typcategory = 'A',
       a.attnotnull, a.attidentity::text, a.attgenerated::text,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid, true),
       ds.description
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type e
  ON e.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END AND e.typtype = 'e'
LEFT JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = a.attrelid AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND ds.objsubid = a.attnum
WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum";

// `conparentid = 0` leaves out the copies Postgres makes of a foreign key for each
// partition of the table it references.
const CONSTRAINTS: &str = "
SELECT con.conrelid, con.conname::text, con.contype::text,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.ord),
       fn.nspname::text, fc.relname::text,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.ord),
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
             FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             WHERE NOT con.confrelid = ANY($1)
             ORDER BY k.ord),
       con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text,
       con.condeferrable, con.condeferred, con.convalidated,
       pg_catalog.pg_get_expr(con.conbin, con.conrelid, true),
       CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'c', 'f', 'x')
  AND con.conparentid = 0
ORDER BY con.conrelid, con.conname";

// Indexes behind a primary key, unique or exclusion constraint belong to the constraint.
const INDEXES: &str = "
SELECT i.indrelid, ic.relname::text, am.amname::text, i.indisunique, i.indisvalid,
       i.indnkeyatts::int4,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
             ORDER BY k.ord),
       ARRAY(SELECT CASE WHEN k.num = 0
                      THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int4, true)
                    END
             FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
             ORDER BY k.ord),
       ARRAY(SELECT CASE
                      WHEN oc.opcdefault THEN NULL
                      WHEN pg_catalog.pg_opclass_is_visible(oc.oid) THEN oc.opcname::text
                      ELSE ocn.nspname || '.' || oc.opcname
                    END
             FROM pg_catalog.unnest(i.indclass::oid[]) WITH ORDINALITY k(opc, ord)
             JOIN pg_catalog.pg_opclass oc ON oc.oid = k.opc
             JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
             ORDER BY k.ord),
       i.indoption::int2[],
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY($1)
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname";

const POLICIES: &str = "
SELECT p.polrelid, p.polname::text, p.polpermissive, p.polcmd::text,
       CASE WHEN 0::pg_catalog.oid = ANY(p.polroles) THEN ARRAY[]::text[]
            ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                       WHERE r.oid = ANY(p.polroles) ORDER BY 1)
       END,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid, true),
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true)
FROM pg_catalog.pg_policy p
WHERE p.polrelid = ANY($1)
ORDER BY p.polrelid, p.polname";

/// Reads the catalog in one read-only, repeatable-read transaction, so every query sees the
/// same state even while migrations run. `select` picks the namespaces to read from all
/// non-system ones.
pub(super) fn read(
    client: &mut postgres::Client,
    select: impl FnOnce(Vec<String>) -> Result<Vec<String>, IntrospectError>,
) -> Result<Catalog, IntrospectError> {
    let step = |context: &'static str| move |source| IntrospectError::Database { context, source };
    let mut tx: Transaction<'_> = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(step("starting a read-only transaction"))?;
    tx.batch_execute("SET LOCAL search_path = pg_catalog, public")
        .map_err(step("setting the search path"))?;

    let all: Vec<String> = tx
        .query(NAMESPACES, &[])
        .map_err(step("reading schemas"))?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let namespaces = select(all)?;

    let enums = tx
        .query(ENUMS, &[&namespaces])
        .map_err(step("reading enum types"))?
        .iter()
        .map(|row| EnumRow {
            schema: row.get(0),
            name: row.get(1),
            comment: row.get(2),
            labels: row.get(3),
        })
        .collect();

    let tables: Vec<TableRow> = tx
        .query(TABLES, &[&namespaces])
        .map_err(step("reading tables"))?
        .iter()
        .map(|row| TableRow {
            oid: row.get(0),
            schema: row.get(1),
            name: row.get(2),
            kind: row.get(3),
            is_partition: row.get(4),
            rls_enabled: row.get(5),
            rls_forced: row.get(6),
            comment: row.get(7),
            partition_key: row.get(8),
            parent: row.get(9),
            persistence: row.get(10),
        })
        .collect();
    // Partitions are reported, not read: see `assemble`.
    let oids: Vec<Oid> = tables
        .iter()
        .filter(|t| !t.is_partition)
        .map(|t| t.oid)
        .collect();

    let columns = tx
        .query(COLUMNS, &[&oids])
        .map_err(step("reading columns"))?
        .iter()
        .map(|row| {
            let schema: Option<String> = row.get(3);
            let name: Option<String> = row.get(4);
            ColumnRow {
                table: row.get(0),
                name: row.get(1),
                type_text: row.get(2),
                enum_type: schema.zip(name),
                is_array: row.get(5),
                not_null: row.get(6),
                identity: row.get(7),
                generated: row.get(8),
                expression: row.get(9),
                comment: row.get(10),
            }
        })
        .collect();

    let constraints = tx
        .query(CONSTRAINTS, &[&oids])
        .map_err(step("reading constraints"))?
        .iter()
        .map(|row| {
            let schema: Option<String> = row.get(4);
            let name: Option<String> = row.get(5);
            ConstraintRow {
                table: row.get(0),
                name: row.get(1),
                kind: row.get(2),
                columns: row.get(3),
                references: schema.zip(name),
                referenced_columns: row.get(6),
                referenced_types: row.get(7),
                on_update: row.get(8),
                on_delete: row.get(9),
                match_type: row.get(10),
                deferrable: row.get(11),
                deferred: row.get(12),
                validated: row.get(13),
                expression: row.get(14),
                definition: row.get(15),
            }
        })
        .collect();

    let indexes = tx
        .query(INDEXES, &[&oids])
        .map_err(step("reading indexes"))?
        .iter()
        .map(|row| {
            let key_count: i32 = row.get(5);
            IndexRow {
                table: row.get(0),
                name: row.get(1),
                method: row.get(2),
                unique: row.get(3),
                valid: row.get(4),
                key_count: usize::try_from(key_count).unwrap_or_default(),
                columns: row.get(6),
                definitions: row.get(7),
                opclasses: row.get(8),
                options: row.get(9),
                predicate: row.get(10),
            }
        })
        .collect();

    let policies = tx
        .query(POLICIES, &[&oids])
        .map_err(step("reading policies"))?
        .iter()
        .map(|row| PolicyRow {
            table: row.get(0),
            name: row.get(1),
            permissive: row.get(2),
            command: row.get(3),
            roles: row.get(4),
            using: row.get(5),
            with_check: row.get(6),
        })
        .collect();

    tx.commit()
        .map_err(step("ending the read-only transaction"))?;
    Ok(Catalog {
        namespaces,
        enums,
        tables,
        columns,
        constraints,
        indexes,
        policies,
    })
}
