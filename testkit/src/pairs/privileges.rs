//! Default privileges (`ALTER DEFAULT PRIVILEGES`): added, revoked, moved to another
//! grantee, from every schema to one, for another role, on sequences with grant option, on
//! schemas and types, a role's own privileges and `EXECUTE` on functions for `PUBLIC`
//! taken away and given back.

use super::Pair;
use schema_core::{
    Column, DefaultObjects, DefaultPrivilege, EnumDef, FunctionDef, Identity, Language, Privilege,
    QualifiedName, Returns, Role, Schema, SchemaBuilder, SqlType, TableDef,
};
use DefaultObjects::*;
use Privilege::*;

/// The roles the pairs grant to and create for; roles belong to the cluster, so the names
/// say whose they are.
const READER: &str = "schemata_defaults_reader";
const WRITER: &str = "schemata_defaults_writer";
const OWNER: &str = "schemata_defaults_owner";

fn pair(name: &'static str, old: SchemaBuilder, new: SchemaBuilder) -> Pair {
    let build = |b: SchemaBuilder, side: &str| {
        b.build()
            .unwrap_or_else(|e| panic!("pair `{name}`, {side} schema: {e}"))
    };
    Pair {
        name,
        old: build(old, "old"),
        new: build(new, "new"),
        seed: None,
    }
}

fn identity() -> Column {
    let mut id = Column::new("id", SqlType::BigInt, false);
    id.identity = Some(Identity::Always);
    id
}

/// Two tables, one in `public` and one in `app`, and the roles.
fn base() -> SchemaBuilder {
    let table = |name: &str| {
        TableDef::new(QualifiedName::parse(name))
            .with_column(identity())
            .with_column(Column::new("title", SqlType::Text, true))
            .with_primary_key(None, &["id"])
    };
    Schema::builder()
        .add_namespace("app")
        .add_role(Role::new(READER))
        .add_role(Role::new(WRITER))
        .add_role(Role::new(OWNER))
        .add_table(table("notes"))
        .add_table(table("app.tasks"))
}

fn greeting() -> FunctionDef {
    FunctionDef::new(
        "greeting",
        Returns::Type(SqlType::Text),
        Language::Sql,
        "SELECT 'hello'::text",
    )
}

fn read_tables() -> DefaultPrivilege {
    DefaultPrivilege::new(&[Select], Tables, READER)
}

/// `owner`'s own privileges on the tables it creates, taken away.
fn own_revoked(privileges: &[Privilege]) -> DefaultPrivilege {
    DefaultPrivilege::revoke(privileges, Tables, OWNER).for_role(OWNER)
}

/// Every pair, in a fixed order.
pub fn default_privileges() -> Vec<Pair> {
    let revoke_execute = || DefaultPrivilege::revoke(&[Execute], Functions, "public");
    vec![
        pair(
            "default privileges added",
            base(),
            base().add_default_privilege(read_tables()),
        ),
        pair(
            "default privileges revoked",
            base().add_default_privilege(read_tables()),
            base(),
        ),
        pair(
            "default privileges to another grantee",
            base().add_default_privilege(read_tables()),
            base().add_default_privilege(DefaultPrivilege::new(
                &[Select, Insert, Update],
                Tables,
                WRITER,
            )),
        ),
        pair(
            "default privileges from every schema to one",
            base().add_default_privilege(read_tables()),
            base().add_default_privilege(read_tables().in_schema("app")),
        ),
        pair(
            "default privileges from one schema to every schema",
            base().add_default_privilege(read_tables().in_schema("app")),
            base().add_default_privilege(read_tables()),
        ),
        pair(
            "default privileges for another role",
            base(),
            base()
                .add_default_privilege(read_tables().for_role(OWNER))
                .add_default_privilege(
                    DefaultPrivilege::new(&[Execute], Functions, WRITER)
                        .for_role(OWNER)
                        .in_schema("app"),
                ),
        ),
        pair(
            "default privileges on sequences with grant option, and a new table",
            base(),
            base()
                .add_default_privilege(
                    DefaultPrivilege::new(&[Usage, Select], Sequences, READER).with_grant_option(),
                )
                .add_default_privilege(read_tables())
                .add_table(
                    TableDef::new(QualifiedName::parse("app.events"))
                        .with_column(identity())
                        .with_primary_key(None, &["id"]),
                ),
        ),
        pair(
            "default privileges with grant option dropped",
            base().add_default_privilege(read_tables().with_grant_option()),
            base().add_default_privilege(read_tables()),
        ),
        pair(
            "default privileges on schemas and types, and new ones",
            base(),
            base()
                .add_default_privilege(DefaultPrivilege::new(&[Usage], Schemas, READER))
                .add_default_privilege(DefaultPrivilege::new(&[Usage], Types, READER))
                .add_namespace("reports")
                .add_enum(EnumDef::new(
                    QualifiedName::parse("reports.mood"),
                    &["calm", "busy"],
                )),
        ),
        pair(
            "execute on functions revoked from public, and a new function",
            base(),
            base()
                .add_default_privilege(revoke_execute())
                .add_function(greeting()),
        ),
        pair(
            "execute on functions given back to public",
            base().add_default_privilege(revoke_execute()),
            base(),
        ),
        pair(
            "a role's own default privileges revoked",
            base().add_default_privilege(own_revoked(&[Truncate, Trigger])),
            base().add_default_privilege(own_revoked(&[All])),
        ),
        pair(
            "a role's own default privileges given back",
            base().add_default_privilege(own_revoked(&[All])),
            base().add_default_privilege(own_revoked(&[Trigger])),
        ),
        pair(
            "default execute on functions to a role, and a new function",
            base(),
            base()
                .add_default_privilege(DefaultPrivilege::new(&[Execute], Functions, READER))
                .add_function(greeting()),
        ),
    ]
}
