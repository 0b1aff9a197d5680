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
