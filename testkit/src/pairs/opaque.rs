//! Objects the structural model has no place for, kept as Postgres's definition text
//! ([`Opaque`]): a rule, a range type (alone and under a column), a foreign table through
//! `file_fdw`, an event trigger, a hypothetical-set aggregate, a procedure with a setting, a constraint trigger, an
//! operator, a cast and a text search configuration, each created, changed and dropped.
//! The definitions are written as a user would; Postgres's spelling of them is what a
//! database reads back.

use super::Pair;
use schema_core::{
    Argument, Column, EnumDef, Extension, FunctionDef, Index, IndexKey, IndexMethod, Language,
    Opaque, QualifiedName, Returns, Schema, SchemaBuilder, SqlType, TableDef, Trigger,
    TriggerEvent, TriggerTiming, Volatility,
};

/// The three pairs of an object: created, changed, dropped.
macro_rules! names {
    ($what:literal) => {
        [
            concat!($what, " created"),
            concat!($what, " changed"),
            concat!($what, " dropped"),
        ]
    };
}

fn pair(name: &'static str, old: SchemaBuilder, new: SchemaBuilder) -> Pair {
    let build = |b: SchemaBuilder, side: &str| {
        b.build()
            .unwrap_or_else(|e| panic!("pair `{name}`, {side} schema: {e}"))
    };
    Pair {
        name,
        old: build(old, "old"),
        new: build(new, "new"),
        seed: None,
    }
}

/// Every pair, in a fixed order: the rule's first (created, then changed in place).
pub fn opaque() -> Vec<Pair> {
    let table = || {
        TableDef::new(QualifiedName::parse("accounts"))
            .with_column(Column::new("id", SqlType::Integer, false))
            .with_column(Column::new("balance", SqlType::Integer, true))
    };
    let with = |base: SchemaBuilder, objects: Vec<Opaque>| {
        objects.into_iter().fold(base, |b, o| b.add_opaque(o))
    };
    // Three pairs per object: created, changed, dropped.
    let mut cases = Vec::new();
    let cycle = |cases: &mut Vec<Pair>,
                 [created, changed, dropped]: [&'static str; 3],
                 base: &dyn Fn() -> SchemaBuilder,
                 old: Vec<Opaque>,
                 new: Vec<Opaque>| {
        cases.push(pair(created, base(), with(base(), old.clone())));
        cases.push(pair(changed, with(base(), old.clone()), with(base(), new)));
        cases.push(pair(dropped, with(base(), old), base()));
    };

    let accounts = || Schema::builder().add_table(table());
    let rule = |action: &str| {
        Opaque::new(
            "rule",
            "keep on public.accounts",
            &format!("CREATE RULE keep AS ON DELETE TO public.accounts DO INSTEAD {action};"),
        )
        .depends_on("table", "public.accounts")
    };
    cycle(
        &mut cases,
        names!("rule"),
        &accounts,
        vec![rule("NOTHING").comment("rows are never deleted")],
        vec![rule(
            "UPDATE public.accounts SET balance = 0 WHERE accounts.id = old.id",
        )],
    );

    let range = |diff: &str| {
        Opaque::new(
            "range type",
            "public.floatrange",
            &format!("CREATE TYPE public.floatrange AS RANGE (subtype = double precision{diff});"),
        )
    };
    let spans = || {
        TableDef::new(QualifiedName::parse("spans")).with_column(Column::new(
            "span",
            SqlType::Custom("floatrange".into()),
            true,
        ))
    };
    cycle(
        &mut cases,
        names!("range type"),
        &Schema::builder,
        vec![range("")],
        vec![range(", subtype_diff = float8mi")],
    );
    cases.push(pair(
        "range type created with a column using it",
        Schema::builder(),
        Schema::builder().add_opaque(range("")).add_table(spans()),
    ));
    cases.push(pair(
        "range type dropped with the column using it",
        Schema::builder().add_opaque(range("")).add_table(spans()),
        Schema::builder(),
    ));

    let files = || Schema::builder().add_extension(Extension::new("file_fdw"));
    let server = Opaque::new(
        "server",
        "disk",
        "CREATE SERVER disk FOREIGN DATA WRAPPER file_fdw;",
    )
    .depends_on("extension", "file_fdw");
    let foreign = |columns: &str| {
        Opaque::new(
            "foreign table",
            "public.imports",
            &format!("CREATE FOREIGN TABLE public.imports ({columns}) SERVER disk OPTIONS (filename '/dev/null', format 'csv');"),
        )
        .depends_on("server", "disk")
    };
    cycle(
        &mut cases,
        names!("foreign table"),
        &files,
        vec![server.clone(), foreign("name text NOT NULL")],
        vec![
            server.clone(),
            foreign("name text NOT NULL, size bigint OPTIONS (force_null 'true')"),
        ],
    );

    let ddl_log = || {
        Schema::builder().add_function(FunctionDef::new(
            "ddl_log",
            Returns::Type(SqlType::Custom("event_trigger".into())),
            Language::Plpgsql,
            "BEGIN RAISE NOTICE 'ddl'; END",
        ))
    };
    let event = |tags: &str| {
        Opaque::new(
            "event trigger",
            "audit_ddl",
            &format!("CREATE EVENT TRIGGER audit_ddl ON ddl_command_end WHEN TAG IN ({tags}) EXECUTE FUNCTION public.ddl_log();"),
        )
        .depends_on("function", "public.ddl_log()")
    };
    cycle(
        &mut cases,
        names!("event trigger"),
        &ddl_log,
        vec![event("'CREATE TABLE'")],
        vec![event("'CREATE TABLE', 'DROP TABLE'")],
    );

    // The one form of aggregate the structural model leaves as text: a hypothetical-set
    // aggregate whose direct and aggregated arguments share one `VARIADIC "any"`.
    let total = |final_function: &str| {
        Opaque::new(
            "aggregate",
            "public.total(pg_catalog.\"any\")",
            &format!("CREATE AGGREGATE public.total(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (SFUNC = ordered_set_transition_multi, STYPE = internal, FINALFUNC = {final_function}, FINALFUNC_EXTRA, HYPOTHETICAL);"),
        )
    };
    cases.push(pair(
        "aggregate comment changed",
        with(
            Schema::builder(),
            vec![total("rank_final").comment("a rank")],
        ),
        with(
            Schema::builder(),
            vec![total("rank_final").comment("a rank with gaps")],
        ),
    ));
    cycle(
        &mut cases,
        names!("aggregate"),
        &Schema::builder,
        vec![total("rank_final")],
        vec![total("dense_rank_final")],
    );

    // Privileges on an object kept as text are statements of its definition: granted
    // and revoked by replacing it.
    let reader = || Schema::builder().add_role(schema_core::Role::new("schemata_opaque_reader"));
    let granted = |statements: &str| {
        let mut object = total("rank_final");
        object.definition.push_str(statements);
        object
    };
    cases.push(pair(
        "aggregate granted to a role and revoked from PUBLIC",
        with(reader(), vec![total("rank_final")]),
        with(
            reader(),
            vec![granted(
                "\nGRANT EXECUTE ON ROUTINE public.total(pg_catalog.\"any\") TO schemata_opaque_reader;\nREVOKE EXECUTE ON ROUTINE public.total(pg_catalog.\"any\") FROM PUBLIC;",
            )],
        ),
    ));

    // A base type, with the C functions written for it, in one definition.
    let code = |options: &str| {
        Opaque::new(
            "base type",
            "public.code",
            &format!("CREATE TYPE public.code;\nCREATE FUNCTION public.code_in(cstring) RETURNS public.code LANGUAGE internal IMMUTABLE STRICT AS 'int4in';\nCREATE FUNCTION public.code_out(public.code) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';\nCREATE TYPE public.code (INPUT = public.code_in, OUTPUT = public.code_out, LIKE = integer{options});"),
        )
    };
    cycle(
        &mut cases,
        names!("base type"),
        &Schema::builder,
        vec![code("")],
        vec![code(", CATEGORY = 'N'")],
    );
    let coded = || {
        Schema::builder().add_table(
            TableDef::new(QualifiedName::parse("labels"))
                .with_column(Column::new("id", SqlType::Integer, false))
                .with_column(Column::new("code", SqlType::Custom("code".into()), true)),
        )
    };
    cases.push(pair(
        "base type created with a column of it",
        Schema::builder(),
        with(coded(), vec![code("")]),
    ));

    // Procedures are structural; one with a setting other than `search_path` is still kept
    // as text.
    let bump = |by: &str| {
        Opaque::new(
            "procedure",
            "public.bump(integer)",
            &format!("CREATE PROCEDURE public.bump(n integer) LANGUAGE sql SET work_mem = '64MB' AS $$ UPDATE public.accounts SET balance = balance + n * {by} $$;"),
        )
    };
    cycle(
        &mut cases,
        names!("procedure"),
        &accounts,
        vec![bump("1")],
        vec![bump("2")],
    );

    let checked = || {
        accounts().add_function(FunctionDef::new(
            "check_balance",
            Returns::Trigger,
            Language::Plpgsql,
            "BEGIN IF NEW.balance < 0 THEN RAISE 'negative'; END IF; RETURN NULL; END",
        ))
    };
    let constraint_trigger = |timing: &str| {
        Opaque::new(
            "trigger",
            "balance_check on public.accounts",
            // `FROM` a table: the one form of constraint trigger the model does not hold.
            &format!("CREATE CONSTRAINT TRIGGER balance_check AFTER INSERT OR UPDATE ON public.accounts FROM public.accounts {timing} FOR EACH ROW EXECUTE FUNCTION public.check_balance();"),
        )
        .depends_on("table", "public.accounts")
        .depends_on("function", "public.check_balance()")
    };
    cycle(
        &mut cases,
        names!("constraint trigger"),
        &checked,
        vec![constraint_trigger("DEFERRABLE INITIALLY DEFERRED")],
        vec![constraint_trigger("NOT DEFERRABLE INITIALLY IMMEDIATE")],
    );

    let near = || {
        Schema::builder().add_function(
            FunctionDef::new(
                "near",
                Returns::Type(SqlType::Boolean),
                Language::Sql,
                "SELECT abs($1 - $2) < 1",
            )
            .argument(Argument::new("a", SqlType::Integer))
            .argument(Argument::new("b", SqlType::Integer))
            .volatility(Volatility::Immutable),
        )
    };
    let operator = |extra: &str| {
        Opaque::new(
            "operator",
            "public.~~~(integer,integer)",
            &format!("CREATE OPERATOR public.~~~ (FUNCTION = public.near, LEFTARG = integer, RIGHTARG = integer{extra});"),
        )
        .depends_on("function", "public.near(integer,integer)")
    };
    cycle(
        &mut cases,
        names!("operator"),
        &near,
        vec![operator("")],
        vec![operator(", COMMUTATOR = OPERATOR(public.~~~)")],
    );

    let moods = || {
        Schema::builder()
            .add_enum(EnumDef::new(
                QualifiedName::parse("mood"),
                &["sad", "happy"],
            ))
            .add_function(
                FunctionDef::new(
                    "mood_rank",
                    Returns::Type(SqlType::Integer),
                    Language::Sql,
                    "SELECT CASE WHEN m = 'happy' THEN 1 ELSE 0 END",
                )
                .argument(Argument::new("m", SqlType::Custom("mood".into())))
                .volatility(Volatility::Immutable),
            )
    };
    let cast = |context: &str| {
        Opaque::new(
            "cast",
            "(public.mood AS integer)",
            &format!("CREATE CAST (public.mood AS integer) WITH FUNCTION public.mood_rank(public.mood){context};"),
        )
        .depends_on("function", "public.mood_rank(public.mood)")
        .depends_on("type", "public.mood")
    };
    cycle(
        &mut cases,
        names!("cast"),
        &moods,
        vec![cast("")],
        vec![cast(" AS ASSIGNMENT")],
    );

    let dictionary = Opaque::new(
        "text search dictionary",
        "public.english_stop",
        "CREATE TEXT SEARCH DICTIONARY public.english_stop (TEMPLATE = pg_catalog.simple, stopwords = 'english');",
    );
    let config = |tokens: &str| {
        Opaque::new(
            "text search configuration",
            "public.plain",
            &format!("CREATE TEXT SEARCH CONFIGURATION public.plain (PARSER = pg_catalog.\"default\");\nALTER TEXT SEARCH CONFIGURATION public.plain ADD MAPPING FOR {tokens} WITH public.english_stop, simple;"),
        )
        .depends_on("text search dictionary", "public.english_stop")
    };
    cycle(
        &mut cases,
        names!("text search configuration"),
        &Schema::builder,
        vec![dictionary.clone(), config("asciiword")],
        vec![dictionary.clone(), config("asciiword, word")],
    );
    // A server changed under its foreign table: both are dropped and created again.
    cases.push(pair(
        "server changed under its foreign table",
        with(files(), vec![server.clone(), foreign("name text")]),
        with(
            files(),
            vec![
                Opaque::new(
                    "server",
                    "disk",
                    "CREATE SERVER disk VERSION '2' FOREIGN DATA WRAPPER file_fdw;",
                )
                .depends_on("extension", "file_fdw"),
                foreign("name text"),
            ],
        ),
    ));
    // A structural trigger of the same name replaces a constraint trigger: the old one is
    // dropped before the new one is created.
    let mut plain = table();
    plain.triggers.push(Trigger::new(
        "balance_check",
        TriggerTiming::After,
        &[TriggerEvent::Insert],
        QualifiedName::parse("check_balance"),
    ));
    cases.push(pair(
        "constraint trigger replaced by a plain one of the same name",
        with(
            checked(),
            vec![constraint_trigger("DEFERRABLE INITIALLY DEFERRED")],
        ),
        Schema::builder()
            .add_table(plain)
            .add_function(FunctionDef::new(
                "check_balance",
                Returns::Trigger,
                Language::Plpgsql,
                "BEGIN IF NEW.balance < 0 THEN RAISE 'negative'; END IF; RETURN NULL; END",
            )),
    ));
    // An overloaded name becomes one function the model holds: the overloads kept as text
    // are dropped before the function of the same signature is created.
    let describe = |argument: &str, body: &str| {
        Opaque::new(
            "function",
            &format!("public.describe({argument})"),
            &format!("CREATE FUNCTION public.describe(value {argument}) RETURNS text LANGUAGE sql AS $$ {body} $$;"),
        )
    };
    cases.push(pair(
        "overloads replaced by one function",
        with(
            Schema::builder(),
            vec![
                describe("integer", "SELECT value::text"),
                describe("pg_catalog.text", "SELECT value"),
            ],
        ),
        Schema::builder().add_function(
            FunctionDef::new(
                "describe",
                Returns::Type(SqlType::Text),
                Language::Sql,
                "SELECT value::text",
            )
            .argument(Argument::new("value", SqlType::Integer)),
        ),
    ));
    // An index using an operator class kept as text: the class is created before the index
    // and dropped after it.
    let family = Opaque::new(
        "operator family",
        "public.copy_ops USING btree",
        "CREATE OPERATOR FAMILY public.copy_ops USING btree;",
    );
    let class = Opaque::new(
        "operator class",
        "public.int_copy_ops USING btree",
        "CREATE OPERATOR CLASS public.int_copy_ops FOR TYPE integer USING btree FAMILY public.copy_ops AS OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(integer, integer);",
    )
    .depends_on("operator family", "public.copy_ops USING btree");
    let mut key = IndexKey::column("balance");
    key.opclass = Some("int_copy_ops".into());
    let indexed = || {
        table().with_index(
            None,
            Index {
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![key.clone()],
                include: Vec::new(),
                predicate: None,
                comment: None,
            },
        )
    };
    cases.push(pair(
        "operator class created with an index using it",
        accounts(),
        with(
            Schema::builder().add_table(indexed()),
            vec![family.clone(), class.clone()],
        ),
    ));
    cases.push(pair(
        "operator class dropped with the index using it",
        with(Schema::builder().add_table(indexed()), vec![family, class]),
        accounts(),
    ));
    cases
}
