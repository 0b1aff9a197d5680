//! The rendered DDL of every fixture applies to a real Postgres, and the catalog then holds
//! exactly what the model describes.

mod common;

use common::TestDb;
use postgres::Client;
use schemata::postgres::{enum_type_comment, split_enum_type_comment, to_sql, RenderOptions};
use schemata::{
    Compression, Deferrable, EnumDef, Identity, QualifiedName, ReferentialAction, Schema, Storage,
    TableDef,
};
use schemata_testkit::fixtures;

/// One test per fixture, so they run in parallel and fail by name.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                applies_and_matches_the_catalog(stringify!($name));
            }
        )*

        #[test]
        fn every_fixture_is_tested() {
            let tested = [$(stringify!($name)),*];
            let fixtures: Vec<&str> = fixtures::all().iter().map(|case| case.name).collect();
            assert_eq!(fixtures, tested);
        }
    };
}

cases!(
    column_types,
    column_settings,
    defaults,
    identity_and_generated,
    constraints,
    foreign_keys,
    indexes,
    row_level_security,
    comments,
    awkward_names,
    non_public_schema,
    enums,
    stand_ins,
    empty,
);

fn applies_and_matches_the_catalog(name: &str) {
    let schema = fixtures::case(name);
    let sql = to_sql(&schema, &RenderOptions { stand_ins: true });
    let mut db = TestDb::fresh();
    db.execute_script(&sql);
    let client = &mut db.client;

    check_schemas(client, &schema);
    check_no_other_tables(client, &schema);
    for def in &schema.enums {
        check_enum(client, def);
    }
    for table in &schema.tables {
        let oid = table_oid(client, &table.name)
            .unwrap_or_else(|| panic!("table `{}` was not created", table.name));
        check_table(client, oid, table);
        check_columns(client, oid, table);
        check_constraints(client, oid, table);
        check_indexes(client, table);
        check_policies(client, table);
        check_constraint_and_policy_comments(client, oid, table);
    }
    check_stand_ins(client, &schema);
}

fn table_oid(client: &mut Client, name: &QualifiedName) -> Option<u32> {
    client
        .query_opt(
            "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'r'",
            &[&name.schema, &name.name],
        )
        .unwrap()
        .map(|row| row.get(0))
}

fn check_schemas(client: &mut Client, schema: &Schema) {
    for name in &schema.schemas {
        let found = client
            .query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[name])
            .unwrap();
        assert!(found.is_some(), "schema `{name}` was not created");
    }
}

/// The script creates the model's tables and the external stand-ins, nothing else.
fn check_no_other_tables(client: &mut Client, schema: &Schema) {
    let mut found: Vec<String> = client
        .query(
            "SELECT n.nspname::text || '.' || c.relname::text
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg_toast%'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    found.sort();
    let mut expected: Vec<String> = schema
        .tables
        .iter()
        .map(|t| t.name.to_string())
        .chain(schema.external.tables.iter().map(|t| t.name.to_string()))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

fn check_enum(client: &mut Client, def: &EnumDef) {
    let row = client
        .query_opt(
            "SELECT t.oid, obj_description(t.oid, 'pg_type')
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = $1 AND t.typname = $2 AND t.typtype = 'e'",
            &[&def.name.schema, &def.name.name],
        )
        .unwrap()
        .unwrap_or_else(|| panic!("enum type `{}` was not created", def.name));
    let oid: u32 = row.get(0);
    let comment: Option<String> = row.get(1);

    let labels: Vec<String> = client
        .query(
            "SELECT enumlabel::text FROM pg_enum WHERE enumtypid = $1 ORDER BY enumsortorder",
            &[&oid],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let expected: Vec<&str> = def.values.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, expected, "labels of `{}`", def.name);

    assert_eq!(comment, enum_type_comment(def), "comment on `{}`", def.name);
    if let Some(comment) = comment {
        let (own, values) = split_enum_type_comment(&comment, &expected);
        assert_eq!(own, def.comment, "own comment of `{}`", def.name);
        for value in &def.values {
            assert_eq!(values.get(&value.label), value.comment.as_ref());
        }
    }
}

fn check_table(client: &mut Client, oid: u32, table: &TableDef) {
    let row = client
        .query_one(
            "SELECT relrowsecurity, relforcerowsecurity, obj_description(oid, 'pg_class')
             FROM pg_class WHERE oid = $1",
            &[&oid],
        )
        .unwrap();
    let rls = table.row_level_security;
    assert_eq!(
        row.get::<_, bool>(0),
        rls.enabled,
        "RLS enabled on `{}`",
        table.name
    );
    assert_eq!(
        row.get::<_, bool>(1),
        rls.forced,
        "RLS forced on `{}`",
        table.name
    );
    assert_eq!(
        row.get::<_, Option<String>>(2),
        table.comment,
        "comment on `{}`",
        table.name
    );
}

fn check_columns(client: &mut Client, oid: u32, table: &TableDef) {
    let rows = client
        .query(
            "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    a.attidentity::text, a.attgenerated::text, d.adbin IS NOT NULL,
                    col_description(a.attrelid, a.attnum),
                    CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
                    NULLIF(a.attcompression::text, ''), NULLIF(a.attstattarget, -1)::int4,
                    -- The options the model holds; a server may keep others of its own.
                    ARRAY(SELECT o FROM unnest(a.attoptions) o
                          WHERE split_part(o, '=', 1) IN ('n_distinct', 'n_distinct_inherited'))
             FROM pg_attribute a
             JOIN pg_type t ON t.oid = a.atttypid
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum",
            &[&oid],
        )
        .unwrap();
    let names: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    let expected: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, expected, "columns of `{}`", table.name);

    let primary_key: &[String] = table.primary_key.as_ref().map_or(&[], |pk| &pk.columns);
    for (row, column) in rows.iter().zip(&table.columns) {
        let what = format!("column `{}.{}`", table.name, column.name);
        assert_eq!(
            row.get::<_, String>(1),
            column.ty.to_string(),
            "type of {what}"
        );
        let not_null =
            !column.nullable || column.identity.is_some() || primary_key.contains(&column.name);
        assert_eq!(row.get::<_, bool>(2), not_null, "NOT NULL of {what}");
        let identity = match column.identity {
            Some(Identity::Always) => "a",
            Some(Identity::ByDefault) => "d",
            None => "",
        };
        assert_eq!(row.get::<_, String>(3), identity, "identity of {what}");
        let generated = if column.generated.is_some() { "s" } else { "" };
        assert_eq!(row.get::<_, String>(4), generated, "generated {what}");
        let has_default = column.default.is_some() || column.generated.is_some();
        assert_eq!(row.get::<_, bool>(5), has_default, "default of {what}");
        assert_eq!(
            row.get::<_, Option<String>>(6),
            column.comment,
            "comment on {what}"
        );
        let storage = column.storage.map(|storage| match storage {
            Storage::Plain => "p",
            Storage::External => "e",
            Storage::Extended => "x",
            Storage::Main => "m",
        });
        let storage = storage.map(str::to_string);
        assert_eq!(
            row.get::<_, Option<String>>(7),
            storage,
            "storage of {what}"
        );
        let compression = column.compression.map(|compression| match compression {
            Compression::Pglz => "p".to_string(),
            Compression::Lz4 => "l".to_string(),
        });
        assert_eq!(
            row.get::<_, Option<String>>(8),
            compression,
            "compression of {what}"
        );
        assert_eq!(
            row.get::<_, Option<i32>>(9),
            column.statistics,
            "statistics target of {what}"
        );
        let options: Vec<String> = column
            .attribute_options()
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        assert_eq!(
            row.get::<_, Option<Vec<String>>>(10).unwrap_or_default(),
            options,
            "attribute options of {what}"
        );
    }
}

/// `COMMENT ON CONSTRAINT` and `COMMENT ON POLICY` as the model has them, `None` where it
/// has none.
fn check_constraint_and_policy_comments(client: &mut Client, oid: u32, table: &TableDef) {
    let mut found = |query: &str| -> Vec<(String, Option<String>)> {
        let mut rows: Vec<(String, Option<String>)> = client
            .query(query, &[&oid])
            .unwrap()
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        rows.sort();
        rows
    };
    let constraints = found(
        "SELECT conname::text, obj_description(oid, 'pg_constraint')
         FROM pg_constraint WHERE conrelid = $1 AND contype IN ('p', 'u', 'c', 'f', 'x')",
    );
    let policies = found(
        "SELECT polname::text, obj_description(oid, 'pg_policy')
         FROM pg_policy WHERE polrelid = $1",
    );
    let mut expected: Vec<(String, Option<String>)> = table
        .constraint_comments()
        .map(|(name, comment)| (name.to_string(), comment.map(str::to_string)))
        .collect();
    expected.sort();
    assert_eq!(
        constraints, expected,
        "constraint comments of `{}`",
        table.name
    );
    let mut expected: Vec<(String, Option<String>)> = table
        .policies
        .iter()
        .map(|p| (p.name.clone(), p.comment.clone()))
        .collect();
    expected.sort();
    assert_eq!(policies, expected, "policy comments of `{}`", table.name);
}

/// A constraint as the catalog has it: name, kind, columns, referenced table and columns,
/// actions, deferrability.
type Constraint = (
    String,
    String,
    Vec<String>,
    Option<String>,
    Vec<String>,
    String,
    String,
    bool,
    bool,
);

fn check_constraints(client: &mut Client, oid: u32, table: &TableDef) {
    let columns_of = "ARRAY(SELECT a.attname::text FROM unnest(%s) WITH ORDINALITY k(num, i)
                            JOIN pg_attribute a ON a.attrelid = %r AND a.attnum = k.num
                            ORDER BY k.i)";
    let query = format!(
        "SELECT con.conname::text, con.contype::text, {}, rn.nspname::text || '.' || rc.relname::text,
                {}, con.confdeltype::text, con.confupdtype::text, con.condeferrable, con.condeferred
         FROM pg_constraint con
         LEFT JOIN pg_class rc ON rc.oid = con.confrelid
         LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
         WHERE con.conrelid = $1 AND con.contype IN ('p', 'u', 'c', 'f')",
        columns_of.replace("%s", "con.conkey").replace("%r", "con.conrelid"),
        columns_of.replace("%s", "con.confkey").replace("%r", "con.confrelid"),
    );
    let mut found: Vec<Constraint> = client
        .query(&query, &[&oid])
        .unwrap()
        .iter()
        .map(|row| {
            let kind: String = row.get(1);
            // A check's columns are those its expression happens to mention.
            let columns = if kind == "c" { Vec::new() } else { row.get(2) };
            (
                row.get(0),
                kind,
                columns,
                row.get(3),
                row.get(4),
                row.get(5),
                row.get(6),
                row.get(7),
                row.get(8),
            )
        })
        .collect();
    found.sort();

    // What Postgres records for a constraint that is not a foreign key.
    let plain = |name: &str, kind: &str, columns: &[String]| -> Constraint {
        let none = " ".to_string();
        (
            name.into(),
            kind.into(),
            columns.to_vec(),
            None,
            vec![],
            none.clone(),
            none,
            false,
            false,
        )
    };
    let mut expected: Vec<Constraint> = Vec::new();
    if let Some(pk) = &table.primary_key {
        expected.push(plain(&pk.name, "p", &pk.columns));
    }
    for unique in &table.uniques {
        expected.push(plain(&unique.name, "u", &unique.columns));
    }
    for check in &table.checks {
        expected.push(plain(&check.name, "c", &[]));
    }
    for key in &table.foreign_keys {
        expected.push((
            key.name.clone(),
            "f".into(),
            key.columns.clone(),
            Some(key.references.to_string()),
            key.referenced_columns.clone(),
            action(key.on_delete).into(),
            action(key.on_update).into(),
            key.deferrable != Deferrable::No,
            key.deferrable == Deferrable::InitiallyDeferred,
        ));
    }
    expected.sort();
    assert_eq!(found, expected, "constraints of `{}`", table.name);
}

/// `pg_constraint.confdeltype` / `confupdtype`
fn action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "a",
        ReferentialAction::Restrict => "r",
        ReferentialAction::Cascade => "c",
        ReferentialAction::SetNull => "n",
        ReferentialAction::SetDefault => "d",
    }
}

fn check_indexes(client: &mut Client, table: &TableDef) {
    let rows = client
        .query(
            "SELECT indexname::text, indexdef FROM pg_indexes
             WHERE schemaname = $1 AND tablename = $2",
            &[&table.name.schema, &table.name.name],
        )
        .unwrap();
    let mut found: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    found.sort();
    let mut expected: Vec<&str> = table
        .indexes
        .iter()
        .map(|i| i.name.as_str())
        .chain(table.primary_key.iter().map(|pk| pk.name.as_str()))
        .chain(table.uniques.iter().map(|u| u.name.as_str()))
        .chain(table.exclusions.iter().map(|e| e.name.as_str()))
        .collect();
    expected.sort();
    let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, expected, "indexes of `{}`", table.name);

    for index in &table.indexes {
        let (_, definition) = found.iter().find(|(name, _)| *name == index.name).unwrap();
        let what = format!("index `{}`: {definition}", index.name);
        assert_eq!(
            definition.starts_with("CREATE UNIQUE INDEX"),
            index.unique,
            "{what}"
        );
        let method = index.method.as_str();
        assert!(definition.contains(&format!(" USING {method} (")), "{what}");
        assert_eq!(
            definition.contains(" INCLUDE ("),
            !index.include.is_empty(),
            "{what}"
        );
        assert_eq!(
            definition.contains(" WHERE "),
            index.predicate.is_some(),
            "{what}"
        );
        let descending = index.keys.iter().filter(|k| k.descending).count();
        assert_eq!(definition.matches(" DESC").count(), descending, "{what}");
        for key in &index.keys {
            if let Some(opclass) = &key.opclass {
                let bare = opclass.rsplit('.').next().unwrap();
                assert!(definition.contains(bare), "{what}");
            }
        }
    }
}

fn check_policies(client: &mut Client, table: &TableDef) {
    let rows = client
        .query(
            "SELECT policyname::text, permissive, roles::text[], cmd,
                    qual IS NOT NULL, with_check IS NOT NULL
             FROM pg_policies WHERE schemaname = $1 AND tablename = $2",
            &[&table.name.schema, &table.name.name],
        )
        .unwrap();
    type Found = (String, String, Vec<String>, String, bool, bool);
    let mut found: Vec<Found> = rows
        .iter()
        .map(|r| {
            let mut roles: Vec<String> = r.get(2);
            roles.sort();
            (r.get(0), r.get(1), roles, r.get(3), r.get(4), r.get(5))
        })
        .collect();
    found.sort();
    let mut expected: Vec<Found> = table
        .policies
        .iter()
        .map(|p| {
            let kind = if p.restrictive {
                "RESTRICTIVE"
            } else {
                "PERMISSIVE"
            };
            let roles = if p.roles.is_empty() {
                vec!["public".to_string()]
            } else {
                p.roles.clone()
            };
            (
                p.name.clone(),
                kind.into(),
                roles,
                p.command.as_str().into(),
                p.using.is_some(),
                p.with_check.is_some(),
            )
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected, "policies of `{}`", table.name);
}

fn check_stand_ins(client: &mut Client, schema: &Schema) {
    for role in &schema.external.roles {
        let found = client
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[role])
            .unwrap();
        assert!(found.is_some(), "role `{role}` was not created");
    }
    for function in &schema.external.functions {
        let arguments: Vec<String> = function.arguments.iter().map(|a| a.to_string()).collect();
        let signature = format!("{}({})", function.name.to_sql(), arguments.join(", "));
        let returns: Option<String> = client
            .query_one(
                "SELECT format_type(prorettype, NULL) FROM pg_proc WHERE oid = to_regprocedure($1)",
                &[&signature],
            )
            .map(|row| row.get(0))
            .ok();
        assert_eq!(
            returns,
            Some(function.returns.to_string()),
            "stand-in `{signature}`"
        );
    }
    // The demo's `auth.uid()` stand-in reads the user the way Supabase's does.
    if schema
        .external
        .functions
        .iter()
        .any(|f| f.name == QualifiedName::parse("auth.uid"))
    {
        let user = "0b8f5c57-3f1e-4a55-9d43-4d2b8e1f7a10";
        client
            .execute(
                "SELECT set_config('request.jwt.claim.sub', $1, false)",
                &[&user],
            )
            .unwrap();
        let uid: String = client
            .query_one("SELECT auth.uid()::text", &[])
            .unwrap()
            .get(0);
        assert_eq!(uid, user);
    }
}

/// `quote_literal` documents that a NUL cannot be written and makes the statement fail
/// rather than be stored cut short.
#[test]
fn a_nul_in_a_literal_fails_instead_of_being_cut() {
    use schemata::{Column, DefaultValue, Literal, SqlType};
    let mut column = Column::new("note", SqlType::Text, true);
    column.default = Some(DefaultValue::Literal(Literal::Text("before\0after".into())));
    let table = TableDef::new(QualifiedName::parse("nul")).with_column(column);
    let schema = Schema::builder().add_table(table).build().unwrap();
    let sql = to_sql(&schema, &RenderOptions::default());
    let mut db = TestDb::fresh();
    assert!(db.client.batch_execute(&sql).is_err());
    assert!(table_oid(&mut db.client, &QualifiedName::parse("nul")).is_none());
}

/// After `DEFAULT` in a column definition Postgres takes a restricted expression: a default
/// with `AT TIME ZONE`, `IS`, `COLLATE` or a boolean operator is parenthesised there, in
/// `CREATE TABLE` as in a plan's `ADD COLUMN`, and works.
#[test]
fn defaults_with_operators_apply() {
    use schemata::postgres::plan::{diff, PlanOptions};
    use schemata::{Column, DefaultValue, SqlType};
    let defaults = [
        ("stamped", SqlType::Timestamp, "now() AT TIME ZONE 'utc'"),
        ("flag", SqlType::Boolean, "1 > 0 AND 2 > 1"),
        ("known", SqlType::Boolean, "NULL IS NULL"),
        ("label", SqlType::Text, "'b' COLLATE \"C\""),
        ("plain", SqlType::Integer, "(1 + 2) * 3"),
    ];
    let table = |with: bool| {
        let mut table = TableDef::new(QualifiedName::parse("events")).with_column(Column::new(
            "id",
            SqlType::Integer,
            false,
        ));
        if with {
            for (name, ty, sql) in &defaults {
                let mut column = Column::new(*name, ty.clone(), true);
                column.default = Some(DefaultValue::Expression(sql.to_string()));
                table = table.with_column(column);
            }
        }
        Schema::builder().add_table(table).build().unwrap()
    };
    let check = |db: &mut TestDb| {
        db.client
            .batch_execute("INSERT INTO events (id) VALUES (2)")
            .unwrap();
        let row = db
            .client
            .query_one(
                "SELECT stamped IS NOT NULL, flag, known, label, plain FROM events WHERE id = 2",
                &[],
            )
            .unwrap();
        let (stamped, flag, known): (bool, bool, bool) = (row.get(0), row.get(1), row.get(2));
        let (label, plain): (String, i32) = (row.get(3), row.get(4));
        assert!(stamped && flag && known);
        assert_eq!((label.as_str(), plain), ("b", 9));
    };

    let sql = to_sql(&table(true), &RenderOptions::default());
    assert!(sql.contains("DEFAULT (now() AT TIME ZONE 'utc')"), "{sql}");
    assert!(sql.contains("DEFAULT (1 + 2) * 3"), "{sql}");
    let mut created = TestDb::fresh();
    created.execute_script(&sql);
    check(&mut created);

    let mut added = TestDb::fresh();
    added.execute_script(&to_sql(&table(false), &RenderOptions::default()));
    added
        .client
        .batch_execute("INSERT INTO events (id) VALUES (1)")
        .unwrap();
    let plan = diff(&table(false), &table(true), &PlanOptions::default()).unwrap();
    for step in &plan.steps {
        added
            .client
            .batch_execute(&step.sql)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", step.description, plan.to_sql()));
    }
    check(&mut added);
}
