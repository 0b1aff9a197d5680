//! Pairs that change indexes.

use super::{base, col, id_table, index, keys, opt};
use schema_core::{IndexKey, IndexMethod, SchemaBuilder, TableDef};

pub(super) fn indexes() -> (SchemaBuilder, SchemaBuilder) {
    let mut partial = index(keys(&["created_at"]));
    partial.predicate = Some("(deleted_at IS NULL)".into());
    let mut descending = IndexKey::column("created_at");
    descending.descending = true;
    let mut gin = index(vec![IndexKey::column("tags")]);
    gin.method = IndexMethod::Gin;
    let mut unique = index(keys(&["slug"]));
    unique.unique = true;
    let mut include = index(keys(&["author"]));
    include.include = vec!["title".into()];
    let columns = |t: TableDef| {
        t.with_column(col("slug", "text"))
            .with_column(col("author", "text"))
            .with_column(opt("title", "text"))
            .with_column(col("created_at", "timestamptz"))
            .with_column(opt("deleted_at", "timestamptz"))
            .with_column(opt("tags", "text[]"))
    };
    (
        base().add_table(
            columns(id_table("posts"))
                .with_index(Some("posts_recent"), index(keys(&["created_at"])))
                .with_index(None, index(keys(&["author"])))
                .with_index(None, index(keys(&["title"]))),
        ),
        base().add_table(
            columns(id_table("posts"))
                .with_index(Some("posts_recent"), partial)
                .with_index(Some("posts_newest_first"), index(vec![descending]))
                .with_index(None, gin)
                .with_index(None, unique)
                .with_index(Some("posts_author_idx"), include)
                .with_index(
                    Some("posts_lower_title"),
                    index(vec![IndexKey::expression("lower(title)")]),
                ),
        ),
    )
}
