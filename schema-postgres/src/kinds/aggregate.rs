//! Aggregates: `CREATE [OR REPLACE] AGGREGATE`, `DROP AGGREGATE`, `COMMENT ON AGGREGATE`,
//! their normal form, the steps that create, replace and drop them, and their catalog rows.
//!
//! A script creates them among the functions and views (`render::order::routines`): after
//! the functions they call, before the views that call them. In the plan's graph an
//! aggregate is a `Function`, as SQL calls it.

use super::comment::comment_text;
use super::search_path_name;
use crate::literal::quote_literal;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use crate::render::{Part, Statements, COMMENTS};
use schema_core::diff::Change;
use schema_core::{
    quote_ident, AggregateDef, Argument, Parallel, QualifiedName, Returns, Schema, DEFAULT_SCHEMA,
};
use std::fmt::{self, Write};

/// `CREATE AGGREGATE name(arguments) (SFUNC = .., STYPE = .., ...)`, one option per line,
/// leaving out Postgres's defaults.
pub fn create_aggregate(aggregate: &AggregateDef, out: &mut impl Write) -> fmt::Result {
    write_aggregate("CREATE", aggregate, out)
}

/// The same as [`create_aggregate`] with `CREATE OR REPLACE` (Postgres 14 and later), which
/// keeps the aggregate's grants and the views calling it.
pub fn create_or_replace_aggregate(aggregate: &AggregateDef, out: &mut impl Write) -> fmt::Result {
    write_aggregate("CREATE OR REPLACE", aggregate, out)
}

fn write_arguments(arguments: &[Argument], out: &mut impl Write) -> fmt::Result {
    for (i, argument) in arguments.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        super::function::write_argument(argument, out)?;
    }
    Ok(())
}

/// `, CLAUSE = function` on a line of its own, for a function that is there.
fn function(clause: &str, name: &Option<String>, out: &mut impl Write) -> fmt::Result {
    match name {
        Some(name) => {
            write!(out, ",\n    {clause} = ")?;
            search_path_name(name, out)
        }
        None => Ok(()),
    }
}

fn write_aggregate(verb: &str, aggregate: &AggregateDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "{verb} AGGREGATE {}(", aggregate.name.to_sql())?;
    match (
        aggregate.arguments.is_empty(),
        aggregate.order_by.is_empty(),
    ) {
        (true, true) => out.write_char('*')?,
        (_, true) => write_arguments(&aggregate.arguments, out)?,
        (direct_none, false) => {
            write_arguments(&aggregate.arguments, out)?;
            if !direct_none {
                out.write_char(' ')?;
            }
            out.write_str("ORDER BY ")?;
            write_arguments(&aggregate.order_by, out)?;
        }
    }
    out.write_str(") (\n    SFUNC = ")?;
    search_path_name(&aggregate.state_function, out)?;
    write!(out, ",\n    STYPE = {}", aggregate.state_type)?;
    if let Some(space) = aggregate.state_space {
        write!(out, ",\n    SSPACE = {space}")?;
    }
    function("FINALFUNC", &aggregate.final_function, out)?;
    if aggregate.final_function_extra {
        out.write_str(",\n    FINALFUNC_EXTRA")?;
    }
    if let Some(modify) = aggregate.final_modify {
        write!(out, ",\n    FINALFUNC_MODIFY = {modify}")?;
    }
    function("COMBINEFUNC", &aggregate.combine_function, out)?;
    function("SERIALFUNC", &aggregate.serial_function, out)?;
    function("DESERIALFUNC", &aggregate.deserial_function, out)?;
    if let Some(value) = &aggregate.initial_state {
        write!(out, ",\n    INITCOND = {}", quote_literal(value))?;
    }
    if let Some(moving) = &aggregate.moving {
        out.write_str(",\n    MSFUNC = ")?;
        search_path_name(&moving.state_function, out)?;
        out.write_str(",\n    MINVFUNC = ")?;
        search_path_name(&moving.inverse_function, out)?;
        write!(out, ",\n    MSTYPE = {}", moving.state_type)?;
        if let Some(space) = moving.state_space {
            write!(out, ",\n    MSSPACE = {space}")?;
        }
        function("MFINALFUNC", &moving.final_function, out)?;
        if moving.final_function_extra {
            out.write_str(",\n    MFINALFUNC_EXTRA")?;
        }
        if let Some(modify) = moving.final_modify {
            write!(out, ",\n    MFINALFUNC_MODIFY = {modify}")?;
        }
        if let Some(value) = &moving.initial_state {
            write!(out, ",\n    MINITCOND = {}", quote_literal(value))?;
        }
    }
    if let Some(operator) = &aggregate.sort_operator {
        // A qualified operator is written `OPERATOR(schema.op)`; a bare one as it is.
        match operator.rsplit_once('.') {
            Some((schema, op)) => write!(
                out,
                ",\n    SORTOP = OPERATOR({}.{op})",
                quote_ident(schema)
            )?,
            None => write!(out, ",\n    SORTOP = {operator}")?,
        }
    }
    if aggregate.parallel != Parallel::Unsafe {
        write!(out, ",\n    PARALLEL = {}", aggregate.parallel.as_str())?;
    }
    if aggregate.hypothetical {
        out.write_str(",\n    HYPOTHETICAL")?;
    }
    out.write_str("\n);\n")
}

/// `DROP AGGREGATE name(arguments)`.
pub fn drop_aggregate(aggregate: &AggregateDef, out: &mut impl Write) -> fmt::Result {
    writeln!(out, "DROP AGGREGATE {};", aggregate.signature())
}

/// `COMMENT ON AGGREGATE name(arguments) IS '...'`, or `IS NULL`.
pub fn comment_on_aggregate(
    aggregate: &AggregateDef,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON AGGREGATE {} IS ", aggregate.signature())?;
    comment_text(comment, out)
}

/// A support function's name as the catalog gives it: a built-in one bare (`int4pl`, not
/// `pg_catalog.int4pl`), a bare name of a function `functions` declares in `public` with
/// its schema, any other as written.
fn support_name(name: &mut String, functions: &[QualifiedName]) {
    if let Some(bare) = name.strip_prefix("pg_catalog.") {
        *name = bare.to_string();
    } else if !name.contains('.')
        && functions.contains(&QualifiedName::new(DEFAULT_SCHEMA, name.as_str()))
    {
        *name = format!("{DEFAULT_SCHEMA}.{name}");
    }
}

/// Types without modifiers (Postgres keeps none on an aggregate's arguments and states:
/// `numeric(10,2)` is `numeric`), support functions and the sort operator named as the
/// catalog names them, Postgres's defaults left out.
fn normalize(schema: &mut Schema) {
    let functions: Vec<QualifiedName> = schema
        .functions
        .iter()
        .map(|f| f.name.clone())
        .chain(schema.external.functions.iter().map(|f| f.name.clone()))
        .chain(
            schema
                .opaque
                .iter()
                .filter(|o| o.is_routine())
                .filter_map(|o| o.name.clone()),
        )
        .collect();
    for aggregate in &mut schema.aggregates {
        rules::comment(&mut aggregate.comment);
        for argument in aggregate
            .arguments
            .iter_mut()
            .chain(aggregate.order_by.iter_mut())
        {
            argument.ty = rules::without_modifiers(&argument.ty);
        }
        aggregate.state_type = rules::without_modifiers(&aggregate.state_type);
        support_name(&mut aggregate.state_function, &functions);
        for name in [
            &mut aggregate.final_function,
            &mut aggregate.combine_function,
            &mut aggregate.serial_function,
            &mut aggregate.deserial_function,
        ]
        .into_iter()
        .flatten()
        {
            support_name(name, &functions);
        }
        if let Some(moving) = &mut aggregate.moving {
            moving.state_type = rules::without_modifiers(&moving.state_type);
            support_name(&mut moving.state_function, &functions);
            support_name(&mut moving.inverse_function, &functions);
            if let Some(name) = &mut moving.final_function {
                support_name(name, &functions);
            }
        }
        if let Some(operator) = &mut aggregate.sort_operator {
            if let Some(bare) = operator.strip_prefix("pg_catalog.") {
                *operator = bare.to_string();
            }
        }
        if aggregate.final_modify == Some(aggregate.default_final_modify()) {
            aggregate.final_modify = None;
        }
    }
}

/// The type an aggregate returns, where the schema says: its state type without a final
/// function, the return type of a final function the schema declares once.
fn result_type(schema: &Schema, aggregate: &AggregateDef) -> Option<String> {
    let Some(final_function) = &aggregate.final_function else {
        return Some(aggregate.state_type.to_string());
    };
    let name = QualifiedName::parse(final_function);
    let mut functions = schema.functions_named(&name);
    match (functions.next(), functions.next()) {
        (Some(function), None) => match &function.returns {
            Returns::Type(ty) => Some(ty.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `CREATE OR REPLACE AGGREGATE` can turn `from` into `to`: Postgres refuses to
/// change the arguments (names included), the kind (normal, ordered-set, hypothetical),
/// the number of direct arguments, or the result type, which is the state type or the
/// final function's: kept when the final function and state type are, or when both
/// sides' final functions are the schema's and return the same type.
pub(crate) fn replaceable(
    old: &Schema,
    new: &Schema,
    from: &AggregateDef,
    to: &AggregateDef,
) -> bool {
    let same_result = (from.final_function == to.final_function
        && from.state_type == to.state_type)
        || result_type(old, from).is_some_and(|r| Some(r) == result_type(new, to));
    from.arguments == to.arguments
        && from.order_by == to.order_by
        && from.hypothetical == to.hypothetical
        && same_result
}

/// The steps for this kind's changes; false for a change of another kind.
fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateAggregate { def } => b.create_aggregate(change.to_string(), def, None),
        Change::DropAggregate { def } => b.drop_aggregate(change.to_string(), def),
        Change::ReplaceAggregate { from, to } => {
            let comment_only = AggregateDef {
                comment: to.comment.clone(),
                ..(**from).clone()
            } == **to;
            if comment_only {
                let text = sql(|o| comment_on_aggregate(to, to.comment.as_deref(), o));
                let description = format!("set the comment of {}", to.object());
                let mut node = Builder::node(Phase::Comment, description, text, &[]);
                node.uses_new.push(Object::Function(&to.name));
                b.push(node);
            } else if replaceable(b.old_schema, b.new_schema, from, to) {
                b.create_aggregate(change.to_string(), to, Some(from));
            } else {
                // The views calling it are dropped before and created after
                // (`plan::dependents`), its grants given again.
                b.drop_aggregate(format!("drop {}", from.object()), from);
                b.create_aggregate(format!("create {}", to.object()), to, None);
            }
        }
        _ => return false,
    }
    true
}

/// The functions of `schema` (its own, or kept as text) that `aggregate` calls, as the
/// graph knows them: created before it, dropped after it.
fn support_objects<'a>(schema: &'a Schema, aggregate: &AggregateDef) -> Vec<Object<'a>> {
    let mut found = Vec::new();
    for (_, function) in aggregate.support_functions() {
        let name = QualifiedName::parse(function);
        if let Some(f) = schema.functions.iter().find(|f| f.name == name) {
            found.push(Object::Function(&f.name));
        } else if let Some(o) = schema
            .opaque
            .iter()
            .find(|o| o.is_routine() && o.name.as_ref() == Some(&name))
        {
            found.extend(o.name.as_ref().map(Object::Function));
        }
    }
    found
}

impl<'a> Builder<'a> {
    /// `CREATE AGGREGATE` with its comment, or `CREATE OR REPLACE` over `replaces`.
    fn create_aggregate(
        &mut self,
        description: String,
        def: &'a AggregateDef,
        replaces: Option<&'a AggregateDef>,
    ) {
        let mut text = match replaces {
            Some(_) => sql(|o| create_or_replace_aggregate(def, o)),
            None => sql(|o| create_aggregate(def, o)),
        };
        if def.comment.as_ref() != replaces.and_then(|r| r.comment.as_ref()) {
            text.push_str(&sql(|o| {
                comment_on_aggregate(def, def.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::CreateFunction, description, text, &[]);
        match replaces {
            // The functions the old definition called may go once it no longer does.
            Some(old) => node.uses_old.extend(support_objects(self.old_schema, old)),
            None => node.adds.push(Object::Function(&def.name)),
        }
        node.uses_new.push(Object::Schema(&def.name.schema));
        node.uses_new.extend(support_objects(self.new_schema, def));
        for ty in def.types() {
            node.uses_new.extend(self.type_needs(Side::New, ty));
        }
        self.push(node);
    }

    fn drop_aggregate(&mut self, description: String, def: &'a AggregateDef) {
        let text = sql(|o| drop_aggregate(def, o));
        let mut node = Self::node(Phase::DropFunction, description, text, &[]);
        node.removes.push(Object::Function(&def.name));
        node.uses_old.push(Object::Schema(&def.name.schema));
        node.uses_old.extend(support_objects(self.old_schema, def));
        for ty in def.types() {
            node.uses_old.extend(self.type_needs(Side::Old, ty));
        }
        self.push(node);
    }
}

/// What the engines ask of this kind. The statements that create aggregates are the
/// engine's, among the functions and views (see the module's docs); the comments are here.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize,
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

fn render(schema: &Schema, part: Part, list: &mut Statements) {
    if part != Part::Comments {
        return;
    }
    for aggregate in &schema.aggregates {
        if let Some(comment) = &aggregate.comment {
            list.push(COMMENTS, aggregate.object(), |out| {
                comment_on_aggregate(aggregate, Some(comment), out)
            });
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{
        AggregateDef, Argument, ArgumentMode, FinalModify, MovingAggregate, Parallel,
        QualifiedName, SqlType,
    };

    /// The aggregates the model holds, as a condition on `p` (a `pg_proc` row): every
    /// aggregate but an ordered-set one whose direct and aggregated arguments share one
    /// `VARIADIC` array (`rank(VARIADIC "any" ORDER BY VARIADIC "any")`), which the catalog
    /// keeps as one argument the model cannot split; that one stays definition text.
    pub(crate) const STRUCTURAL: &str = "(p.prokind = 'a' AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_aggregate sa
      WHERE sa.aggfnoid = p.oid AND sa.aggkind <> 'n' AND sa.aggnumdirectargs = p.pronargs))";

    /// A support function's name: bare when built in, qualified otherwise; NULL for none.
    fn function(oid: &str) -> String {
        format!(
            "(SELECT CASE WHEN fn.nspname = 'pg_catalog' THEN fp.proname::text ELSE fn.nspname || '.' || fp.proname END
   FROM pg_catalog.pg_proc fp JOIN pg_catalog.pg_namespace fn ON fn.oid = fp.pronamespace WHERE fp.oid = {oid})"
        )
    }

    fn query() -> String {
        format!(
            "
SELECT n.nspname::text, p.proname::text, a.aggkind::text, a.aggnumdirectargs::int4,
       COALESCE(p.proargnames, ARRAY[]::text[]),
       COALESCE(p.proargmodes::text[], ARRAY[]::text[]),
       ARRAY(SELECT pg_catalog.format_type(u.t, NULL)
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY u(t, ord)
             ORDER BY u.ord),
       {transfn}, pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace::int4,
       {finalfn}, a.aggfinalextra, a.aggfinalmodify::text,
       {combinefn}, {serialfn}, {deserialfn}, a.agginitval,
       {mtransfn}, {minvtransfn},
       CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END,
       a.aggmtransspace::int4, {mfinalfn}, a.aggmfinalextra, a.aggmfinalmodify::text, a.aggminitval,
       (SELECT CASE WHEN sn.nspname = 'pg_catalog' THEN so.oprname::text ELSE sn.nspname || '.' || so.oprname END
        FROM pg_catalog.pg_operator so JOIN pg_catalog.pg_namespace sn ON sn.oid = so.oprnamespace
        WHERE so.oid = a.aggsortop),
       p.proparallel::text,
       pg_catalog.obj_description(p.oid, 'pg_proc')
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
WHERE n.nspname = ANY($1) AND {STRUCTURAL} AND {member}
ORDER BY 1, 2, pg_catalog.pg_get_function_identity_arguments(p.oid)",
            transfn = function("a.aggtransfn"),
            finalfn = function("a.aggfinalfn"),
            combinefn = function("a.aggcombinefn"),
            serialfn = function("a.aggserialfn"),
            deserialfn = function("a.aggdeserialfn"),
            mtransfn = function("a.aggmtransfn"),
            minvtransfn = function("a.aggminvtransfn"),
            mfinalfn = function("a.aggmfinalfn"),
            member = not_member("pg_catalog.pg_proc", "p.oid"),
        )
    }

    fn modify(code: &str) -> FinalModify {
        match code {
            "s" => FinalModify::Shareable,
            "w" => FinalModify::ReadWrite,
            _ => FinalModify::ReadOnly,
        }
    }

    /// A size the catalog keeps as 0 for none.
    fn space(bytes: i32) -> Option<u32> {
        u32::try_from(bytes).ok().filter(|&b| b > 0)
    }

    /// Reads every aggregate of the schemas read that the model holds.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let rows = reader.in_namespaces("reading aggregates", &query())?;
        for row in rows {
            let kind: String = row.get(2);
            let direct = usize::try_from(row.get::<_, i32>(3)).unwrap_or(0);
            let names: Vec<String> = row.get(4);
            let modes: Vec<String> = row.get(5);
            let types: Vec<String> = row.get(6);
            let mut arguments: Vec<Argument> = types
                .iter()
                .enumerate()
                .map(|(i, ty)| Argument {
                    mode: match modes.get(i).map(String::as_str) {
                        Some("v") => ArgumentMode::Variadic,
                        _ => ArgumentMode::In,
                    },
                    name: names.get(i).filter(|n| !n.is_empty()).cloned(),
                    ty: SqlType::parse(ty),
                    default: None,
                })
                .collect();
            let order_by = if kind == "n" {
                Vec::new()
            } else {
                arguments.split_off(direct.min(arguments.len()))
            };
            let moving = match (
                row.get::<_, Option<String>>(17),
                row.get::<_, Option<String>>(18),
            ) {
                (Some(state_function), Some(inverse_function)) => Some(MovingAggregate {
                    state_function,
                    inverse_function,
                    state_type: SqlType::parse(
                        &row.get::<_, Option<String>>(19).unwrap_or_default(),
                    ),
                    state_space: space(row.get(20)),
                    final_function: row.get(21),
                    final_function_extra: row.get(22),
                    final_modify: Some(modify(&row.get::<_, String>(23))),
                    initial_state: row.get(24),
                }),
                _ => None,
            };
            let mut aggregate = AggregateDef {
                name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
                arguments,
                order_by,
                hypothetical: kind == "h",
                state_function: row.get::<_, Option<String>>(7).unwrap_or_default(),
                state_type: SqlType::parse(&row.get::<_, String>(8)),
                state_space: space(row.get(9)),
                final_function: row.get(10),
                final_function_extra: row.get(11),
                final_modify: Some(modify(&row.get::<_, String>(12))),
                combine_function: row.get(13),
                serial_function: row.get(14),
                deserial_function: row.get(15),
                initial_state: row.get(16),
                moving,
                sort_operator: row.get(25),
                parallel: match row.get::<_, String>(26).as_str() {
                    "s" => Parallel::Safe,
                    "r" => Parallel::Restricted,
                    _ => Parallel::Unsafe,
                },
                comment: row.get(27),
            };
            if aggregate.final_modify == Some(aggregate.default_final_modify()) {
                aggregate.final_modify = None;
            }
            if let Some(moving) = &mut aggregate.moving {
                if moving.final_modify == Some(FinalModify::ReadOnly) {
                    moving.final_modify = None;
                }
            }
            reader.schema.aggregates.push(aggregate);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema_core::{FinalModify, MovingAggregate, SqlType};

    fn sql(write: impl FnOnce(&mut String) -> fmt::Result) -> String {
        let mut out = String::new();
        write(&mut out).unwrap();
        out
    }

    #[test]
    fn every_option_is_written_and_defaults_are_left_out() {
        let total = AggregateDef::new("app.total", "app.add_amount", SqlType::BigInt)
            .argument(Argument::new("value", SqlType::BigInt))
            .state_space(16)
            .final_function("int8inc")
            .final_function_extra()
            .final_modify(FinalModify::Shareable)
            .combine_function("int8pl")
            .initial_state("0")
            .moving(
                MovingAggregate::new("int8pl", "int8mi", SqlType::BigInt)
                    .state_space(8)
                    .final_function("int8inc")
                    .final_function_extra()
                    .final_modify(FinalModify::ReadWrite)
                    .initial_state("it's 0"),
            )
            .sort_operator("app.<<")
            .parallel(Parallel::Safe);
        assert_eq!(
            sql(|o| create_aggregate(&total, o)),
            "CREATE AGGREGATE app.total(value bigint) (
    SFUNC = app.add_amount,
    STYPE = bigint,
    SSPACE = 16,
    FINALFUNC = int8inc,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = int8pl,
    INITCOND = '0',
    MSFUNC = int8pl,
    MINVFUNC = int8mi,
    MSTYPE = bigint,
    MSSPACE = 8,
    MFINALFUNC = int8inc,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_WRITE,
    MINITCOND = 'it''s 0',
    SORTOP = OPERATOR(app.<<),
    PARALLEL = SAFE
);
"
        );
        let count = AggregateDef::new("Counts", "int8inc", SqlType::BigInt).initial_state("0");
        assert_eq!(
            sql(|o| create_or_replace_aggregate(&count, o)),
            "CREATE OR REPLACE AGGREGATE public.\"Counts\"(*) (\n    SFUNC = int8inc,\n    STYPE = bigint,\n    INITCOND = '0'\n);\n"
        );
        assert_eq!(
            sql(|o| drop_aggregate(&count, o)),
            "DROP AGGREGATE public.\"Counts\"(*);\n"
        );
    }

    #[test]
    fn ordered_set_aggregates_write_order_by() {
        let rank = AggregateDef::new(
            "ranked",
            "ordered_set_transition_multi",
            SqlType::Custom("internal".into()),
        )
        .argument(Argument::new("value", SqlType::Integer))
        .order_by(Argument::new("sorted", SqlType::Integer))
        .final_function("rank_final")
        .final_function_extra()
        .hypothetical();
        let text = sql(|o| create_aggregate(&rank, o));
        assert!(
            text.starts_with(
                "CREATE AGGREGATE public.ranked(value integer ORDER BY sorted integer) ("
            ) && text.ends_with("    FINALFUNC_EXTRA,\n    HYPOTHETICAL\n);\n"),
            "{text}"
        );
        assert_eq!(
            sql(|o| comment_on_aggregate(&rank, Some("a rank"), o)),
            "COMMENT ON AGGREGATE public.ranked(integer ORDER BY integer) IS 'a rank';\n"
        );
    }

    #[test]
    fn support_functions_and_types_are_as_the_catalog_has_them() {
        let mut schema = Schema::builder()
            .add_function(schema_core::FunctionDef::new(
                "sum_state",
                Returns::Type(SqlType::Integer),
                schema_core::Language::Sql,
                "SELECT $1 + $2",
            ))
            .build()
            .unwrap();
        schema.aggregates.push(
            AggregateDef::new("total", "sum_state", SqlType::Integer)
                .argument(Argument::new(
                    "value",
                    SqlType::Numeric {
                        precision: Some(10),
                        scale: Some(2),
                    },
                ))
                .final_function("pg_catalog.int4abs")
                .sort_operator("pg_catalog.<")
                .final_modify(FinalModify::ReadOnly),
        );
        normalize(&mut schema);
        let total = &schema.aggregates[0];
        assert_eq!(total.state_function, "public.sum_state");
        assert_eq!(total.final_function.as_deref(), Some("int4abs"));
        assert_eq!(total.sort_operator.as_deref(), Some("<"));
        assert_eq!(total.final_modify, None);
        // Postgres keeps no type modifiers on an aggregate's arguments.
        assert_eq!(total.argument_types(), ["numeric"]);
    }
}
