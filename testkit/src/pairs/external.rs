//! Pairs that use external objects: the Supabase tables, functions and roles.

use super::{base, col, fk, opt, policy, rls, table};
use schema_core::{
    ExternalFunction, ExternalTable, PolicyCommand, ReferentialAction, SchemaBuilder, SqlType,
};

fn supabase() -> SchemaBuilder {
    base()
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .add_external_function(ExternalFunction::new("auth.uid", SqlType::Uuid))
}

pub(super) fn external_objects() -> (SchemaBuilder, SchemaBuilder) {
    let profiles = |with_key: bool| {
        let mut t = rls(
            table("profiles")
                .with_column(col("id", "uuid"))
                .with_column(opt("name", "text"))
                .with_primary_key(None, &["id"]),
            true,
            false,
        );
        if with_key {
            let mut key = fk(&["id"], "auth.users");
            key.on_delete = ReferentialAction::Cascade;
            t = t.with_foreign_key(None, key).with_policy(policy(
                "own_profile",
                PolicyCommand::All,
                Some("(id = auth.uid())"),
                Some("(id = auth.uid())"),
            ));
        }
        t
    };
    (
        supabase().add_table(profiles(false)),
        supabase().add_table(profiles(true)),
    )
}
