//! A schema holding every kind builds in canonical order; old snapshots still read.

use super::fixtures::{is_admin, users_with_updated_at};
use schema_core::*;

#[test]
fn a_schema_with_every_kind_builds_canonically() {
    let schema = Schema::builder()
        .add_table(users_with_updated_at().with_trigger(Trigger::updated_at("users", "updated_at")))
        .add_function(is_admin())
        .add_view(
            ViewDef::new(QualifiedName::parse("emails"), "select email from users")
                .with_column("email", SqlType::Text),
        )
        .add_extension(Extension::new("pgcrypto"))
        .add_extension(Extension::in_schema("citext", "extensions"))
        .add_role(Role::new("support").member_of("staff").member_of("staff"))
        .add_role(Role::new("staff"))
        .add_domain(DomainDef::new("app.email", SqlType::Text).with_check(None, "VALUE LIKE '%@%'"))
        .add_composite(CompositeDef::new("money_amount").attribute("cents", SqlType::BigInt))
        .grant(
            &[Privilege::All],
            GrantObject::table("emails"),
            &["staff", "support"],
        )
        .grant(
            &[Privilege::Execute],
            GrantObject::function("is_admin"),
            &["public"],
        )
        .build()
        .unwrap();
    // The library adds the function the `updated_at` trigger calls.
    let functions: Vec<String> = schema
        .functions
        .iter()
        .map(|f| f.name.to_string())
        .collect();
    assert_eq!(functions, ["public.is_admin", "public.set_updated_at"]);
    // Extension and domain schemas are owned schemas.
    assert_eq!(schema.schemas, ["app", "extensions"]);
    assert_eq!(schema.roles[0].name, "staff");
    assert_eq!(schema.roles[1].member_of, ["staff"]);
    assert_eq!(schema.domains[0].checks[0].name, "email_check");
    assert_eq!(
        schema.domains[0].sql_type(),
        SqlType::Custom("app.email".into())
    );
    assert_eq!(
        schema.grants[0].privileges,
        [
            Privilege::Select,
            Privilege::Insert,
            Privilege::Update,
            Privilege::Delete,
            Privilege::Truncate,
            Privilege::References,
            Privilege::Trigger
        ]
    );
    // `EXECUTE` to `public` is Postgres's default for functions, so it is no grant.
    assert_eq!(schema.grants.len(), 2);
    // A built schema builds again to itself, and survives serde.
    let json = serde_json::to_string(&schema).unwrap();
    let copy: Schema = serde_json::from_str(&json).unwrap();
    assert_eq!(copy, schema);
}

#[test]
fn old_snapshots_without_the_new_kinds_still_read() {
    let schema: Schema = serde_json::from_str(
        r#"{"tables":[{"name":{"schema":"public","name":"t"},"columns":[]}]}"#,
    )
    .unwrap();
    assert!(schema.functions.is_empty() && schema.tables[0].triggers.is_empty());
    assert_eq!(serde_json::to_string(&Schema::default()).unwrap(), "{}");
}
