//! Roles, extensions, domains and composite types.

use super::errors;
use schema_core::*;

#[test]
fn roles_extensions_and_types_are_checked() {
    let errors = errors(
        Schema::builder()
            .add_role(Role::new("staff").member_of("staff").member_of("ghosts"))
            .add_role(Role::new("authenticated"))
            .add_role(Role::new("pg_admin"))
            .add_external_role("authenticated")
            .add_extension(Extension::new("pgcrypto"))
            .add_extension(Extension::new("pgcrypto"))
            .add_domain(
                DomainDef::new("email", SqlType::Enum(QualifiedName::parse("nope")))
                    .with_check(None, "true")
                    .with_check(None, "false"),
            )
            .add_composite(CompositeDef::new("empty"))
            .add_composite(
                CompositeDef::new("pair")
                    .attribute("a", SqlType::Text)
                    .attribute("a", SqlType::Text),
            )
            .add_table(TableDef::new(QualifiedName::parse("email"))),
    );
    assert_eq!(
        errors,
        [
            "table `public.email`: the name `public.email` is already used by domain `public.email`",
            "extension `pgcrypto`: is declared twice",
            "role `authenticated`: is declared both as a role the app owns and as an external role; keep one",
            "role `pg_admin`: is a name Postgres reserves (`public`, `pg_*`); choose another",
            "role `staff`: is a member of role `ghosts`, which is not declared",
            "role `staff`: is declared a member of itself",
            "domain `public.email`: has base type `public.nope`, an enum type that is not registered; add it with `.enum_type::<...>()`",
            "domain `public.email`: constraint name `email_check` is used twice",
            "composite type `public.empty`: has no attributes",
            "composite type `public.pair`: attribute `a` is declared twice",
        ]
    );
}
