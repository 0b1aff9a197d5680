//! What `#[derive(Function)]` describes a function with.

use crate::__private::{allows, owned, AllowSpec};
use crate::{
    Argument, ArgumentMode, FunctionDef, Language, Parallel, QualifiedName, Returns, RoutineKind,
    SqlType, Volatility,
};

/// A `#[derive(Function)]` struct.
pub struct FunctionSpec<'a> {
    /// `schema`
    pub schema: &'a str,
    /// `name`
    pub name: &'a str,
    /// `procedure`
    pub procedure: bool,
    /// `args(...)`
    pub arguments: &'a [ArgumentSpec<'a>],
    /// `returns`
    pub returns: ReturnsSpec<'a>,
    /// `language`
    pub language: Language,
    /// `volatility`
    pub volatility: Volatility,
    /// `strict`
    pub strict: bool,
    /// `security_definer`
    pub security_definer: bool,
    /// `leakproof`
    pub leakproof: bool,
    /// `parallel`
    pub parallel: Parallel,
    /// `cost`
    pub cost: Option<u32>,
    /// `rows`
    pub rows: Option<u32>,
    /// `search_path = "a, b"`, as written.
    pub search_path: Option<&'a str>,
    /// `body`
    pub body: &'a str,
    /// The struct's doc comment.
    pub comment: Option<&'a str>,
    /// `allow(...)`
    pub allow: &'a [AllowSpec<'a>],
}

impl<'a> FunctionSpec<'a> {
    /// A volatile function without arguments.
    pub const fn new(
        schema: &'a str,
        name: &'a str,
        returns: ReturnsSpec<'a>,
        language: Language,
        body: &'a str,
    ) -> Self {
        FunctionSpec {
            schema,
            name,
            procedure: false,
            arguments: &[],
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
            body,
            comment: None,
            allow: &[],
        }
    }
}

/// One argument.
pub struct ArgumentSpec<'a> {
    /// `out`, `inout`, `variadic` before the name; `In` without.
    pub mode: ArgumentMode,
    /// The name; `None` for `_`.
    pub name: Option<&'a str>,
    /// Its type.
    pub ty: TypeSpec<'a>,
    /// `= "default"`
    pub default: Option<&'a str>,
}

/// A type written in an attribute.
pub enum TypeSpec<'a> {
    /// A Rust type: `<T as PgType>::sql_type`.
    Rust(fn() -> SqlType),
    /// SQL text, parsed with [`SqlType::parse`].
    Sql(&'a str),
}

impl TypeSpec<'_> {
    fn sql_type(&self) -> SqlType {
        match self {
            TypeSpec::Rust(sql_type) => sql_type(),
            TypeSpec::Sql(text) => SqlType::parse(text),
        }
    }
}

/// `returns`.
pub enum ReturnsSpec<'a> {
    /// `returns = "..."`, parsed with [`Returns::parse`] (the derive checked it parses).
    Sql(&'a str),
    /// `returns = RustType`.
    Rust(fn() -> SqlType),
}

/// Builds the function a derive describes.
pub fn function_def(spec: &FunctionSpec<'_>) -> FunctionDef {
    let returns = match spec.returns {
        ReturnsSpec::Sql(text) => {
            Returns::parse(text).unwrap_or_else(|| Returns::Type(SqlType::Custom(text.into())))
        }
        ReturnsSpec::Rust(sql_type) => Returns::Type(sql_type()),
    };
    let mut function = FunctionDef::new("", returns, spec.language, spec.body);
    function.name = QualifiedName::new(spec.schema, spec.name);
    function.arguments = spec
        .arguments
        .iter()
        .map(|argument| Argument {
            mode: argument.mode,
            name: owned(argument.name),
            ty: argument.ty.sql_type(),
            default: owned(argument.default),
        })
        .collect();
    if spec.procedure {
        function.kind = RoutineKind::Procedure;
    }
    function.volatility = spec.volatility;
    function.strict = spec.strict;
    function.security_definer = spec.security_definer;
    function.leakproof = spec.leakproof;
    function.parallel = spec.parallel;
    function.cost = spec.cost;
    function.rows = spec.rows;
    function.search_path = spec.search_path.map(|path| {
        path.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    function.comment = owned(spec.comment);
    function.allow = allows(spec.allow);
    function
}
