//! The filter every catalog query of objects that can belong to an extension applies.

/// Leaves out objects that belong to an extension.
const NOT_EXTENSION_MEMBER: &str = "NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = '{class}'::pg_catalog.regclass AND d.objid = {oid} AND d.deptype = 'e')";

pub(crate) fn not_member(class: &str, oid: &str) -> String {
    NOT_EXTENSION_MEMBER
        .replace("{class}", class)
        .replace("{oid}", oid)
}
