//! `CREATE FUNCTION`.

use super::comment::comment_text;
use crate::literal::dollar_quote;
use schema_core::{quote_ident, FunctionDef, Volatility};
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
