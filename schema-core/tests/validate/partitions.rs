//! Partitions: a partitioned parent, a matching bound, the parent's columns.

use super::errors;
use super::fixtures::{events_parent, users_with_updated_at};
use schema_core::*;

#[test]
fn partitions_need_a_partitioned_parent_and_a_matching_bound() {
    let mut parent = events_parent().with_primary_key(None, &["id"]);
    parent.name = QualifiedName::parse("events");
    let not_partitioned = TableDef::partition_of(
        QualifiedName::parse("users_a"),
        QualifiedName::parse("users"),
        PartitionBound::list(&["'a'"]),
    );
    let wrong_kind = TableDef::partition_of(
        QualifiedName::parse("events_list"),
        QualifiedName::parse("events"),
        PartitionBound::list(&["1"]),
    );
    let wrong_arity = TableDef::partition_of(
        QualifiedName::parse("events_2025"),
        QualifiedName::parse("events"),
        PartitionBound::Range {
            from: vec!["'2025-01-01'".into(), "0".into()],
            to: vec!["'2026-01-01'".into()],
        },
    )
    .with_column(Column::new("extra", SqlType::Text, true));
    let orphan = TableDef::partition_of(
        QualifiedName::parse("orphan"),
        QualifiedName::parse("nowhere"),
        PartitionBound::Default,
    );
    let errors = errors(
        Schema::builder()
            .add_table(parent)
            .add_table(users_with_updated_at())
            .add_table(not_partitioned)
            .add_table(wrong_kind)
            .add_table(wrong_arity)
            .add_table(orphan),
    );
    assert_eq!(
        errors,
        [
            "table `public.events`: has primary key `events_pkey` on (id), which lacks partition key column(s) `at`; a unique key of a partitioned table must include the whole partition key",
            "table `public.events_2025`: is a partition of `public.events` and declares columns; a partition has its parent's columns and keys, so declare them on the parent",
            "table `public.events_2025`: has a range bound of 2 and 1 value(s), but the partition key of `public.events` has 1 column(s)",
            "table `public.events_list`: has a list bound, but `public.events` is partitioned by range",
            "table `public.orphan`: is a partition of `public.nowhere`, which is neither declared nor external",
            "table `public.users_a`: is a partition of table `public.users`, which is not partitioned; add `partition_by(...)` to its `#[table(...)]`",
        ]
    );
}

#[test]
fn a_partition_indexes_its_parents_columns() {
    let partition = TableDef::partition_of(
        QualifiedName::parse("events_2025"),
        QualifiedName::parse("events"),
        PartitionBound::range("'2025-01-01'", "'2026-01-01'"),
    )
    .with_index(
        None,
        Index {
            comment: Default::default(),
            name: String::new(),
            unique: false,
            nulls_not_distinct: false,
            method: IndexMethod::Brin,
            keys: vec![IndexKey::column("at"), IndexKey::column("nope")],
            include: vec![],
            predicate: None,
        },
    );
    let errors = errors(
        Schema::builder()
            .add_table(events_parent().with_primary_key(None, &["id", "at"]))
            .add_table(partition),
    );
    assert_eq!(
        errors,
        ["index `events_2025_at_nope_idx` on table `public.events_2025`: names column `nope`, which table `public.events_2025` does not have"]
    );
}
