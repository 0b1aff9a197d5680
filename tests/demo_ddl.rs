//! The demo app's DDL, pinned: any change to what the library emits shows up here.

use schemata_example_apps::demo;

use schemata::postgres::{to_sql, RenderOptions};

#[test]
fn demo_ddl() {
    insta::assert_snapshot!(to_sql(&demo::schema(), &RenderOptions::default()));
}

#[test]
fn demo_ddl_with_stand_ins_is_deterministic() {
    let options = RenderOptions { stand_ins: true };
    let first = to_sql(&demo::schema(), &options);
    assert_eq!(first, to_sql(&demo::schema(), &options));
    assert!(first.starts_with("-- Stand-ins"));
}
