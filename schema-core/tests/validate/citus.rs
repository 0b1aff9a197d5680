//! Citus's rules: keys hold the distribution column, foreign keys join colocated tables or
//! reach reference tables, colocated tables share a column type, types can be hashed.

use super::errors;
use schema_core::*;

fn name(text: &str) -> QualifiedName {
    QualifiedName::parse(text)
}

fn key(columns: &[&str], table: &str, referenced: &[&str]) -> ForeignKey {
    ForeignKey::new(columns, name(table), referenced)
}

fn tenants() -> TableDef {
    TableDef::new(name("tenants"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_primary_key(None, &["id"])
        .distributed_by("id")
}

fn orders() -> TableDef {
    TableDef::new(name("orders"))
        .with_column(Column::new("tenant_id", SqlType::BigInt, false))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("country", SqlType::Text, true))
        .with_primary_key(None, &["tenant_id", "id"])
}

fn countries() -> TableDef {
    TableDef::new(name("countries"))
        .with_column(Column::new("code", SqlType::Text, false))
        .with_primary_key(None, &["code"])
}

#[test]
fn a_multi_tenant_schema_builds() {
    let schema = Schema::builder()
        .add_table(tenants())
        .add_table(
            orders()
                .with_distribution(Distribution::by("tenant_id").colocated_with(name("tenants")))
                .with_foreign_key(None, key(&["tenant_id"], "tenants", &["id"]))
                .with_foreign_key(None, key(&["country"], "countries", &["code"])),
        )
        .add_table(countries().reference())
        .build()
        .unwrap();
    let groups = colocation_groups(&schema.tables);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].tables, [name("orders"), name("tenants")]);
    assert_eq!(groups[0].shard_count, DEFAULT_SHARD_COUNT);
}

#[test]
fn tables_with_one_column_type_and_shard_count_share_the_default_group() {
    let tables = vec![
        tenants(),
        orders().distributed_by("tenant_id"),
        countries().with_distribution(Distribution::by("code")),
        TableDef::new(name("logs"))
            .with_column(Column::new("tenant_id", SqlType::BigInt, false))
            .with_distribution(Distribution::by("tenant_id").alone()),
    ];
    let groups: Vec<Vec<String>> = colocation_groups(&tables)
        .into_iter()
        .map(|g| g.tables.iter().map(|t| t.name.clone()).collect())
        .collect();
    assert_eq!(
        groups,
        [vec!["countries"], vec!["logs"], vec!["orders", "tenants"]]
    );
}

#[test]
fn keys_without_the_distribution_column_are_refused() {
    let table = orders()
        .with_unique(None, &["id"])
        .distributed_by("tenant_id");
    let errors = errors(Schema::builder().add_table(table));
    assert_eq!(
        errors,
        ["table `public.orders`: has unique constraint `orders_id_key` on (id), which lacks the distribution column `tenant_id`; Citus enforces uniqueness shard by shard, so every primary key and unique constraint of a distributed table must include it"]
    );
}

#[test]
fn foreign_keys_follow_citus_rules() {
    // Not colocated.
    let errors1 = errors(
        Schema::builder().add_table(tenants()).add_table(
            orders()
                .with_distribution(Distribution::by("tenant_id").alone())
                .with_foreign_key(None, key(&["tenant_id"], "tenants", &["id"])),
        ),
    );
    assert!(
        errors1[0].contains("which is distributed but not colocated with it"),
        "{errors1:?}"
    );
    // Colocated, but not joining the distribution columns.
    let errors2 = errors(
        Schema::builder().add_table(tenants()).add_table(
            orders()
                .distributed_by("tenant_id")
                .with_foreign_key(None, key(&["id"], "tenants", &["id"])),
        ),
    );
    assert!(
        errors2[0].contains("does not join distribution column `tenant_id`"),
        "{errors2:?}"
    );
    // To a table Citus does not manage, and from a reference table to a distributed one.
    let errors3 = errors(
        Schema::builder()
            .add_table(countries())
            .add_table(
                orders()
                    .distributed_by("tenant_id")
                    .with_foreign_key(None, key(&["country"], "countries", &["code"])),
            )
            .add_table(
                TableDef::new(name("plans"))
                    .with_column(Column::new("tenant", SqlType::BigInt, false))
                    .reference()
                    .with_foreign_key(None, key(&["tenant"], "tenants", &["id"])),
            )
            .add_table(tenants()),
    );
    assert_eq!(errors3.len(), 2, "{errors3:?}");
    assert!(
        errors3[0].contains("make `public.countries` a reference table"),
        "{errors3:?}"
    );
    assert!(
        errors3[1]
            .contains("Citus refuses foreign keys from a reference table to a distributed table"),
        "{errors3:?}"
    );
}

#[test]
fn colocation_and_types_are_checked() {
    let errors = errors(
        Schema::builder()
            .add_table(
                TableDef::new(name("events"))
                    .with_column(Column::new("payload", SqlType::Json, false))
                    .distributed_by("payload"),
            )
            .add_table(
                TableDef::new(name("notes"))
                    .with_column(Column::new("tenant", SqlType::Text, false))
                    .with_distribution(
                        Distribution::by("tenant")
                            .colocated_with(name("tenants"))
                            .shards(4),
                    ),
            )
            .add_table(tenants())
            .add_table(
                TableDef::new(name("lost"))
                    .with_column(Column::new("id", SqlType::BigInt, false))
                    .with_distribution(Distribution::by("missing").colocated_with(name("nowhere"))),
            ),
    );
    let expected = [
        "table `public.events`: is distributed by column `payload` of type `json`, which Citus cannot hash",
        "table `public.lost`: is distributed by column `missing`, which it does not have",
        "table `public.lost`: is colocated with `public.nowhere`, which is not declared",
        "table `public.notes`: is colocated with `public.tenants`, but its distribution column `tenant` is `text` and `public.tenants`'s `id` is `bigint`",
        "table `public.notes`: sets `shard_count` and is colocated with `public.tenants`",
    ];
    for text in expected {
        assert!(
            errors.iter().any(|e| e.contains(text)),
            "missing `{text}` in {errors:#?}"
        );
    }
}

#[test]
fn colocation_is_compared_by_group_not_by_spelling() {
    let spelled = |colocation: Distribution| {
        Schema::builder()
            .add_table(tenants())
            .add_table(orders().with_distribution(colocation))
            .build()
            .unwrap()
    };
    let explicit = spelled(Distribution::by("tenant_id").colocated_with(name("tenants")));
    let by_default = spelled(Distribution::by("tenant_id"));
    assert!(diff::diff(&explicit, &by_default).is_empty());
    let alone = spelled(Distribution::by("tenant_id").alone());
    let changes: Vec<String> = diff::diff(&explicit, &alone)
        .iter()
        .map(|c| c.to_string())
        .collect();
    // One table moves out; the other keeps its place.
    assert_eq!(changes, ["distribute table `public.orders` by `tenant_id`"]);
}

#[test]
fn distributed_schemas_keep_their_foreign_keys_inside() {
    let account = |schema: &str| {
        TableDef::new(QualifiedName::new(schema, "accounts"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_primary_key(None, &["id"])
    };
    let errors = errors(
        Schema::builder()
            .distributed_schema("tenant_a")
            .distributed_schema("tenant_b")
            .add_table(account("tenant_a"))
            .add_table(
                account("tenant_b")
                    .with_foreign_key(None, key(&["id"], "tenant_a.accounts", &["id"])),
            )
            .add_table(
                TableDef::new(name("audit"))
                    .with_column(Column::new("account", SqlType::BigInt, false))
                    .with_foreign_key(None, key(&["account"], "tenant_a.accounts", &["id"])),
            )
            .add_table(
                TableDef::new(QualifiedName::new("tenant_a", "notes"))
                    .with_column(Column::new("id", SqlType::BigInt, false))
                    .distributed_by("id"),
            ),
    );
    let expected = [
        "table `public.audit`: has foreign key `audit_account_fkey` to `tenant_a.accounts`, in distributed schema `tenant_a`",
        "table `tenant_b.accounts`: has foreign key `accounts_id_fkey` to `tenant_a.accounts`, in another distributed schema",
        "table `tenant_a.notes`: is in distributed schema `tenant_a` and declares a distribution of its own",
    ];
    for text in expected {
        assert!(
            errors.iter().any(|e| e.contains(text)),
            "missing `{text}` in {errors:#?}"
        );
    }
}
