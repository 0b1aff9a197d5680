//! The multi-tenant variant of the demo, for a Citus cluster: every organization is a
//! tenant, each tenant's rows are sharded by `org_id` and colocated (so a tenant's users,
//! sessions and notes live on one node and join there), and small lookup tables are
//! reference tables copied to every node. Used by `cargo run --example multi-tenant` and
//! `tests/citus.rs`.

pub mod queries;
pub mod tables;

use schemata::Schema;
use tables::*;

/// The multi-tenant app's whole schema.
pub fn schema() -> Schema {
    Schema::builder()
        .enum_type::<SessionStatus>()
        .table::<Plan>()
        .table::<Country>()
        .table::<Organization>()
        .table::<Member>()
        .table::<Session>()
        .table::<SessionNote>()
        .table::<AuditEvent>()
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}
