//! A database holding one object of every kind Postgres 15 has (everything `pg_dump` can
//! emit that a superuser can create without extra packages, base types aside) is read
//! without error: what the structural model holds, structurally; the rest as objects kept
//! as definition text. Planning the database against its own read finds nothing to do, and
//! the read, rendered into an empty database, gives the same `pg_dump --schema-only`.

mod common;

use common::{dump_difference, schema_dump, TestDb};
use schemata::postgres::introspect::{introspect_with_notes, IntrospectOptions};
use schemata::postgres::plan::{diff, PlanOptions};
use schemata::postgres::{to_sql, RenderOptions};
use schemata::{snapshot, RoutineKind};

/// One of each: the structural kinds first, then those kept as definition text.
const EVERY_KIND: &str = r#"
CREATE SCHEMA app;
CREATE EXTENSION file_fdw;
CREATE EXTENSION citext;
CREATE COLLATION app.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TYPE app.mood AS ENUM ('sad', 'happy');
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
CREATE TYPE app.pair AS (a integer, b text);
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE SEQUENCE app.counter START 10;
CREATE TABLE app.accounts (
    id integer PRIMARY KEY,
    balance integer CHECK (balance > -100),
    mood app.mood,
    email text COLLATE app.ci,
    span app.floatrange,
    n app.positive,
    pair app.pair,
    nick citext,
    UNIQUE (email)
);
CREATE TABLE app.events (
    at timestamptz NOT NULL DEFAULT now(),
    account integer
) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events
    FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE INDEX accounts_balance ON app.accounts (balance) WHERE balance > 0;
CREATE VIEW app.rich AS SELECT id, balance FROM app.accounts WHERE balance > 1000;
CREATE MATERIALIZED VIEW app.totals AS SELECT count(*) AS n FROM app.accounts;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON app.accounts
    FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY positive ON app.accounts USING (balance >= 0);
COMMENT ON TABLE app.accounts IS 'one row per account';
COMMENT ON CONSTRAINT accounts_pkey ON app.accounts IS 'the account number';
COMMENT ON CONSTRAINT accounts_balance_check ON app.accounts IS 'a small overdraft';
COMMENT ON CONSTRAINT accounts_email_key ON app.accounts IS 'one account per email';
COMMENT ON POLICY positive ON app.accounts IS 'only accounts in credit';
ALTER TABLE app.accounts ALTER COLUMN email SET STORAGE EXTERNAL;
ALTER TABLE app.accounts ALTER COLUMN nick SET COMPRESSION pglz;
ALTER TABLE app.accounts ALTER COLUMN balance SET STATISTICS 500;
ALTER TABLE app.accounts ALTER COLUMN id SET (n_distinct = -1, n_distinct_inherited = -0.5);
GRANT USAGE ON SCHEMA app TO PUBLIC;
CREATE PROCEDURE app.bump(n integer) LANGUAGE sql
    AS $$ UPDATE app.accounts SET balance = balance + n $$;
CREATE PROCEDURE app.settle(times integer, INOUT total integer, OUT settled boolean)
    LANGUAGE plpgsql AS $$ BEGIN total := total * times; settled := true; END $$;
COMMENT ON PROCEDURE app.settle(integer, integer) IS 'multiplies a total';
CREATE FUNCTION app.split(t text, OUT head text, OUT tail text) LANGUAGE sql
    AS $$ SELECT split_part(t, ' ', 1), split_part(t, ' ', 2) $$;
CREATE FUNCTION app.total_of(VARIADIC xs integer[]) RETURNS integer LANGUAGE sql IMMUTABLE
    RETURN (SELECT sum(x) FROM unnest(xs) AS x);
CREATE VIEW app.doubled AS SELECT id, app.total_of(id, id) AS twice FROM app.accounts;
CREATE FUNCTION app.add_balance(state integer, value integer) RETURNS integer LANGUAGE sql
    IMMUTABLE AS 'SELECT state + value';
CREATE AGGREGATE app.total(integer) (SFUNC = app.add_balance, STYPE = integer, INITCOND = '0',
    MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = integer, MINITCOND = '0', PARALLEL = SAFE);
COMMENT ON AGGREGATE app.total(integer) IS 'a sum from zero';
CREATE AGGREGATE app.middle(fraction double precision ORDER BY value double precision) (
    SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_cont_float8_final,
    FINALFUNC_MODIFY = SHAREABLE);
CREATE VIEW app.balances AS SELECT app.total(balance) AS total,
    app.middle(0.5) WITHIN GROUP (ORDER BY balance) AS middle FROM app.accounts;

-- Kept as definition text.
CREATE FUNCTION app.check_balance() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN IF NEW.balance < -50 THEN RAISE 'too low'; END IF; RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER accounts_check AFTER INSERT ON app.accounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.check_balance();
CREATE FUNCTION app.count_added() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN PERFORM count(*) FROM added; RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER accounts_from AFTER DELETE ON app.accounts FROM app.events_2025
    FOR EACH ROW EXECUTE FUNCTION app.check_balance();
CREATE TRIGGER accounts_added AFTER INSERT ON app.accounts
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION app.count_added();
CREATE RULE keep AS ON DELETE TO app.accounts DO INSTEAD NOTHING;
COMMENT ON RULE keep ON app.accounts IS 'accounts are never deleted';
CREATE AGGREGATE app.ranked(VARIADIC "any" ORDER BY VARIADIC "any") (SFUNC = ordered_set_transition_multi,
    STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);
COMMENT ON AGGREGATE app.ranked(VARIADIC "any" ORDER BY VARIADIC "any") IS 'a rank';
CREATE FUNCTION app.twice(integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN $1 * 2;
CREATE FUNCTION app.describe(integer) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
CREATE FUNCTION app.describe(text) RETURNS text LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION app.label(integer) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
CREATE FUNCTION app.label(text) RETURNS text LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION app.row_number() RETURNS bigint LANGUAGE internal WINDOW AS 'window_row_number';
DO $$ BEGIN CREATE ROLE schemata_every_kind_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT EXECUTE ON FUNCTION app.describe(text) TO schemata_every_kind_reader;
GRANT EXECUTE ON FUNCTION app.row_number() TO schemata_every_kind_reader;
GRANT EXECUTE ON FUNCTION app.ranked("any") TO schemata_every_kind_reader;
GRANT EXECUTE ON FUNCTION app.total(integer) TO schemata_every_kind_reader;
CREATE FUNCTION app.tuned() RETURNS integer LANGUAGE sql SET work_mem = '64MB' AS 'SELECT 1';
CREATE FUNCTION app.near(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS 'SELECT abs($1 - $2) < 2';
CREATE OPERATOR app.~~~ (FUNCTION = app.near, LEFTARG = integer, RIGHTARG = integer,
    COMMUTATOR = OPERATOR(app.~~~));
CREATE FUNCTION app.cmp_abs(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE
    AS 'SELECT btint4cmp(abs($1), abs($2))';
CREATE OPERATOR FAMILY app.abs_ops USING btree;
CREATE OPERATOR CLASS app.abs_int_ops FOR TYPE integer USING btree FAMILY app.abs_ops
    AS OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 app.cmp_abs(integer, integer);
CREATE FUNCTION app.mood_rank(app.mood) RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN $1 = 'happy' THEN 1 ELSE 0 END $$;
CREATE CAST (app.mood AS integer) WITH FUNCTION app.mood_rank(app.mood) AS ASSIGNMENT;
CREATE CONVERSION app.to_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1;
CREATE TEXT SEARCH TEMPLATE app.plain_template (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH PARSER app.plain_parser (START = prsd_start, GETTOKEN = prsd_nexttoken,
    END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
CREATE TEXT SEARCH DICTIONARY app.english_stop (TEMPLATE = app.plain_template, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION app.plain (PARSER = app.plain_parser);
ALTER TEXT SEARCH CONFIGURATION app.plain
    ADD MAPPING FOR asciiword, word WITH app.english_stop, simple;
CREATE STATISTICS app.accounts_stats (ndistinct) ON id, balance FROM app.accounts;
CREATE FOREIGN DATA WRAPPER elsewhere_wrapper;
CREATE SERVER elsewhere FOREIGN DATA WRAPPER elsewhere_wrapper OPTIONS (host 'db.example');
CREATE USER MAPPING FOR CURRENT_USER SERVER elsewhere OPTIONS (user 'reader');
CREATE SERVER disk FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE app.imports (name text NOT NULL, size bigint OPTIONS (force_null 'true'))
    SERVER disk OPTIONS (filename '/dev/null', format 'csv');
COMMENT ON COLUMN app.imports.size IS 'in bytes';
-- Privileges on objects kept as text travel in their definitions.
GRANT SELECT ON app.imports TO schemata_every_kind_reader;
GRANT USAGE ON FOREIGN SERVER elsewhere TO schemata_every_kind_reader;
GRANT USAGE ON TYPE app.floatrange TO schemata_every_kind_reader WITH GRANT OPTION;
REVOKE EXECUTE ON FUNCTION app.tuned() FROM PUBLIC;
SET client_min_messages = error;
CREATE PUBLICATION accounts_feed FOR TABLE app.accounts WITH (publish = 'insert, update');
RESET client_min_messages;
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
CREATE TYPE app.code;
CREATE FUNCTION app.code_in(cstring) RETURNS app.code LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
CREATE FUNCTION app.code_out(app.code) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
CREATE TYPE app.code (INPUT = app.code_in, OUTPUT = app.code_out, LIKE = integer);
CREATE FUNCTION app.ddl_log() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER audit_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
    EXECUTE FUNCTION app.ddl_log();
"#;

/// The kinds `EVERY_KIND` creates that the structural model has no place for.
const KEPT_AS_TEXT: &[&str] = &[
    "access method",
    "aggregate",
    "base type",
    "cast",
    "conversion",
    "event trigger",
    "foreign table",
    "foreign-data wrapper",
    "function",
    "operator",
    "operator class",
    "operator family",
    "publication",
    "range type",
    "rule",
    "server",
    "statistics object",
    "text search configuration",
    "text search dictionary",
    "text search parser",
    "text search template",
    "trigger",
    "user mapping",
];

#[test]
fn a_database_with_every_kind_is_read_planned_and_rendered_back() {
    let mut original = TestDb::fresh();
    original.execute_script(EVERY_KIND);

    let read = introspect_with_notes(&mut original.client, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("inspect refuses the database: {e}"));
    let left_out: Vec<String> = read
        .notes
        .iter()
        .filter(|n| n.message.contains("left out"))
        .map(|n| n.to_string())
        .collect();
    assert!(left_out.is_empty(), "left out:\n{}", left_out.join("\n"));
    let mut kinds: Vec<&str> = read.schema.opaque.iter().map(|o| o.kind.as_str()).collect();
    kinds.dedup();
    assert_eq!(kinds, KEPT_AS_TEXT);
    // Window functions, other languages and settings are kept as text; the plain
    // functions, procedures, `OUT`, `INOUT` and `VARIADIC` arguments and overloads (with a
    // grant on one of them) stay structural.
    let functions: Vec<String> = read
        .schema
        .opaque
        .iter()
        .filter(|o| o.kind == "function")
        .map(|o| o.identity.clone())
        .collect();
    assert_eq!(functions, ["app.row_number()", "app.tuned()",]);
    assert!(read.schema.functions.iter().any(|f| f.name.name == "touch"));
    let label = schemata::QualifiedName::new("app", "label");
    let overloads: Vec<String> = read
        .schema
        .functions_named(&label)
        .map(|f| f.signature())
        .collect();
    assert_eq!(overloads, ["app.label(integer)", "app.label(text)"]);
    // Privileges on objects kept as text are statements after their definitions.
    let definition = |kind: &str, identity: &str| {
        read.schema
            .opaque
            .iter()
            .find(|o| o.kind == kind && o.identity == identity)
            .map(|o| o.definition.clone())
            .unwrap_or_else(|| panic!("no {kind} {identity}"))
    };
    for (kind, identity, statement) in [
        (
            "foreign table",
            "app.imports",
            "GRANT SELECT ON TABLE app.imports TO schemata_every_kind_reader;",
        ),
        (
            "server",
            "elsewhere",
            "GRANT USAGE ON FOREIGN SERVER elsewhere TO schemata_every_kind_reader;",
        ),
        (
            "range type",
            "app.floatrange",
            "GRANT USAGE ON TYPE app.floatrange TO schemata_every_kind_reader WITH GRANT OPTION;",
        ),
        (
            "aggregate",
            "app.ranked(pg_catalog.\"any\")",
            "GRANT EXECUTE ON ROUTINE app.ranked(pg_catalog.\"any\") TO schemata_every_kind_reader;",
        ),
        (
            "function",
            "app.tuned()",
            "REVOKE EXECUTE ON ROUTINE app.tuned() FROM PUBLIC;",
        ),
    ] {
        let text = definition(kind, identity);
        assert!(text.ends_with(statement), "{kind} {identity}:\n{text}");
    }
    // The grant on one overload names it with its argument types.
    assert!(
        read.schema.grants.iter().any(|g| g.on
            == schemata::GrantObject::function("app.describe(text)")
            && g.to == "schemata_every_kind_reader"),
        "{:#?}",
        read.schema.grants
    );
    let routines: Vec<(RoutineKind, String)> = ["bump", "settle", "split", "total_of"]
        .into_iter()
        .map(|name| {
            let f = read
                .schema
                .function(&schemata::QualifiedName::new("app", name))
                .unwrap_or_else(|| panic!("`app.{name}` is not read structurally"));
            (f.kind, f.signature())
        })
        .collect();
    assert_eq!(
        routines,
        [
            (RoutineKind::Procedure, "app.bump(integer)".into()),
            (
                RoutineKind::Procedure,
                "app.settle(integer, INOUT integer, OUT boolean)".into()
            ),
            (
                RoutineKind::Function,
                "app.split(text, OUT text, OUT text)".into()
            ),
            (
                RoutineKind::Function,
                "app.total_of(VARIADIC integer[])".into()
            ),
        ]
    );
    // Aggregates are structural, moving-aggregate and ordered-set ones too, with their
    // comments and grants; only the hypothetical one sharing `VARIADIC "any"` is text.
    let aggregates: Vec<String> = read
        .schema
        .aggregates
        .iter()
        .map(|a| a.signature())
        .collect();
    assert_eq!(
        aggregates,
        [
            "app.middle(double precision ORDER BY double precision)",
            "app.total(integer)"
        ]
    );
    let total = &read.schema.aggregates[1];
    assert_eq!(total.state_function, "app.add_balance");
    assert_eq!(
        total.moving.as_ref().map(|m| m.inverse_function.as_str()),
        Some("int4mi")
    );
    assert_eq!(total.comment.as_deref(), Some("a sum from zero"));
    assert!(
        read.schema
            .grants
            .iter()
            .any(|g| g.on == schemata::GrantObject::function("app.total")
                && g.to == "schemata_every_kind_reader"),
        "{:#?}",
        read.schema.grants
    );
    // A SQL-standard body is held structurally.
    assert!(read
        .schema
        .functions
        .iter()
        .any(|f| f.name.name == "twice" && f.has_standard_body()));
    // A constraint trigger `FROM` another table too; other constraint triggers and
    // triggers with transition tables are structural.
    let triggers: Vec<&str> = read
        .schema
        .opaque
        .iter()
        .filter(|o| o.kind == "trigger")
        .map(|o| o.identity.as_str())
        .collect();
    assert_eq!(triggers, ["accounts_from on app.accounts"]);
    let accounts = read
        .schema
        .table(&schemata::QualifiedName::new("app", "accounts"))
        .expect("accounts");
    let trigger = |name: &str| {
        accounts
            .triggers
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no structural trigger {name}"))
    };
    assert_eq!(
        trigger("accounts_check").constraint,
        Some(schemata::Deferrable::InitiallyDeferred)
    );
    assert_eq!(
        trigger("accounts_added").new_table.as_deref(),
        Some("added")
    );

    // The snapshot keeps everything, and the database planned against it is unchanged.
    let json = snapshot::to_json(&read.schema);
    let from_snapshot = snapshot::from_json(&json).expect("the snapshot reads back");
    assert_eq!(from_snapshot, read.schema);
    let again = introspect_with_notes(&mut original.client, &IntrospectOptions::default())
        .expect("the second read");
    let plan = diff(&again.schema, &from_snapshot, &PlanOptions::default())
        .expect("the database plans against its own read");
    assert!(
        plan.is_empty(),
        "a plan from the database to its own read:\n{}",
        plan.to_sql()
    );

    // Rendered into an empty database, the read gives what pg_dump sees in the original.
    let script = to_sql(&read.schema, &RenderOptions::default());
    rendered_like(&original, "", &script);
}

#[test]
fn an_object_needing_a_schema_not_read_is_left_out_with_a_note() {
    let mut db = TestDb::fresh();
    db.execute_script(
        "CREATE SCHEMA platform;
         CREATE FUNCTION platform.watch() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
         CREATE EVENT TRIGGER platform_watch ON ddl_command_end EXECUTE FUNCTION platform.watch();
         CREATE TYPE public.span AS RANGE (subtype = integer);",
    );
    let read = introspect_with_notes(&mut db.client, &IntrospectOptions::schemas(["public"]))
        .expect("the read");
    let kept: Vec<String> = read.schema.opaque.iter().map(|o| o.object()).collect();
    assert_eq!(kept, ["range type `public.span`"]);
    let notes: Vec<String> = read.notes.iter().map(|n| n.to_string()).collect();
    assert!(
        notes.contains(&"event trigger `platform_watch` needs function `platform.watch()`, which is not read, and was left out".to_string()),
        "{notes:#?}"
    );
}

/// A base type is kept as definition text with the functions written for it: its shell,
/// its C input and output functions, then the type, so a database holding one (and a
/// column of it) is read and rendered back the same.
#[test]
fn a_base_type_is_kept_with_its_functions() {
    let mut original = TestDb::fresh();
    original.execute_script(
        "CREATE TYPE public.code;
         CREATE FUNCTION public.code_in(cstring) RETURNS public.code
             LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
         CREATE FUNCTION public.code_out(public.code) RETURNS cstring
             LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
         CREATE TYPE public.code (INPUT = public.code_in, OUTPUT = public.code_out, LIKE = integer);
         COMMENT ON TYPE public.code IS 'a number in disguise';
         CREATE TABLE public.labels (id integer PRIMARY KEY, code public.code);",
    );
    let read = introspect_with_notes(&mut original.client, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("inspect refuses the database: {e}"));
    let left_out: Vec<String> = read
        .notes
        .iter()
        .filter(|n| n.message.contains("left out"))
        .map(|n| n.to_string())
        .collect();
    assert!(left_out.is_empty(), "left out:\n{}", left_out.join("\n"));
    let kept: Vec<String> = read.schema.opaque.iter().map(|o| o.object()).collect();
    assert_eq!(kept, ["base type `public.code`"]);
    let definition = &read.schema.opaque[0].definition;
    assert!(
        definition.starts_with(
            "CREATE TYPE public.code;\nCREATE OR REPLACE FUNCTION public.code_in(cstring)"
        ),
        "{definition}"
    );

    // Rendered into an empty database, the read gives what pg_dump sees in the original.
    let script = to_sql(&read.schema, &RenderOptions::default());
    let mut copy = rendered_like(&original, "", &script);
    // Planned away: the column first, then the type with its functions.
    let empty = schemata::Schema::builder().build().unwrap();
    let plan =
        diff(&read.schema, &empty, &PlanOptions::default()).expect("a plan dropping the type");
    copy.execute_script(&plan.to_sql());
    let left: i64 = copy
        .client
        .query_one(
            "SELECT count(*) FROM pg_catalog.pg_proc WHERE proname IN ('code_in', 'code_out')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        left,
        0,
        "the type's functions go with it:\n{}",
        plan.to_sql()
    );
}

/// Reading only some schemas: what the schema read uses from another (a trigger's
/// function, a parent table, a partitioned table, types, a collation, a sequence, functions
/// in expressions) is external or named as it is, instead of refusing the database; the
/// read plans nothing against its own database and renders the same schema where the
/// other schema exists.
#[test]
fn what_lies_outside_the_schemas_read_is_external() {
    const OTHER: &str = "CREATE SCHEMA other;
         CREATE FUNCTION other.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE FUNCTION other.ok(integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
         CREATE TABLE other.parent (id integer PRIMARY KEY, born date);
         CREATE TYPE other.mood AS ENUM ('a', 'b');
         CREATE DOMAIN other.positive AS integer CHECK (VALUE > 0);
         CREATE TYPE other.pair AS (a integer, b integer);
         CREATE COLLATION other.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
         CREATE SEQUENCE other.numbers;
         CREATE TABLE other.events (at date NOT NULL, id integer) PARTITION BY RANGE (at);";
    let mut original = TestDb::fresh();
    original.execute_script(OTHER);
    original.execute_script(
        "CREATE TABLE public.t (id integer PRIMARY KEY, mood other.mood, moods other.mood[],
             n other.positive, pair other.pair, name text COLLATE other.ci,
             parent integer REFERENCES other.parent (id) CHECK (other.ok(parent)),
             number bigint DEFAULT nextval('other.numbers'));
         CREATE INDEX t_ok ON public.t (id) WHERE other.ok(id);
         ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;
         CREATE POLICY ok ON public.t USING (other.ok(id));
         CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION other.touch();
         CREATE TABLE public.child (x integer) INHERITS (other.parent);
         CREATE INDEX child_born ON public.child (born);
         CREATE TABLE public.events_2025 PARTITION OF other.events
             FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
         CREATE VIEW public.parents AS SELECT id, born FROM other.parent;
         CREATE FUNCTION public.first_mood() RETURNS other.mood LANGUAGE sql
             AS $$ SELECT 'a'::other.mood $$;",
    );
    let options = IntrospectOptions::schemas(["public"]);
    let read = introspect_with_notes(&mut original.client, &options)
        .unwrap_or_else(|e| panic!("inspect refuses the database: {e}"));
    let external = &read.schema.external;
    assert_eq!(
        external
            .functions
            .iter()
            .map(|f| f.name.to_string())
            .collect::<Vec<_>>(),
        ["other.touch"]
    );
    let parent: Vec<String> = external
        .tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .map(move |c| format!("{}.{} {}", t.name, c.name, c.ty))
        })
        .collect();
    assert_eq!(
        parent,
        [
            "other.events.at date",
            "other.events.id integer",
            "other.parent.born date",
            "other.parent.id integer"
        ]
    );

    let again = introspect_with_notes(&mut original.client, &options).expect("the second read");
    let plan = diff(&again.schema, &read.schema, &PlanOptions::default()).expect("a plan");
    assert!(plan.is_empty(), "{}", plan.to_sql());

    let script = to_sql(&read.schema, &RenderOptions::default());
    rendered_like(&original, OTHER, &script);
}

/// Grants on a procedure (`ON PROCEDURE`) and on a function with `OUT` arguments (named
/// by its input types) are read, planned against their own database as nothing to do, and
/// rendered back the same.
#[test]
fn grants_on_procedures_and_out_functions_are_read_and_rendered() {
    let mut original = TestDb::fresh();
    original.execute_script(
        "DO $$ BEGIN CREATE ROLE schemata_routine_caller NOLOGIN;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
         CREATE PROCEDURE public.bump(n integer) LANGUAGE sql AS $$ SELECT n $$;
         CREATE FUNCTION public.split(t text, OUT head text, OUT tail text) LANGUAGE sql
             AS $$ SELECT t, t $$;
         GRANT EXECUTE ON PROCEDURE public.bump(integer) TO schemata_routine_caller;
         GRANT EXECUTE ON FUNCTION public.split(text) TO schemata_routine_caller;",
    );
    let read = introspect_with_notes(&mut original.client, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("inspect refuses the database: {e}"));
    assert_eq!(read.schema.functions.len(), 2);
    assert_eq!(read.schema.grants.len(), 2, "{:#?}", read.schema.grants);
    let again = introspect_with_notes(&mut original.client, &IntrospectOptions::default())
        .expect("the second read");
    let plan = diff(&again.schema, &read.schema, &PlanOptions::default()).expect("a plan");
    assert!(plan.is_empty(), "{}", plan.to_sql());
    let script = to_sql(&read.schema, &RenderOptions::default());
    assert!(
        script.contains(
            "GRANT EXECUTE ON PROCEDURE public.bump(integer) TO schemata_routine_caller;"
        ),
        "{script}"
    );
    rendered_like(&original, "", &script);
}

/// A fresh database where `setup` then `script` ran, whose `pg_dump --schema-only` must
/// equal `original`'s: a read rendered back is the database it was read from.
fn rendered_like(original: &TestDb, setup: &str, script: &str) -> TestDb {
    let mut copy = TestDb::fresh();
    if !setup.is_empty() {
        copy.execute_script(setup);
    }
    copy.execute_script(script);
    let expected = schema_dump(&original.url, &[]).expect("pg_dump of the original");
    let actual = schema_dump(&copy.url, &[]).expect("pg_dump of the copy");
    assert!(
        actual == expected,
        "pg_dump of the database rendered from the read differs (- rendered, + original):\n{}",
        dump_difference(&actual, &expected)
    );
    copy
}
