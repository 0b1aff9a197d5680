//! Grants: declared roles and objects, fitting privileges.

use super::errors;
use super::fixtures::{is_admin, users_with_updated_at};
use schema_core::*;

#[test]
fn grants_name_declared_roles_objects_and_fitting_privileges() {
    let errors = errors(
        Schema::builder()
            .add_table(users_with_updated_at())
            .add_function(is_admin())
            .add_role(Role::new("staff"))
            .grant(
                &[Privilege::Select],
                GrantObject::table("users"),
                &["ghost"],
            )
            .grant(
                &[Privilege::Execute],
                GrantObject::table("users"),
                &["staff"],
            )
            .grant(
                &[Privilege::Update],
                GrantObject::column("users", "nickname"),
                &["staff"],
            )
            .grant(
                &[Privilege::Usage],
                GrantObject::sequence("users_id_seq"),
                &["staff"],
            )
            .grant(
                &[Privilege::Execute],
                GrantObject::function("nope"),
                &["staff"],
            )
            .grant(&[Privilege::Usage], GrantObject::schema("app"), &["staff"])
            .grant(
                &[Privilege::Select],
                GrantObject::table("nothing"),
                &["public"],
            )
            .add_grant(
                Grant::new(
                    &[Privilege::Execute],
                    GrantObject::function("is_admin"),
                    "public",
                )
                .with_grant_option(),
            ),
    );
    assert_eq!(
        errors,
        [
            "grant on table `public.nothing` to `public`: `public.nothing` is neither a declared table nor a view",
            "grant on table `public.users` to `ghost`: names role `ghost`, which is not declared; declare it with `.add_role(Role::new(\"ghost\"))`, or `.add_external_role(\"ghost\")` if the app does not own it",
            "grant on table `public.users` to `staff`: grants `execute`, which does not apply here; expected one of `select`, `insert`, `update`, `delete`, `truncate`, `references`, `trigger`",
            "grant on column `public.users.nickname` to `staff`: `public.users` has no column `nickname`",
            "grant on sequence `public.users_id_seq` to `staff`: `public.users_id_seq` is neither a declared sequence nor the sequence of an identity column (`{table}_{column}_seq`)",
            "grant on function `public.is_admin` to `public`: is `WITH GRANT OPTION` to `public`, which Postgres refuses",
            "grant on function `public.nope` to `staff`: function `public.nope` is not declared",
            "grant on schema `app` to `staff`: schema `app` is not declared",
        ]
    );
}
