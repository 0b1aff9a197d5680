//! Functions and procedures: `CREATE [OR REPLACE] FUNCTION` (or `PROCEDURE`) and
//! `COMMENT ON`, their normal form, the steps that create, replace and drop them, and
//! their catalog rows.

use super::comment::comment_text;
use crate::literal::dollar_quote;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use schema_core::diff::Change;
use schema_core::{quote_ident, FunctionDef, Language, Parallel, Returns, Volatility};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes and its normalisation.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.functions.iter_mut().for_each(normalize),
    ..super::Kind::steps(steps)
};

/// `CREATE FUNCTION name(arguments)` (or `CREATE PROCEDURE`) with one clause per line and
/// the body dollar-quoted (a SQL-standard body, `RETURN ..` or `BEGIN ATOMIC .. END`, as it
/// is), leaving out the defaults (`VOLATILE`, `CALLED ON NULL INPUT`, `SECURITY INVOKER`).
pub fn create_function(function: &FunctionDef, out: &mut impl Write) -> fmt::Result {
    write_function("CREATE", function, out)
}

/// The same as [`create_function`] with `CREATE OR REPLACE`, which keeps the function's
/// grants and dependents when its signature and return type are unchanged.
pub fn create_or_replace_function(function: &FunctionDef, out: &mut impl Write) -> fmt::Result {
    write_function("CREATE OR REPLACE", function, out)
}

/// One argument as a routine's signature writes it: its mode, name and type.
pub(crate) fn write_argument(
    argument: &schema_core::Argument,
    out: &mut impl Write,
) -> fmt::Result {
    if let Some(mode) = argument.mode.keyword() {
        write!(out, "{mode} ")?;
    }
    if let Some(name) = &argument.name {
        write!(out, "{} ", quote_ident(name))?;
    }
    write!(out, "{}", argument.ty)
}

fn write_function(verb: &str, function: &FunctionDef, out: &mut impl Write) -> fmt::Result {
    let kind = function.kind.keyword();
    write!(out, "{verb} {kind} {}(", function.name.to_sql())?;
    for (i, argument) in function.arguments.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        write_argument(argument, out)?;
        if let Some(default) = &argument.default {
            write!(out, " DEFAULT {default}")?;
        }
    }
    out.write_char(')')?;
    // A procedure has no `RETURNS` (validation keeps it `void`).
    if !function.is_procedure() {
        write!(out, "\n    RETURNS {}", function.returns)?;
    }
    write!(out, "\n    LANGUAGE {}", function.language.as_str())?;
    if function.volatility != Volatility::Volatile {
        write!(out, "\n    {}", function.volatility.as_str())?;
    }
    if function.strict {
        out.write_str("\n    STRICT")?;
    }
    if function.security_definer {
        out.write_str("\n    SECURITY DEFINER")?;
    }
    if function.leakproof {
        out.write_str("\n    LEAKPROOF")?;
    }
    if function.parallel != Parallel::Unsafe {
        write!(out, "\n    PARALLEL {}", function.parallel.as_str())?;
    }
    if let Some(cost) = function.cost {
        write!(out, "\n    COST {cost}")?;
    }
    if let Some(rows) = function.rows {
        write!(out, "\n    ROWS {rows}")?;
    }
    if let Some(path) = &function.search_path {
        out.write_str("\n    SET search_path = ")?;
        if path.is_empty() {
            out.write_str("''")?;
        }
        for (i, schema) in path.iter().enumerate() {
            if i > 0 {
                out.write_str(", ")?;
            }
            out.write_str(&quote_ident(schema))?;
        }
    }
    if function.has_standard_body() {
        // Parsed by Postgres, so written as SQL, not as a string.
        let body = function.body.trim().trim_end_matches(';').trim_end();
        writeln!(out, "\n    {body};")
    } else {
        writeln!(out, "\n    AS {};", dollar_quote(&function.body))
    }
}

/// `COMMENT ON FUNCTION name(types) IS '...'` (or `PROCEDURE`), or `IS NULL` to remove it.
pub fn comment_on_function(
    function: &FunctionDef,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(
        out,
        "COMMENT ON {} {} IS ",
        function.kind.keyword(),
        function.signature()
    )?;
    comment_text(comment, out)
}

/// Argument and return types as for columns, argument defaults in their normal form.
pub(crate) fn normalize(function: &mut FunctionDef) {
    rules::comment(&mut function.comment);
    function.drop_default_estimates();
    for argument in &mut function.arguments {
        argument.ty = rules::column_type(&argument.ty);
        if let Some(text) = &mut argument.default {
            *text = rules::expression(text);
        }
    }
    match &mut function.returns {
        Returns::Type(ty) | Returns::SetOf(ty) => *ty = rules::column_type(ty),
        Returns::Table(columns) => {
            for column in columns {
                column.ty = rules::column_type(&column.ty);
            }
        }
        Returns::Trigger | Returns::Void => {}
    }
}

/// Postgres's spelling of the argument defaults, from the same function (name and
/// argument types, both normalised) in `printed`.
#[cfg(feature = "introspect")]
pub(crate) fn graft(function: &mut FunctionDef, printed: &schema_core::Schema) {
    let mut wanted = function.clone();
    normalize(&mut wanted);
    let Some(from) = printed.functions_named(&function.name).find(|f| {
        let mut f = (*f).clone();
        normalize(&mut f);
        f.argument_types() == wanted.argument_types()
    }) else {
        return;
    };
    // Postgres prints a SQL-standard body its own way (`RETURN (a + b)`).
    if function.has_standard_body() && from.has_standard_body() {
        function.body.clone_from(&from.body);
    }
    if function.arguments.len() == from.arguments.len() {
        for (argument, source) in function.arguments.iter_mut().zip(&from.arguments) {
            if argument.default.is_some() && source.default.is_some() {
                argument.default.clone_from(&source.default);
            }
        }
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateFunction { def } => b.create_function(change.to_string(), def, None),
        Change::DropFunction { def } => b.drop_function(change.to_string(), def),
        Change::ReplaceFunction { from, to } => {
            if replaceable(from, to) {
                b.create_function(change.to_string(), to, Some(from));
            } else {
                let (old, new) = (from.kind.as_str(), to.kind.as_str());
                b.drop_function(format!("drop {old} `{}`", from.name), from);
                b.create_function(format!("create {new} `{}`", to.name), to, None);
            }
        }
        _ => return false,
    }
    true
}

/// Whether `CREATE OR REPLACE FUNCTION` can turn `from` into `to`: Postgres refuses to
/// change the argument types (that would be another function), the argument names or
/// modes, the return type (which OUT arguments make), a function into a procedure or back,
/// or to remove an argument's default.
pub(crate) fn replaceable(from: &FunctionDef, to: &FunctionDef) -> bool {
    from.kind == to.kind
        && from.arguments.len() == to.arguments.len()
        && from.returns == to.returns
        && from.arguments.iter().zip(&to.arguments).all(|(a, b)| {
            a.mode == b.mode
                && a.ty == b.ty
                && a.name == b.name
                && (a.default.is_none() || b.default.is_some())
        })
}

impl<'a> Builder<'a> {
    /// `CREATE FUNCTION`, or `CREATE OR REPLACE` over `replaces`.
    pub(crate) fn create_function(
        &mut self,
        description: String,
        def: &'a FunctionDef,
        replaces: Option<&'a FunctionDef>,
    ) {
        let replace = replaces.is_some();
        let mut text = if replace {
            sql(|o| create_or_replace_function(def, o))
        } else {
            sql(|o| create_function(def, o))
        };
        let old_comment = replaces.and_then(|f| f.comment.as_deref());
        if def.comment.as_deref() != old_comment {
            text.push_str(&sql(|o| {
                comment_on_function(def, def.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::CreateFunction, description, text, &[]);
        if !replace {
            node.adds.push(Object::Function(&def.name));
        }
        node.uses_new.push(Object::Schema(&def.name.schema));
        for argument in &def.arguments {
            node.uses_new
                .extend(self.type_needs(Side::New, &argument.ty));
        }
        // A `sql` body is resolved when the function is created; `plpgsql` only when run.
        if def.language == Language::Sql {
            node.uses_new
                .extend(self.sql_needs(Side::New, &def.name, &def.body));
        }
        self.push(node);
    }

    pub(crate) fn drop_function(&mut self, description: String, def: &'a FunctionDef) {
        let mut node = Self::node(
            Phase::DropFunction,
            description,
            format!("DROP {} {};\n", def.kind.keyword(), def.signature()),
            &[],
        );
        node.removes.push(Object::Function(&def.name));
        node.uses_old.push(Object::Schema(&def.name.schema));
        // Postgres records what a SQL-standard body names as its dependencies, and refuses
        // to drop them while the function exists: the function goes first.
        if def.has_standard_body() {
            node.uses_old
                .extend(self.sql_needs(Side::Old, &def.name, &def.body));
        }
        self.push(node);
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::note::Note;
    use crate::sql::{find_top_level, identifier, split_top_level};
    use schema_core::{
        Argument, ArgumentMode, FunctionDef, Language, Parallel, QualifiedName, ReturnColumn,
        Returns, RoutineKind, SqlType, Volatility,
    };

    pub(crate) struct FunctionRow {
        pub(crate) schema: String,
        pub(crate) name: String,
        pub(crate) language: String,
        /// `f` function, `p` procedure, `a` aggregate, `w` window.
        pub(crate) kind: String,
        /// `v`, `s` or `i`.
        pub(crate) volatility: String,
        pub(crate) strict: bool,
        pub(crate) security_definer: bool,
        pub(crate) leakproof: bool,
        /// `u`, `r` or `s`.
        pub(crate) parallel: String,
        pub(crate) cost: f64,
        /// 0 when it returns no set.
        pub(crate) rows: f64,
        pub(crate) returns_set: bool,
        pub(crate) return_type: String,
        /// Names of all arguments (empty strings for unnamed ones), `TABLE` columns included.
        pub(crate) arg_names: Vec<String>,
        /// Modes of all arguments (`i`, `o`, `b`, `v`, `t`); empty when all are `IN`.
        pub(crate) arg_modes: Vec<String>,
        /// `format_type` of all arguments, in order.
        pub(crate) arg_types: Vec<String>,
        /// `pg_get_function_arguments`, for the defaults.
        pub(crate) arguments_text: String,
        /// `name=value` settings (`SET search_path = ...`).
        pub(crate) config: Vec<String>,
        pub(crate) body: String,
        pub(crate) comment: Option<String>,
    }

    /// `server_version_num` decides how bodies are read: a SQL-standard body (`RETURN ..`,
    /// `BEGIN ATOMIC .. END`, Postgres 14 and later) has an empty `prosrc`, and only
    /// `pg_get_function_sqlbody` prints it.
    pub(crate) fn functions_query(server_version: i32) -> String {
        let body = if server_version >= 140000 {
            "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) \
             ELSE p.prosrc END"
        } else {
            "p.prosrc"
        };
        format!(
            "
SELECT n.nspname::text, p.proname::text, l.lanname::text, p.prokind::text,
       p.provolatile::text, p.proisstrict, p.prosecdef, p.proretset,
       pg_catalog.format_type(p.prorettype, NULL),
       COALESCE(p.proargnames, ARRAY[]::text[]),
       COALESCE(p.proargmodes::text[], ARRAY[]::text[]),
       ARRAY(SELECT pg_catalog.format_type(u.t, NULL)
             FROM pg_catalog.unnest(COALESCE(p.proallargtypes, p.proargtypes::pg_catalog.oid[]))
                  WITH ORDINALITY u(t, ord)
             ORDER BY u.ord),
       pg_catalog.pg_get_function_arguments(p.oid),
       COALESCE(p.proconfig, ARRAY[]::text[]),
       {body},
       (SELECT ds.description FROM pg_catalog.pg_description ds
        WHERE ds.objoid = p.oid AND ds.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
          AND ds.objsubid = 0),
       p.proleakproof, p.proparallel::text, p.procost::float8, p.prorows::float8
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY($1) AND {} AND {}
  -- Kept as definition text instead (`crate::kinds::opaque`), or an aggregate
  -- (`crate::kinds::aggregate`).
  AND NOT {} AND NOT {}
ORDER BY 1, 2, pg_catalog.pg_get_function_identity_arguments(p.oid)",
            not_member("pg_catalog.pg_proc", "p.oid"),
            crate::kinds::opaque::catalog::not_internal("pg_catalog.pg_proc", "p.oid"),
            crate::kinds::opaque::catalog::kept_as_text(),
            crate::kinds::aggregate::catalog::STRUCTURAL,
        )
    }

    impl FunctionRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            FunctionRow {
                schema: row.get(0),
                name: row.get(1),
                language: row.get(2),
                kind: row.get(3),
                volatility: row.get(4),
                strict: row.get(5),
                security_definer: row.get(6),
                returns_set: row.get(7),
                return_type: row.get(8),
                arg_names: row.get(9),
                arg_modes: row.get(10),
                arg_types: row.get(11),
                arguments_text: row.get(12),
                config: row.get(13),
                body: row.get(14),
                comment: row.get(15),
                leakproof: row.get(16),
                parallel: row.get(17),
                cost: row.get(18),
                rows: row.get(19),
            }
        }
    }

    pub(crate) fn function(row: FunctionRow, notes: &mut Vec<Note>) -> Option<FunctionDef> {
        let name = QualifiedName::new(row.schema, row.name);
        let kind = match row.kind.as_str() {
            "p" => RoutineKind::Procedure,
            _ => RoutineKind::Function,
        };
        let object = format!("{} `{name}`", kind.as_str());
        let mut skip = |message: String| {
            notes.push(Note::new(object.clone(), message));
            None
        };
        if !matches!(row.kind.as_str(), "f" | "p") {
            let what = match row.kind.as_str() {
                "a" => "an aggregate",
                "w" => "a window function",
                _ => "not a plain function",
            };
            return skip(format!(
                "is {what}, which the model does not have, and was left out"
            ));
        }
        let language = match row.language.as_str() {
        "sql" => Language::Sql,
        "plpgsql" => Language::Plpgsql,
        other => {
            return skip(format!(
                "is written in `{other}`, which the model does not have (only `sql` and `plpgsql`), and was left out"
            ))
        }
    };
        let modes: Vec<&str> = if row.arg_modes.is_empty() {
            vec!["i"; row.arg_types.len()]
        } else {
            row.arg_modes.iter().map(String::as_str).collect()
        };
        let name_of = |i: usize| row.arg_names.get(i).filter(|n| !n.is_empty()).cloned();
        // `pg_get_function_arguments` lists the arguments but `TABLE` columns, with their
        // defaults.
        let texts = if row.arguments_text.trim().is_empty() {
            Vec::new()
        } else {
            split_top_level(&row.arguments_text, ',')
        };
        let mut arguments = Vec::new();
        let mut table_columns = Vec::new();
        for (i, mode) in modes.iter().enumerate() {
            let ty = SqlType::parse(&row.arg_types[i]);
            if *mode == "t" {
                table_columns.push(ReturnColumn {
                    name: name_of(i).unwrap_or_default(),
                    ty,
                });
                continue;
            }
            let default = texts.get(arguments.len()).and_then(|text| {
                find_top_level(text, " DEFAULT ")
                    .map(|at| text[at + " DEFAULT ".len()..].to_string())
            });
            let mode = match *mode {
                "o" => ArgumentMode::Out,
                "b" => ArgumentMode::InOut,
                "v" => ArgumentMode::Variadic,
                _ => ArgumentMode::In,
            };
            arguments.push(Argument {
                mode,
                name: name_of(i),
                ty,
                default,
            });
        }
        // A procedure's `prorettype` is `void`, or `record` for its output arguments.
        let returns = if kind == RoutineKind::Procedure {
            Returns::Void
        } else if !table_columns.is_empty() {
            Returns::Table(table_columns)
        } else if row.return_type == "trigger" {
            Returns::Trigger
        } else if row.return_type == "void" && !row.returns_set {
            Returns::Void
        } else if row.returns_set {
            Returns::SetOf(SqlType::parse(&row.return_type))
        } else {
            Returns::Type(SqlType::parse(&row.return_type))
        };
        let mut search_path = None;
        for setting in &row.config {
            match setting.split_once('=') {
            Some(("search_path", value)) => search_path = Some(search_path_value(value)),
            _ => notes.push(Note::new(
                object.clone(),
                format!("sets `{setting}` for its calls; the model has `search_path` only, so the setting was left out"),
            )),
        }
        }
        // The model keeps whole estimates; Postgres stores a float.
        let estimate = |what: &str, value: f64, notes: &mut Vec<Note>| {
            let whole = value.round().clamp(1.0, u32::MAX as f64);
            if whole != value {
                notes.push(Note::new(
                    object.clone(),
                    format!(
                        "has {what} {value}, which the model keeps as the whole number {whole}"
                    ),
                ));
            }
            whole as u32
        };
        let cost = estimate("COST", row.cost, notes);
        let rows = (row.rows > 0.0).then(|| estimate("ROWS", row.rows, notes));
        let mut function = FunctionDef {
            name,
            kind,
            arguments,
            returns,
            language,
            volatility: match row.volatility.as_str() {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            },
            strict: row.strict,
            security_definer: row.security_definer,
            leakproof: row.leakproof,
            parallel: match row.parallel.as_str() {
                "s" => Parallel::Safe,
                "r" => Parallel::Restricted,
                _ => Parallel::Unsafe,
            },
            cost: Some(cost),
            rows,
            search_path,
            body: row.body,
            comment: row.comment,
            allow: Vec::new(),
        };
        function.drop_default_estimates();
        Some(function)
    }

    /// `public, pg_temp` (as `proconfig` stores `SET search_path = public, pg_temp`): the
    /// schema names, unquoted; `""` is the empty path.
    pub(crate) fn search_path_value(value: &str) -> Vec<String> {
        if value.trim() == "\"\"" || value.trim().is_empty() {
            return Vec::new();
        }
        split_top_level(value, ',')
            .into_iter()
            .map(|part| identifier(&part).unwrap_or(part))
            .collect()
    }
}
