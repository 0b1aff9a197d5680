//! Diff and plan on generated schemas of growing size: a release's worth of changes
//! between two versions of an app (`changed`), and a whole schema created from nothing
//! (`create`). Run with `cargo bench -p schemata-postgres --bench plan`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use schema_core::Schema;
use schema_postgres::plan::{diff, PlanOptions};
use schemata_testkit::generate::{wide, wide_changed};
use std::hint::black_box;

fn plans(c: &mut Criterion) {
    let options = PlanOptions::default();
    let mut group = c.benchmark_group("diff_and_plan");
    group.sample_size(20);
    for tables in [10usize, 100, 1_000, 5_000] {
        let old = wide(tables);
        let new = wide_changed(tables);
        let empty = Schema::default();
        group.throughput(Throughput::Elements(tables as u64));
        group.bench_with_input(BenchmarkId::new("changed", tables), &tables, |b, _| {
            b.iter(|| diff(black_box(&old), black_box(&new), &options).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("create", tables), &tables, |b, _| {
            b.iter(|| diff(black_box(&empty), black_box(&old), &options).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("unchanged", tables), &tables, |b, _| {
            b.iter(|| diff(black_box(&old), black_box(&old), &options).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, plans);
criterion_main!(benches);
