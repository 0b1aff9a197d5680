use super::*;
use crate::{
    Column, DefaultValue, EnumDef, EnumValue, ExternalTable, ForeignKey, Identity, Index, IndexKey,
    Literal, Policy, PolicyCommand, ReferentialAction, RowLevelSecurity, SqlType, TableDef,
};

fn name(text: &str) -> QualifiedName {
    QualifiedName::parse(text)
}

fn users() -> TableDef {
    TableDef::new(name("users"))
        .with_column(Column::new("id", SqlType::Uuid, false))
        .with_column(Column::new("email", SqlType::Text, false))
        .with_primary_key(None, &["id"])
}

fn posts() -> TableDef {
    TableDef::new(name("posts"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new("author_id", SqlType::Uuid, false))
        .with_primary_key(None, &["id"])
        .with_foreign_key(None, fk(&["author_id"], "users"))
}

fn fk(columns: &[&str], references: &str) -> ForeignKey {
    ForeignKey {
        comment: Default::default(),
        match_full: Default::default(),
        name: String::new(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        references: name(references),
        referenced_columns: Vec::new(),
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
        deferrable: Default::default(),
    }
}

fn schema(tables: Vec<TableDef>, enums: Vec<EnumDef>) -> Schema {
    let mut builder = Schema::builder().add_external_role("authenticated");
    for table in tables {
        builder = builder.add_table(table);
    }
    for def in enums {
        builder = builder.add_enum(def);
    }
    builder.build().unwrap()
}

fn summary(changes: &[Change]) -> Vec<String> {
    changes.iter().map(Change::to_string).collect()
}

#[test]
fn equal_schemas_have_no_changes() {
    let s = schema(vec![users(), posts()], vec![]);
    assert!(diff(&s, &s).is_empty());
    assert!(diff(&Schema::default(), &Schema::default()).is_empty());
}

#[test]
fn creates_and_drops_in_a_fixed_order() {
    let old = schema(vec![users()], vec![]);
    let mut shop = TableDef::new(QualifiedName::new("shop", "orders")).with_column(Column::new(
        "id",
        SqlType::Integer,
        false,
    ));
    shop.comment = Some("orders".into());
    let mut posts = posts();
    posts.foreign_keys.clear();
    let new = schema(vec![shop, posts], vec![EnumDef::new(name("mood"), &["ok"])]);
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "create schema `shop`",
            "create enum type `public.mood`",
            "create table `public.posts`",
            "create table `shop.orders`",
            "drop table `public.users`",
        ]
    );
    assert_eq!(
        summary(&diff(&new, &old)),
        [
            "drop enum type `public.mood`",
            "create table `public.users`",
            "drop table `public.posts`",
            "drop table `shop.orders`",
            "drop schema `shop`",
        ]
    );
}

#[test]
fn column_changes_each_get_their_own_change() {
    let old = schema(vec![users()], vec![]);
    let mut table = users();
    table.columns[1] = Column {
        default: Some(DefaultValue::Literal(Literal::Text("a@b".into()))),
        comment: Some("where we write".into()),
        ..Column::new("email", SqlType::Varchar { length: Some(200) }, true)
    };
    table.columns.push(Column {
        identity: Some(Identity::Always),
        ..Column::new("n", SqlType::BigInt, false)
    });
    let new = schema(vec![table], vec![]);
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "add column `public.users.n`",
            "change the type of column `public.users.email` from `text` to `character varying(200)`",
            "allow NULL in column `public.users.email`",
            "set the default of column `public.users.email`",
            "set the comment of column `public.users.email`",
        ]
    );
    assert_eq!(
        summary(&diff(&new, &old)),
        [
            "drop column `public.users.n`",
            "change the type of column `public.users.email` from `character varying(200)` to `text`",
            "forbid NULL in column `public.users.email`",
            "set the default of column `public.users.email`",
            "set the comment of column `public.users.email`",
        ]
    );
}

#[test]
fn column_order_does_not_matter() {
    let mut reordered = users();
    reordered.columns.reverse();
    assert!(diff(
        &schema(vec![users()], vec![]),
        &schema(vec![reordered], vec![])
    )
    .is_empty());
}

#[test]
fn changed_constraints_are_dropped_and_added() {
    let old = schema(
        vec![
            users().with_check(Some("email_shape"), None, "email <> ''"),
            posts(),
        ],
        vec![],
    );
    let mut cascading = posts();
    cascading.foreign_keys[0].on_delete = ReferentialAction::Cascade;
    let new = schema(
        vec![
            users()
                .with_check(Some("email_shape"), None, "email LIKE '%@%'")
                .with_unique(None, &["email"]),
            cascading,
        ],
        vec![],
    );
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "drop foreign key `posts_author_id_fkey` on table `public.posts`",
            "add foreign key `posts_author_id_fkey` on table `public.posts`",
            "add unique constraint `users_email_key` on table `public.users`",
            "drop check constraint `email_shape` on table `public.users`",
            "add check constraint `email_shape` on table `public.users`",
        ]
    );
}

#[test]
fn indexes_are_created_dropped_and_rebuilt() {
    let index = |keys: Vec<IndexKey>| Index {
        comment: Default::default(),
        name: String::new(),
        unique: false,
        nulls_not_distinct: false,
        method: Default::default(),
        keys,
        include: Vec::new(),
        predicate: None,
    };
    let old = schema(
        vec![users()
            .with_index(Some("by_email"), index(vec![IndexKey::column("email")]))
            .with_index(None, index(vec![IndexKey::column("id")]))],
        vec![],
    );
    let mut desc = IndexKey::column("email");
    desc.descending = true;
    let new = schema(
        vec![users()
            .with_index(Some("by_email"), index(vec![desc]))
            .with_index(None, index(vec![IndexKey::expression("lower(email)")]))],
        vec![],
    );
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "drop index `users_id_idx` on table `public.users`",
            "rebuild index `by_email` on table `public.users`",
            "create index `users_expr_idx` on table `public.users`",
        ]
    );
}

fn policy(name: &str, command: PolicyCommand, using: Option<&str>, check: Option<&str>) -> Policy {
    Policy {
        comment: Default::default(),
        name: name.into(),
        restrictive: false,
        command,
        roles: vec!["authenticated".into()],
        using: using.map(str::to_string),
        with_check: check.map(str::to_string),
        allow: Vec::new(),
    }
}

fn with_rls(mut table: TableDef, policies: Vec<Policy>) -> TableDef {
    table.row_level_security.enabled = true;
    table.policies = policies;
    table
}

#[test]
fn policies_are_altered_where_postgres_allows_it() {
    use PolicyCommand::*;
    let old = schema(
        vec![with_rls(
            users(),
            vec![
                policy("a_roles", Select, Some("true"), None),
                policy("b_using", All, Some("true"), Some("true")),
                policy("c_command", Select, Some("true"), None),
                policy("d_drop_check", All, Some("true"), Some("true")),
                policy("e_add_using", All, None, Some("true")),
                policy("f_restrictive", Select, Some("true"), None),
                policy("g_gone", Select, Some("true"), None),
            ],
        )],
        vec![],
    );
    let mut roles = policy("a_roles", Select, Some("true"), None);
    roles.roles.clear();
    let mut restrictive = policy("f_restrictive", Select, Some("true"), None);
    restrictive.restrictive = true;
    let new = schema(
        vec![with_rls(
            users(),
            vec![
                roles,
                policy("b_using", All, Some("false"), Some("true")),
                policy("c_command", Update, Some("true"), None),
                policy("d_drop_check", All, Some("true"), None),
                policy("e_add_using", All, Some("true"), Some("true")),
                restrictive,
                policy("h_new", Delete, Some("true"), None),
            ],
        )],
        vec![],
    );
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "drop policy `g_gone` on table `public.users`",
            "alter policy `a_roles` on table `public.users`",
            "alter policy `b_using` on table `public.users`",
            "drop policy `c_command` on table `public.users`",
            "create policy `c_command` on table `public.users`",
            "drop policy `d_drop_check` on table `public.users`",
            "create policy `d_drop_check` on table `public.users`",
            "alter policy `e_add_using` on table `public.users`",
            "drop policy `f_restrictive` on table `public.users`",
            "create policy `f_restrictive` on table `public.users`",
            "create policy `h_new` on table `public.users`",
        ]
    );
}

#[test]
fn row_level_security_and_comments() {
    let old = schema(vec![users()], vec![EnumDef::new(name("mood"), &["ok"])]);
    let mut table = users();
    table.row_level_security = RowLevelSecurity {
        enabled: true,
        forced: true,
    };
    table.comment = Some("people".into());
    let mut mood = EnumDef::new(name("mood"), &["ok"]);
    mood.values[0].comment = Some("fine".into());
    let new = schema(vec![table], vec![mood]);
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "set the comment of enum type `public.mood`",
            "set row-level security of table `public.users`",
            "set the comment of table `public.users`",
        ]
    );
}

#[test]
fn renames_come_only_from_renamed_from() {
    let old = schema(
        vec![users(), posts()],
        vec![EnumDef::new(name("mood"), &["ok", "meh"])],
    );
    // Renamed `users` -> `people`, `email` -> `mail`, `mood` -> `feeling`, `meh` -> `bad`.
    let mut people = users();
    people.name = name("people");
    people.renamed_from = Some("users".into());
    people.columns[1].name = "mail".into();
    people.columns[1].renamed_from = Some("email".into());
    people
        .columns
        .push(Column::new("feeling", SqlType::Enum(name("feeling")), true));
    people.primary_key.as_mut().unwrap().name = "users_pkey".into();
    let mut posts = posts();
    posts.foreign_keys[0].references = name("people");
    let mut feeling = EnumDef::new(name("feeling"), &["ok"]);
    feeling.renamed_from = Some("mood".into());
    feeling.values.push(EnumValue {
        label: "bad".into(),
        comment: None,
        renamed_from: Some("meh".into()),
    });
    let new = schema(vec![people, posts], vec![feeling]);
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "rename enum type `public.feeling`",
            "rename value `meh` to `bad` of enum type `public.feeling`",
            "rename table `public.people`",
            "rename column `public.people.mail`",
            "add column `public.people.feeling`",
        ]
    );
    // Applied already: the attributes are stale and ignored.
    assert!(diff(&new, &new).is_empty());
    // Without the attributes, the same change is a drop and a create.
    let mut unmarked = new.clone();
    unmarked.tables[0].renamed_from = None;
    let changes = summary(&diff(&old, &unmarked));
    assert!(changes.contains(&"create table `public.people`".to_string()));
    assert!(changes.contains(&"drop table `public.users`".to_string()));
}

#[test]
fn renamed_columns_follow_into_constraints_and_foreign_keys() {
    let old = schema(vec![users(), posts()], vec![]);
    let mut table = users();
    table.columns[0].name = "user_id".into();
    table.columns[0].renamed_from = Some("id".into());
    table.primary_key.as_mut().unwrap().columns = vec!["user_id".into()];
    let new = schema(vec![table, posts()], vec![]);
    assert_eq!(
        new.tables[0].foreign_keys[0].referenced_columns,
        ["user_id"]
    );
    assert_eq!(
        summary(&diff(&old, &new)),
        ["rename column `public.users.user_id`"]
    );
}

#[test]
fn external_objects_are_never_created_or_dropped() {
    let app = Schema::builder()
        .add_table(users())
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .build()
        .unwrap();
    // What introspecting a Supabase database gives: `auth` and its tables look owned.
    let mut live = app.clone();
    live.external = Default::default();
    live.schemas.push("auth".into());
    for table in ["auth.users", "auth.sessions"] {
        live.tables
            .push(TableDef::new(name(table)).with_column(Column::new("id", SqlType::Uuid, false)));
    }
    live.tables.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(diff(&live, &app).is_empty());
    assert!(diff(&app, &live).is_empty());
}

#[test]
fn the_same_input_gives_the_same_changes() {
    let old = schema(vec![users(), posts()], vec![]);
    let mut shuffled = old.clone();
    shuffled.tables.reverse();
    let new = schema(vec![users()], vec![EnumDef::new(name("mood"), &["ok"])]);
    assert_eq!(diff(&old, &new), diff(&shuffled, &new));
}

#[test]
fn names_made_from_a_renamed_table_follow_it() {
    let table = |name: &str| {
        TableDef::new(QualifiedName::parse(name))
            .with_column(Column::new("id", SqlType::Uuid, false))
            .with_column(Column::new("email", SqlType::Text, false))
            .with_primary_key(None, &["id"])
            .with_unique(None, &["email"])
            .with_unique(Some("chosen_name"), &["id", "email"])
            .with_check(None, Some("email"), "email <> ''")
    };
    let mut people = table("people");
    people.renamed_from = Some("users".into());
    // One check changed along with the rename: it is dropped and added instead.
    people.checks[0].expression = "length(email) > 3".into();
    let old = schema(vec![table("users")], vec![]);
    let new = schema(vec![people], vec![]);
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "rename table `public.people`",
            "rename constraint `users_pkey` on table `public.people` to `people_pkey`",
            "rename constraint `users_email_key` on table `public.people` to `people_email_key`",
            "drop check constraint `users_email_check` on table `public.people`",
            "add check constraint `people_email_check` on table `public.people`",
        ]
    );
}

#[test]
fn comments_on_constraints_and_policies_change_in_place() {
    use PolicyCommand::*;
    let read = || policy("read", Select, Some("true"), None);
    let old = schema(
        vec![
            with_rls(
                users().with_check(Some("email_shape"), None, "email <> ''"),
                vec![read()],
            ),
            posts(),
        ],
        vec![],
    );
    let new = schema(
        vec![
            with_rls(
                users()
                    .with_check(Some("email_shape"), None, "email <> ''")
                    .with_constraint_comment("users_pkey", "who")
                    .with_constraint_comment("email_shape", "has an @"),
                vec![read().comment("everyone reads")],
            ),
            posts().with_constraint_comment("posts_author_id_fkey", "written by"),
        ],
        vec![],
    );
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "set the comment of constraint `posts_author_id_fkey` on table `public.posts`",
            "set the comment of constraint `users_pkey` on table `public.users`",
            "set the comment of constraint `email_shape` on table `public.users`",
            "set the comment of policy `read` on table `public.users`",
        ]
    );
    // With the definition changed too, the constraint is added again with its comment,
    // and the policy altered and then commented.
    let changed = schema(
        vec![
            with_rls(
                users()
                    .with_check(Some("email_shape"), None, "email LIKE '%@%'")
                    .with_constraint_comment("email_shape", "has an @"),
                vec![policy("read", Select, Some("false"), None).comment("no one reads")],
            ),
            posts(),
        ],
        vec![],
    );
    assert_eq!(
        summary(&diff(&old, &changed)),
        [
            "drop check constraint `email_shape` on table `public.users`",
            "add check constraint `email_shape` on table `public.users`",
            "alter policy `read` on table `public.users`",
            "set the comment of policy `read` on table `public.users`",
        ]
    );
}

#[test]
fn column_storage_compression_statistics_and_options() {
    use crate::{Compression, Storage};
    let docs = |body: Column| {
        TableDef::new(name("docs"))
            .with_column(Column::new("id", SqlType::BigInt, false))
            .with_column(body)
            .with_primary_key(None, &["id"])
    };
    let plain = || Column::new("body", SqlType::Text, true);
    let set = || {
        plain()
            .storage(Storage::External)
            .compression(Compression::Lz4)
            .statistics(500)
            .n_distinct(-0.5)
    };
    let old = schema(vec![docs(plain())], vec![]);
    let new = schema(vec![docs(set())], vec![]);
    assert_eq!(
        summary(&diff(&old, &new)),
        [
            "set the storage of column `public.docs.body`",
            "set the compression of column `public.docs.body`",
            "set the statistics target of column `public.docs.body`",
            "set the attribute options of column `public.docs.body`",
        ]
    );
    let options = diff(&old, &new)
        .into_iter()
        .find_map(|change| match change {
            Change::SetColumnOptions { to, .. } => Some(to),
            _ => None,
        });
    assert_eq!(
        options,
        Some([("n_distinct".to_string(), "-0.5".to_string())].into())
    );
    // A new type resets storage and compression: they are set again after it.
    let mut retyped = set();
    retyped.ty = SqlType::Varchar { length: None };
    assert_eq!(
        summary(&diff(&new, &schema(vec![docs(retyped)], vec![]))),
        [
            "change the type of column `public.docs.body` from `text` to `character varying`",
            "set the storage of column `public.docs.body`",
            "set the compression of column `public.docs.body`",
        ]
    );
}
