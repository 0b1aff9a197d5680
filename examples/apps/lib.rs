//! The apps the examples print and the tests run: the demo (a coaching platform on
//! Supabase, 14 tables) and the three apps ported from `shared/seeds/` (coaching, which
//! extends the demo, photography and therapy). A crate of their own so that every example,
//! test and bench uses the same code without `#[path]`.

pub mod coaching;
pub mod demo;
pub mod multi_tenant;
pub mod photography;
pub mod therapy;
