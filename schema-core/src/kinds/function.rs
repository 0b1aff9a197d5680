//! Functions the app owns: helpers that policies call, trigger functions, analytics.
//!
//! A function is known by its schema-qualified name and its argument types, as Postgres
//! knows it: `f(integer)` and `f(text)` are two functions (overloads), matched, created,
//! replaced and dropped apart. A name without overloads still names its one function, so
//! triggers and grants name a function by name; a trigger calls the overload without
//! arguments.
//!
//! A procedure (`CREATE PROCEDURE`, run with `CALL`) is a function of another
//! [`RoutineKind`]: it returns nothing but its `OUT` and `INOUT` arguments, and shares the
//! functions' namespace. Only input arguments (`IN`, `INOUT`, `VARIADIC`) identify a
//! routine, as in Postgres.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::error;
use crate::kinds::enum_type::unknown_enum;
use crate::lint::{Allow, Lint};
use crate::{QualifiedName, Schema, SchemaError, SqlType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// A function as the database should have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionDef {
    /// Schema-qualified name. Several functions may share it if their argument types differ
    /// (overloads); see [`FunctionDef::argument_types`].
    pub name: QualifiedName,
    /// A function or a procedure.
    #[serde(default, skip_serializing_if = "RoutineKind::is_default")]
    pub kind: RoutineKind,
    /// Arguments in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<Argument>,
    /// What it returns. With `OUT` or `INOUT` arguments, the type they make: the one
    /// output argument's type, or `record` for several (`SETOF` either for a set). A
    /// procedure returns [`Returns::Void`].
    pub returns: Returns,
    /// The body's language.
    pub language: Language,
    /// What the planner may assume about repeated calls.
    #[serde(default, skip_serializing_if = "Volatility::is_default")]
    pub volatility: Volatility,
    /// `STRICT`: returns NULL at once when an argument is NULL.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// `SECURITY DEFINER`: runs with the privileges of its owner, not its caller.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_definer: bool,
    /// `LEAKPROOF`: reveals nothing about its arguments but its result, so the planner may
    /// push it below row-level security and security-barrier views. Only a superuser can
    /// declare it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leakproof: bool,
    /// Whether it may run in parallel workers (`PARALLEL UNSAFE` by default).
    #[serde(default, skip_serializing_if = "Parallel::is_default")]
    pub parallel: Parallel,
    /// `COST n`: the planner's estimate of one call, in units of `cpu_operator_cost`.
    /// `None` is Postgres's default for SQL and PL/pgSQL functions, 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<u32>,
    /// `ROWS n`: the planner's estimate of the rows a set-returning function returns.
    /// `None` is Postgres's default, 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u32>,
    /// `SET search_path = ...` for the duration of a call: the schemas in order; an empty
    /// list is `SET search_path = ''`. `None` keeps the caller's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_path: Option<Vec<String>>,
    /// The body, verbatim (dollar-quoted when rendered, so it needs no escaping). A `sql`
    /// function may instead have a SQL-standard body, `RETURN expression` or
    /// `BEGIN ATOMIC ... END` (see [`has_standard_body`](Self::has_standard_body)).
    pub body: String,
    /// `COMMENT ON FUNCTION` (or `PROCEDURE`) text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Lints this function keeps on purpose, each with its reason; `lint` reports none of
    /// them here, and reports an allow that no longer matches anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// Whether a routine is a function or a procedure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutineKind {
    /// `CREATE FUNCTION`: called in expressions, returns a value.
    #[default]
    Function,
    /// `CREATE PROCEDURE`: run with `CALL`, may commit transactions (in `plpgsql`), gives
    /// results only through `OUT` and `INOUT` arguments.
    Procedure,
}

impl RoutineKind {
    /// The SQL keyword: `FUNCTION` or `PROCEDURE`.
    pub fn keyword(self) -> &'static str {
        match self {
            RoutineKind::Function => "FUNCTION",
            RoutineKind::Procedure => "PROCEDURE",
        }
    }

    /// The word in messages: `function` or `procedure`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoutineKind::Function => "function",
            RoutineKind::Procedure => "procedure",
        }
    }

    fn is_default(&self) -> bool {
        *self == RoutineKind::Function
    }
}

/// How an argument passes a value: in, out, both, or as the rest of the call's values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgumentMode {
    /// `IN` (the default): a value passed in.
    #[default]
    In,
    /// `OUT`: a column of the result; not passed in a function call, so not part of what
    /// identifies the function.
    Out,
    /// `INOUT`: passed in, and a column of the result.
    #[serde(rename = "inout")]
    InOut,
    /// `VARIADIC`: the last input, an array that takes any number of trailing values.
    Variadic,
}

impl ArgumentMode {
    /// The SQL keyword written before the argument, `None` for `IN`.
    pub fn keyword(self) -> Option<&'static str> {
        match self {
            ArgumentMode::In => None,
            ArgumentMode::Out => Some("OUT"),
            ArgumentMode::InOut => Some("INOUT"),
            ArgumentMode::Variadic => Some("VARIADIC"),
        }
    }

    /// Whether the caller passes a value for it: every mode but `OUT`.
    pub fn is_input(self) -> bool {
        self != ArgumentMode::Out
    }

    /// Whether it is a column of the result: `OUT` and `INOUT`.
    pub fn is_output(self) -> bool {
        matches!(self, ArgumentMode::Out | ArgumentMode::InOut)
    }

    fn is_default(&self) -> bool {
        *self == ArgumentMode::In
    }
}

/// One argument of a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    /// `IN`, `OUT`, `INOUT` or `VARIADIC`.
    #[serde(default, skip_serializing_if = "ArgumentMode::is_default")]
    pub mode: ArgumentMode,
    /// The name the body refers to it by; unnamed arguments are `$1`, `$2`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: SqlType,
    /// `DEFAULT ...`: a SQL expression, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl Argument {
    /// A named input argument without default.
    pub fn new(name: &str, ty: SqlType) -> Self {
        Argument {
            mode: ArgumentMode::In,
            name: Some(name.to_string()),
            ty,
            default: None,
        }
    }

    /// A named `OUT` argument: a column of the result.
    pub fn out(name: &str, ty: SqlType) -> Self {
        Argument {
            mode: ArgumentMode::Out,
            ..Argument::new(name, ty)
        }
    }

    /// A named `INOUT` argument: passed in, and a column of the result.
    pub fn inout(name: &str, ty: SqlType) -> Self {
        Argument {
            mode: ArgumentMode::InOut,
            ..Argument::new(name, ty)
        }
    }

    /// A named `VARIADIC` argument, of an array type: takes the call's trailing values.
    pub fn variadic(name: &str, ty: SqlType) -> Self {
        Argument {
            mode: ArgumentMode::Variadic,
            ..Argument::new(name, ty)
        }
    }

    /// Gives the argument a default, a SQL expression.
    pub fn with_default(mut self, sql: &str) -> Self {
        self.default = Some(sql.to_string());
        self
    }
}

/// What a function returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Returns {
    /// One value of a type.
    Type(SqlType),
    /// `SETOF type`: any number of rows of one value.
    SetOf(SqlType),
    /// `TABLE (name type, ...)`: rows with named columns.
    Table(Vec<ReturnColumn>),
    /// `trigger`: a trigger function.
    Trigger,
    /// `void`: nothing.
    Void,
}

/// A column of `RETURNS TABLE (...)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnColumn {
    /// Column name.
    pub name: String,
    /// Column type.
    #[serde(rename = "type")]
    pub ty: SqlType,
}

impl Returns {
    /// Parses a return type as written after `RETURNS`: `boolean`, `setof uuid`,
    /// `table(day date, sent bigint)`, `trigger`, `void`. `None` when a `table(...)`
    /// column is not `name type`.
    pub fn parse(text: &str) -> Option<Returns> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        if lower == "trigger" {
            return Some(Returns::Trigger);
        }
        if lower == "void" {
            return Some(Returns::Void);
        }
        if let Some(rest) = strip_keyword(text, "setof") {
            return Some(Returns::SetOf(SqlType::parse(rest)));
        }
        if let Some(rest) = strip_keyword(text, "table") {
            let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
            let columns = split_top_level(inner)
                .into_iter()
                .map(|column| {
                    let column = column.trim();
                    let (name, ty) = column.split_once(char::is_whitespace)?;
                    let name = name.trim_matches('"');
                    (!name.is_empty()).then(|| ReturnColumn {
                        name: name.to_string(),
                        ty: SqlType::parse(ty),
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            return (!columns.is_empty()).then_some(Returns::Table(columns));
        }
        Some(Returns::Type(SqlType::parse(text)))
    }
}

/// `setof uuid` -> `uuid`; the keyword must be followed by a space or `(`.
fn strip_keyword<'a>(text: &'a str, keyword: &str) -> Option<&'a str> {
    let head = text.get(..keyword.len())?;
    let rest = &text[keyword.len()..];
    (head.eq_ignore_ascii_case(keyword) && rest.starts_with([' ', '\t', '\n', '('])).then_some(rest)
}

/// Splits on commas outside parentheses: `a numeric(10,2), b text` is two parts.
pub(crate) fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// As written after `RETURNS`.
impl fmt::Display for Returns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Returns::Type(ty) => write!(f, "{ty}"),
            Returns::SetOf(ty) => write!(f, "SETOF {ty}"),
            Returns::Table(columns) => {
                f.write_str("TABLE(")?;
                for (i, column) in columns.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(
                        f,
                        "{} {}",
                        crate::name::quote_ident(&column.name),
                        column.ty
                    )?;
                }
                f.write_str(")")
            }
            Returns::Trigger => f.write_str("trigger"),
            Returns::Void => f.write_str("void"),
        }
    }
}

/// The language of a function body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// `sql`: Postgres parses and checks the body when the function is created.
    Sql,
    /// `plpgsql`: the body is checked for syntax only; names are resolved when it runs.
    Plpgsql,
}

impl Language {
    /// All languages with their SQL names.
    pub const ALL: [(&'static str, Language); 2] =
        [("sql", Language::Sql), ("plpgsql", Language::Plpgsql)];

    /// The SQL name.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Sql => "sql",
            Language::Plpgsql => "plpgsql",
        }
    }
}

/// What the planner may assume about calling a function twice with the same arguments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    /// `VOLATILE` (the default): anything may change, even within one statement.
    #[default]
    Volatile,
    /// `STABLE`: same result within one statement (may read the database).
    Stable,
    /// `IMMUTABLE`: same result forever (reads nothing).
    Immutable,
}

/// Whether a function may run in parallel workers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    /// `PARALLEL UNSAFE` (the default): never in a parallel plan.
    #[default]
    Unsafe,
    /// `PARALLEL RESTRICTED`: in a parallel plan, but only in its leader.
    Restricted,
    /// `PARALLEL SAFE`: anywhere in a parallel plan.
    Safe,
}

impl Parallel {
    /// All settings with their SQL names.
    pub const ALL: [(&'static str, Parallel); 3] = [
        ("unsafe", Parallel::Unsafe),
        ("restricted", Parallel::Restricted),
        ("safe", Parallel::Safe),
    ];

    /// The SQL keyword after `PARALLEL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Parallel::Unsafe => "UNSAFE",
            Parallel::Restricted => "RESTRICTED",
            Parallel::Safe => "SAFE",
        }
    }

    fn is_default(&self) -> bool {
        *self == Parallel::Unsafe
    }
}

/// Postgres's `COST` of a function in SQL or PL/pgSQL when none is given.
pub const DEFAULT_FUNCTION_COST: u32 = 100;
/// Postgres's `ROWS` of a set-returning function when none is given.
pub const DEFAULT_FUNCTION_ROWS: u32 = 1000;

impl Volatility {
    /// All volatilities with their SQL names.
    pub const ALL: [(&'static str, Volatility); 3] = [
        ("volatile", Volatility::Volatile),
        ("stable", Volatility::Stable),
        ("immutable", Volatility::Immutable),
    ];

    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Volatility::Volatile => "VOLATILE",
            Volatility::Stable => "STABLE",
            Volatility::Immutable => "IMMUTABLE",
        }
    }

    fn is_default(&self) -> bool {
        *self == Volatility::Volatile
    }
}

impl FunctionDef {
    /// Whether the body is a SQL-standard one, `RETURN expression` or
    /// `BEGIN ATOMIC ... END` (Postgres 14 and later), which only `sql` functions have:
    /// Postgres parses it when the function is created, so what it names must exist by
    /// then and cannot be dropped while the function does, and prints it back in its own
    /// spelling. A string body cannot start with either: `RETURN` is no SQL statement, and a
    /// `sql` function may not begin a transaction.
    pub fn has_standard_body(&self) -> bool {
        self.language == Language::Sql && is_standard_body(&self.body)
    }

    /// A volatile function with no arguments.
    pub fn new(name: &str, returns: Returns, language: Language, body: &str) -> Self {
        FunctionDef {
            name: QualifiedName::parse(name),
            kind: RoutineKind::Function,
            arguments: Vec::new(),
            returns,
            language,
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: Parallel::Unsafe,
            cost: None,
            rows: None,
            search_path: None,
            body: body.to_string(),
            comment: None,
            allow: Vec::new(),
        }
    }

    /// A procedure with no arguments: run with `CALL`, it returns nothing but its `OUT`
    /// and `INOUT` arguments.
    pub fn procedure(name: &str, language: Language, body: &str) -> Self {
        FunctionDef {
            kind: RoutineKind::Procedure,
            ..FunctionDef::new(name, Returns::Void, language, body)
        }
    }

    /// Whether it is a procedure.
    pub fn is_procedure(&self) -> bool {
        self.kind == RoutineKind::Procedure
    }

    /// Adds an argument.
    pub fn argument(mut self, argument: Argument) -> Self {
        self.arguments.push(argument);
        self
    }

    /// Sets the volatility.
    pub fn volatility(mut self, volatility: Volatility) -> Self {
        self.volatility = volatility;
        self
    }

    /// Makes it `SECURITY DEFINER`.
    pub fn security_definer(mut self) -> Self {
        self.security_definer = true;
        self
    }

    /// Makes it `STRICT`.
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// Makes it `LEAKPROOF` (only a superuser can create such a function).
    pub fn leakproof(mut self) -> Self {
        self.leakproof = true;
        self
    }

    /// Sets whether it may run in parallel workers.
    pub fn parallel(mut self, parallel: Parallel) -> Self {
        self.parallel = parallel;
        self
    }

    /// Sets the planner's estimate of one call (`COST`).
    pub fn cost(mut self, cost: u32) -> Self {
        self.cost = Some(cost);
        self
    }

    /// Sets the planner's estimate of the rows it returns (`ROWS`; set-returning only).
    pub fn rows(mut self, rows: u32) -> Self {
        self.rows = Some(rows);
        self
    }

    /// Leaves out `COST` and `ROWS` where they are Postgres's defaults, so that writing the
    /// default and leaving it out compare equal.
    pub fn drop_default_estimates(&mut self) {
        if self.cost == Some(DEFAULT_FUNCTION_COST) {
            self.cost = None;
        }
        if self.rows == Some(DEFAULT_FUNCTION_ROWS) {
            self.rows = None;
        }
    }

    /// Sets `search_path` for its calls.
    pub fn search_path(mut self, schemas: &[&str]) -> Self {
        self.search_path = Some(schemas.iter().map(|s| s.to_string()).collect());
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }

    /// Keeps `lint` quiet on this function, for `reason`.
    pub fn allow(mut self, lint: Lint, reason: &str) -> Self {
        self.allow.push(Allow::new(lint, reason));
        self
    }

    /// Whether the database would hold the same function: allows are the linter's
    /// business, and a change to them alone is no migration; a default estimate written out
    /// is the one left out.
    fn same_in_database(&self, other: &FunctionDef) -> bool {
        let as_stored = |function: &FunctionDef| {
            let mut function = function.clone();
            function.allow.clear();
            function.drop_default_estimates();
            function
        };
        as_stored(self) == as_stored(other)
    }

    /// The name and argument types as `DROP` and `COMMENT ON` name the routine:
    /// `name(uuid, app_role)`, with `INOUT`, `VARIADIC` and `OUT` written before their
    /// types, as `pg_get_function_identity_arguments` prints them. Postgres skips `OUT`
    /// arguments when it looks a function up, but since Postgres 14 a procedure's list may
    /// also match all its arguments, so `p(integer, text)` can name both `p(integer, INOUT
    /// text)` and `p(integer, OUT text)`: the `OUT` keyword tells them apart.
    pub fn signature(&self) -> String {
        let arguments: Vec<String> = self
            .arguments
            .iter()
            .map(|a| match a.mode.keyword() {
                Some(mode) => format!("{mode} {}", a.ty),
                None => a.ty.to_string(),
            })
            .collect();
        format!("{}({})", self.name.to_sql(), arguments.join(", "))
    }

    /// The types of the input arguments (`IN`, `INOUT`, `VARIADIC`) in order, as SQL: with
    /// the name, what tells one overload from another, as Postgres identifies a routine
    /// (argument names, defaults and `OUT` arguments do not).
    pub fn argument_types(&self) -> Vec<String> {
        self.arguments
            .iter()
            .filter(|a| a.mode.is_input())
            .map(|a| a.ty.to_string())
            .collect()
    }

    /// What identifies the function in a schema: its name and input argument types.
    pub fn identity(&self) -> (&QualifiedName, Vec<String>) {
        (&self.name, self.argument_types())
    }
}

pub(crate) fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
    let mut seen = BTreeSet::new();
    for function in &schema.functions {
        // An overload is named with its argument types, so that its errors say which.
        let kind = function.kind.as_str();
        let object = if schema.functions_named(&function.name).nth(1).is_some() {
            format!(
                "{kind} `{}({})`",
                function.name,
                function.argument_types().join(", ")
            )
        } else {
            format!("{kind} `{}`", function.name)
        };
        for problem in Allow::problems(&function.allow) {
            errors.push(error(object.clone(), problem));
        }
        if !seen.insert(function.identity()) {
            errors.push(error(
                object.clone(),
                "is declared twice with the same argument types; overloads of one name must differ in their argument types".into(),
            ));
        }
        if schema
            .external
            .functions
            .iter()
            .any(|f| f.name == function.name)
        {
            errors.push(error(
                object.clone(),
                "is declared both as a function the app owns and as an external function; keep one"
                    .into(),
            ));
        }
        if function.body.trim().is_empty() {
            errors.push(error(object.clone(), "has an empty body".into()));
        }
        if function.cost == Some(0) {
            errors.push(error(
                object.clone(),
                "has `cost = 0`; Postgres requires a positive cost".into(),
            ));
        }
        let returns_set = matches!(function.returns, Returns::SetOf(_) | Returns::Table(_));
        if function.rows.is_some() && !returns_set {
            errors.push(error(
                object.clone(),
                "sets `rows` but does not return a set; Postgres accepts `ROWS` only on functions returning `setof` or `table`".into(),
            ));
        }
        if function.rows == Some(0) {
            errors.push(error(
                object.clone(),
                "has `rows = 0`; Postgres requires a positive row estimate".into(),
            ));
        }
        if function.returns == Returns::Trigger {
            if function.language == Language::Sql {
                errors.push(error(
                    object.clone(),
                    "returns `trigger` but is written in `sql`; Postgres only accepts trigger functions in procedural languages such as `plpgsql`".into(),
                ));
            }
            if !function.arguments.is_empty() {
                errors.push(error(
                    object.clone(),
                    "returns `trigger` but declares arguments; a trigger function takes none, and reads the trigger's arguments from `TG_ARGV`".into(),
                ));
            }
        }
        if function.is_procedure() {
            procedure_problems(function, &object, errors);
        } else {
            output_problems(function, &object, errors);
        }
        let last_input = function.arguments.iter().rposition(|a| a.mode.is_input());
        let mut names = BTreeSet::new();
        let mut default_seen = false;
        for (i, argument) in function.arguments.iter().enumerate() {
            let label = match &argument.name {
                Some(name) => format!("argument `{name}`"),
                None => format!("argument {}", i + 1),
            };
            if argument.mode == ArgumentMode::Variadic {
                if !matches!(argument.ty, SqlType::Array(_)) {
                    errors.push(error(
                        object.clone(),
                        format!("{label} is VARIADIC but of type `{}`, not an array; Postgres collects the trailing values of a call in an array, such as `{}[]`", argument.ty, argument.ty),
                    ));
                }
                if Some(i) != last_input {
                    errors.push(error(
                        object.clone(),
                        format!("{label} is VARIADIC but not the last input argument; Postgres requires VARIADIC last (only OUT arguments may follow it)"),
                    ));
                }
            }
            if let Some(name) = &argument.name {
                if !names.insert(name) {
                    errors.push(error(
                        object.clone(),
                        format!("argument `{name}` is declared twice"),
                    ));
                }
            }
            if !argument.mode.is_input() {
                // OUT arguments are no part of the call, so they break no run of defaults.
                if argument.default.is_some() {
                    errors.push(error(
                        object.clone(),
                        format!("{label} is OUT and has a default; Postgres accepts defaults on input arguments only"),
                    ));
                }
            } else if argument.default.is_some() {
                default_seen = true;
            } else if default_seen {
                errors.push(error(
                    object.clone(),
                    format!("{label} has no default but follows one that has; Postgres requires defaults on every argument after the first one with a default"),
                ));
            }
            unknown_enum(
                schema,
                &object,
                &format!("{label} has type"),
                &argument.ty,
                errors,
            );
        }
        match &function.returns {
            Returns::Type(ty) | Returns::SetOf(ty) => {
                unknown_enum(schema, &object, "returns", ty, errors)
            }
            Returns::Table(columns) => {
                for column in columns {
                    let what = format!("returns column `{}` of type", column.name);
                    unknown_enum(schema, &object, &what, &column.ty, errors);
                }
            }
            Returns::Trigger | Returns::Void => {}
        }
        if let Some(path) = &function.search_path {
            if path.iter().any(|s| s.trim().is_empty()) {
                errors.push(error(
                    object.clone(),
                    "has an empty schema name in its `search_path`; an empty path is written as no schema at all".into(),
                ));
            }
        }
    }
}

/// What Postgres refuses in a procedure: a result other than its OUT and INOUT arguments,
/// and the options that only a function called in a query has (`CREATE PROCEDURE` has no
/// `RETURNS`, volatility, `STRICT`, `LEAKPROOF`, `PARALLEL`, `COST` or `ROWS`).
fn procedure_problems(function: &FunctionDef, object: &str, errors: &mut Vec<SchemaError>) {
    if function.returns != Returns::Void {
        errors.push(error(
            object.to_string(),
            format!("is a procedure but returns `{}`; a procedure returns nothing, and gives its results through OUT and INOUT arguments (a trigger calls a function, not a procedure)", function.returns),
        ));
    }
    let options = [
        (function.volatility != Volatility::Volatile, "a volatility"),
        (function.strict, "`strict`"),
        (function.leakproof, "`leakproof`"),
        (function.parallel != Parallel::Unsafe, "`parallel`"),
        (function.cost.is_some(), "`cost`"),
        (function.rows.is_some(), "`rows`"),
    ];
    for (_, option) in options.iter().filter(|(set, _)| *set) {
        errors.push(error(
            object.to_string(),
            format!("is a procedure but sets {option}; Postgres accepts it on functions only"),
        ));
    }
}

/// A function's OUT and INOUT arguments make its result: the one output argument's type,
/// or `record` for several; Postgres refuses any other return type beside them.
fn output_problems(function: &FunctionDef, object: &str, errors: &mut Vec<SchemaError>) {
    let outputs: Vec<&Argument> = function
        .arguments
        .iter()
        .filter(|a| a.mode.is_output())
        .collect();
    let Some(first) = outputs.first() else {
        return;
    };
    let made = if outputs.len() == 1 {
        first.ty.clone()
    } else {
        SqlType::Custom("record".into())
    };
    let declared = match &function.returns {
        Returns::Type(ty) | Returns::SetOf(ty) => Some(ty),
        Returns::Table(_) | Returns::Trigger | Returns::Void => None,
    };
    if declared != Some(&made) {
        errors.push(error(
            object.to_string(),
            format!("returns `{}` but its OUT and INOUT arguments make it return `{made}`; write `returns` as `{made}` (or `setof {made}` for a set)", function.returns),
        ));
    }
}

/// Functions created, replaced and dropped, matched by name and argument types: an
/// overload whose argument types change is another function, dropped and created.
pub(crate) fn diff(from: &[FunctionDef], to: &[FunctionDef], changes: &mut Vec<Change>) {
    let functions = match_by(from, to, FunctionDef::identity);
    // A name without overloads on either side whose argument types change is still one
    // function changed: the plan replaces it and rebuilds what calls it.
    let only = |list: &[FunctionDef], name: &QualifiedName| {
        list.iter().filter(|f| &f.name == name).count() == 1
    };
    let mut removed = functions.removed;
    let mut replaced = Vec::new();
    for def in functions.added {
        let before = removed
            .iter()
            .position(|old| old.name == def.name)
            .filter(|_| only(from, &def.name) && only(to, &def.name));
        match before {
            Some(i) => replaced.push((removed.remove(i), def)),
            None => changes.push(Change::CreateFunction { def: def.clone() }),
        }
    }
    for (old, new) in functions.common.into_iter().chain(replaced) {
        if !old.same_in_database(new) {
            changes.push(Change::ReplaceFunction {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    for def in removed {
        changes.push(Change::DropFunction { def: def.clone() });
    }
}

/// `RETURN ...` or `BEGIN ATOMIC ...`, in any case and spacing.
fn is_standard_body(body: &str) -> bool {
    let mut words = body
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == '(');
    let first = words.next().unwrap_or_default();
    if first.eq_ignore_ascii_case("return") {
        return true;
    }
    first.eq_ignore_ascii_case("begin")
        && words
            .find(|word| !word.is_empty())
            .is_some_and(|word| word.eq_ignore_ascii_case("atomic"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_bodies_are_told_from_string_bodies() {
        let sql = |body: &str| FunctionDef::new("f", Returns::Void, Language::Sql, body);
        assert!(sql("RETURN a + b").has_standard_body());
        assert!(sql("  return(a)").has_standard_body());
        assert!(sql("BEGIN ATOMIC\n  SELECT 1;\nEND").has_standard_body());
        assert!(sql("begin   atomic select 1; end").has_standard_body());
        assert!(!sql("SELECT a + b").has_standard_body());
        assert!(!sql("RETURNING_ROWS()").has_standard_body());
        assert!(!sql("BEGIN").has_standard_body());
        let plpgsql = FunctionDef::new("f", Returns::Void, Language::Plpgsql, "RETURN a + b");
        assert!(!plpgsql.has_standard_body());
    }

    #[test]
    fn return_types_parse() {
        assert_eq!(Returns::parse("trigger"), Some(Returns::Trigger));
        assert_eq!(Returns::parse(" VOID "), Some(Returns::Void));
        assert_eq!(
            Returns::parse("boolean"),
            Some(Returns::Type(SqlType::Boolean))
        );
        assert_eq!(
            Returns::parse("SETOF uuid"),
            Some(Returns::SetOf(SqlType::Uuid))
        );
        assert_eq!(
            Returns::parse("table(day date, total numeric(10,2))"),
            Some(Returns::Table(vec![
                ReturnColumn {
                    name: "day".into(),
                    ty: SqlType::Date
                },
                ReturnColumn {
                    name: "total".into(),
                    ty: SqlType::Numeric {
                        precision: Some(10),
                        scale: Some(2)
                    }
                },
            ]))
        );
        assert_eq!(Returns::parse("table()"), None);
        assert_eq!(Returns::parse("table(day)"), None);
        // A type that merely starts like a keyword.
        assert_eq!(
            Returns::parse("settings"),
            Some(Returns::Type(SqlType::Custom("settings".into())))
        );
    }

    #[test]
    fn return_types_display_as_sql() {
        for text in [
            "boolean",
            "SETOF uuid",
            "TABLE(day date, \"user\" text)",
            "void",
        ] {
            assert_eq!(Returns::parse(text).unwrap().to_string(), text);
        }
    }
}
