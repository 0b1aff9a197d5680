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
            .add_function(is_admin().argument(Argument::new("other", SqlType::Text)))
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
            "function `public.is_admin`: is declared both as a function the app owns and as an external function; keep one",
            "function `public.is_admin`: is declared twice; overloaded functions (one name, several argument lists) are not supported, so give each its own name",
            "function `public.is_admin`: is declared both as a function the app owns and as an external function; keep one",
            "function `public.sql_trigger`: returns `trigger` but is written in `sql`; Postgres only accepts trigger functions in procedural languages such as `plpgsql`",
            "function `public.sql_trigger`: returns `trigger` but declares arguments; a trigger function takes none, and reads the trigger's arguments from `TG_ARGV`",
        ]
    );
}
