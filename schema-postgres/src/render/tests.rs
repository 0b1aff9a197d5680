//! Snapshots of the DDL for every fixture, and the layout rules.

use super::*;
use schema_core::{
    Column, EnumDef, ExternalFunction, ExternalTable, QualifiedName, SqlType, TableDef,
};
use schemata_testkit::fixtures;

fn plain() -> RenderOptions {
    RenderOptions::default()
}

#[test]
fn every_fixture_matches_its_snapshot() {
    for case in fixtures::all() {
        insta::assert_snapshot!(case.name, to_sql(&case.schema, &plain()));
    }
}

#[test]
fn every_object_fixture_matches_its_snapshot() {
    for case in fixtures::objects::all() {
        insta::assert_snapshot!(case.name, to_sql(&case.schema, &plain()));
    }
}

#[test]
fn statements_name_their_objects() {
    let schema = fixtures::objects::case("triggers");
    let objects: Vec<String> = statements(&schema, &plain())
        .into_iter()
        .map(|s| format!("{}: {}", s.section, s.object))
        .collect();
    assert_eq!(
        objects,
        [
            "Tables: table `public.audit_log`",
            "Tables: table `public.documents`",
            "Functions: function `public.audit`",
            "Functions: function `public.count_added`",
            "Functions: function `public.index_document`",
            "Functions: function `public.insert_document_title`",
            "Functions: function `public.set_updated_at`",
            "Views: view `public.document_titles`",
            "Triggers: trigger `documents_added` on table `public.documents`",
            "Triggers: trigger `documents_audit` on table `public.documents`",
            "Triggers: trigger `documents_audit_bulk` on table `public.documents`",
            "Triggers: trigger `documents_checked` on table `public.documents`",
            "Triggers: trigger `documents_index` on table `public.documents`",
            "Triggers: trigger `documents_set_updated_at` on table `public.documents`",
            "Triggers: trigger `document_titles_insert` on view `public.document_titles`",
            "Comments: function `public.set_updated_at`",
        ]
    );
}

#[test]
fn stand_ins_come_first_when_asked_for() {
    let schema = fixtures::case("stand_ins");
    let options = RenderOptions { stand_ins: true };
    insta::assert_snapshot!("stand_ins_created", to_sql(&schema, &options));
}

#[test]
fn rendering_is_deterministic() {
    for case in fixtures::all().into_iter().chain(fixtures::objects::all()) {
        for options in [plain(), RenderOptions { stand_ins: true }] {
            let first = to_sql(&case.schema, &options);
            // A copy that went through serde, as a snapshot file would.
            let json = serde_json::to_string(&case.schema).unwrap();
            let copy: Schema = serde_json::from_str(&json).unwrap();
            assert_eq!(first, to_sql(&case.schema, &options), "{}", case.name);
            assert_eq!(first, to_sql(&copy, &options), "{}", case.name);
        }
    }
}

#[test]
fn render_writes_what_to_sql_returns() {
    let schema = fixtures::case("foreign_keys");
    let mut out = String::from("-- before\n");
    render(&schema, &plain(), &mut out).unwrap();
    assert_eq!(out, format!("-- before\n{}", to_sql(&schema, &plain())));
}

#[test]
fn every_statement_ends_with_a_semicolon_and_is_followed_by_a_blank_line() {
    let schema = fixtures::case("stand_ins");
    let sql = to_sql(&schema, &RenderOptions { stand_ins: true });
    assert!(sql.ends_with(";\n") && !sql.ends_with("\n\n"));
    for block in sql.split("\n\n") {
        assert!(
            block.starts_with("-- ") || block.ends_with(';') || block.ends_with(";\n"),
            "{block}"
        );
    }
}

#[test]
fn an_empty_schema_renders_nothing() {
    assert_eq!(to_sql(&fixtures::case("empty"), &plain()), "");
    assert_eq!(
        to_sql(&fixtures::case("empty"), &RenderOptions { stand_ins: true }),
        ""
    );
}

#[test]
fn empty_tables_and_enums_stay_on_one_line() {
    let mut sql = String::new();
    create_table(&TableDef::new(QualifiedName::parse("nothing")), &mut sql).unwrap();
    create_enum(&EnumDef::new(QualifiedName::parse("none"), &[]), &mut sql).unwrap();
    create_stand_in_table(&ExternalTable::new("auth.empty"), &mut sql).unwrap();
    assert_eq!(
        sql,
        "CREATE TABLE public.nothing ();\nCREATE TYPE public.\"none\" AS ENUM ();\nCREATE TABLE IF NOT EXISTS auth.empty ();\n"
    );
}

#[test]
fn comments_can_be_removed() {
    let table = QualifiedName::parse("app.users");
    let mut sql = String::new();
    comment_on_table(&table, None, &mut sql).unwrap();
    comment_on_column(&table, "Name", None, &mut sql).unwrap();
    comment_on_type(&table, Some("it's"), &mut sql).unwrap();
    assert_eq!(
        sql,
        "COMMENT ON TABLE app.users IS NULL;\nCOMMENT ON COLUMN app.users.\"Name\" IS NULL;\nCOMMENT ON TYPE app.users IS 'it''s';\n"
    );
}

#[test]
fn a_column_definition_serves_add_column() {
    let mut column = Column::new("order", SqlType::Varchar { length: Some(3) }, false);
    column.default = Some(schema_core::DefaultValue::Literal(
        schema_core::Literal::Text("a'b".into()),
    ));
    let mut sql = String::new();
    column_definition(&column, &mut sql).unwrap();
    assert_eq!(
        sql,
        "\"order\" character varying(3) NOT NULL DEFAULT 'a''b'"
    );
}

#[test]
fn a_stand_in_function_without_a_body_returns_null() {
    let function = ExternalFunction::new("auth.role", SqlType::Text).argument(SqlType::Integer);
    let mut sql = String::new();
    create_stand_in_function(&function, &mut sql).unwrap();
    assert_eq!(
        sql,
        "CREATE OR REPLACE FUNCTION auth.role(integer) RETURNS text\n    LANGUAGE sql STABLE\n    AS $$select null::text$$;\n"
    );
}

/// pgvector's form (not packaged on the CI machine, so rendered rather than applied): a
/// type the library does not know, `vector(1536)`, and an access method it does not know,
/// `hnsw`, with the extension's operator class. `citext`, `ltree`, `hstore`, `cube` and
/// `bloom`, which contrib ships, converge on a real Postgres in `tests/convergence.rs`.
#[test]
fn extension_types_and_access_methods_render_as_written() {
    use schema_core::{Extension, Index, IndexKey, IndexMethod};
    let notes = TableDef::new(QualifiedName::parse("notes"))
        .with_column(Column::new("id", SqlType::BigInt, false))
        .with_column(Column::new(
            "embedding",
            SqlType::Custom("vector(1536)".into()),
            true,
        ))
        .with_primary_key(None, &["id"])
        .with_index(
            None,
            Index {
                comment: Default::default(),
                name: String::new(),
                unique: false,
                nulls_not_distinct: false,
                method: IndexMethod::named("hnsw"),
                keys: vec![IndexKey {
                    opclass: Some("vector_cosine_ops".into()),
                    ..IndexKey::column("embedding")
                }],
                include: Vec::new(),
                predicate: None,
            },
        );
    let schema = schema_core::Schema::builder()
        .add_extension(Extension::new("vector"))
        .add_table(notes)
        .build()
        .unwrap();
    insta::assert_snapshot!("pgvector", to_sql(&schema, &plain()));
}
