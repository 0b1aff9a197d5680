//! Views: name clashes with tables, and their parts.

use super::errors;
use super::fixtures::users_with_updated_at;
use schema_core::*;

#[test]
fn views_clash_with_tables_and_check_their_parts() {
    let plain = ViewDef::new(QualifiedName::parse("users"), "select 1 as a, 2 as a")
        .with_column("a", SqlType::Integer)
        .with_column("a", SqlType::Integer)
        .with_index(
            None,
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("a")],
                include: vec![],
                predicate: None,
            },
        );
    let mut stats = ViewDef::materialized(QualifiedName::parse("stats"), "select 1 as n")
        .with_column("n", SqlType::Integer)
        .with_index(
            None,
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: true,
                nulls_not_distinct: false,
                method: IndexMethod::Btree,
                keys: vec![IndexKey::column("day")],
                include: vec![],
                predicate: None,
            },
        );
    stats.security_invoker = true;
    let empty = ViewDef::new(QualifiedName::parse("empty"), " ");
    let errors = errors(
        Schema::builder()
            .add_table(users_with_updated_at())
            .add_view(plain)
            .add_view(stats)
            .add_view(empty),
    );
    assert_eq!(
        errors,
        [
            "view `public.users`: the name `public.users` is already used by table `public.users`",
            "view `public.empty`: has an empty query",
            "view `public.empty`: declares no columns; list the columns its query produces, with their types",
            "materialized view `public.stats`: is `security_invoker`, which only plain views can be: a materialized view's rows are computed once, with its owner's rights",
            "index `stats_day_idx` on materialized view `public.stats`: names column `day`, which materialized view `public.stats` does not have",
            "view `public.users`: column `a` is declared twice",
            "view `public.users`: has indexes, which only materialized views can have",
        ]
    );
}
