//! The catalog queries for the objects beyond tables and enums: extensions, domains,
//! composite types, functions, views and materialized views, triggers and grants. Like the
//! table queries, each reads every selected object at once, in the same snapshot.

use postgres::types::Oid;
use postgres::Transaction;

pub(super) struct Objects {
    pub extensions: Vec<ExtensionRow>,
    pub domains: Vec<DomainRow>,
    pub composites: Vec<CompositeRow>,
    pub functions: Vec<FunctionRow>,
    pub views: Vec<ViewRow>,
    pub triggers: Vec<TriggerRow>,
    pub grants: Vec<GrantRow>,
    /// Objects the model has no place for: (what, `schema.name`).
    pub unsupported: Vec<(String, String)>,
}

pub(super) struct ExtensionRow {
    pub name: String,
    pub schema: String,
}

pub(super) struct DomainRow {
    pub schema: String,
    pub name: String,
    /// `format_type` of the base type.
    pub base: String,
    /// The base type, when it is an enum.
    pub base_enum: Option<(String, String)>,
    pub not_null: bool,
    pub default: Option<String>,
    pub comment: Option<String>,
    pub check_names: Vec<String>,
    pub check_expressions: Vec<String>,
}

pub(super) struct CompositeRow {
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    pub attribute_names: Vec<String>,
    pub attribute_types: Vec<String>,
}

pub(super) struct FunctionRow {
    pub schema: String,
    pub name: String,
    pub language: String,
    /// `f` function, `p` procedure, `a` aggregate, `w` window.
    pub kind: String,
    /// `v`, `s` or `i`.
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    pub returns_set: bool,
    pub return_type: String,
    /// Names of all arguments (empty strings for unnamed ones), `TABLE` columns included.
    pub arg_names: Vec<String>,
    /// Modes of all arguments (`i`, `o`, `b`, `v`, `t`); empty when all are `IN`.
    pub arg_modes: Vec<String>,
    /// `format_type` of all arguments, in order.
    pub arg_types: Vec<String>,
    /// `pg_get_function_arguments`, for the defaults.
    pub arguments_text: String,
    /// `name=value` settings (`SET search_path = ...`).
    pub config: Vec<String>,
    pub body: String,
    pub comment: Option<String>,
}

pub(super) struct ViewRow {
    pub oid: Oid,
    pub schema: String,
    pub name: String,
    /// `v` or `m`.
    pub kind: String,
    pub query: String,
    pub options: Vec<String>,
    pub comment: Option<String>,
}

pub(super) struct TriggerRow {
    pub relation: Oid,
    pub name: String,
    /// `tgtype` bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate,
    /// 64 instead of.
    pub kind: i32,
    pub update_of: Vec<String>,
    pub function: (String, String),
    pub arguments: Vec<u8>,
    pub definition: String,
    pub is_constraint: bool,
}

pub(super) struct GrantRow {
    pub schema: String,
    /// The object's name (`None` for a schema).
    pub name: Option<String>,
    /// `r`, `p`, `v`, `m`, `S` (relations), `f` (functions), `n` (schemas).
    pub kind: String,
    pub column: Option<String>,
    /// The grantee's name, `public` for everyone.
    pub grantee: String,
    pub privilege: String,
    pub grantable: bool,
}

/// Leaves out objects that belong to an extension.
const NOT_EXTENSION_MEMBER: &str = "NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = '{class}'::pg_catalog.regclass AND d.objid = {oid} AND d.deptype = 'e')";

fn not_member(class: &str, oid: &str) -> String {
    NOT_EXTENSION_MEMBER
        .replace("{class}", class)
        .replace("{oid}", oid)
}

const EXTENSIONS: &str = "
SELECT e.extname::text, n.nspname::text
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' AND n.nspname = ANY($1)
ORDER BY 1";

fn domains_query() -> String {
    format!(
        "
SELECT n.nspname::text, t.typname::text,
       pg_catalog.format_type(t.typbasetype, t.typtypmod),
       CASE WHEN b.typtype = 'e' THEN bn.nspname::text END,
       CASE WHEN b.typtype = 'e' THEN b.typname::text END,
       t.typnotnull,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0, true),
       ds.description,
       ARRAY(SELECT c.conname::text FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname),
       ARRAY(SELECT pg_catalog.pg_get_expr(c.conbin, 0, true) FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
JOIN pg_catalog.pg_namespace bn ON bn.oid = b.typnamespace
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
  AND ds.objsubid = 0
WHERE t.typtype = 'd' AND n.nspname = ANY($1) AND {}
ORDER BY 1, 2",
        not_member("pg_catalog.pg_type", "t.oid")
    )
}

fn composites_query() -> String {
    format!(
        "
SELECT n.nspname::text, t.typname::text, ds.description,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum),
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
             FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
  AND ds.objsubid = 0
WHERE t.typtype = 'c' AND n.nspname = ANY($1) AND {}
ORDER BY 1, 2",
        not_member("pg_catalog.pg_type", "t.oid")
    )
}

fn functions_query() -> String {
    format!(
        "
SELECT n.nspname::text, p.proname::text, l.lanname::text, p.prokind::text,
       p.provolatile::text, p.proisstrict, p.prosecdef, p.proretset,
       pg_catalog.format_type(p.prorettype, NULL),
       COALESCE(p.proargnames, ARRAY[]::text[]),
       COALESCE(p.proargmodes::text[], ARRAY[]::text[]),
       ARRAY(SELECT pg_catalog.format_type(u.t, NULL)
             FROM pg_catalog.unnest(COALESCE(p.proallargtypes, p.proargtypes::pg_catalog.oid[]))
                  WITH ORDINALITY u(t, ord)
             ORDER BY u.ord),
       pg_catalog.pg_get_function_arguments(p.oid),
       COALESCE(p.proconfig, ARRAY[]::text[]),
       p.prosrc,
       ds.description
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = p.oid AND ds.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
  AND ds.objsubid = 0
WHERE n.nspname = ANY($1) AND {}
ORDER BY 1, 2, pg_catalog.pg_get_function_identity_arguments(p.oid)",
        not_member("pg_catalog.pg_proc", "p.oid")
    )
}

fn views_query() -> String {
    format!(
        "
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text,
       pg_catalog.pg_get_viewdef(c.oid, true),
       COALESCE(c.reloptions, ARRAY[]::text[]),
       ds.description
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND ds.objsubid = 0
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1) AND {}
ORDER BY 2, 3",
        not_member("pg_catalog.pg_class", "c.oid")
    )
}

// `tgparentid = 0` leaves out the copies of a partitioned table's row triggers on its
// partitions.
const TRIGGERS: &str = "
SELECT t.tgrelid, t.tgname::text, t.tgtype::int4,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(t.tgattr::int2[]) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.num
             ORDER BY k.ord),
       fn.nspname::text, f.proname::text, t.tgargs,
       pg_catalog.pg_get_triggerdef(t.oid, true),
       t.tgconstraint <> 0
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
WHERE t.tgrelid = ANY($1) AND NOT t.tgisinternal AND t.tgparentid = 0
ORDER BY 1, 2";

fn grants_query() -> String {
    let grantee = "CASE WHEN a.grantee = 0 THEN 'public' ELSE r.rolname::text END";
    format!(
        "
SELECT n.nspname::text, c.relname::text, c.relkind::text, NULL::text, {grantee},
       a.privilege_type, a.is_grantable
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname = ANY($1)
  AND a.grantee <> c.relowner AND {class_member}
UNION ALL
SELECT n.nspname::text, c.relname::text, c.relkind::text, att.attname::text, {grantee},
       a.privilege_type, a.is_grantable
FROM pg_catalog.pg_attribute att
JOIN pg_catalog.pg_class c ON c.oid = att.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
WHERE att.attnum > 0 AND NOT att.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
  AND n.nspname = ANY($1) AND a.grantee <> c.relowner AND {class_member}
UNION ALL
SELECT n.nspname::text, p.proname::text, 'f', NULL::text, {grantee},
       a.privilege_type, a.is_grantable
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
WHERE n.nspname = ANY($1) AND a.grantee <> p.proowner
  AND NOT (a.grantee = 0 AND a.privilege_type = 'EXECUTE' AND NOT a.is_grantable)
  AND {proc_member}
UNION ALL
SELECT n.nspname::text, NULL::text, 'n', NULL::text, {grantee},
       a.privilege_type, a.is_grantable
FROM pg_catalog.pg_namespace n
CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a
LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
WHERE n.nspname = ANY($1) AND a.grantee <> n.nspowner
  AND NOT (n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'USAGE')
ORDER BY 1, 2, 4, 5, 6",
        class_member = not_member("pg_catalog.pg_class", "c.oid"),
        proc_member = not_member("pg_catalog.pg_proc", "p.oid"),
    )
}

fn unsupported_query() -> String {
    format!(
        "
SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'foreign table' END,
       n.nspname || '.' || c.relname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('S', 'f') AND {class_member}
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
      AND d.deptype IN ('a', 'i'))
UNION ALL
SELECT CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'm' THEN 'multirange type'
                      ELSE 'base type' END,
       n.nspname || '.' || t.typname
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY($1) AND t.typtype IN ('b', 'r', 'm') AND t.typelem = 0
  AND NOT (t.typtype = 'm' AND EXISTS (
    SELECT 1 FROM pg_catalog.pg_range r WHERE r.rngmultitypid = t.oid))
  AND {type_member}
UNION ALL
SELECT 'rule', n.nspname || '.' || c.relname || '.' || r.rulename
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND r.rulename <> '_RETURN'
ORDER BY 1, 2",
        class_member = not_member("pg_catalog.pg_class", "c.oid"),
        type_member = not_member("pg_catalog.pg_type", "t.oid"),
    )
}

/// Reads the objects of the selected `namespaces`, and the triggers of the `relations`
/// (tables and views) read.
pub(super) fn read(
    tx: &mut Transaction<'_>,
    namespaces: &[String],
    relations: &[Oid],
) -> Result<Objects, super::IntrospectError> {
    let step =
        |context: &'static str| move |source| super::IntrospectError::Database { context, source };
    let extensions = tx
        .query(EXTENSIONS, &[&namespaces])
        .map_err(step("reading extensions"))?
        .iter()
        .map(|row| ExtensionRow {
            name: row.get(0),
            schema: row.get(1),
        })
        .collect();
    let domains = tx
        .query(&domains_query(), &[&namespaces])
        .map_err(step("reading domains"))?
        .iter()
        .map(|row| {
            let schema: Option<String> = row.get(3);
            let name: Option<String> = row.get(4);
            DomainRow {
                schema: row.get(0),
                name: row.get(1),
                base: row.get(2),
                base_enum: schema.zip(name),
                not_null: row.get(5),
                default: row.get(6),
                comment: row.get(7),
                check_names: row.get(8),
                check_expressions: row.get(9),
            }
        })
        .collect();
    let composites = tx
        .query(&composites_query(), &[&namespaces])
        .map_err(step("reading composite types"))?
        .iter()
        .map(|row| CompositeRow {
            schema: row.get(0),
            name: row.get(1),
            comment: row.get(2),
            attribute_names: row.get(3),
            attribute_types: row.get(4),
        })
        .collect();
    let functions = tx
        .query(&functions_query(), &[&namespaces])
        .map_err(step("reading functions"))?
        .iter()
        .map(|row| FunctionRow {
            schema: row.get(0),
            name: row.get(1),
            language: row.get(2),
            kind: row.get(3),
            volatility: row.get(4),
            strict: row.get(5),
            security_definer: row.get(6),
            returns_set: row.get(7),
            return_type: row.get(8),
            arg_names: row.get(9),
            arg_modes: row.get(10),
            arg_types: row.get(11),
            arguments_text: row.get(12),
            config: row.get(13),
            body: row.get(14),
            comment: row.get(15),
        })
        .collect();
    let views = tx
        .query(&views_query(), &[&namespaces])
        .map_err(step("reading views"))?
        .iter()
        .map(|row| ViewRow {
            oid: row.get(0),
            schema: row.get(1),
            name: row.get(2),
            kind: row.get(3),
            query: row.get(4),
            options: row.get(5),
            comment: row.get(6),
        })
        .collect::<Vec<_>>();
    let mut trigger_relations: Vec<Oid> = relations.to_vec();
    trigger_relations.extend(views.iter().map(|v: &ViewRow| v.oid));
    let triggers = tx
        .query(TRIGGERS, &[&trigger_relations])
        .map_err(step("reading triggers"))?
        .iter()
        .map(|row| TriggerRow {
            relation: row.get(0),
            name: row.get(1),
            kind: row.get(2),
            update_of: row.get(3),
            function: (row.get(4), row.get(5)),
            arguments: row.get(6),
            definition: row.get(7),
            is_constraint: row.get(8),
        })
        .collect();
    let grants = tx
        .query(&grants_query(), &[&namespaces])
        .map_err(step("reading grants"))?
        .iter()
        .map(|row| GrantRow {
            schema: row.get(0),
            name: row.get(1),
            kind: row.get(2),
            column: row.get(3),
            grantee: row.get(4),
            privilege: row.get(5),
            grantable: row.get(6),
        })
        .collect();
    let unsupported = tx
        .query(&unsupported_query(), &[&namespaces])
        .map_err(step("reading what the model cannot hold"))?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    Ok(Objects {
        unsupported,
        extensions,
        domains,
        composites,
        functions,
        views,
        triggers,
        grants,
    })
}
