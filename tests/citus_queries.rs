//! The multi-tenant example on the Citus cluster `.ci/run` starts: its DDL applies (the
//! tables distributed and colocated, the lookups copied to every node), and its typed
//! queries, each filtered by the tenant, return that tenant's rows only.

mod common;

use common::TestDb;
use schemata::postgres::{to_sql, RenderOptions};
use schemata_example_apps::multi_tenant::{self, queries, tables::SessionStatus};

#[test]
fn the_multi_tenant_example_runs_on_the_cluster() {
    let mut db = TestDb::fresh_citus();
    let sql = to_sql(&multi_tenant::schema(), &RenderOptions::default());
    // One statement at a time, as Citus needs.
    for statement in schemata::sql::split_statements(&sql) {
        db.execute_script(statement);
    }
    let placed: Vec<(String, String, i64)> = db
        .client
        .query(
            "SELECT d.logicalrelid::text, d.partmethod::text, count(DISTINCT p.nodeport)
             FROM pg_dist_partition d
             JOIN pg_dist_shard s USING (logicalrelid)
             JOIN pg_dist_shard_placement p USING (shardid)
             GROUP BY 1, 2 ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    let names: Vec<&str> = placed.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "audit_events",
            "countries",
            "members",
            "organizations",
            "plans",
            "session_notes",
            "sessions"
        ]
    );
    for (table, method, nodes) in &placed {
        // Distributed tables spread over both workers; reference tables are on every
        // node, the coordinator too.
        let expected = if method == "h" { 2 } else { 3 };
        assert_eq!(
            *nodes, expected,
            "table {table} ({method}) is on {nodes} node(s)"
        );
    }

    let outcome = queries::run(&mut db.client).unwrap();
    let titles: Vec<&str> = outcome.upcoming.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Acme session 1", "Acme session 2"]);
    assert!(outcome.upcoming.iter().all(|s| s.org_id == queries::ACME));
    assert_eq!(
        outcome.with_coach,
        [
            ("Acme session 1".to_string(), "Acme Coach".to_string()),
            ("Acme session 2".to_string(), "Acme Coach".to_string()),
        ]
    );
    assert_eq!(outcome.cancelled, 1);
    // The other tenant's rows are untouched by the first tenant's update and delete.
    assert_eq!(outcome.other_tenant.len(), 3);
    assert!(outcome
        .other_tenant
        .iter()
        .all(|s| s.org_id == queries::GLOBEX && s.status == SessionStatus::Scheduled));
}
