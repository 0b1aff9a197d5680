//! What a SQL expression mentions, without parsing it: the identifiers `crate::sql` reads
//! from its tokens. The identifiers an expression contains are a superset of what it refers
//! to, and a false positive only costs an extra drop and create, never a wrong order.

pub(crate) use crate::sql::identifiers;
