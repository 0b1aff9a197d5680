//! `CREATE FUNCTION`.

use super::comment::comment_text;
use crate::literal::dollar_quote;
use crate::plan::builder::{sql, Builder, Side};
use crate::plan::graph::{Object, Phase};
use schema_core::diff::Change;
use schema_core::{quote_ident, FunctionDef, Language, Volatility};
use std::fmt::{self, Write};

/// `CREATE FUNCTION name(arguments)` with one clause per line and the body dollar-quoted,
/// leaving out the defaults (`VOLATILE`, `CALLED ON NULL INPUT`, `SECURITY INVOKER`).
pub fn create_function(function: &FunctionDef, out: &mut impl Write) -> fmt::Result {
    write_function("CREATE FUNCTION", function, out)
}

/// The same as [`create_function`] with `CREATE OR REPLACE`, which keeps the function's
/// grants and dependents when its signature and return type are unchanged.
pub fn create_or_replace_function(function: &FunctionDef, out: &mut impl Write) -> fmt::Result {
    write_function("CREATE OR REPLACE FUNCTION", function, out)
}

fn write_function(verb: &str, function: &FunctionDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "{verb} {}(", function.name.to_sql())?;
    for (i, argument) in function.arguments.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        if let Some(name) = &argument.name {
            write!(out, "{} ", quote_ident(name))?;
        }
        write!(out, "{}", argument.ty)?;
        if let Some(default) = &argument.default {
            write!(out, " DEFAULT {default}")?;
        }
    }
    write!(out, ")\n    RETURNS {}", function.returns)?;
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
    writeln!(out, "\n    AS {};", dollar_quote(&function.body))
}

/// `COMMENT ON FUNCTION name(types) IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_function(
    function: &FunctionDef,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(out, "COMMENT ON FUNCTION {} IS ", function.signature())?;
    comment_text(comment, out)
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
                b.drop_function(format!("drop function `{}`", from.name), from);
                b.create_function(format!("create function `{}`", to.name), to, None);
            }
        }
        _ => return false,
    }
    true
}

/// Whether `CREATE OR REPLACE FUNCTION` can turn `from` into `to`: Postgres refuses to
/// change the argument types (that would be another function), the argument names, the
/// return type, or to remove an argument's default.
pub(crate) fn replaceable(from: &FunctionDef, to: &FunctionDef) -> bool {
    from.arguments.len() == to.arguments.len()
        && from.returns == to.returns
        && from.arguments.iter().zip(&to.arguments).all(|(a, b)| {
            a.ty == b.ty && a.name == b.name && (a.default.is_none() || b.default.is_some())
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
            format!("DROP FUNCTION {};\n", def.signature()),
            &[],
        );
        node.removes.push(Object::Function(&def.name));
        node.uses_old.push(Object::Schema(&def.name.schema));
        self.push(node);
    }
}
