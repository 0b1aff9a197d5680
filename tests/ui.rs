//! Compile-fail cases for the derives: one misuse per file under `tests/ui/<kind>/`, with
//! the expected compiler output beside it. After changing a message, regenerate with
//! `TRYBUILD=overwrite cargo test --test ui` and read every changed `.stderr`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*/*.rs");
}
