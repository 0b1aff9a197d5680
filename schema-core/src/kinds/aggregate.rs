//! Aggregates (`CREATE AGGREGATE`): a state type, the function that folds each row into
//! the state and the functions that finish, combine and serialise it; with moving-aggregate
//! support (`MSFUNC`, `MINVFUNC`) for window frames, and ordered-set and hypothetical-set
//! aggregates (`percentile(0.5) WITHIN GROUP (ORDER BY x)`).
//!
//! An aggregate shares the functions' namespace and identity: its schema-qualified name and
//! its argument types, so `total(integer)` and `total(numeric)` are two aggregates
//! (overloads), and no function may have the name and argument types of an aggregate.
//! Postgres has no `ALTER AGGREGATE` for the definition: a changed aggregate is replaced
//! (`CREATE OR REPLACE AGGREGATE`, which keeps the views calling it) where Postgres allows
//! it, and dropped and created again otherwise.
//!
//! Support functions are named as SQL names them: a built-in one by its bare name
//! (`int4pl`, `array_append`), the schema's own with their schema (`public.add_sale`); a
//! bare name of a function the schema declares is read as that function.

use crate::diff::list::match_by;
use crate::diff::Change;
use crate::error::{error, suspicious};
use crate::kinds::enum_type::unknown_enum;
use crate::kinds::Kind;
use crate::validate::identifier_length;
use crate::{
    Argument, ArgumentMode, Parallel, QualifiedName, Schema, SchemaBuilder, SchemaError, SqlType,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// `CREATE AGGREGATE`.
///
/// ```
/// use schema_core::{AggregateDef, Argument, Schema, SqlType};
/// // `SELECT total(quantity) FROM orders`: a sum that starts from zero, not NULL.
/// let schema = Schema::builder()
///     .add_aggregate(
///         AggregateDef::new("public.total", "int4pl", SqlType::Integer)
///             .argument(Argument::new("value", SqlType::Integer))
///             .initial_state("0"),
///     )
///     .build()
///     .unwrap();
/// assert_eq!(schema.aggregates[0].argument_types(), ["integer"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregateDef {
    /// Schema-qualified name. Several aggregates (and functions) may share it if their
    /// argument types differ.
    pub name: QualifiedName,
    /// The aggregated arguments (`IN` or `VARIADIC`); none is `agg(*)`. For an ordered-set
    /// aggregate, its direct arguments, those before `ORDER BY`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<Argument>,
    /// An ordered-set aggregate's aggregated arguments, after `ORDER BY`
    /// (`percentile(0.5) WITHIN GROUP (ORDER BY x)`); empty for a normal aggregate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order_by: Vec<Argument>,
    /// `HYPOTHETICAL`: an ordered-set aggregate whose last direct arguments match the
    /// aggregated ones, as `rank(3) WITHIN GROUP (ORDER BY x)`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hypothetical: bool,
    /// `SFUNC`: the state transition function, called for each row.
    pub state_function: String,
    /// `STYPE`: the state's type.
    pub state_type: SqlType,
    /// `SSPACE`: the state's average size in bytes, for the planner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_space: Option<u32>,
    /// `FINALFUNC`: turns the state into the result; without it the state is the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_function: Option<String>,
    /// `FINALFUNC_EXTRA`: the final function also takes the arguments' (NULL) values.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub final_function_extra: bool,
    /// `FINALFUNC_MODIFY`; `None` is Postgres's default (`READ_ONLY`, `READ_WRITE` for an
    /// ordered-set aggregate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_modify: Option<FinalModify>,
    /// `COMBINEFUNC`: merges two states, so the aggregate can run in parallel workers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine_function: Option<String>,
    /// `SERIALFUNC`: an `internal` state as `bytea`, to pass between workers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_function: Option<String>,
    /// `DESERIALFUNC`: the state back from `bytea`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deserial_function: Option<String>,
    /// `INITCOND`: the state's first value, as text of the state type; `None` starts
    /// from NULL (the first row's value, for a strict state function).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_state: Option<String>,
    /// Moving-aggregate mode (`MSFUNC`, `MINVFUNC`, `MSTYPE`, ...): what a window frame that
    /// moves uses to take rows out of the state instead of starting again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moving: Option<MovingAggregate>,
    /// `SORTOP`: the operator whose first (or last) value the aggregate returns, as `min`
    /// and `max` do, so an index can answer it: `<` or `>`, or qualified (`public.<<`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_operator: Option<String>,
    /// Whether it may run in parallel workers (`PARALLEL UNSAFE` by default).
    #[serde(default, skip_serializing_if = "is_unsafe")]
    pub parallel: Parallel,
    /// `COMMENT ON AGGREGATE` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

fn is_unsafe(parallel: &Parallel) -> bool {
    *parallel == Parallel::Unsafe
}

/// The moving-aggregate implementation: a forward and an inverse state function over a
/// state of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovingAggregate {
    /// `MSFUNC`: adds a row to the moving state.
    pub state_function: String,
    /// `MINVFUNC`: takes a row out of the moving state.
    pub inverse_function: String,
    /// `MSTYPE`: the moving state's type.
    pub state_type: SqlType,
    /// `MSSPACE`: its average size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_space: Option<u32>,
    /// `MFINALFUNC`: turns the moving state into the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_function: Option<String>,
    /// `MFINALFUNC_EXTRA`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub final_function_extra: bool,
    /// `MFINALFUNC_MODIFY`; `None` is Postgres's default, `READ_ONLY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_modify: Option<FinalModify>,
    /// `MINITCOND`: the moving state's first value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_state: Option<String>,
}

impl MovingAggregate {
    /// A moving-aggregate implementation: `state_function` adds a row to a state of
    /// `state_type`, `inverse_function` takes one out.
    pub fn new(state_function: &str, inverse_function: &str, state_type: SqlType) -> Self {
        MovingAggregate {
            state_function: state_function.to_string(),
            inverse_function: inverse_function.to_string(),
            state_type,
            state_space: None,
            final_function: None,
            final_function_extra: false,
            final_modify: None,
            initial_state: None,
        }
    }

    /// Sets `MFINALFUNC`.
    pub fn final_function(mut self, function: &str) -> Self {
        self.final_function = Some(function.to_string());
        self
    }

    /// Sets `MFINALFUNC_EXTRA`.
    pub fn final_function_extra(mut self) -> Self {
        self.final_function_extra = true;
        self
    }

    /// Sets `MFINALFUNC_MODIFY`.
    pub fn final_modify(mut self, modify: FinalModify) -> Self {
        self.final_modify = Some(modify);
        self
    }

    /// Sets `MINITCOND`.
    pub fn initial_state(mut self, value: &str) -> Self {
        self.initial_state = Some(value.to_string());
        self
    }

    /// Sets `MSSPACE`.
    pub fn state_space(mut self, bytes: u32) -> Self {
        self.state_space = Some(bytes);
        self
    }
}

/// Whether a final function may change the state (`FINALFUNC_MODIFY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalModify {
    /// `READ_ONLY`: leaves the state as it is.
    ReadOnly,
    /// `SHAREABLE`: changes it, but the same way each time, so equal calls share it.
    Shareable,
    /// `READ_WRITE`: changes it; the aggregate cannot be a window function.
    ReadWrite,
}

impl FinalModify {
    /// All settings with their spelling in SQL, as users write them.
    pub const ALL: [(&'static str, FinalModify); 3] = [
        ("read_only", FinalModify::ReadOnly),
        ("shareable", FinalModify::Shareable),
        ("read_write", FinalModify::ReadWrite),
    ];

    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            FinalModify::ReadOnly => "READ_ONLY",
            FinalModify::Shareable => "SHAREABLE",
            FinalModify::ReadWrite => "READ_WRITE",
        }
    }
}

impl fmt::Display for FinalModify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AggregateDef {
    /// An aggregate without arguments (`agg(*)`) folding rows with `state_function` into a
    /// state of `state_type`; add arguments with [`argument`](Self::argument).
    pub fn new(name: &str, state_function: &str, state_type: SqlType) -> Self {
        AggregateDef {
            name: QualifiedName::parse(name),
            arguments: Vec::new(),
            order_by: Vec::new(),
            hypothetical: false,
            state_function: state_function.to_string(),
            state_type,
            state_space: None,
            final_function: None,
            final_function_extra: false,
            final_modify: None,
            combine_function: None,
            serial_function: None,
            deserial_function: None,
            initial_state: None,
            moving: None,
            sort_operator: None,
            parallel: Parallel::Unsafe,
            comment: None,
        }
    }

    /// Adds an argument (a direct one, for an ordered-set aggregate).
    pub fn argument(mut self, argument: Argument) -> Self {
        self.arguments.push(argument);
        self
    }

    /// Adds an aggregated argument after `ORDER BY`, making it an ordered-set aggregate.
    pub fn order_by(mut self, argument: Argument) -> Self {
        self.order_by.push(argument);
        self
    }

    /// Makes it a hypothetical-set aggregate (`HYPOTHETICAL`).
    pub fn hypothetical(mut self) -> Self {
        self.hypothetical = true;
        self
    }

    /// Sets `SSPACE`.
    pub fn state_space(mut self, bytes: u32) -> Self {
        self.state_space = Some(bytes);
        self
    }

    /// Sets `FINALFUNC`.
    pub fn final_function(mut self, function: &str) -> Self {
        self.final_function = Some(function.to_string());
        self
    }

    /// Sets `FINALFUNC_EXTRA`.
    pub fn final_function_extra(mut self) -> Self {
        self.final_function_extra = true;
        self
    }

    /// Sets `FINALFUNC_MODIFY`.
    pub fn final_modify(mut self, modify: FinalModify) -> Self {
        self.final_modify = Some(modify);
        self
    }

    /// Sets `COMBINEFUNC`.
    pub fn combine_function(mut self, function: &str) -> Self {
        self.combine_function = Some(function.to_string());
        self
    }

    /// Sets `SERIALFUNC` and `DESERIALFUNC`, which an `internal` state needs to run in
    /// parallel.
    pub fn serialization(mut self, serial: &str, deserial: &str) -> Self {
        self.serial_function = Some(serial.to_string());
        self.deserial_function = Some(deserial.to_string());
        self
    }

    /// Sets `INITCOND`, the state's first value as text.
    pub fn initial_state(mut self, value: &str) -> Self {
        self.initial_state = Some(value.to_string());
        self
    }

    /// Adds the moving-aggregate implementation.
    pub fn moving(mut self, moving: MovingAggregate) -> Self {
        self.moving = Some(moving);
        self
    }

    /// Sets `SORTOP`.
    pub fn sort_operator(mut self, operator: &str) -> Self {
        self.sort_operator = Some(operator.to_string());
        self
    }

    /// Sets whether it may run in parallel workers.
    pub fn parallel(mut self, parallel: Parallel) -> Self {
        self.parallel = parallel;
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// Whether it is an ordered-set (or hypothetical-set) aggregate.
    pub fn is_ordered_set(&self) -> bool {
        !self.order_by.is_empty()
    }

    /// `FINALFUNC_MODIFY` when none is written: `READ_WRITE` for an ordered-set
    /// aggregate, `READ_ONLY` otherwise.
    pub fn default_final_modify(&self) -> FinalModify {
        if self.is_ordered_set() {
            FinalModify::ReadWrite
        } else {
            FinalModify::ReadOnly
        }
    }

    /// The types of all its arguments, direct then aggregated, as SQL: with the name,
    /// what identifies it among aggregates and functions, as Postgres identifies them.
    pub fn argument_types(&self) -> Vec<String> {
        self.arguments
            .iter()
            .chain(&self.order_by)
            .map(|a| a.ty.to_string())
            .collect()
    }

    /// The types of all its arguments, as grants name an overload.
    pub(crate) fn input_types(&self) -> Vec<SqlType> {
        self.arguments
            .iter()
            .chain(&self.order_by)
            .map(|a| a.ty.clone())
            .collect()
    }

    /// What identifies the aggregate in a schema: its name and argument types.
    pub fn identity(&self) -> (&QualifiedName, Vec<String>) {
        (&self.name, self.argument_types())
    }

    /// The name and argument types as `DROP AGGREGATE` and `COMMENT ON AGGREGATE` name it:
    /// `public.total(integer)`, `public.median(ORDER BY double precision)`, `public.n(*)`.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name.to_sql(), self.argument_list())
    }

    /// The argument types in parentheses as `CREATE AGGREGATE` writes them, without names:
    /// `*` for none, `ORDER BY` before the aggregated ones of an ordered-set aggregate.
    fn argument_list(&self) -> String {
        let list = |arguments: &[Argument]| -> String {
            let types: Vec<String> = arguments
                .iter()
                .map(|a| match a.mode.keyword() {
                    Some(mode) => format!("{mode} {}", a.ty),
                    None => a.ty.to_string(),
                })
                .collect();
            types.join(", ")
        };
        match (self.arguments.is_empty(), self.order_by.is_empty()) {
            (true, true) => "*".to_string(),
            (_, true) => list(&self.arguments),
            (true, false) => format!("ORDER BY {}", list(&self.order_by)),
            (false, false) => format!(
                "{} ORDER BY {}",
                list(&self.arguments),
                list(&self.order_by)
            ),
        }
    }

    /// Every type it names: its arguments' and its states'.
    pub fn types(&self) -> impl Iterator<Item = &SqlType> {
        self.arguments
            .iter()
            .chain(&self.order_by)
            .map(|a| &a.ty)
            .chain([&self.state_type])
            .chain(self.moving.as_ref().map(|m| &m.state_type))
    }

    /// Every support function it names, with the clause that names it.
    pub fn support_functions(&self) -> Vec<(&'static str, &str)> {
        let mut functions = vec![("SFUNC", self.state_function.as_str())];
        let optional = [
            ("FINALFUNC", &self.final_function),
            ("COMBINEFUNC", &self.combine_function),
            ("SERIALFUNC", &self.serial_function),
            ("DESERIALFUNC", &self.deserial_function),
        ];
        for (clause, function) in optional {
            if let Some(function) = function {
                functions.push((clause, function.as_str()));
            }
        }
        if let Some(moving) = &self.moving {
            functions.push(("MSFUNC", &moving.state_function));
            functions.push(("MINVFUNC", &moving.inverse_function));
            if let Some(function) = &moving.final_function {
                functions.push(("MFINALFUNC", function));
            }
        }
        functions
    }

    /// How messages name it: ``aggregate `public.total(integer)` ``,
    /// ``aggregate `public.median(ORDER BY double precision)` ``.
    pub fn object(&self) -> String {
        format!("aggregate `{}({})`", self.name, self.argument_list())
    }

    /// Leaves out what Postgres's defaults say, so that writing a default and leaving it
    /// out compare equal.
    fn canonical(&mut self) {
        if self.final_modify == Some(self.default_final_modify()) {
            self.final_modify = None;
        }
        if self.state_space == Some(0) {
            self.state_space = None;
        }
        if let Some(moving) = &mut self.moving {
            if moving.final_modify == Some(FinalModify::ReadOnly) {
                moving.final_modify = None;
            }
            if moving.state_space == Some(0) {
                moving.state_space = None;
            }
        }
    }
}

impl SchemaBuilder {
    /// Adds an aggregate (`CREATE AGGREGATE`).
    pub fn add_aggregate(mut self, aggregate: AggregateDef) -> Self {
        self.schema.aggregates.push(aggregate);
        self
    }
}

/// The schema's function named by `sql` (`public.f`, or a bare `f` the schema has in
/// `public`), as support functions and grants name it; `None` for a name the schema does
/// not declare, such as a built-in one.
pub(crate) fn declared_function(schema: &Schema, sql: &str) -> Option<QualifiedName> {
    let name = QualifiedName::parse(sql);
    let declared = schema.functions.iter().any(|f| f.name == name)
        || schema.external.functions.iter().any(|f| f.name == name)
        || schema
            .opaque
            .iter()
            .any(|o| o.is_routine() && o.name.as_ref() == Some(&name));
    declared.then_some(name)
}

impl Kind for AggregateDef {
    fn list(schema: &Schema) -> &Vec<Self> {
        &schema.aggregates
    }

    fn list_mut(schema: &mut Schema) -> &mut Vec<Self> {
        &mut schema.aggregates
    }

    fn qualified_name(&self) -> Option<&QualifiedName> {
        Some(&self.name)
    }

    fn canonicalize(list: &mut Vec<Self>) {
        for aggregate in list.iter_mut() {
            aggregate.canonical();
        }
        list.sort_by(|a, b| a.identity().cmp(&b.identity()));
    }

    /// Overloads that differ, support functions that exist, and the combinations of
    /// options Postgres accepts.
    fn validate(schema: &Schema, errors: &mut Vec<SchemaError>) {
        let mut seen = BTreeSet::new();
        for aggregate in &schema.aggregates {
            let object = aggregate.object();
            identifier_length("aggregate name", &object, &aggregate.name.name, errors);
            let mut problem = |message: String| errors.push(error(object.clone(), message));
            if !seen.insert(aggregate.identity()) {
                problem("is declared twice with the same argument types; overloads of one name must differ in their argument types".into());
            }
            let (name, types) = aggregate.identity();
            if schema.function_overload(name, &types).is_some() {
                problem("has the name and argument types of a function; Postgres keeps aggregates and functions in one namespace, so rename one".into());
            }
            if aggregate.state_function.trim().is_empty() {
                problem("has no state function (`SFUNC`)".into());
            }
            if aggregate.hypothetical && !aggregate.is_ordered_set() {
                problem("is `HYPOTHETICAL` but has no `ORDER BY` arguments; only an ordered-set aggregate can be hypothetical".into());
            }
            if aggregate.is_ordered_set() {
                if aggregate.moving.is_some() {
                    problem("is an ordered-set aggregate with a moving-aggregate implementation, which Postgres refuses".into());
                }
                if aggregate.combine_function.is_some() {
                    problem("is an ordered-set aggregate with a combine function, which Postgres refuses".into());
                }
                if aggregate.sort_operator.is_some() {
                    problem(
                        "is an ordered-set aggregate with a sort operator, which Postgres refuses"
                            .into(),
                    );
                }
            }
            if let Some(operator) = &aggregate.sort_operator {
                if !is_operator(operator) {
                    problem(format!("has the sort operator `{operator}`, which is not an operator name; write one such as `<`, or qualified, `app.<<`"));
                }
            }
            if aggregate.serial_function.is_some() != aggregate.deserial_function.is_some() {
                problem("has only one of a serialization and a deserialization function; Postgres needs both or neither".into());
            }
            let internal = SqlType::Custom("internal".into());
            if aggregate.serial_function.is_some() && aggregate.state_type != internal {
                problem(format!("has serialization functions but a state of type `{}`; only an `internal` state is serialized", aggregate.state_type));
            }
            if aggregate.serial_function.is_some() && aggregate.combine_function.is_none() {
                problem(
                    "has serialization functions but no combine function, which is what they serve"
                        .into(),
                );
            }
            arguments_problems(aggregate, &object, errors);
            for ty in aggregate.types() {
                unknown_enum(schema, &object, "uses type", ty, errors);
            }
            for (clause, function) in aggregate.support_functions() {
                if function.contains('.') && declared_function(schema, function).is_none() {
                    errors.push(suspicious(
                        object.clone(),
                        format!("names `{clause} = {function}`, a function the schema does not declare; declare it (`.add_function(..)`, or `.add_external_function(..)` if the app does not own it), or name a built-in function by its bare name"),
                    ));
                }
            }
        }
    }

    /// Aggregates created, dropped, and replaced when anything but their identity changed:
    /// in place where Postgres allows it, which the planner decides.
    fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
        let aggregates = match_by(&from.aggregates, &to.aggregates, AggregateDef::identity);
        for def in aggregates.added {
            changes.push(Change::CreateAggregate { def: def.clone() });
        }
        for (old, new) in aggregates.common {
            if old != new {
                changes.push(Change::ReplaceAggregate {
                    from: Box::new(old.clone()),
                    to: Box::new(new.clone()),
                });
            }
        }
        for def in aggregates.removed {
            changes.push(Change::DropAggregate { def: def.clone() });
        }
    }
}

/// An operator's name, bare (`<`) or after a schema (`app.<<`, the schema quoted when
/// written): its symbol is pasted into the statement as it is, so it must be nothing but
/// operator characters.
fn is_operator(text: &str) -> bool {
    let symbol = match text.rsplit_once('.') {
        Some((schema, symbol)) if !schema.is_empty() => symbol,
        Some(_) => return false,
        None => text,
    };
    !symbol.is_empty() && symbol.chars().all(|c| "+-*/<>=~!@#%^&|`?".contains(c))
}

/// Arguments as `CREATE AGGREGATE` takes them: input ones without defaults, `VARIADIC`
/// last of its list.
fn arguments_problems(aggregate: &AggregateDef, object: &str, errors: &mut Vec<SchemaError>) {
    for list in [&aggregate.arguments, &aggregate.order_by] {
        for (i, argument) in list.iter().enumerate() {
            let label = match &argument.name {
                Some(name) => format!("argument `{name}`"),
                None => format!("argument {}", i + 1),
            };
            let mut problem = |message: String| {
                errors.push(error(object.to_string(), format!("{label} {message}")))
            };
            if !matches!(argument.mode, ArgumentMode::In | ArgumentMode::Variadic) {
                problem("is OUT or INOUT; an aggregate takes input arguments only".into());
            }
            if argument.default.is_some() {
                problem("has a default, which aggregate arguments cannot have".into());
            }
            if argument.mode == ArgumentMode::Variadic && i + 1 != list.len() {
                problem("is VARIADIC but not the last of its list".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FunctionDef, Language, Returns};

    fn total() -> AggregateDef {
        AggregateDef::new("total", "int4pl", SqlType::Integer)
            .argument(Argument::new("value", SqlType::Integer))
            .initial_state("0")
    }

    fn problems(builder: SchemaBuilder) -> String {
        builder.build().unwrap_err().to_string()
    }

    #[test]
    fn signatures_name_star_and_order_by() {
        assert_eq!(total().signature(), "public.total(integer)");
        assert_eq!(
            AggregateDef::new("n", "int8inc", SqlType::BigInt).signature(),
            "public.n(*)"
        );
        let median = AggregateDef::new(
            "stats.median",
            "array_append",
            SqlType::Custom("anyarray".into()),
        )
        .argument(Argument::new("fraction", SqlType::DoublePrecision))
        .order_by(Argument::variadic(
            "values",
            SqlType::Array(Box::new(SqlType::Integer)),
        ));
        assert_eq!(
            median.signature(),
            "stats.median(double precision ORDER BY VARIADIC integer[])"
        );
        assert_eq!(median.argument_types(), ["double precision", "integer[]"]);
    }

    #[test]
    fn defaults_written_out_compare_equal() {
        let schema = Schema::builder()
            .add_aggregate(
                total()
                    .final_modify(FinalModify::ReadOnly)
                    .state_space(0)
                    .moving(
                        MovingAggregate::new("int4pl", "int4mi", SqlType::Integer)
                            .final_modify(FinalModify::ReadOnly),
                    ),
            )
            .build()
            .unwrap();
        assert_eq!(
            schema.aggregates[0],
            total().moving(MovingAggregate::new("int4pl", "int4mi", SqlType::Integer))
        );
    }

    #[test]
    fn problems_name_the_aggregate() {
        let errors = problems(
            Schema::builder()
                .add_aggregate(total())
                .add_aggregate(total())
                .add_aggregate(
                    AggregateDef::new("ranked", "public.missing", SqlType::Integer)
                        .argument(Argument::new("v", SqlType::Integer).with_default("1"))
                        .hypothetical()
                        .serialization("s", "d")
                        .sort_operator("<; DROP TABLE users"),
                ),
        );
        for expected in [
            "aggregate `public.total(integer)`: is declared twice",
            "aggregate `public.ranked(integer)`: names `SFUNC = public.missing`, a function the schema does not declare",
            "aggregate `public.ranked(integer)`: is `HYPOTHETICAL` but has no `ORDER BY` arguments",
            "aggregate `public.ranked(integer)`: argument `v` has a default",
            "aggregate `public.ranked(integer)`: has the sort operator `<; DROP TABLE users`, which is not an operator name",
            "aggregate `public.ranked(integer)`: has serialization functions but a state of type `integer`",
        ] {
            assert!(errors.contains(expected), "{expected}\n\nnot in:\n{errors}");
        }
    }

    #[test]
    fn a_declared_state_function_is_found_and_an_aggregate_may_not_shadow_a_function() {
        let add = FunctionDef::new(
            "add_sale",
            Returns::Type(SqlType::Integer),
            Language::Sql,
            "SELECT $1 + $2",
        )
        .argument(Argument::new("state", SqlType::Integer))
        .argument(Argument::new("value", SqlType::Integer));
        let sales = AggregateDef::new("sales", "public.add_sale", SqlType::Integer)
            .argument(Argument::new("value", SqlType::Integer));
        Schema::builder()
            .add_function(add.clone())
            .add_aggregate(sales)
            .build()
            .unwrap();
        let clash = AggregateDef::new("add_sale", "int4pl", SqlType::Integer)
            .argument(Argument::new("a", SqlType::Integer))
            .argument(Argument::new("b", SqlType::Integer));
        let errors = problems(Schema::builder().add_function(add).add_aggregate(clash));
        assert!(
            errors.contains("aggregate `public.add_sale(integer, integer)`: has the name and argument types of a function"),
            "{errors}"
        );
    }

    #[test]
    fn aggregates_are_granted_as_functions_are() {
        use crate::{Grant, GrantObject, Privilege, Role};
        let granted = |on: GrantObject| {
            Schema::builder()
                .add_role(Role::new("reader"))
                .add_aggregate(total())
                .add_grant(Grant::new(&[Privilege::Execute], on, "reader"))
                .build()
        };
        // Named with its argument types or without, the one aggregate of the name.
        let schema = granted(GrantObject::function("total(integer)")).unwrap();
        assert_eq!(schema.grants[0].on, GrantObject::function("total"));
        let errors = granted(GrantObject::function("total(text)"))
            .unwrap_err()
            .to_string();
        assert!(
            errors.contains(
                "function `public.total` has no overload `(text)`; it has `public.total(integer)`"
            ),
            "{errors}"
        );
    }

    #[test]
    fn any_change_but_the_identity_replaces() {
        let build =
            |aggregate: AggregateDef| Schema::builder().add_aggregate(aggregate).build().unwrap();
        let changes = crate::diff::diff(&build(total()), &build(total().initial_state("1")));
        assert!(
            matches!(changes.as_slice(), [Change::ReplaceAggregate { .. }]),
            "{changes:?}"
        );
        let other = total().argument(Argument::new("more", SqlType::Integer));
        let changes = crate::diff::diff(&build(total()), &build(other));
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes
            .iter()
            .any(|c| matches!(c, Change::DropAggregate { .. })));
        assert!(changes
            .iter()
            .any(|c| matches!(c, Change::CreateAggregate { .. })));
    }
}
