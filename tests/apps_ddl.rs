//! The three ported apps' DDL, pinned: any change to what the library emits for them
//! shows up here. Each renders the same bytes twice, and survives a snapshot round trip.

use schemata_example_apps::{coaching, multi_tenant, photography, therapy};

use schemata::postgres::{to_sql, RenderOptions};
use schemata::snapshot;

#[test]
fn coaching_ddl() {
    insta::assert_snapshot!(to_sql(&coaching::schema(), &RenderOptions::default()));
}

#[test]
fn therapy_ddl() {
    insta::assert_snapshot!(to_sql(&therapy::schema(), &RenderOptions::default()));
}

#[test]
fn photography_ddl() {
    insta::assert_snapshot!(to_sql(&photography::schema(), &RenderOptions::default()));
}

/// The Citus example: its tables, then the distribution calls, then the foreign keys.
#[test]
fn multi_tenant_ddl() {
    insta::assert_snapshot!(to_sql(&multi_tenant::schema(), &RenderOptions::default()));
}

#[test]
fn the_apps_render_deterministically_and_survive_a_snapshot() {
    for schema in [
        coaching::schema(),
        therapy::schema(),
        photography::schema(),
        multi_tenant::schema(),
    ] {
        let options = RenderOptions { stand_ins: true };
        let sql = to_sql(&schema, &options);
        assert_eq!(sql, to_sql(&schema, &options));
        let copy = snapshot::from_json(&snapshot::to_json(&schema)).unwrap();
        assert_eq!(copy, schema);
        assert_eq!(to_sql(&copy, &options), sql);
    }
}
