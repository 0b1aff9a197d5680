//! Postgres's own names for constraints and indexes created without one.
//!
//! Postgres builds them as `{table}_{columns}_{suffix}` (`ChooseConstraintName` and
//! `ChooseRelationName` in its source) and, when that exceeds 63 bytes, truncates parts
//! of it. We produce the same name untruncated: schema validation rejects one that is too
//! long and asks for an explicit name, so a name never changes behind the user's back.

use crate::{IndexKey, IndexTarget};

/// `{table}_pkey`
pub fn primary_key(table: &str) -> String {
    format!("{table}_pkey")
}

/// `{table}_{col1}_{col2}_key`
pub fn unique(table: &str, columns: &[&str]) -> String {
    format!("{table}_{}_key", columns.join("_"))
}

/// `{table}_{column}_check`, or `{table}_check` for a table-level check.
pub fn check(table: &str, column: Option<&str>) -> String {
    match column {
        Some(column) => format!("{table}_{column}_check"),
        None => format!("{table}_check"),
    }
}

/// `{table}_{col1}_{col2}_fkey`
pub fn foreign_key(table: &str, columns: &[&str]) -> String {
    format!("{table}_{}_fkey", columns.join("_"))
}

/// `{table}_{keys}_idx`, where an expression key is called `expr`.
pub fn index(table: &str, keys: &[IndexKey]) -> String {
    let parts: Vec<&str> = keys
        .iter()
        .map(|key| match &key.target {
            IndexTarget::Column(column) => column.as_str(),
            IndexTarget::Expression(_) => "expr",
        })
        .collect();
    format!("{table}_{}_idx", parts.join("_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_postgres() {
        assert_eq!(primary_key("users"), "users_pkey");
        assert_eq!(
            unique("users", &["org_id", "email"]),
            "users_org_id_email_key"
        );
        assert_eq!(check("users", Some("age")), "users_age_check");
        assert_eq!(
            foreign_key("sessions", &["coach_id"]),
            "sessions_coach_id_fkey"
        );
        assert_eq!(
            index(
                "users",
                &[
                    IndexKey::column("org_id"),
                    IndexKey::expression("lower(email)")
                ]
            ),
            "users_org_id_expr_idx"
        );
    }
}
