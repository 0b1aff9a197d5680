//! Lints on functions: their search path, and who may call the ones that run as their owner.

use super::{exposed, Finding, Lint};
use crate::schema::Schema;
use crate::{FunctionDef, Returns};

pub(super) fn check(schema: &Schema, findings: &mut Vec<Finding>) {
    for function in &schema.functions {
        function_search_path_mutable(function, findings);
        security_definer_function_executable(function, findings);
    }
}

fn function_search_path_mutable(function: &FunctionDef, findings: &mut Vec<Finding>) {
    if function.search_path.is_some() {
        return;
    }
    findings.push(Finding::new(
        Lint::FunctionSearchPathMutable,
        &function.name,
        format!(
            "`{}` resolves unqualified names through the caller's `search_path`, so a caller \
             who puts their own schema first can make it run their objects{}",
            function.name,
            if function.security_definer {
                ", with the owner's rights"
            } else {
                ""
            }
        ),
        "set `search_path = \"\"` on the function and qualify every name in its body \
         (`public.users`), or name the schemas it needs: `search_path = \"public\"`"
            .into(),
    ));
}

/// Supabase's Data API serves every function of an exposed schema at `/rest/v1/rpc/...`,
/// and Postgres grants `EXECUTE` to `PUBLIC` by default (the model has no revoke), so both
/// API roles may call a `SECURITY DEFINER` function there, which then runs with its
/// owner's rights and past row-level security. A trigger function cannot be called.
fn security_definer_function_executable(function: &FunctionDef, findings: &mut Vec<Finding>) {
    if !function.security_definer
        || !exposed(&function.name.schema)
        || function.returns == Returns::Trigger
    {
        return;
    }
    for (lint, role, who) in [
        (
            Lint::AnonSecurityDefinerFunctionExecutable,
            "anon",
            "anyone holding the project's public key",
        ),
        (
            Lint::AuthenticatedSecurityDefinerFunctionExecutable,
            "authenticated",
            "any signed-in user",
        ),
    ] {
        findings.push(Finding::new(
            lint,
            &function.name,
            format!(
                "{who} can call `{}` through `/rest/v1/rpc`, and it runs with its owner's \
                 rights, past row-level security",
                function.signature()
            ),
            format!(
                "move it to a schema the API does not serve (`name = \"private.{}\"`), or \
                 drop `security_definer` if `{role}` should only do what its own rights allow",
                function.name.name
            ),
        ));
    }
}
