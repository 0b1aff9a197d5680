//! Reading the catalog: every kind's query (each kind's own, in `crate::kinds`), each over
//! every selected object at once, so the number of round trips does not grow with the size
//! of the database.
//!
//! Every query qualifies catalog names with `pg_catalog` and runs in the one read-only
//! snapshot [`read`] opens, with `search_path` set to `pg_catalog, public`: the text
//! Postgres prints (`format_type`, `pg_get_expr`) qualifies names outside `public`, the
//! way the model spells them, whatever the connecting role's own settings.

use super::IntrospectError;
use super::Note;
use crate::kinds::column::catalog::{columns_query, ColumnRow, COLUMN_NUMBER};
use crate::kinds::constraint::catalog::{constraints_query, ConstraintRow};
use crate::kinds::enum_type::catalog::{enum_def, EnumRow, ENUMS};
use crate::kinds::function::catalog::{functions_query, FunctionRow};
use crate::kinds::grant::catalog::{grants_query, GrantRow};
use crate::kinds::index::catalog::{indexes_query, IndexRow};
use crate::kinds::policy::catalog::{PolicyRow, POLICIES};
use crate::kinds::table::catalog::{TableParts, TableRow, EXTERNAL_PARENTS, TABLES};
use crate::kinds::trigger::catalog::{TriggerRow, TRIGGERS};
use crate::kinds::view::catalog::{views_query, ViewRow};
use crate::kinds::KINDS;
use postgres::types::{Oid, ToSql};
use postgres::{IsolationLevel, Row, Transaction};
use schema_core::{EnumDef, QualifiedName, Schema};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Everything read from the catalog, as rows.
pub(super) struct Catalog {
    pub namespaces: Vec<String>,
    pub enums: Vec<EnumDef>,
    pub tables: Vec<TableRow>,
    /// Tables outside the schemas read that tables read inherit from: (table, column,
    /// `format_type`), each column once.
    pub external_parents: Vec<(QualifiedName, String, String)>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub policies: Vec<PolicyRow>,
    pub functions: Vec<FunctionRow>,
    pub views: Vec<ViewRow>,
    pub triggers: Vec<TriggerRow>,
    pub grants: Vec<GrantRow>,
    /// What the kinds that read themselves (`crate::kinds::Kind::read`) read, and their
    /// notes.
    pub objects: Schema,
    pub notes: Vec<Note>,
}

/// What a kind's `read` gets: the transaction, what to read, and where to put it.
pub(crate) struct Reader<'r, 't> {
    tx: &'r mut Transaction<'t>,
    /// The schemas read.
    pub namespaces: &'r [String],
    /// Where extensions are read from: the schemas read, and the platform's schemas left
    /// out (Supabase installs extensions into `extensions`).
    pub extension_namespaces: &'r [&'r String],
    /// The enum types read, which a type name may be.
    pub enums: &'r BTreeSet<QualifiedName>,
    /// What the kinds read, each into its own list.
    pub schema: Schema,
    /// What they could not hold.
    pub notes: Vec<Note>,
}

impl Reader<'_, '_> {
    /// Runs a kind's query over the schemas read (its `$1`); `what` names it in errors.
    pub(crate) fn in_namespaces(
        &mut self,
        what: &'static str,
        sql: &str,
    ) -> Result<Vec<Row>, IntrospectError> {
        let namespaces = self.namespaces;
        self.query(what, sql, &[&namespaces])
    }

    /// Runs one catalog query; `what` names it in errors (`reading sequences`).
    pub(crate) fn query(
        &mut self,
        what: &'static str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, IntrospectError> {
        self.tx
            .query(sql, params)
            .map_err(|source| IntrospectError::Database {
                context: what,
                source,
            })
    }
}

const NAMESPACES: &str = "
SELECT n.nspname::text
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  -- The migration history `apply` keeps is not part of the app's schema.
  AND n.nspname <> '_schemata'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1";

/// Reads the catalog in one read-only, repeatable-read transaction, so every query sees the
/// same state even while migrations run. `select` picks the namespaces to read from all
/// non-system ones.
pub(super) fn read(
    client: &mut postgres::Client,
    select: impl FnOnce(Vec<String>) -> Result<(Vec<String>, Vec<String>), IntrospectError>,
) -> Result<Catalog, IntrospectError> {
    let step = |context: &'static str| move |source| IntrospectError::Database { context, source };
    let mut tx: Transaction<'_> = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(step("starting a read-only transaction"))?;
    // No query joins `pg_description`: right after a migration creates thousands of objects
    // its statistics are stale, and the planner then joined it by a nested loop, which made
    // reading quadratic. Comments are read by a subquery on its index, or all at once.
    // JIT off: the catalog queries of a database with thousands of tables cost enough
    // for the planner to compile them, and compiling took longer than running them (at
    // 5,000 tables, 620 ms of JIT for a 400 ms constraint query).
    // A larger `work_mem` keeps the sorts of the column and constraint queries in memory:
    // at 5,000 tables the columns' sort spilled to disk with the default 4 MB.
    tx.batch_execute(
        "SET LOCAL search_path = pg_catalog, public; SET LOCAL jit = off; \
         SET LOCAL work_mem = '64MB'",
    )
    .map_err(step("setting the search path, JIT and work memory"))?;

    let all: Vec<String> = tx
        .query(NAMESPACES, &[])
        .map_err(step("reading schemas"))?
        .iter()
        .map(|row| row.get(0))
        .collect();
    // Extensions are also read from the platform's schemas left out (Supabase installs
    // them into `extensions`): which of them are in scope is the comparison's business.
    let (namespaces, platform) = select(all)?;
    let extension_namespaces: Vec<&String> = namespaces.iter().chain(&platform).collect();

    let enums = tx
        .query(ENUMS, &[&namespaces])
        .map_err(step("reading enum types"))?
        .iter()
        .map(|row| enum_def(EnumRow::from_row(row)))
        .collect::<Vec<EnumDef>>();
    let enum_names: BTreeSet<QualifiedName> = enums.iter().map(|e| e.name.clone()).collect();
    let mut reader = Reader {
        tx: &mut tx,
        namespaces: &namespaces,
        extension_namespaces: &extension_namespaces,
        enums: &enum_names,
        schema: Schema::default(),
        notes: Vec::new(),
    };
    for kind in &KINDS {
        (kind.read)(&mut reader)?;
    }
    let Reader {
        schema: objects,
        notes,
        ..
    } = reader;

    let comments = Comments::read(&mut tx).map_err(step("reading comments"))?;
    let parts = TableParts::read(&mut tx).map_err(step("reading table parents and indexes"))?;
    let tables: Vec<TableRow> = tx
        .query(TABLES, &[&namespaces])
        .map_err(step("reading tables"))?
        .iter()
        .filter(|row| !parts.of_extension(row.get(0)))
        .map(|row| TableRow::from_row(row, &comments, &parts))
        .collect();
    // A partition's columns are its parent's: they are read there.
    let oids: Vec<Oid> = tables
        .iter()
        .filter(|t| !t.is_partition)
        .map(|t| t.oid)
        .collect();
    let all_tables: Vec<Oid> = tables.iter().map(|t| t.oid).collect();
    let external_parents = tx
        .query(EXTERNAL_PARENTS, &[&all_tables, &namespaces])
        .map_err(step(
            "reading the tables inherited from outside the schemas read",
        ))?
        .iter()
        .map(|row| {
            let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
            (name, row.get(2), row.get(3))
        })
        .collect();
    let version: i32 = tx
        .query_one("SELECT current_setting('server_version_num')::int4", &[])
        .map_err(step("reading the server version"))?
        .get(0);
    let functions = tx
        .query(&functions_query(version), &[&namespaces])
        .map_err(step("reading functions"))?
        .iter()
        .map(FunctionRow::from_row)
        .collect();
    let views = tx
        .query(&views_query(), &[&namespaces])
        .map_err(step("reading views"))?
        .iter()
        .map(ViewRow::from_row)
        .collect::<Vec<_>>();
    let mut trigger_relations: Vec<Oid> = all_tables.clone();
    trigger_relations.extend(views.iter().map(|v: &ViewRow| v.oid));
    let triggers = tx
        .query(TRIGGERS, &[&trigger_relations])
        .map_err(step("reading triggers"))?
        .iter()
        .map(TriggerRow::from_row)
        .collect();
    let view_oids: Vec<Oid> = views.iter().map(|v| v.oid).collect();
    let materialized: Vec<Oid> = views
        .iter()
        .filter(|v| v.kind == "m")
        .map(|v| v.oid)
        .collect();
    let with_columns: Vec<Oid> = oids.iter().chain(&view_oids).copied().collect();
    let with_indexes: Vec<Oid> = all_tables.iter().chain(&materialized).copied().collect();

    // The columns of every relation read, of which the tables' (but a partition's) and the
    // views' are read as theirs; constraints and indexes name them by number.
    let relations: Vec<Oid> = all_tables.iter().chain(&view_oids).copied().collect();
    let rows = tx
        .query(&columns_query(version), &[&relations])
        .map_err(step("reading columns"))?;
    let names = ColumnNames::from_rows(&rows);
    let with_columns: HashSet<Oid> = with_columns.into_iter().collect();
    let mut columns: Vec<ColumnRow> = rows
        .iter()
        .filter(|row| ColumnRow::read(row, &with_columns))
        .map(|row| ColumnRow::from_row(row, &comments))
        .collect();
    columns.sort_unstable_by_key(|c| (c.table, c.number));
    // Few relations have privileges on single columns: the grants query looks only at
    // theirs rather than at every column again.
    let column_grants: Vec<Oid> = rows
        .iter()
        .filter(|row| ColumnRow::has_privileges(row))
        .map(|row| row.get(0))
        .collect();
    drop(rows);
    let grants = tx
        .query(&grants_query(), &[&namespaces, &column_grants])
        .map_err(step("reading grants"))?
        .iter()
        .map(GrantRow::from_row)
        .collect();
    let classes = OperatorClasses::read(&mut tx).map_err(step("reading operator classes"))?;

    // A partition's own constraints too (those it has from its parent are left out).
    let mut constraints: Vec<ConstraintRow> = tx
        .query(&constraints_query(version), &[&all_tables])
        .map_err(step("reading constraints"))?
        .iter()
        .map(|row| ConstraintRow::from_row(row, &names, &comments))
        .collect();
    // By table, then by name as Postgres sorts a `name` (byte by byte).
    constraints
        .sort_unstable_by(|a, b| (a.table, a.name.as_bytes()).cmp(&(b.table, b.name.as_bytes())));

    let indexes = tx
        .query(&indexes_query(version), &[&with_indexes])
        .map_err(step("reading indexes"))?
        .iter()
        .map(|row| IndexRow::from_row(row, &names, &classes, &comments))
        .collect();

    let policies = tx
        .query(POLICIES, &[&all_tables])
        .map_err(step("reading policies"))?
        .iter()
        .map(|row| PolicyRow::from_row(row, &comments))
        .collect();

    tx.commit()
        .map_err(step("ending the read-only transaction"))?;
    Ok(Catalog {
        namespaces,
        enums,
        tables,
        external_parents,
        columns,
        constraints,
        indexes,
        policies,
        functions,
        views,
        triggers,
        grants,
        objects,
        notes,
    })
}

/// The names of the columns of the tables, views and materialized views read, by relation
/// and column number: constraints and indexes give their columns as numbers. Taken from the
/// column query's rows, not looked up key by key in each constraint's and index's row,
/// which took a third of their queries' time.
pub(crate) struct ColumnNames(HashMap<(Oid, i16), String>);

impl ColumnNames {
    /// From the rows of the column query.
    fn from_rows(rows: &[Row]) -> Self {
        ColumnNames(
            rows.iter()
                .map(|row| ((row.get(0), row.get(COLUMN_NUMBER)), row.get(1)))
                .collect(),
        )
    }

    /// Column `number` of `relation`; `None` for 0, an index's expression.
    pub(crate) fn get(&self, relation: Oid, number: i16) -> Option<&str> {
        self.0.get(&(relation, number)).map(String::as_str)
    }

    /// The columns `numbers` of `relation`, in their order.
    pub(crate) fn named(&self, relation: Oid, numbers: &[i16]) -> Vec<String> {
        numbers
            .iter()
            .filter_map(|&number| self.get(relation, number))
            .map(str::to_owned)
            .collect()
    }
}

/// The operator classes that are not their type's default, by oid, each as an index key
/// names it (qualified when not on the search path): an index key whose class is not here
/// uses the default.
pub(crate) struct OperatorClasses(HashMap<Oid, String>);

impl OperatorClasses {
    fn read(tx: &mut Transaction<'_>) -> Result<Self, postgres::Error> {
        let rows = tx.query(
            "SELECT oc.oid,
                    CASE WHEN pg_catalog.pg_opclass_is_visible(oc.oid) THEN oc.opcname::text
                         ELSE ocn.nspname || '.' || oc.opcname END
             FROM pg_catalog.pg_opclass oc
             JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
             WHERE NOT oc.opcdefault",
            &[],
        )?;
        Ok(OperatorClasses(
            rows.iter().map(|row| (row.get(0), row.get(1))).collect(),
        ))
    }

    /// The class `oid` when it is not the default.
    pub(crate) fn name(&self, oid: Oid) -> Option<String> {
        self.0.get(&oid).cloned()
    }
}

/// The comments on relations (tables, views, indexes) and their columns, on constraints and
/// on policies, by catalog, object and column number (0 for the object itself). Read in one
/// query, not joined (see [`read`]): a subquery per column cost a quarter of the column
/// query's time.
pub(crate) struct Comments(HashMap<(Oid, Oid, i32), String>);

/// `pg_class`'s oid, the catalog of relations, in `pg_description.classoid`.
const RELATION_CLASS: Oid = 1259;
/// `pg_constraint`'s oid.
const CONSTRAINT_CLASS: Oid = 2606;
/// `pg_policy`'s oid.
const POLICY_CLASS: Oid = 3256;

impl Comments {
    fn read(tx: &mut Transaction<'_>) -> Result<Self, postgres::Error> {
        let rows = tx.query(
            "SELECT d.classoid, d.objoid, d.objsubid, d.description
             FROM pg_catalog.pg_description d
             WHERE d.classoid IN ('pg_catalog.pg_class'::pg_catalog.regclass,
                                  'pg_catalog.pg_constraint'::pg_catalog.regclass,
                                  'pg_catalog.pg_policy'::pg_catalog.regclass)",
            &[],
        )?;
        Ok(Comments(
            rows.iter()
                .map(|row| ((row.get(0), row.get(1), row.get(2)), row.get(3)))
                .collect(),
        ))
    }

    /// The comment on column `column` of `relation`, or on the relation itself for 0.
    pub(crate) fn get(&self, relation: Oid, column: i32) -> Option<String> {
        self.0.get(&(RELATION_CLASS, relation, column)).cloned()
    }

    /// The comment on the constraint `oid`.
    pub(crate) fn constraint(&self, oid: Oid) -> Option<String> {
        self.0.get(&(CONSTRAINT_CLASS, oid, 0)).cloned()
    }

    /// The comment on the policy `oid`.
    pub(crate) fn policy(&self, oid: Oid) -> Option<String> {
        self.0.get(&(POLICY_CLASS, oid, 0)).cloned()
    }
}
