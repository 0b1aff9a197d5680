//! Functions, checked one by one.

use super::errors;
use super::fixtures::is_admin;
use schema_core::*;

#[test]
fn functions_are_checked_one_by_one() {
    let sql_trigger = FunctionDef::new("sql_trigger", Returns::Trigger, Language::Sql, "x")
        .argument(Argument::new("a", SqlType::Text));
    let defaults = FunctionDef::new("defaults", Returns::Void, Language::Sql, " ")
        .argument(Argument::new("a", SqlType::Text).with_default("'x'"))
        .argument(Argument::new("a", SqlType::Text))
        .argument(Argument::new(
            "status",
            SqlType::Enum(QualifiedName::parse("missing_enum")),
        ));
    let errors = errors(
        Schema::builder()
            .add_function(sql_trigger)
            .add_function(defaults)
            .add_function(is_admin())
            .add_function(is_admin().comment("the same arguments again"))
            .add_external_function(ExternalFunction::new("is_admin", SqlType::Boolean)),
    );
    assert_eq!(
        errors,
        [
            "function `public.defaults`: has an empty body",
            "function `public.defaults`: argument `a` is declared twice",
            "function `public.defaults`: argument `a` has no default but follows one that has; Postgres requires defaults on every argument after the first one with a default",
            "function `public.defaults`: argument `status` has no default but follows one that has; Postgres requires defaults on every argument after the first one with a default",
            "function `public.defaults`: argument `status` has type `public.missing_enum`, an enum type that is not registered; add it with `.enum_type::<...>()`",
            "function `public.is_admin(uuid)`: is declared both as a function the app owns and as an external function; keep one",
            "function `public.is_admin(uuid)`: is declared twice with the same argument types; overloads of one name must differ in their argument types",
            "function `public.is_admin(uuid)`: is declared both as a function the app owns and as an external function; keep one",
            "function `public.sql_trigger`: returns `trigger` but is written in `sql`; Postgres only accepts trigger functions in procedural languages such as `plpgsql`",
            "function `public.sql_trigger`: returns `trigger` but declares arguments; a trigger function takes none, and reads the trigger's arguments from `TG_ARGV`",
        ]
    );
}

#[test]
fn planner_estimates_are_positive_and_rows_only_on_sets() {
    let scalar = FunctionDef::new(
        "scalar",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    )
    .cost(0)
    .rows(10);
    let set = FunctionDef::new(
        "set",
        Returns::SetOf(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    )
    .rows(0);
    let errors = errors(Schema::builder().add_function(scalar).add_function(set));
    assert_eq!(
        errors,
        [
            "function `public.scalar`: has `cost = 0`; Postgres requires a positive cost",
            "function `public.scalar`: sets `rows` but does not return a set; Postgres accepts `ROWS` only on functions returning `setof` or `table`",
            "function `public.set`: has `rows = 0`; Postgres requires a positive row estimate",
        ]
    );

    // The defaults written out are the defaults left out: no change between them.
    let plain = FunctionDef::new(
        "f",
        Returns::SetOf(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    );
    let spelled = plain
        .clone()
        .cost(DEFAULT_FUNCTION_COST)
        .rows(DEFAULT_FUNCTION_ROWS);
    let a = Schema::builder().add_function(plain).build().unwrap();
    let b = Schema::builder().add_function(spelled).build().unwrap();
    assert_eq!(schema_core::diff::diff(&a, &b), []);
}

/// Overloads (one name, other argument types) are two functions; a trigger calls the one
/// without arguments; a grant, naming a function by name alone, cannot name one of them.
#[test]
fn overloads_differ_in_argument_types() {
    let describe = |ty: SqlType| {
        FunctionDef::new(
            "describe",
            Returns::Type(SqlType::Text),
            Language::Sql,
            "SELECT 'x'",
        )
        .argument(Argument::new("value", ty))
    };
    let touch = FunctionDef::new(
        "touch",
        Returns::Trigger,
        Language::Plpgsql,
        "BEGIN RETURN NEW; END",
    );
    let touch_text = FunctionDef::new(
        "touch",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT 'x'",
    )
    .argument(Argument::new("value", SqlType::Text));
    let table = TableDef::new(QualifiedName::parse("notes"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_trigger(Trigger::new(
            "notes_touch",
            TriggerTiming::Before,
            &[TriggerEvent::Insert],
            QualifiedName::parse("touch"),
        ));
    let schema = Schema::builder()
        .add_function(describe(SqlType::Text))
        .add_function(describe(SqlType::Integer))
        .add_function(touch_text.clone())
        .add_function(touch.clone())
        .add_table(table.clone())
        .build()
        .expect("overloads are valid");
    let describe_name = QualifiedName::parse("describe");
    assert_eq!(schema.functions_named(&describe_name).count(), 2);
    assert_eq!(
        schema.function_overload(&describe_name, &["text"]),
        Some(&describe(SqlType::Text))
    );
    assert_eq!(
        schema.function(&describe_name),
        None,
        "no overload without arguments"
    );
    assert_eq!(
        schema.function(&QualifiedName::parse("touch")),
        Some(&touch)
    );

    // A grant on an overloaded name must say which overload.
    let overloaded = || {
        Schema::builder()
            .add_function(describe(SqlType::Text))
            .add_function(describe(SqlType::Integer))
            .add_role(Role::new("reader"))
    };
    let grant = |on: &str| {
        errors(overloaded().grant(
            &[Privilege::Execute],
            GrantObject::function(on),
            &["reader"],
        ))
    };
    assert_eq!(
        grant("describe"),
        ["grant on function `public.describe` to `reader`: function `public.describe` is overloaded (`public.describe(integer)`, `public.describe(text)`); name the overload with its argument types, as in `GrantObject::function(\"public.describe(integer)\")`"]
    );
    assert_eq!(
        grant("describe(bigint)"),
        ["grant on function `public.describe(bigint)` to `reader`: function `public.describe` has no overload `(bigint)`; it has `public.describe(integer)`, `public.describe(text)`"]
    );
    // One overload named in any spelling of its types; a name without overloads named
    // with its types is the same grant as by name alone.
    let built = overloaded()
        .grant(
            &[Privilege::Execute],
            GrantObject::function("public.describe( int4 )"),
            &["reader"],
        )
        .build()
        .expect("a grant on one overload is valid");
    assert_eq!(
        built.grants[0].on,
        GrantObject::overload("public.describe", &[SqlType::Integer])
    );
    let alone = |on: &str| {
        Schema::builder()
            .add_function(describe(SqlType::Text))
            .add_role(Role::new("reader"))
            .grant(
                &[Privilege::Execute],
                GrantObject::function(on),
                &["reader"],
            )
            .build()
            .expect("valid")
    };
    assert_eq!(alone("describe(text)"), alone("describe"));
    assert_eq!(
        alone("describe(text)").grants[0].on,
        GrantObject::function("describe")
    );
}

#[test]
fn procedures_return_nothing_and_take_no_function_options() {
    let with_result = FunctionDef {
        returns: Returns::Type(SqlType::Integer),
        ..FunctionDef::procedure("with_result", Language::Sql, "SELECT 1")
    };
    let tuned = FunctionDef::procedure("tuned", Language::Plpgsql, "BEGIN END")
        .volatility(Volatility::Stable)
        .strict()
        .cost(5);
    // A procedure and a function with the same input types are one routine to Postgres.
    let same = FunctionDef::procedure("same", Language::Sql, "SELECT 1")
        .argument(Argument::new("a", SqlType::Integer))
        .argument(Argument::out("b", SqlType::Integer));
    let same_function = FunctionDef::new("same", Returns::Void, Language::Sql, "SELECT 1")
        .argument(Argument::new("a", SqlType::Integer));
    let errors = errors(
        Schema::builder()
            .add_function(with_result)
            .add_function(tuned)
            .add_function(same)
            .add_function(same_function),
    );
    assert_eq!(
        errors,
        [
            "function `public.same(integer)`: is declared twice with the same argument types; overloads of one name must differ in their argument types",
            "procedure `public.tuned`: is a procedure but sets a volatility; Postgres accepts it on functions only",
            "procedure `public.tuned`: is a procedure but sets `strict`; Postgres accepts it on functions only",
            "procedure `public.tuned`: is a procedure but sets `cost`; Postgres accepts it on functions only",
            "procedure `public.with_result`: is a procedure but returns `integer`; a procedure returns nothing, and gives its results through OUT and INOUT arguments (a trigger calls a function, not a procedure)",
        ]
    );
}

#[test]
fn argument_modes_follow_postgres_rules() {
    let int_array = || SqlType::Array(Box::new(SqlType::Integer));
    // VARIADIC: an array, the last input; OUT arguments may follow it.
    let variadic = FunctionDef::new(
        "variadic",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    )
    .argument(Argument::variadic("xs", SqlType::Integer))
    .argument(Argument::new("label", SqlType::Text))
    .argument(Argument::variadic("rest", int_array()));
    let variadic_then_out = FunctionDef::new(
        "variadic_then_out",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    )
    .argument(Argument::variadic("xs", int_array()))
    .argument(Argument::out("n", SqlType::Integer));
    // OUT arguments make the result: one is its type, several a record.
    let wrong_result = FunctionDef::new(
        "wrong_result",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT 1, 2",
    )
    .argument(Argument::out("a", SqlType::Integer))
    .argument(Argument::inout("b", SqlType::Integer));
    let table_and_out = FunctionDef::new(
        "table_and_out",
        Returns::parse("table(x integer)").unwrap(),
        Language::Sql,
        "SELECT 1",
    )
    .argument(Argument::out("a", SqlType::Integer));
    let set_of_one = FunctionDef::new(
        "set_of_one",
        Returns::SetOf(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    )
    .argument(Argument::out("a", SqlType::Integer));
    // Only inputs take defaults, and an OUT argument between them breaks no run.
    let out_default = FunctionDef::new(
        "out_default",
        Returns::Type(SqlType::Integer),
        Language::Sql,
        "SELECT 1",
    )
    .argument(Argument::new("a", SqlType::Integer).with_default("1"))
    .argument(Argument::out("b", SqlType::Integer).with_default("2"))
    .argument(Argument::new("c", SqlType::Integer).with_default("3"));
    let errors = errors(
        Schema::builder()
            .add_function(variadic)
            .add_function(variadic_then_out)
            .add_function(wrong_result)
            .add_function(table_and_out)
            .add_function(set_of_one)
            .add_function(out_default),
    );
    assert_eq!(
        errors,
        [
            "function `public.out_default`: argument `b` is OUT and has a default; Postgres accepts defaults on input arguments only",
            "function `public.table_and_out`: returns `TABLE(x integer)` but its OUT and INOUT arguments make it return `integer`; write `returns` as `integer` (or `setof integer` for a set)",
            "function `public.variadic`: argument `xs` is VARIADIC but of type `integer`, not an array; Postgres collects the trailing values of a call in an array, such as `integer[]`",
            "function `public.variadic`: argument `xs` is VARIADIC but not the last input argument; Postgres requires VARIADIC last (only OUT arguments may follow it)",
            "function `public.wrong_result`: returns `text` but its OUT and INOUT arguments make it return `record`; write `returns` as `record` (or `setof record` for a set)",
        ]
    );
}

#[test]
fn out_arguments_are_no_part_of_the_identity() {
    let split = FunctionDef::new(
        "split",
        Returns::Type(SqlType::Custom("record".into())),
        Language::Sql,
        "SELECT t, t",
    )
    .argument(Argument::new("t", SqlType::Text))
    .argument(Argument::out("head", SqlType::Text))
    .argument(Argument::out("tail", SqlType::Text));
    assert_eq!(split.argument_types(), ["text"]);
    assert_eq!(split.signature(), "public.split(text, OUT text, OUT text)");
    let schema = Schema::builder().add_function(split).build().unwrap();
    let name = QualifiedName::parse("split");
    assert!(schema.function_overload(&name, &["text"]).is_some());
    assert!(schema
        .function_overload(&name, &["text", "text", "text"])
        .is_none());
}

#[test]
fn grants_on_procedures_and_out_functions_name_their_input_types() {
    let settle = FunctionDef::procedure("settle", Language::Sql, "SELECT 1")
        .argument(Argument::new("n", SqlType::Integer));
    let split = FunctionDef::new(
        "split",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT t",
    )
    .argument(Argument::new("t", SqlType::Text))
    .argument(Argument::out("head", SqlType::Text));
    let schema = Schema::builder()
        .add_function(settle)
        .add_function(split)
        .add_external_role("caller")
        .grant(
            &[Privilege::Execute],
            GrantObject::function("settle(integer)"),
            &["caller"],
        )
        // An OUT argument is no part of what names the function.
        .grant(
            &[Privilege::Execute],
            GrantObject::function("split(text)"),
            &["caller"],
        )
        .build()
        .expect("grants on a procedure and on a function with OUT arguments are valid");
    let on: Vec<GrantObject> = schema.grants.iter().map(|g| g.on.clone()).collect();
    assert_eq!(
        on,
        [
            GrantObject::function("settle"),
            GrantObject::function("split")
        ]
    );
}
