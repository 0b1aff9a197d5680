//! Objects kept as definition text ([`Opaque`]): every catalog object the structural model
//! has no place for. Their statements (the definition Postgres gives, `DROP` and
//! `COMMENT ON` by identity), the steps that create, drop and replace them in the plan's
//! graph, their place in a script, and (feature `introspect`) the catalog query that reads
//! every such object with its definition and its `pg_depend` dependencies.
//!
//! In the plan's graph an opaque object is `Object::Opaque(kind, identity)`; one that other
//! SQL names the way it names structural objects is also the structural object: a range
//! type is a `Type` (a column of that type is created after it and dropped before it), an
//! aggregate or a procedure a `Function` (a view calling it comes after it), a foreign table
//! a `Table`.

use super::comment::comment_text;
use crate::normalize::rules;
use crate::plan::builder::Builder;
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::plan::problem::Problem;
use crate::render::{Part, Statements};
use crate::sql::identifiers;
use schema_core::diff::Change;
use schema_core::{Dependency, Opaque, QualifiedName, Schema};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};

/// The words `DROP` and `COMMENT ON` name a kind by, where they differ from the kind's
/// name in `pg_identify_object`.
fn keyword(kind: &str) -> String {
    match kind {
        "range type" | "multirange type" | "base type" => "TYPE".into(),
        "foreign-data wrapper" => "FOREIGN DATA WRAPPER".into(),
        "statistics object" => "STATISTICS".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// `DROP kind IF EXISTS identity`.
pub fn drop_opaque(object: &Opaque, out: &mut impl Write) -> fmt::Result {
    if object.kind == "user mapping" {
        // `role on server name` is written `FOR role SERVER name`.
        if let Some((role, server)) = object.identity.rsplit_once(" on server ") {
            return writeln!(
                out,
                "DROP USER MAPPING IF EXISTS FOR {role} SERVER {server};"
            );
        }
    }
    // A base type and its functions need each other: only `CASCADE` drops the pair. What
    // else uses the type (a column) the plan has dropped before.
    let cascade = if object.kind == "base type" {
        " CASCADE"
    } else {
        ""
    };
    writeln!(
        out,
        "DROP {} IF EXISTS {}{cascade};",
        keyword(&object.kind),
        object.identity
    )
}

/// `COMMENT ON kind identity IS '...'`, or `IS NULL`.
pub fn comment_on_opaque(object: &Opaque, out: &mut impl Write) -> fmt::Result {
    write!(
        out,
        "COMMENT ON {} {} IS ",
        keyword(&object.kind),
        object.identity
    )?;
    comment_text(object.comment.as_deref(), out)
}

/// The definition, then the comment: what creates the object in a script.
pub fn create_opaque(object: &Opaque, out: &mut impl Write) -> fmt::Result {
    out.write_str(&object.definition)?;
    out.write_char('\n')?;
    if object.comment.is_some() {
        comment_on_opaque(object, out)?;
    }
    Ok(())
}

/// The definition in a form that can run again: Postgres has no `IF NOT EXISTS` for most of
/// these kinds, so the statements run in a `DO` block that takes "already exists" as done
/// (text search objects report it as a unique violation of their catalog).
/// The block is one subtransaction: either every statement of the definition ran before,
/// or none did.
fn create_once(object: &Opaque) -> String {
    let mut body = String::new();
    create_opaque(object, &mut body).expect("writing to a String cannot fail");
    let mut tag = "opaque".to_string();
    while body.contains(&format!("${tag}$")) {
        tag.push('_');
    }
    format!(
        "DO ${tag}$\nBEGIN\n{}\nEXCEPTION WHEN duplicate_object OR duplicate_function OR duplicate_table OR unique_violation THEN\n    NULL;\nEND\n${tag}$;\n",
        body.trim_end()
    )
}

/// What the plan says of every step on such an object.
fn kept_as_text(object: &Opaque) -> String {
    format!(
        "-- {} is kept as Postgres's definition text: the structural model cannot hold it\n",
        object.object()
    )
}

/// Postgres's spelling of the definition (and the dependencies it records) for an object
/// `printed` has too: a definition written by hand compares as Postgres prints it.
#[cfg(feature = "introspect")]
pub(crate) fn graft(object: &mut Opaque, printed: &Schema) {
    let same = |o: &&Opaque| o.kind == object.kind && o.identity == object.identity;
    if let Some(from) = printed.opaque.iter().find(same) {
        object.definition.clone_from(&from.definition);
        object.depends_on.clone_from(&from.depends_on);
    }
}

/// Empty comments gone, as for every kind.
fn normalize(object: &mut Opaque) {
    rules::comment(&mut object.comment);
}

/// The graph's names for the object: always its own, and the structural object it stands
/// for where other SQL names it as one, or where a structural object of the same name
/// replaces it (a trigger, a function: the opaque one is dropped before the other is
/// created).
fn graph_names(object: &Opaque) -> Vec<Object<'_>> {
    let mut names = vec![Object::Opaque(&object.kind, &object.identity)];
    if let (Some(table), Some(name)) = (table_of(object), &object.name) {
        if object.kind == "trigger" {
            names.push(Object::Trigger(table, &name.name));
        }
    }
    if let Some(name) = &object.name {
        if object.is_type() {
            names.push(Object::Type(name));
        } else if object.is_routine() {
            names.push(Object::Function(name));
        } else if object.is_relation() {
            names.push(Object::Table(name));
        }
    }
    names
}

/// What the graph calls a dependency.
fn dependency_object(dependency: &Dependency) -> Object<'_> {
    let name = dependency.name.as_ref();
    match (dependency.kind.as_str(), name) {
        ("schema", _) => Object::Schema(unquoted(&dependency.identity)),
        ("extension", _) => Object::Extension(unquoted(&dependency.identity)),
        ("table" | "view" | "materialized view" | "foreign table", Some(name)) => {
            Object::Table(name)
        }
        ("type" | "range type" | "base type", Some(name)) => Object::Type(name),
        ("function" | "aggregate" | "procedure", Some(name)) => Object::Function(name),
        ("sequence", Some(name)) => Object::Named(super::sequence::SEQUENCE, name),
        ("collation", Some(name)) => Object::Named(super::collation::COLLATION, name),
        _ => Object::Opaque(&dependency.kind, &dependency.identity),
    }
}

/// A single name as `pg_identify_object` quotes it, as Postgres stores it.
fn unquoted(identity: &str) -> &str {
    identity
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(identity)
}

/// The table a rule or trigger is on, which its statements lock.
fn table_of(object: &Opaque) -> Option<&QualifiedName> {
    let on_table = matches!(object.kind.as_str(), "rule" | "trigger");
    object
        .depends_on
        .iter()
        .find(|d| on_table && d.kind == "table")
        .and_then(|d| d.name.as_ref())
}

/// What, of the structural model in `schema`, uses `object` by name and so keeps Postgres
/// from dropping it: columns of a type, views naming a routine or relation.
fn structural_users(schema: &Schema, object: &Opaque) -> Vec<String> {
    let Some(name) = &object.name else {
        return Vec::new();
    };
    let mut users = Vec::new();
    if let Some(ty) = object.sql_type() {
        for table in &schema.tables {
            for column in &table.columns {
                if column.ty.element() == &ty {
                    users.push(format!("column `{}.{}`", table.name, column.name));
                }
            }
        }
    }
    if object.is_routine() || object.is_relation() {
        for view in &schema.views {
            if identifiers(&view.query).contains(&name.name) {
                users.push(format!("{} `{}`", view.kind(), view.name));
            }
        }
    }
    users
}

impl<'a> Builder<'a> {
    fn opaque_node(
        &self,
        object: &'a Opaque,
        creating: bool,
        description: String,
        sql: String,
    ) -> crate::plan::graph::Node<'a, crate::plan::builder::Draft> {
        let phase = match (creating, object) {
            (true, o) if o.is_type() => Phase::CreateType,
            (true, o) if o.is_relation() => Phase::CreateTable,
            (true, o) if o.is_routine() => Phase::CreateFunction,
            (true, _) => Phase::CreateTrigger,
            (false, o) if o.is_type() => Phase::DropType,
            (false, o) if o.is_relation() => Phase::DropTable,
            (false, o) if o.is_routine() => Phase::DropFunction,
            (false, _) => Phase::DropTrigger,
        };
        let lock: &[Hazard] = match table_of(object) {
            Some(table) if !self.created.contains(table) => &[Hazard::AccessExclusiveLock],
            _ => &[],
        };
        Builder::node(
            phase,
            description,
            format!("{}{sql}", kept_as_text(object)),
            lock,
        )
    }

    fn create_opaque(&mut self, change: &'a Change, object: &'a Opaque) {
        let mut node = self.opaque_node(object, true, change.to_string(), create_once(object));
        node.adds.extend(graph_names(object));
        node.uses_new
            .extend(object.depends_on.iter().map(dependency_object));
        self.push(node);
    }

    fn drop_opaque(&mut self, change: &'a Change, object: &'a Opaque, replaced: bool) {
        // Postgres refuses while a column of the type or a view naming it remains as it
        // is; a column or view that goes away or changes is planned around it (the graph).
        let users: Vec<String> = structural_users(self.old_schema, object)
            .into_iter()
            .filter(|user| unchanged(self.old_schema, self.new_schema, user))
            .collect();
        if !users.is_empty() {
            let what = if replaced {
                "dropped and created again (its definition changed)"
            } else {
                "dropped"
            };
            self.problems.push(Problem {
                object: change.object(),
                reason: format!(
                    "is {what}, which Postgres refuses while {} use it; change them first, in an earlier migration",
                    users.join(", ")
                ),
            });
            return;
        }
        let text = crate::plan::builder::sql(|o| drop_opaque(object, o));
        let mut node = self.opaque_node(object, false, change.to_string(), text);
        node.removes.extend(graph_names(object));
        node.uses_old
            .extend(object.depends_on.iter().map(dependency_object));
        self.push(node);
    }
}

/// Whether a user found in the old schema (as messages name it) is in the new one as it
/// was: a column of the same definition, a view of the same query.
fn unchanged(old: &Schema, new: &Schema, user: &str) -> bool {
    let columns = |schema: &Schema| -> Vec<(String, schema_core::Column)> {
        schema
            .tables
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .map(move |c| (format!("column `{}.{}`", t.name, c.name), c.clone()))
            })
            .filter(|(name, _)| name == user)
            .collect()
    };
    let views = |schema: &Schema| -> Vec<schema_core::ViewDef> {
        schema
            .views
            .iter()
            .filter(|v| format!("{} `{}`", v.kind(), v.name) == user)
            .cloned()
            .collect()
    };
    let (old_columns, new_columns) = (columns(old), columns(new));
    let (old_views, new_views) = (views(old), views(new));
    (!new_columns.is_empty() && old_columns == new_columns)
        || (!new_views.is_empty() && old_views == new_views)
}

/// The steps for this kind's changes; false for a change of another kind.
fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateOpaque { def } => b.create_opaque(change, def),
        Change::DropOpaque { def } => b.drop_opaque(change, def, false),
        Change::ReplaceOpaque { from, to } => {
            if from.kind == "rule" && to.definition.starts_with("CREATE RULE ") {
                // The one kind whose definition Postgres replaces in place whatever changed.
                let text = format!("CREATE OR REPLACE {}\n", &to.definition["CREATE ".len()..]);
                let mut text = text;
                if to.comment.is_some() || from.comment.is_some() {
                    text.push_str(&crate::plan::builder::sql(|o| comment_on_opaque(to, o)));
                }
                let mut node = b.opaque_node(to, true, change.to_string(), text);
                node.uses_new
                    .extend(to.depends_on.iter().map(dependency_object));
                node.uses_old
                    .extend(from.depends_on.iter().map(dependency_object));
                b.push(node);
            } else {
                // Two steps, which the plan merges into one (no moment without the object)
                // unless something that depends on it must be dropped and created between.
                let before = b.nodes.len();
                b.drop_opaque(change, from, true);
                b.create_opaque(change, to);
                let key = (
                    QualifiedName::new(to.kind.as_str(), to.identity.as_str()),
                    "replaced".to_string(),
                );
                for node in &mut b.nodes[before..] {
                    node.payload.merge_key = Some(key.clone());
                }
            }
        }
        Change::SetOpaqueComment { def } => {
            let text = crate::plan::builder::sql(|o| comment_on_opaque(def, o));
            let text = format!("{}{text}", kept_as_text(def));
            let mut node = Builder::node(Phase::Comment, change.to_string(), text, &[]);
            node.uses_new.push(Object::Opaque(&def.kind, &def.identity));
            b.push(node);
        }
        _ => return false,
    }
    true
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.opaque.iter_mut().for_each(normalize),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

/// Where a script can create `object`: 0 with the types, before the tables (it needs only
/// schemas, extensions, types and the like: a range type); 1 right after the tables (a
/// routine, whose body may name them; a rule or a statistics object on a table); 2 last,
/// after the triggers (it needs a function or a view: an event trigger).
fn level(schema: &Schema, object: &Opaque, seen: &mut BTreeSet<(String, String)>) -> u8 {
    if !seen.insert((object.kind.clone(), object.identity.clone())) {
        return 0;
    }
    let own = u8::from(object.is_routine());
    let needs = object.depends_on.iter().map(|d| {
        let name = d.name.as_ref();
        let opaque = |o: &&Opaque| o.kind == d.kind && o.identity == d.identity;
        let named = |o: &&Opaque| {
            o.name.is_some()
                && o.name.as_ref() == name
                && ((d.kind == "type" && o.is_type())
                    || (d.kind == "function" && o.is_routine())
                    || (d.kind == "table" && o.is_relation()))
        };
        if let Some(o) = schema
            .opaque
            .iter()
            .find(opaque)
            .or_else(|| schema.opaque.iter().find(named))
        {
            return level(schema, o, seen);
        }
        match d.kind.as_str() {
            "schema" | "extension" | "collation" | "sequence" | "type" => 0,
            "table" if schema.tables.iter().any(|t| Some(&t.name) == name) => 1,
            _ => 2,
        }
    });
    needs.fold(own, u8::max)
}

/// The opaque objects in an order where each comes after the opaque objects it needs.
fn in_dependency_order(list: &[&Opaque]) -> Vec<usize> {
    let at: BTreeMap<(&str, &str), usize> = list
        .iter()
        .enumerate()
        .map(|(i, o)| ((o.kind.as_str(), o.identity.as_str()), i))
        .collect();
    let mut edges = vec![Vec::new(); list.len()];
    for (i, object) in list.iter().enumerate() {
        for d in &object.depends_on {
            // A dependency named as the structural object it stands for (`type`) is found
            // by name among the opaque objects of that sort.
            let found = at
                .get(&(d.kind.as_str(), d.identity.as_str()))
                .copied()
                .or_else(|| {
                    list.iter().position(|o| {
                        o.name.is_some()
                            && o.name == d.name
                            && ((d.kind == "type" && o.is_type())
                                || (d.kind == "function" && o.is_routine()))
                    })
                });
            if let Some(j) = found.filter(|&j| j != i) {
                edges[j].push(i);
            }
        }
    }
    let (mut order, stuck) = crate::topological::sort(&edges, |i| i);
    // A cycle Postgres would refuse too: keep the objects, in name order.
    order.extend(stuck);
    order
}

/// Each at its [`level`]: with the types, right after the tables, or last. Structural
/// objects that need a late one (a view calling an aggregate whose step function is a
/// function of the model) are not ordered after it in a script; a plan orders them.
fn render(schema: &Schema, part: Part, list: &mut Statements) {
    // Comments are written with each object's definition.
    let (wanted, section) = match part {
        Part::Types => (0, "Objects kept as definition text, needed by tables"),
        Part::AfterTables => (1, "Objects kept as definition text, on tables"),
        Part::Late => (2, "Objects kept as definition text"),
        _ => return,
    };
    let chosen: Vec<&Opaque> = schema
        .opaque
        .iter()
        .filter(|o| level(schema, o, &mut BTreeSet::new()) == wanted)
        .collect();
    for i in in_dependency_order(&chosen) {
        let object = chosen[i];
        list.push(section, object.object(), |out| create_opaque(object, out));
    }
}

/// Reading this kind back: one query over every catalog holding objects the structural
/// model has no place for, with their definitions and dependencies.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::{IntrospectError, Note, Reader};
    use schema_core::{Dependency, Opaque};

    /// The routines the structural model does not hold, as a condition on `p` (a
    /// `pg_proc` row) and `l` (its `pg_language` row): window functions and the aggregates
    /// the model has no place for (see `kinds::aggregate::catalog::STRUCTURAL`); functions
    /// and procedures in other languages than `sql` and `plpgsql`, with settings other than
    /// `search_path`. The functions and aggregates queries leave these out, so each routine
    /// is read exactly once.
    pub(crate) fn kept_as_text() -> String {
        format!(
            "(NOT {} AND (p.prokind NOT IN ('f', 'p')
    OR l.lanname NOT IN ('sql', 'plpgsql')
    OR EXISTS (SELECT FROM pg_catalog.unnest(p.proconfig) s WHERE s NOT LIKE 'search\\_path=%')))",
            crate::kinds::aggregate::catalog::STRUCTURAL
        )
    }

    /// The privileges on an object kept as text (`o`, identified as `i`), as the `GRANT`
    /// and `REVOKE` statements that turn Postgres's built-in ones (`acldefault`) into what
    /// its access list holds, each on a line after the definition. They are part of the
    /// definition text: the structural grants have no place for these kinds' objects.
    const PRIVILEGES: &str = "COALESCE((SELECT pg_catalog.string_agg(s.statement, '' ORDER BY s.statement) FROM (
    SELECT E'\\nGRANT ' || g.privilege_type || ' ON ' || acl.keyword || ' ' || i.identity || ' TO '
           || CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END
           || CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';' AS statement
    FROM pg_catalog.aclexplode(acl.acl) g LEFT JOIN pg_catalog.pg_roles r ON r.oid = g.grantee
    WHERE g.grantee <> acl.owner AND NOT EXISTS (
      SELECT FROM pg_catalog.aclexplode(pg_catalog.acldefault(acl.kind, acl.owner)) d
      WHERE d.grantee = g.grantee AND d.privilege_type = g.privilege_type AND d.is_grantable = g.is_grantable)
  UNION ALL
    SELECT E'\\nREVOKE ' || d.privilege_type || ' ON ' || acl.keyword || ' ' || i.identity || ' FROM '
           || CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END || ';'
    FROM pg_catalog.aclexplode(pg_catalog.acldefault(acl.kind, acl.owner)) d
    LEFT JOIN pg_catalog.pg_roles r ON r.oid = d.grantee
    WHERE acl.acl IS NOT NULL AND d.grantee <> acl.owner AND NOT EXISTS (
      SELECT FROM pg_catalog.aclexplode(acl.acl) g
      WHERE g.grantee = d.grantee AND g.privilege_type = d.privilege_type)
  ) s), '')";

    /// The access list of an object kept as text (`o`), with its owner, the kind
    /// `acldefault` takes and the keyword `GRANT .. ON` names it by: for the kinds that
    /// have privileges.
    const ACCESS_LIST: &str = "LEFT JOIN LATERAL (
    SELECT p.proacl AS acl, p.proowner AS owner, 'f'::\"char\" AS kind, 'ROUTINE' AS keyword
    FROM pg_catalog.pg_proc p WHERE o.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = o.objid
  UNION ALL
    SELECT c.relacl, c.relowner, 'r', 'TABLE'
    FROM pg_catalog.pg_class c WHERE o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = o.objid
  UNION ALL
    SELECT t.typacl, t.typowner, 'T', 'TYPE'
    FROM pg_catalog.pg_type t WHERE o.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = o.objid
  UNION ALL
    SELECT s.srvacl, s.srvowner, 'S', 'FOREIGN SERVER'
    FROM pg_catalog.pg_foreign_server s WHERE o.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass AND s.oid = o.objid
  UNION ALL
    SELECT w.fdwacl, w.fdwowner, 'F', 'FOREIGN DATA WRAPPER'
    FROM pg_catalog.pg_foreign_data_wrapper w WHERE o.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass AND w.oid = o.objid
  UNION ALL
    SELECT l.lanacl, l.lanowner, 'l', 'LANGUAGE'
    FROM pg_catalog.pg_language l WHERE o.classid = 'pg_catalog.pg_language'::pg_catalog.regclass AND l.oid = o.objid
) acl ON true";

    /// Objects another object creates and owns (a range's multirange type and constructor
    /// functions, an array type): they come and go with it, so they are not read.
    pub(crate) fn not_internal(class: &str, oid: &str) -> String {
        format!(
            "NOT EXISTS (SELECT FROM pg_catalog.pg_depend i WHERE i.classid = '{class}'::pg_catalog.regclass AND i.objid = {oid} AND i.deptype = 'i')"
        )
    }

    /// `OPTIONS (a 'x', b 'y')` from an options array (`{a=x,b=y}`), or nothing.
    const OPTIONS: &str = "COALESCE(' OPTIONS (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(pg_catalog.split_part(o, '=', 1)) || ' ' || pg_catalog.quote_literal(pg_catalog.substr(o, pg_catalog.strpos(o, '=') + 1)), ', ') FROM pg_catalog.unnest({}) o) || ')', '')";

    fn options(column: &str) -> String {
        OPTIONS.replace("{}", column)
    }

    /// A qualified name from a schema and a name column.
    fn qualified(schema: &str, name: &str) -> String {
        format!("pg_catalog.quote_ident({schema}) || '.' || pg_catalog.quote_ident({name})")
    }

    /// The operators and support functions of an operator class or family (those that
    /// depend on `owner` with `deptype`), each as `CREATE OPERATOR CLASS` lists them.
    fn members(class: &str, owner: &str, deptype: &str) -> String {
        format!(
            "SELECT 'OPERATOR ' || ao.amopstrategy || ' ' || pg_catalog.quote_ident(opn.nspname) || '.' || op.oprname
         || '(' || pg_catalog.format_type(ao.amoplefttype, NULL) || ', ' || pg_catalog.format_type(ao.amoprighttype, NULL) || ')'
         || CASE WHEN ao.amoppurpose = 'o' THEN (SELECT ' FOR ORDER BY ' || pg_catalog.quote_ident(sfn.nspname) || '.' || pg_catalog.quote_ident(sf.opfname) FROM pg_catalog.pg_opfamily sf JOIN pg_catalog.pg_namespace sfn ON sfn.oid = sf.opfnamespace WHERE sf.oid = ao.amopsortfamily) ELSE '' END AS member,
       0 AS sort, ao.amopstrategy AS number
FROM pg_catalog.pg_amop ao
JOIN pg_catalog.pg_depend md ON md.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND md.objid = ao.oid
  AND md.refclassid = '{class}'::pg_catalog.regclass AND md.refobjid = {owner} AND md.deptype = '{deptype}'
JOIN pg_catalog.pg_operator op ON op.oid = ao.amopopr JOIN pg_catalog.pg_namespace opn ON opn.oid = op.oprnamespace
UNION ALL
SELECT 'FUNCTION ' || ap.amprocnum || ' (' || pg_catalog.format_type(ap.amproclefttype, NULL) || ', ' || pg_catalog.format_type(ap.amprocrighttype, NULL) || ') '
         || ap.amproc::pg_catalog.regprocedure::text, 1, ap.amprocnum
FROM pg_catalog.pg_amproc ap
JOIN pg_catalog.pg_depend md ON md.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND md.objid = ap.oid
  AND md.refclassid = '{class}'::pg_catalog.regclass AND md.refobjid = {owner} AND md.deptype = '{deptype}'"
        )
    }

    /// The functions a base type (the `pg_type` row `alias`) is made of, as a list for `IN`:
    /// part of its definition, so neither objects of their own nor its dependencies.
    fn support_functions(alias: &str) -> String {
        let columns = [
            "typinput",
            "typoutput",
            "typreceive",
            "typsend",
            "typmodin",
            "typmodout",
            "typanalyze",
        ];
        let list: Vec<String> = columns.iter().map(|c| format!("{alias}.{c}")).collect();
        format!("({})", list.join(", "))
    }

    fn query() -> String {
        let ns = "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY($1))";
        let modify = |column: &str, kind: &str| {
            format!(
                "CASE WHEN {column} <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END THEN ', {kind} = ' || CASE {column} WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END ELSE '' END"
            )
        };
        let aggregate = format!(
            "'CREATE AGGREGATE ' || {name} || '(' || CASE WHEN pg_catalog.pg_get_function_arguments(p.oid) = '' THEN '*' ELSE pg_catalog.pg_get_function_arguments(p.oid) END || ') (SFUNC = ' || a.aggtransfn::pg_catalog.regproc::text
  || ', STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL)
  || CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace ELSE '' END
  || CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::pg_catalog.regproc::text ELSE '' END
  || CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END
  || {final_modify}
  || CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::pg_catalog.regproc::text ELSE '' END
  || CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::pg_catalog.regproc::text ELSE '' END
  || CASE WHEN a.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || a.aggdeserialfn::pg_catalog.regproc::text ELSE '' END
  || CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || pg_catalog.quote_literal(a.agginitval) ELSE '' END
  || CASE WHEN a.aggmtransfn <> 0 THEN ', MSFUNC = ' || a.aggmtransfn::pg_catalog.regproc::text || ', MINVFUNC = ' || a.aggminvtransfn::pg_catalog.regproc::text || ', MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, NULL) ELSE '' END
  || CASE WHEN a.aggmtransspace <> 0 THEN ', MSSPACE = ' || a.aggmtransspace ELSE '' END
  || CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || a.aggmfinalfn::pg_catalog.regproc::text ELSE '' END
  || CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END
  || CASE WHEN a.aggmtransfn <> 0 THEN {mfinal_modify} ELSE '' END
  || CASE WHEN a.aggminitval IS NOT NULL THEN ', MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval) ELSE '' END
  || CASE WHEN a.aggsortop <> 0 THEN (SELECT ', SORTOP = OPERATOR(' || pg_catalog.quote_ident(sn.nspname) || '.' || so.oprname || ')' FROM pg_catalog.pg_operator so JOIN pg_catalog.pg_namespace sn ON sn.oid = so.oprnamespace WHERE so.oid = a.aggsortop) ELSE '' END
  || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
  || CASE WHEN a.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END || ');'",
            name = qualified("n.nspname", "p.proname"),
            final_modify = modify("a.aggfinalmodify", "FINALFUNC_MODIFY"),
            mfinal_modify = modify("a.aggmfinalmodify", "MFINALFUNC_MODIFY"),
        );
        let type_name = qualified("n.nspname", "t.typname");
        format!(
            "
WITH objects(classid, objid, definition) AS (
  -- A rule that does not fire as by default (`DISABLE RULE`, `ENABLE REPLICA RULE`) says so.
  SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid, pg_catalog.pg_get_ruledef(r.oid)
         || CASE r.ev_enabled WHEN 'O' THEN '' ELSE E'\nALTER TABLE ' || r.ev_class::pg_catalog.regclass::text
              || CASE r.ev_enabled WHEN 'D' THEN ' DISABLE' WHEN 'R' THEN ' ENABLE REPLICA' ELSE ' ENABLE ALWAYS' END
              || ' RULE ' || pg_catalog.quote_ident(r.rulename) || ';' END
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
  WHERE r.rulename <> '_RETURN' AND c.relnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, t.oid, pg_catalog.pg_get_triggerdef(t.oid) || ';'
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  -- Constraint triggers `FROM` another table.
  WHERE t.tgconstrrelid <> 0
    AND NOT t.tgisinternal AND t.tgparentid = 0 AND c.relnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid,
         CASE WHEN p.prokind = 'a' THEN {aggregate} ELSE pg_catalog.pg_get_functiondef(p.oid) END
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
  WHERE p.pronamespace IN {ns} AND {kept_as_text}
    -- The functions of a base type are part of its definition.
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_type bt WHERE bt.typtype = 'b' AND bt.typnamespace = p.pronamespace
                    AND p.oid IN {support_bt})
{branch}
  -- A base type: its shell, the functions written for it (in its schema), then the type.
  SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,
         'CREATE TYPE ' || {type_name} || ';'
         || COALESCE((SELECT pg_catalog.string_agg(E'\n' || pg_catalog.rtrim(pg_catalog.pg_get_functiondef(f.oid), E'\n') || ';', '' ORDER BY f.oid)
                      FROM pg_catalog.pg_proc f
                      WHERE f.pronamespace = t.typnamespace
                        AND f.oid IN {support_t}), '')
         || E'\nCREATE TYPE ' || {type_name} || ' (INPUT = ' || t.typinput::pg_catalog.regproc::text
         || ', OUTPUT = ' || t.typoutput::pg_catalog.regproc::text
         || CASE WHEN t.typreceive <> 0 THEN ', RECEIVE = ' || t.typreceive::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN t.typsend <> 0 THEN ', SEND = ' || t.typsend::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN t.typmodin <> 0 THEN ', TYPMOD_IN = ' || t.typmodin::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN t.typmodout <> 0 THEN ', TYPMOD_OUT = ' || t.typmodout::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN t.typanalyze <> 0 THEN ', ANALYZE = ' || t.typanalyze::pg_catalog.regproc::text ELSE '' END
         || ', INTERNALLENGTH = ' || CASE WHEN t.typlen < 0 THEN 'VARIABLE' ELSE t.typlen::text END
         || CASE WHEN t.typbyval THEN ', PASSEDBYVALUE' ELSE '' END
         || ', ALIGNMENT = ' || CASE t.typalign WHEN 'c' THEN 'char' WHEN 's' THEN 'int2' WHEN 'i' THEN 'int4' ELSE 'double' END
         || ', STORAGE = ' || CASE t.typstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END
         || ', CATEGORY = ' || pg_catalog.quote_literal(t.typcategory::text)
         || CASE WHEN t.typispreferred THEN ', PREFERRED = true' ELSE '' END
         || CASE WHEN t.typdefault IS NOT NULL THEN ', DEFAULT = ' || pg_catalog.quote_literal(t.typdefault) ELSE '' END
         || CASE WHEN t.typdelim <> ',' THEN ', DELIMITER = ' || pg_catalog.quote_literal(t.typdelim::text) ELSE '' END
         || CASE WHEN t.typcollation <> 0 THEN ', COLLATABLE = true' ELSE '' END
         || ');'
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typnamespace IN {ns} AND t.typtype = 'b' AND t.typelem = 0 AND t.typisdefined
{branch}
  SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,
         'CREATE TYPE ' || {type_name} || ' AS RANGE (subtype = ' || pg_catalog.format_type(r.rngsubtype, NULL)
         || ', multirange_type_name = ' || (SELECT {multirange} FROM pg_catalog.pg_type m JOIN pg_catalog.pg_namespace mn ON mn.oid = m.typnamespace WHERE m.oid = r.rngmultitypid)
         || COALESCE((SELECT ', subtype_opclass = ' || {opclass} FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace WHERE oc.oid = r.rngsubopc AND NOT oc.opcdefault), '')
         || COALESCE((SELECT ', collation = ' || {collation} FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype WHERE co.oid = r.rngcollation AND r.rngcollation <> st.typcollation), '')
         || CASE WHEN r.rngcanonical <> 0 THEN ', canonical = ' || r.rngcanonical::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN r.rngsubdiff <> 0 THEN ', subtype_diff = ' || r.rngsubdiff::pg_catalog.regproc::text ELSE '' END
         || ');'
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid,
         'CREATE FOREIGN TABLE ' || {table_name} || ' ('
         || COALESCE((SELECT pg_catalog.string_agg(E'\\n    ' || pg_catalog.quote_ident(at.attname) || ' ' || pg_catalog.format_type(at.atttypid, at.atttypmod)
                  || {column_options}
                  || COALESCE((SELECT ' COLLATE ' || {collation} FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace JOIN pg_catalog.pg_type ct ON ct.oid = at.atttypid WHERE co.oid = at.attcollation AND at.attcollation <> ct.typcollation), '')
                  || COALESCE((SELECT ' DEFAULT ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid = at.attrelid AND ad.adnum = at.attnum), '')
                  || CASE WHEN at.attnotnull THEN ' NOT NULL' ELSE '' END, ',' ORDER BY at.attnum)
             FROM pg_catalog.pg_attribute at WHERE at.attrelid = c.oid AND at.attnum > 0 AND NOT at.attisdropped), '')
         || COALESCE((SELECT pg_catalog.string_agg(E',\\n    CONSTRAINT ' || pg_catalog.quote_ident(k.conname) || ' ' || pg_catalog.pg_get_constraintdef(k.oid), '' ORDER BY k.conname)
             FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c'), '')
         || E'\\n) SERVER ' || pg_catalog.quote_ident(s.srvname) || {table_options} || ';'
         || COALESCE((SELECT pg_catalog.string_agg(E'\\nCOMMENT ON COLUMN ' || {table_name} || '.' || pg_catalog.quote_ident(at.attname) || ' IS ' || pg_catalog.quote_literal(d.description) || ';', '' ORDER BY at.attnum)
             FROM pg_catalog.pg_attribute at JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = c.oid AND d.objsubid = at.attnum
             WHERE at.attrelid = c.oid AND at.attnum > 0), '')
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
  JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
  WHERE c.relkind = 'f' AND c.relnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, w.oid,
         'CREATE FOREIGN DATA WRAPPER ' || pg_catalog.quote_ident(w.fdwname)
         || CASE WHEN w.fdwhandler <> 0 THEN ' HANDLER ' || w.fdwhandler::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || w.fdwvalidator::pg_catalog.regproc::text ELSE '' END
         || {fdw_options} || ';'
  FROM pg_catalog.pg_foreign_data_wrapper w
{branch}
  SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass, s.oid,
         'CREATE SERVER ' || pg_catalog.quote_ident(s.srvname)
         || COALESCE(' TYPE ' || pg_catalog.quote_literal(s.srvtype), '')
         || COALESCE(' VERSION ' || pg_catalog.quote_literal(s.srvversion), '')
         || ' FOREIGN DATA WRAPPER ' || pg_catalog.quote_ident(w.fdwname) || {server_options} || ';'
  FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
{branch}
  SELECT 'pg_catalog.pg_user_mapping'::pg_catalog.regclass, u.umid,
         'CREATE USER MAPPING FOR ' || CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(u.usename) END
         || ' SERVER ' || pg_catalog.quote_ident(u.srvname) || {mapping_options} || ';'
  FROM pg_catalog.pg_user_mappings u
{branch}
  SELECT 'pg_catalog.pg_event_trigger'::pg_catalog.regclass, e.oid,
         'CREATE EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || ' ON ' || pg_catalog.quote_ident(e.evtevent)
         || COALESCE(' WHEN TAG IN (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(tag), ', ') FROM pg_catalog.unnest(e.evttags) tag) || ')', '')
         || ' EXECUTE FUNCTION ' || e.evtfoid::pg_catalog.regproc::text || '();'
         || CASE e.evtenabled WHEN 'D' THEN E'\\nALTER EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || ' DISABLE;'
                              WHEN 'R' THEN E'\\nALTER EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || ' ENABLE REPLICA;'
                              WHEN 'A' THEN E'\\nALTER EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || ' ENABLE ALWAYS;'
                              ELSE '' END
  FROM pg_catalog.pg_event_trigger e
{branch}
  SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid,
         'CREATE OPERATOR ' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || ' (FUNCTION = ' || o.oprcode::pg_catalog.regproc::text
         || CASE WHEN o.oprleft <> 0 THEN ', LEFTARG = ' || pg_catalog.format_type(o.oprleft, NULL) ELSE '' END
         || CASE WHEN o.oprright <> 0 THEN ', RIGHTARG = ' || pg_catalog.format_type(o.oprright, NULL) ELSE '' END
         || COALESCE((SELECT ', COMMUTATOR = OPERATOR(' || pg_catalog.quote_ident(xn.nspname) || '.' || x.oprname || ')' FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = o.oprcom), '')
         || COALESCE((SELECT ', NEGATOR = OPERATOR(' || pg_catalog.quote_ident(xn.nspname) || '.' || x.oprname || ')' FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = o.oprnegate), '')
         || CASE WHEN o.oprrest <> 0 THEN ', RESTRICT = ' || o.oprrest::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN o.oprjoin <> 0 THEN ', JOIN = ' || o.oprjoin::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END
         || CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END || ');'
  FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
  WHERE o.oprnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_cast'::pg_catalog.regclass, c.oid,
         'CREATE CAST (' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ') '
         || CASE c.castmethod WHEN 'f' THEN 'WITH FUNCTION ' || c.castfunc::pg_catalog.regprocedure::text WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END
         || CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END || ';'
  FROM pg_catalog.pg_cast c
  -- Postgres's own casts have the system's object identifiers.
  WHERE c.oid >= 16384
{branch}
  SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, c.oid,
         'CREATE TEXT SEARCH CONFIGURATION ' || {config_name} || ' (PARSER = ' || (SELECT {parser} FROM pg_catalog.pg_ts_parser pr JOIN pg_catalog.pg_namespace prn ON prn.oid = pr.prsnamespace WHERE pr.oid = c.cfgparser) || ');'
         || COALESCE((SELECT pg_catalog.string_agg(E'\\nALTER TEXT SEARCH CONFIGURATION ' || {config_name} || ' ADD MAPPING FOR ' || tt.alias || ' WITH ' || g.dictionaries || ';', '' ORDER BY g.maptokentype)
             FROM (SELECT m.maptokentype, pg_catalog.string_agg(m.mapdict::pg_catalog.regdictionary::text, ', ' ORDER BY m.mapseqno) dictionaries
                   FROM pg_catalog.pg_ts_config_map m WHERE m.mapcfg = c.oid GROUP BY m.maptokentype) g
             JOIN pg_catalog.ts_token_type(c.cfgparser) tt ON tt.tokid = g.maptokentype), '')
  FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
  WHERE c.cfgnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, d.oid,
         'CREATE TEXT SEARCH DICTIONARY ' || {dictionary_name} || ' (TEMPLATE = ' || (SELECT {template} FROM pg_catalog.pg_ts_template tm JOIN pg_catalog.pg_namespace tmn ON tmn.oid = tm.tmplnamespace WHERE tm.oid = d.dicttemplate)
         || COALESCE(', ' || d.dictinitoption, '') || ');'
  FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
  WHERE d.dictnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_ts_template'::pg_catalog.regclass, tm.oid,
         'CREATE TEXT SEARCH TEMPLATE ' || {template_name} || ' ('
         || CASE WHEN tm.tmplinit <> 0 THEN 'INIT = ' || tm.tmplinit::pg_catalog.regproc::text || ', ' ELSE '' END
         || 'LEXIZE = ' || tm.tmpllexize::pg_catalog.regproc::text || ');'
  FROM pg_catalog.pg_ts_template tm JOIN pg_catalog.pg_namespace n ON n.oid = tm.tmplnamespace
  WHERE tm.tmplnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, pr.oid,
         'CREATE TEXT SEARCH PARSER ' || {parser_name} || ' (START = ' || pr.prsstart::pg_catalog.regproc::text
         || ', GETTOKEN = ' || pr.prstoken::pg_catalog.regproc::text || ', END = ' || pr.prsend::pg_catalog.regproc::text
         || ', LEXTYPES = ' || pr.prslextype::pg_catalog.regproc::text
         || CASE WHEN pr.prsheadline <> 0 THEN ', HEADLINE = ' || pr.prsheadline::pg_catalog.regproc::text ELSE '' END || ');'
  FROM pg_catalog.pg_ts_parser pr JOIN pg_catalog.pg_namespace n ON n.oid = pr.prsnamespace
  WHERE pr.prsnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid,
         pg_catalog.pg_get_statisticsobjdef(s.oid) || ';'
         || CASE WHEN s.stxstattarget >= 0 THEN E'\\nALTER STATISTICS ' || {statistics_name} || ' SET STATISTICS ' || s.stxstattarget || ';' ELSE '' END
  FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
  WHERE s.stxnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_publication'::pg_catalog.regclass, p.oid,
         'CREATE PUBLICATION ' || pg_catalog.quote_ident(p.pubname) || CASE WHEN p.puballtables THEN ' FOR ALL TABLES' ELSE '' END
         || ' WITH (publish = ' || pg_catalog.quote_literal(pg_catalog.array_to_string(ARRAY[
              CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
              CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END], ', '))
         || CASE WHEN p.pubviaroot THEN ', publish_via_partition_root = true' ELSE '' END || ');'
         || COALESCE((SELECT pg_catalog.string_agg(E'\\nALTER PUBLICATION ' || pg_catalog.quote_ident(p.pubname) || ' ADD TABLE ONLY ' || {relation_name}
                  || COALESCE((SELECT ' (' || pg_catalog.string_agg(pg_catalog.quote_ident(at.attname), ', ' ORDER BY at.attnum) || ')' FROM pg_catalog.pg_attribute at WHERE at.attrelid = pr.prrelid AND at.attnum = ANY(pr.prattrs)), '')
                  || COALESCE(' WHERE (' || pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) || ')', '') || ';', '' ORDER BY rn.nspname, rc.relname)
             FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_class rc ON rc.oid = pr.prrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
             WHERE pr.prpubid = p.oid), '')
         || COALESCE((SELECT pg_catalog.string_agg(E'\\nALTER PUBLICATION ' || pg_catalog.quote_ident(p.pubname) || ' ADD TABLES IN SCHEMA ' || pg_catalog.quote_ident(sn.nspname) || ';', '' ORDER BY sn.nspname)
             FROM pg_catalog.pg_publication_namespace pn JOIN pg_catalog.pg_namespace sn ON sn.oid = pn.pnnspid WHERE pn.pnpubid = p.oid), '')
  FROM pg_catalog.pg_publication p
{branch}
  SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, c.oid,
         'CREATE ' || CASE WHEN c.condefault THEN 'DEFAULT ' ELSE '' END || 'CONVERSION ' || {conversion_name}
         || ' FOR ' || pg_catalog.quote_literal(pg_catalog.pg_encoding_to_char(c.conforencoding))
         || ' TO ' || pg_catalog.quote_literal(pg_catalog.pg_encoding_to_char(c.contoencoding))
         || ' FROM ' || c.conproc::pg_catalog.regproc::text || ';'
  FROM pg_catalog.pg_conversion c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
  WHERE c.connamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_am'::pg_catalog.regclass, am.oid,
         'CREATE ACCESS METHOD ' || pg_catalog.quote_ident(am.amname) || ' TYPE ' || CASE am.amtype WHEN 't' THEN 'TABLE' ELSE 'INDEX' END
         || ' HANDLER ' || am.amhandler::pg_catalog.regproc::text || ';'
  FROM pg_catalog.pg_am am WHERE am.oid >= 16384
{branch}
  SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid,
         'CREATE OPERATOR FAMILY ' || {family_name} || ' USING ' || pg_catalog.quote_ident(am.amname) || ';'
         || COALESCE((SELECT pg_catalog.string_agg(E'\\nALTER OPERATOR FAMILY ' || {family_name} || ' USING ' || pg_catalog.quote_ident(am.amname) || ' ADD ' || m.member || ';', '' ORDER BY m.sort, m.number, m.member)
             FROM ({family_members}) m), '')
  FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace
  JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
  WHERE f.opfnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_opclass'::pg_catalog.regclass, c.oid,
         'CREATE OPERATOR CLASS ' || {class_name} || CASE WHEN c.opcdefault THEN ' DEFAULT' ELSE '' END
         || ' FOR TYPE ' || pg_catalog.format_type(c.opcintype, NULL) || ' USING ' || pg_catalog.quote_ident(am.amname)
         || ' FAMILY ' || (SELECT {family} FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace WHERE f.oid = c.opcfamily)
         || ' AS ' || pg_catalog.array_to_string(ARRAY(SELECT m.member FROM ({class_members}) m ORDER BY m.sort, m.number, m.member)
                      || CASE WHEN c.opckeytype <> 0 THEN ARRAY['STORAGE ' || pg_catalog.format_type(c.opckeytype, NULL)] ELSE ARRAY[]::text[] END, ', ')
         || ';'
  FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace
  JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
  WHERE c.opcnamespace IN {ns}
{branch}
  SELECT 'pg_catalog.pg_language'::pg_catalog.regclass, lg.oid,
         'CREATE ' || CASE WHEN lg.lanpltrusted THEN 'TRUSTED ' ELSE '' END || 'LANGUAGE ' || pg_catalog.quote_ident(lg.lanname)
         || ' HANDLER ' || lg.lanplcallfoid::pg_catalog.regproc::text
         || CASE WHEN lg.laninline <> 0 THEN ' INLINE ' || lg.laninline::pg_catalog.regproc::text ELSE '' END
         || CASE WHEN lg.lanvalidator <> 0 THEN ' VALIDATOR ' || lg.lanvalidator::pg_catalog.regproc::text ELSE '' END || ';'
  FROM pg_catalog.pg_language lg WHERE lg.oid >= 16384 AND lg.lanispl
),
-- What each object needs, with the parts of a publication (its tables and schemas) counted
-- as the publication's; an object of an extension stands for its extension, and an object
-- another one owns (an array type, a range's multirange) for its owner.
needs AS (
  SELECT o.classid, o.objid, d.refclassid, d.refobjid
  FROM objects o JOIN pg_catalog.pg_depend d ON d.classid = o.classid AND d.objid = o.objid
  WHERE d.deptype IN ('n', 'a')
UNION
  SELECT 'pg_catalog.pg_publication'::pg_catalog.regclass, pr.prpubid, d.refclassid, d.refobjid
  FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_depend d
    ON d.classid = 'pg_catalog.pg_publication_rel'::pg_catalog.regclass AND d.objid = pr.oid
  WHERE d.deptype IN ('n', 'a')
UNION
  -- An operator class's or family's operators and functions are its own.
  SELECT m.refclassid, m.refobjid, d.refclassid, d.refobjid
  FROM pg_catalog.pg_depend m JOIN pg_catalog.pg_depend d ON d.classid = m.classid AND d.objid = m.objid
  WHERE m.classid IN ('pg_catalog.pg_amop'::pg_catalog.regclass, 'pg_catalog.pg_amproc'::pg_catalog.regclass)
    AND m.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass, 'pg_catalog.pg_opfamily'::pg_catalog.regclass)
    AND m.deptype IN ('i', 'a') AND d.deptype IN ('n', 'a')
UNION
  SELECT 'pg_catalog.pg_publication'::pg_catalog.regclass, pn.pnpubid, d.refclassid, d.refobjid
  FROM pg_catalog.pg_publication_namespace pn JOIN pg_catalog.pg_depend d
    ON d.classid = 'pg_catalog.pg_publication_namespace'::pg_catalog.regclass AND d.objid = pn.oid
  WHERE d.deptype IN ('n', 'a')
),
owned AS (
  SELECT n.classid, n.objid,
         COALESCE(i2.refclassid, i1.refclassid, n.refclassid) AS refclassid,
         COALESCE(i2.refobjid, i1.refobjid, n.refobjid) AS refobjid
  FROM needs n
  LEFT JOIN pg_catalog.pg_depend i1 ON i1.classid = n.refclassid AND i1.objid = n.refobjid AND i1.objsubid = 0 AND i1.deptype = 'i'
  LEFT JOIN pg_catalog.pg_depend i2 ON i2.classid = i1.refclassid AND i2.objid = i1.refobjid AND i2.objsubid = 0 AND i2.deptype = 'i'
),
refs AS (
  SELECT w.classid, w.objid,
         COALESCE(e.refclassid, w.refclassid) AS refclassid,
         COALESCE(e.refobjid, w.refobjid) AS refobjid
  FROM owned w
  LEFT JOIN pg_catalog.pg_depend e ON e.classid = w.refclassid AND e.objid = w.refobjid AND e.objsubid = 0 AND e.deptype = 'e'
)
SELECT i.type, i.identity, o.definition, ds.description,
       ARRAY(SELECT DISTINCT ri.type || E'\\t' || ri.identity
             FROM refs r CROSS JOIN LATERAL pg_catalog.pg_identify_object(r.refclassid, r.refobjid, 0) ri
             WHERE r.classid = o.classid AND r.objid = o.objid
               AND NOT (r.refclassid = o.classid AND r.refobjid = o.objid)
               -- A base type's functions are in its definition.
               AND NOT (r.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND EXISTS (
                 SELECT FROM pg_catalog.pg_type bt WHERE o.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND bt.oid = o.objid
                   AND r.refobjid IN {support_bt}))
               AND COALESCE(ri.schema, '') NOT IN ('pg_catalog', 'information_schema')
               AND NOT (ri.type = 'schema' AND ri.identity IN ('pg_catalog', 'information_schema'))
             ORDER BY 1),
       {privileges}
FROM objects o
CROSS JOIN LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) i
{access_list}
LEFT JOIN pg_catalog.pg_description ds ON ds.classoid = o.classid AND ds.objoid = o.objid AND ds.objsubid = 0
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend e WHERE e.classid = o.classid AND e.objid = o.objid AND e.deptype IN ('e', 'i'))
ORDER BY 1, 2",
            branch = BRANCH,
            support_bt = support_functions("bt"),
            support_t = support_functions("t"),
            privileges = PRIVILEGES,
            access_list = ACCESS_LIST,
            kept_as_text = kept_as_text(),
            multirange = qualified("mn.nspname", "m.typname"),
            opclass = qualified("ocn.nspname", "oc.opcname"),
            collation = qualified("con.nspname", "co.collname"),
            table_name = qualified("n.nspname", "c.relname"),
            column_options = options("at.attfdwoptions"),
            table_options = options("ft.ftoptions"),
            fdw_options = options("w.fdwoptions"),
            server_options = options("s.srvoptions"),
            mapping_options = options("u.umoptions"),
            config_name = qualified("n.nspname", "c.cfgname"),
            parser = qualified("prn.nspname", "pr.prsname"),
            dictionary_name = qualified("n.nspname", "d.dictname"),
            template = qualified("tmn.nspname", "tm.tmplname"),
            template_name = qualified("n.nspname", "tm.tmplname"),
            parser_name = qualified("n.nspname", "pr.prsname"),
            statistics_name = qualified("n.nspname", "s.stxname"),
            relation_name = qualified("rn.nspname", "rc.relname"),
            conversion_name = qualified("n.nspname", "c.conname"),
            family_name = qualified("n.nspname", "f.opfname"),
            family = qualified("fn.nspname", "f.opfname"),
            class_name = qualified("n.nspname", "c.opcname"),
            family_members = members("pg_catalog.pg_opfamily", "f.oid", "a"),
            class_members = members("pg_catalog.pg_opclass", "c.oid", "i"),
        )
    }

    /// Separates the catalogs' parts of the `objects` list in [`query`].
    const BRANCH: &str = "UNION ALL -- the objects of another catalog";

    const OBJECTS_START: &str = "WITH objects(classid, objid, definition) AS (\n";
    const OBJECTS_END: &str = "\n),\n-- What each object needs";

    /// The catalogs' parts of `query`'s `objects` list, and the text before and after them.
    fn parts(query: &str) -> (&str, Vec<&str>, &str) {
        let start = query.find(OBJECTS_START).expect("the objects list") + OBJECTS_START.len();
        let end = query
            .find(OBJECTS_END)
            .expect("the end of the objects list");
        let separator = format!("\n{BRANCH}\n");
        let branches = query[start..end].split(separator.as_str()).collect();
        (&query[..start], branches, &query[end..])
    }

    /// Where a part's rows come from: its `FROM` and `WHERE`, without the definition it
    /// builds (the part itself when it has no such line).
    const PART_FROM: &str = "\n  FROM ";

    /// `query` with only the catalogs' parts that hold an object, or `None` when none
    /// does. A database holds objects of few of these kinds, if any, and planning the
    /// whole query took longer than running it: one `EXISTS` per part over where its rows
    /// come from (without the definitions, the bulk of the text to parse) is cheaper.
    fn present(
        reader: &mut Reader<'_, '_>,
        query: &str,
    ) -> Result<Option<String>, IntrospectError> {
        let (before, branches, after) = parts(query);
        let probe: Vec<String> = branches
            .iter()
            .map(|branch| {
                let from = branch.find(PART_FROM).map_or(*branch, |at| &branch[at..]);
                format!("EXISTS (SELECT{from}\n)")
            })
            .collect();
        let probe = format!("SELECT ARRAY[{}]", probe.join(",\n"));
        let rows = reader.in_namespaces(
            "finding the kinds of objects kept as definition text",
            &probe,
        )?;
        let held: Vec<bool> = rows.first().map(|row| row.get(0)).unwrap_or_default();
        let kept: Vec<&str> = branches
            .into_iter()
            .zip(held)
            .filter_map(|(branch, held)| held.then_some(branch))
            .collect();
        if kept.is_empty() {
            return Ok(None);
        }
        Ok(Some(format!(
            "{before}{}{after}",
            kept.join(&format!("\n{BRANCH}\n"))
        )))
    }

    #[cfg(test)]
    #[test]
    fn every_catalog_is_a_part_of_its_own() {
        let query = query();
        let (before, branches, after) = parts(&query);
        assert!(before.ends_with(OBJECTS_START));
        assert!(after.starts_with(OBJECTS_END));
        assert_eq!(branches.len(), 23);
        for branch in branches {
            let first = branch.lines().find(|l| !l.trim_start().starts_with("--"));
            assert!(
                first.is_some_and(|l| l.trim_start().starts_with("SELECT 'pg_catalog.pg_")),
                "{branch}"
            );
            assert!(!branch.contains(BRANCH));
            assert_eq!(branch.matches(PART_FROM).count(), 1, "{branch}");
        }
    }

    /// The kinds `pg_identify_object` names that the model calls otherwise: a `type` read
    /// here is a range type, and a reference to a composite type's relation is its type.
    fn kind_of(kind: &str, definition: &str) -> String {
        match kind {
            "type" if definition.contains(" AS RANGE (") => "range type".into(),
            "type" if definition.contains(" (INPUT = ") => "base type".into(),
            "composite type" => "type".into(),
            "partitioned table" => "table".into(),
            other => other.into(),
        }
    }

    /// A dependency on a part of a structural object (an index, a constraint) is one on
    /// the object itself, which the table dependency beside it already says.
    fn kept_dependency(kind: &str) -> bool {
        !matches!(
            kind,
            "index" | "partitioned index" | "table constraint" | "domain constraint" | "role"
        )
    }

    /// Reads every object the structural model has no place for, keeping those whose
    /// dependencies are read too: an object that needs something in a schema not read
    /// (Supabase's event triggers call functions in its own schemas) is the owner's of
    /// that schema and is left out, with a note.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let Some(query) = present(reader, &query())? else {
            return Ok(());
        };
        let what = "reading objects kept as definition text";
        // Objects of the whole database alone (event triggers, casts, publications) do not
        // name the schemas read, and Postgres refuses a parameter the query does not use.
        let rows = if query.contains("$1") {
            reader.in_namespaces(what, &query)?
        } else {
            reader.query(what, &query, &[])?
        };
        let mut objects: Vec<Opaque> = Vec::new();
        for row in rows {
            let mut definition: String = row.get(2);
            let kind = kind_of(&row.get::<_, String>(0), &definition);
            let privileges: String = row.get(5);
            if !privileges.is_empty() {
                // `pg_get_functiondef` ends without a semicolon.
                definition.truncate(definition.trim_end().len());
                if !definition.ends_with(';') {
                    definition.push(';');
                }
                definition.push_str(&privileges);
            }
            let mut object = Opaque::new(&kind, &row.get::<_, String>(1), &definition);
            object.comment = row.get(3);
            for dependency in row.get::<_, Vec<String>>(4) {
                let Some((kind, identity)) = dependency.split_once('\t') else {
                    continue;
                };
                let kind = kind_of(kind, "");
                if kept_dependency(&kind) {
                    object.depends_on.push(Dependency::new(&kind, identity));
                }
            }
            objects.push(object);
        }
        let namespaces = reader.namespaces;
        let extensions: Vec<String> = reader
            .schema
            .extensions
            .iter()
            .map(|e| schema_core::quote_ident(&e.name).into_owned())
            .collect();
        // An extension not read (such as `plpgsql`, in `pg_catalog`) is not the app's: an
        // object needing it needs nothing the plan manages.
        for object in &mut objects {
            object
                .depends_on
                .retain(|d| d.kind != "extension" || extensions.contains(&d.identity));
        }
        loop {
            let present: Vec<(String, String)> = objects
                .iter()
                .map(|o| (o.kind.clone(), o.identity.clone()))
                .collect();
            let out_of_scope = |d: &Dependency| match (&d.name, d.kind.as_str()) {
                (Some(name), _) => !namespaces.contains(&name.schema),
                (None, "schema") => {
                    let name = d.identity.trim_matches('"');
                    name != "public" && !namespaces.iter().any(|n| n == name)
                }
                (None, "extension") => false,
                (None, _) => !present.contains(&(d.kind.clone(), d.identity.clone())),
            };
            let before = objects.len();
            let mut kept = Vec::new();
            for object in objects {
                match object.depends_on.iter().find(|d| out_of_scope(d)) {
                    Some(d) => reader.notes.push(Note::new(
                        object.object(),
                        format!(
                            "needs {} `{}`, which is not read, and was left out",
                            d.kind, d.identity
                        ),
                    )),
                    None => kept.push(object),
                }
            }
            objects = kept;
            if objects.len() == before {
                break;
            }
        }
        reader.schema.opaque.extend(objects);
        Ok(())
    }
}
