//! Every lint: its name as Supabase spells it, its level and its headline.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One lint: a kind of problem Supabase's advisors report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lint {
    /// A suppression given to `lint_with` without a reason, refused (not one of Supabase's
    /// lints; an allow in the schema without one is refused by `build()`).
    AllowWithoutReason,
    /// A `SECURITY DEFINER` function in an exposed schema that `anon` may call.
    AnonSecurityDefinerFunctionExecutable,
    /// A policy calls `auth.uid()`, `auth.jwt()`, ... or `current_setting()` once per row.
    AuthRlsInitplan,
    /// A view in an exposed schema shows `auth.users` to API roles.
    AuthUsersExposed,
    /// A `SECURITY DEFINER` function in an exposed schema that `authenticated` may call.
    AuthenticatedSecurityDefinerFunctionExecutable,
    /// A migration step that turns row-level security off on an exposed table, or drops
    /// the last policy of a table with row-level security (found on plans, not schemas).
    ChangesAuthorization,
    /// Two indexes (or constraints) on a table index the same thing.
    DuplicateIndex,
    /// An extension installed in `public`.
    ExtensionInPublic,
    /// A foreign key to a unique constraint of Supabase's `auth` schema, not its key.
    FkeyToAuthUnique,
    /// A function that runs with the caller's `search_path`.
    FunctionSearchPathMutable,
    /// A materialized view in an exposed schema: RLS does not apply to it.
    MaterializedViewInApi,
    /// More than one permissive policy for one role and one command.
    MultiplePermissivePolicies,
    /// A table without a primary key.
    NoPrimaryKey,
    /// A table with policies but row-level security off: the policies do nothing.
    PolicyExistsRlsDisabled,
    /// A table in an exposed schema without row-level security.
    RlsDisabledInPublic,
    /// Row-level security on, but no policy: nobody but the owner sees a row.
    RlsEnabledNoPolicy,
    /// A permissive write policy whose condition is `true`.
    RlsPolicyAlwaysTrue,
    /// A policy that trusts `user_metadata`, which every user can edit.
    RlsReferencesUserMetadata,
    /// A view in an exposed schema that runs with its owner's rights.
    SecurityDefinerView,
    /// A column named like a secret, in an exposed table without row-level security.
    SensitiveColumnsExposed,
    /// A foreign key without an index that starts with its columns.
    UnindexedForeignKeys,
    /// A column of a `reg*` type that `pg_upgrade` cannot carry over.
    UnsupportedRegTypes,
    /// A suppression that matched no finding (not one of Supabase's lints).
    UnusedAllow,
}

impl Lint {
    /// Every lint, in the order of their names.
    pub const ALL: [Lint; 23] = [
        Lint::AllowWithoutReason,
        Lint::AnonSecurityDefinerFunctionExecutable,
        Lint::AuthRlsInitplan,
        Lint::AuthUsersExposed,
        Lint::AuthenticatedSecurityDefinerFunctionExecutable,
        Lint::ChangesAuthorization,
        Lint::DuplicateIndex,
        Lint::ExtensionInPublic,
        Lint::FkeyToAuthUnique,
        Lint::FunctionSearchPathMutable,
        Lint::MaterializedViewInApi,
        Lint::MultiplePermissivePolicies,
        Lint::NoPrimaryKey,
        Lint::PolicyExistsRlsDisabled,
        Lint::RlsDisabledInPublic,
        Lint::RlsEnabledNoPolicy,
        Lint::RlsPolicyAlwaysTrue,
        Lint::RlsReferencesUserMetadata,
        Lint::SecurityDefinerView,
        Lint::SensitiveColumnsExposed,
        Lint::UnindexedForeignKeys,
        Lint::UnsupportedRegTypes,
        Lint::UnusedAllow,
    ];

    /// The name Supabase gives it (`auth_rls_initplan`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lint::AnonSecurityDefinerFunctionExecutable => {
                "anon_security_definer_function_executable"
            }
            Lint::AuthRlsInitplan => "auth_rls_initplan",
            Lint::AuthUsersExposed => "auth_users_exposed",
            Lint::AuthenticatedSecurityDefinerFunctionExecutable => {
                "authenticated_security_definer_function_executable"
            }
            Lint::ChangesAuthorization => "changes_authorization",
            Lint::DuplicateIndex => "duplicate_index",
            Lint::ExtensionInPublic => "extension_in_public",
            Lint::FkeyToAuthUnique => "fkey_to_auth_unique",
            Lint::FunctionSearchPathMutable => "function_search_path_mutable",
            Lint::MaterializedViewInApi => "materialized_view_in_api",
            Lint::MultiplePermissivePolicies => "multiple_permissive_policies",
            Lint::NoPrimaryKey => "no_primary_key",
            Lint::PolicyExistsRlsDisabled => "policy_exists_rls_disabled",
            Lint::RlsDisabledInPublic => "rls_disabled_in_public",
            Lint::RlsEnabledNoPolicy => "rls_enabled_no_policy",
            Lint::RlsPolicyAlwaysTrue => "rls_policy_always_true",
            Lint::RlsReferencesUserMetadata => "rls_references_user_metadata",
            Lint::SecurityDefinerView => "security_definer_view",
            Lint::SensitiveColumnsExposed => "sensitive_columns_exposed",
            Lint::UnindexedForeignKeys => "unindexed_foreign_keys",
            Lint::UnsupportedRegTypes => "unsupported_reg_types",
            Lint::UnusedAllow => "unused_allow",
            Lint::AllowWithoutReason => "allow_without_reason",
        }
    }

    /// The lint with this name, as users write it in a suppression.
    pub fn parse(name: &str) -> Option<Lint> {
        Lint::ALL.into_iter().find(|lint| lint.as_str() == name)
    }

    /// How bad a finding of this lint is: Supabase's level for its own lints.
    pub fn level(self) -> Level {
        match self {
            Lint::AuthUsersExposed
            | Lint::FkeyToAuthUnique
            | Lint::PolicyExistsRlsDisabled
            | Lint::RlsDisabledInPublic
            | Lint::RlsReferencesUserMetadata
            | Lint::SecurityDefinerView
            | Lint::SensitiveColumnsExposed
            | Lint::AllowWithoutReason => Level::Error,
            Lint::AnonSecurityDefinerFunctionExecutable
            | Lint::AuthRlsInitplan
            | Lint::AuthenticatedSecurityDefinerFunctionExecutable
            | Lint::ChangesAuthorization
            | Lint::DuplicateIndex
            | Lint::ExtensionInPublic
            | Lint::FunctionSearchPathMutable
            | Lint::MaterializedViewInApi
            | Lint::MultiplePermissivePolicies
            | Lint::RlsPolicyAlwaysTrue
            | Lint::UnsupportedRegTypes
            | Lint::UnusedAllow => Level::Warning,
            Lint::NoPrimaryKey | Lint::RlsEnabledNoPolicy | Lint::UnindexedForeignKeys => {
                Level::Info
            }
        }
    }

    /// The one-line headline of a finding.
    pub fn title(self) -> &'static str {
        match self {
            Lint::AnonSecurityDefinerFunctionExecutable => {
                "signed-out users can call a security definer function"
            }
            Lint::AuthRlsInitplan => "policy re-evaluates an auth function for each row",
            Lint::AuthUsersExposed => "view exposes `auth.users` to API users",
            Lint::AuthenticatedSecurityDefinerFunctionExecutable => {
                "signed-in users can call a security definer function"
            }
            Lint::ChangesAuthorization => "migration step changes who may read or write rows",
            Lint::DuplicateIndex => "identical indexes",
            Lint::ExtensionInPublic => "extension installed in `public`",
            Lint::FkeyToAuthUnique => "foreign key to a unique constraint in `auth`",
            Lint::FunctionSearchPathMutable => "function has a mutable search path",
            Lint::MaterializedViewInApi => "materialized view readable through the API",
            Lint::MultiplePermissivePolicies => "several permissive policies for one role",
            Lint::NoPrimaryKey => "table has no primary key",
            Lint::PolicyExistsRlsDisabled => "policies exist but row-level security is off",
            Lint::RlsDisabledInPublic => "exposed table without row-level security",
            Lint::RlsEnabledNoPolicy => "row-level security on, but no policy",
            Lint::RlsPolicyAlwaysTrue => "write policy that always passes",
            Lint::RlsReferencesUserMetadata => "policy trusts user-editable `user_metadata`",
            Lint::SecurityDefinerView => "view runs with its owner's rights",
            Lint::SensitiveColumnsExposed => "sensitive column in an exposed table without RLS",
            Lint::UnindexedForeignKeys => "foreign key without a covering index",
            Lint::UnsupportedRegTypes => "column type `pg_upgrade` cannot carry over",
            Lint::UnusedAllow => "suppression matches no finding",
            Lint::AllowWithoutReason => "suppression without a reason",
        }
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a finding is; a CI gate fails at or above a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth knowing; often intended.
    Info,
    /// Likely a performance or security problem.
    Warning,
    /// A security hole or a mistake that makes part of the schema do nothing.
    Error,
}

impl Level {
    /// As printed: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}
